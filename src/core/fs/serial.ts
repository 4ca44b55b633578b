/**
 * Write scheduling for stores that persist their whole state: writes never overlap, and a burst
 * of changes collapses into one write of the latest state instead of one write per change.
 */
export type ScheduleWrite = () => Promise<void>;

/**
 * `write` must read the state when it runs (not when scheduled). The promise a caller gets
 * settles once a write that started after its call has finished, so it covers the caller's change.
 */
export function createCoalescingWriter(write: () => Promise<void>): ScheduleWrite {
  let tail: Promise<void> = Promise.resolve();
  let waiting: Promise<void> | null = null;
  return () => {
    if (waiting) return waiting;
    const run = tail
      .catch(() => undefined)
      .then(() => {
        waiting = null;
        return write();
      });
    waiting = run;
    tail = run;
    return run;
  };
}

/** Runs tasks one after another in call order; a failed task does not stop the ones behind it. */
export function createSerialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>) => {
    const run = tail.catch(() => undefined).then(task);
    tail = run;
    return run;
  };
}
