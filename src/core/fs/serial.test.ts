import { describe, expect, it } from 'vitest';
import { createCoalescingWriter, createSerialQueue } from './serial';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createCoalescingWriter', () => {
  it('never overlaps writes and collapses a burst into one write of the latest state', async () => {
    let state = 0;
    let active = 0;
    const written: number[] = [];
    const gates: ReturnType<typeof deferred>[] = [];
    const schedule = createCoalescingWriter(async () => {
      active++;
      expect(active).toBe(1);
      const snapshot = state;
      const gate = deferred();
      gates.push(gate);
      await gate.promise;
      written.push(snapshot);
      active--;
    });

    state = 1;
    const first = schedule();
    await expect.poll(() => gates.length, { timeout: 1000 }).toBe(1);
    state = 2;
    const second = schedule();
    state = 3;
    const third = schedule();
    expect(third).toBe(second);

    gates[0]!.resolve();
    await first;
    await expect.poll(() => gates.length, { timeout: 1000 }).toBe(2);
    gates[1]!.resolve();
    await second;
    expect(written).toEqual([1, 3]);
  });

  it('keeps writing after a failed write', async () => {
    let fail = true;
    const schedule = createCoalescingWriter(async () => {
      if (fail) throw new Error('disk full');
    });
    await expect(schedule()).rejects.toThrow('disk full');
    fail = false;
    await expect(schedule()).resolves.toBeUndefined();
  });
});

describe('createSerialQueue', () => {
  it('runs tasks in call order, one at a time, past failures', async () => {
    const enqueue = createSerialQueue();
    const order: string[] = [];
    const gate = deferred();
    const a = enqueue(async () => {
      await gate.promise;
      order.push('a');
    });
    const b = enqueue(async () => {
      order.push('b');
      throw new Error('b failed');
    });
    const c = enqueue(async () => {
      order.push('c');
      return 'c done';
    });
    gate.resolve();
    await a;
    await expect(b).rejects.toThrow('b failed');
    expect(await c).toBe('c done');
    expect(order).toEqual(['a', 'b', 'c']);
  });
});
