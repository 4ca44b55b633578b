import type { SimClock, SimTimer } from './kernel';

/** Wall-clock time and Node timers: what `npm run sim` and the demo org use. */
export function createRealClock(): SimClock {
  const handles = new Map<number, NodeJS.Timeout>();
  let nextId = 1;
  return {
    now: () => Date.now(),
    setTimeout(fn, ms) {
      const id = nextId++;
      handles.set(
        id,
        setTimeout(() => {
          handles.delete(id);
          fn();
        }, Math.max(0, ms)),
      );
      return { id };
    },
    clearTimeout(timer) {
      const handle = handles.get(timer.id);
      if (handle) clearTimeout(handle);
      handles.delete(timer.id);
    },
  };
}

export interface ManualClock extends SimClock {
  /** Moves time forward, firing every timer that falls due, in due order (ties in creation order). */
  advance(ms: number): void;
  /** Fires timers until none is left or `limitMs` of simulated time has passed. */
  runAll(limitMs?: number): void;
  pendingTimers(): number;
}

/** A clock that only moves when told to: tests step a call's lifecycle without waiting. */
export function createManualClock(startAt = Date.parse('2026-01-05T09:00:00.000Z')): ManualClock {
  interface Pending {
    id: number;
    dueAt: number;
    fn: () => void;
  }
  let now = startAt;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const nextDue = (): Pending | undefined => {
    let best: Pending | undefined;
    for (const timer of pending.values()) {
      if (!best || timer.dueAt < best.dueAt || (timer.dueAt === best.dueAt && timer.id < best.id)) best = timer;
    }
    return best;
  };

  const advanceTo = (target: number): void => {
    for (;;) {
      const due = nextDue();
      if (!due || due.dueAt > target) break;
      pending.delete(due.id);
      now = Math.max(now, due.dueAt);
      due.fn();
    }
    now = Math.max(now, target);
  };

  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      pending.set(id, { id, dueAt: now + Math.max(0, ms), fn });
      return { id };
    },
    clearTimeout(timer: SimTimer) {
      pending.delete(timer.id);
    },
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`advance(ms) needs a non-negative number, got ${ms}`);
      advanceTo(now + ms);
    },
    runAll(limitMs = 24 * 60 * 60 * 1000) {
      const limit = now + limitMs;
      for (;;) {
        const due = nextDue();
        if (!due || due.dueAt > limit) break;
        advanceTo(due.dueAt);
      }
    },
    pendingTimers: () => pending.size,
  };
}

/**
 * Real timers, but the org's time runs `factor` times faster than the wall clock, so a benchmark
 * can watch ten simulated minutes in a few real seconds.
 */
export function createScaledClock(factor: number, startAt = Date.now()): SimClock {
  if (!(factor > 0) || !Number.isFinite(factor)) {
    throw new RangeError(`createScaledClock(factor) needs a positive finite number, got ${factor}`);
  }
  const realStart = Date.now();
  const real = createRealClock();
  return {
    now: () => startAt + (Date.now() - realStart) * factor,
    setTimeout: (fn, ms) => real.setTimeout(fn, ms / factor),
    clearTimeout: (timer) => real.clearTimeout(timer),
  };
}
