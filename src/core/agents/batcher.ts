/**
 * Coalesces presence changes into one push per window, so a storm (a queue of 500 agents
 * going on queue at shift start) reaches the renderer as a handful of IPC messages, each
 * holding only the latest state per agent.
 */
import type { Clock } from '../clock';

export const PRESENCE_PUSH_WINDOW_MS = 50;

export interface Batcher<T extends { id: string }> {
  add(item: T): void;
  /** Sends what is pending now (used before a whole-directory publish, which supersedes it). */
  flush(): void;
  cancel(): void;
}

export function createBatcher<T extends { id: string }>(deps: { clock: Clock; windowMs?: number; send(items: T[]): void }): Batcher<T> {
  const windowMs = deps.windowMs ?? PRESENCE_PUSH_WINDOW_MS;
  let pending = new Map<string, T>();
  let timer: unknown = null;

  const flush = (): void => {
    if (timer !== null) deps.clock.clearTimeout(timer);
    timer = null;
    if (pending.size === 0) return;
    const items = [...pending.values()];
    pending = new Map();
    deps.send(items);
  };

  return {
    add(item) {
      // Re-inserting moves the id to the end, but order within a window carries no meaning.
      pending.set(item.id, item);
      if (timer === null) timer = deps.clock.setTimeout(flush, windowMs);
    },
    flush,
    cancel() {
      if (timer !== null) deps.clock.clearTimeout(timer);
      timer = null;
      pending = new Map();
    },
  };
}
