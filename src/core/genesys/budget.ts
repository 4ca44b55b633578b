/**
 * The request budget: every Genesys request of a session starts here. Genesys limits each token
 * to about 300 requests a minute and answers 429 with Retry-After past that; the SDK never retries.
 * So we count starts in a sliding minute, keep normal and background work below a headroom share
 * of the limit (urgent work — dial, hang-up — may use the rest, so it never waits behind a
 * presence refill), start queued work by priority, and hold everything while a Retry-After runs.
 */
import type { BudgetState } from '../../shared/domain';
import type { Clock } from '../clock';

export type RequestPriority = 'urgent' | 'normal' | 'background';

export interface RequestBudget {
  schedule<T>(priority: RequestPriority, run: () => Promise<T>): Promise<T>;
  noteRetryAfter(seconds: number): void;
  state(): BudgetState;
  /** Fires when what the UI shows changes: the queue length or the throttling notice (not on every start). */
  onChange(cb: (s: BudgetState) => void): () => void;
}

export interface ManagedRequestBudget extends RequestBudget {
  /** Genesys counts per token: a new token starts an empty window. A Retry-After in force still holds. */
  tokenChanged(): void;
  /** Rejects everything still queued with `reason` and refuses new work (the session ended). */
  close(reason: Error): void;
}

export interface BudgetOptions {
  clock: Clock;
  /** Requests per minute per token that Genesys allows (platform.api token.rate.per.minute). */
  limitPerMinute?: number;
  /** Share of the limit normal and background work may use; the rest is kept for urgent work. */
  headroom?: number;
  windowMs?: number;
}

export const DEFAULT_LIMIT_PER_MINUTE = 300;
export const DEFAULT_HEADROOM = 0.8;

const PRIORITIES: readonly RequestPriority[] = ['urgent', 'normal', 'background'];
const DELAYED_WORK: Record<RequestPriority, string> = { urgent: 'calls', normal: 'requests', background: 'presence updates' };

interface Queued {
  run: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export function createRequestBudget(options: BudgetOptions): ManagedRequestBudget {
  const { clock } = options;
  const limit = options.limitPerMinute ?? DEFAULT_LIMIT_PER_MINUTE;
  const headroom = options.headroom ?? DEFAULT_HEADROOM;
  const windowMs = options.windowMs ?? 60_000;
  if (!(Number.isInteger(limit) && limit > 0)) throw new RangeError(`limitPerMinute must be a positive integer, got ${limit}`);
  if (!(headroom > 0 && headroom <= 1)) throw new RangeError(`headroom must be a share in (0, 1], got ${headroom}`);

  const capFor = (priority: RequestPriority): number => (priority === 'urgent' ? limit : Math.max(1, Math.floor(limit * headroom)));
  const queues: Record<RequestPriority, Queued[]> = { urgent: [], normal: [], background: [] };
  /** Start times within the current window, oldest first. */
  let starts: number[] = [];
  let holdUntil = 0;
  let timer: { handle: unknown; at: number } | null = null;
  let closedWith: Error | null = null;
  const listeners = new Set<(s: BudgetState) => void>();

  const prune = (now: number): void => {
    const cutoff = now - windowMs;
    let drop = 0;
    while (drop < starts.length && (starts[drop] ?? 0) <= cutoff) drop += 1;
    if (drop > 0) starts = starts.slice(drop);
  };

  const queuedCount = (): number => queues.urgent.length + queues.normal.length + queues.background.length;
  const firstWaiting = (): RequestPriority | undefined => PRIORITIES.find((p) => queues[p].length > 0);

  /** When the first waiting item could start, if it cannot start now. */
  const nextSlotAt = (now: number): number | undefined => {
    if (holdUntil > now) return holdUntil;
    const waiting = firstWaiting();
    if (!waiting) return undefined;
    const cap = capFor(waiting);
    if (starts.length < cap) return undefined;
    return (starts[starts.length - cap] ?? now) + windowMs;
  };

  const state = (): BudgetState => {
    const now = clock.now();
    prune(now);
    const base: BudgetState = { limitPerMinute: limit, usedLastMinute: starts.length, queued: queuedCount() };
    const until = nextSlotAt(now);
    if (until === undefined) return base;
    const seconds = Math.max(1, Math.ceil((until - now) / 1000));
    const waiting = firstWaiting();
    const message =
      holdUntil > now
        ? waiting
          ? `Genesys is rate-limiting us; ${DELAYED_WORK[waiting]} delayed ${seconds} s`
          : `Genesys is rate-limiting us; requests paused for ${seconds} s`
        : `Close to the Genesys request limit (${starts.length} of ${limit} a minute); ${DELAYED_WORK[waiting ?? 'background']} delayed ${seconds} s`;
    return { ...base, throttled: { until, message } };
  };

  // The seconds in the message count down by themselves; only a new queue length, deadline or cause is news.
  const shownKey = (s: BudgetState): string => `${s.queued}|${s.throttled?.until ?? ''}|${s.throttled?.message.split(';')[0] ?? ''}`;
  let lastShown = shownKey({ limitPerMinute: limit, usedLastMinute: 0, queued: 0 });

  const notify = (): void => {
    const current = state();
    const shown = shownKey(current);
    if (shown === lastShown) return;
    lastShown = shown;
    for (const listener of listeners) listener(current);
  };

  const arm = (at: number): void => {
    if (timer && timer.at <= at) return;
    if (timer) clock.clearTimeout(timer.handle);
    const handle = clock.setTimeout(
      () => {
        timer = null;
        pump();
      },
      Math.max(0, at - clock.now()),
    );
    timer = { handle, at };
  };

  const start = (item: Queued, now: number): void => {
    starts.push(now);
    let running: Promise<unknown>;
    try {
      running = item.run();
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(item.resolve, item.reject);
  };

  function pump(): void {
    if (closedWith) return;
    const now = clock.now();
    prune(now);
    for (;;) {
      const waiting = firstWaiting();
      if (!waiting) break;
      const at = nextSlotAt(now);
      if (at !== undefined) {
        arm(at);
        break;
      }
      const item = queues[waiting].shift();
      if (item) start(item, now);
    }
    notify();
  }

  return {
    schedule<T>(priority: RequestPriority, run: () => Promise<T>): Promise<T> {
      if (closedWith) return Promise.reject(closedWith);
      return new Promise<T>((resolve, reject) => {
        queues[priority].push({ run, resolve: resolve as (value: unknown) => void, reject });
        pump();
      });
    },
    noteRetryAfter(seconds) {
      if (!(seconds > 0) || !Number.isFinite(seconds)) return;
      holdUntil = Math.max(holdUntil, clock.now() + seconds * 1000);
      arm(holdUntil);
      notify();
    },
    state,
    onChange(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    tokenChanged() {
      starts = [];
      pump();
    },
    close(reason) {
      if (closedWith) return;
      closedWith = reason;
      if (timer) clock.clearTimeout(timer.handle);
      timer = null;
      for (const priority of PRIORITIES) for (const item of queues[priority].splice(0)) item.reject(reason);
      notify();
    },
  };
}
