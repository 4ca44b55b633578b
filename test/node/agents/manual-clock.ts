/** A Clock that only moves when a test says so, for pacing and batching without sleeps. */
import type { Clock } from '../../../src/core/clock';

export interface ManualClock extends Clock {
  /** Moves time forward, firing due timers in order (timers they set are fired too if due). */
  advance(ms: number): Promise<void>;
  pending(): number;
}

export function createManualClock(start = 1_750_000_000_000): ManualClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const settle = async (): Promise<void> => {
    // Lets promise callbacks (a resolved request, a `then` that schedules the next timer) run.
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (;;) {
        let dueId: number | undefined;
        let dueAt = Infinity;
        for (const [id, timer] of timers) if (timer.at <= target && timer.at < dueAt) [dueId, dueAt] = [id, timer.at];
        if (dueId === undefined) break;
        const timer = timers.get(dueId);
        timers.delete(dueId);
        now = dueAt;
        timer?.fn();
        await settle();
      }
      now = target;
    },
    pending: () => timers.size,
  };
}
