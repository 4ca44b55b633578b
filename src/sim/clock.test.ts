import { describe, expect, it } from 'vitest';
import { createManualClock, createScaledClock } from './clock';

describe('manual clock', () => {
  it('fires due timers in due order, ties in creation order, including timers set while advancing', () => {
    const clock = createManualClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@20'), 20);
    clock.setTimeout(() => {
      fired.push('a@10');
      clock.setTimeout(() => fired.push('c@15'), 5);
    }, 10);
    clock.setTimeout(() => fired.push('d@20'), 20);
    const cancelled = clock.setTimeout(() => fired.push('never'), 5);
    clock.clearTimeout(cancelled);
    clock.advance(19);
    expect(fired).toEqual(['a@10', 'c@15']);
    expect(clock.now()).toBe(1019);
    clock.advance(1);
    expect(fired).toEqual(['a@10', 'c@15', 'b@20', 'd@20']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('sees the due time from inside a timer and runs everything with runAll', () => {
    const clock = createManualClock(0);
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 30_000);
    clock.setTimeout(() => seen.push(clock.now()), 1_000);
    clock.runAll();
    expect(seen).toEqual([1_000, 30_000]);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});

describe('scaled clock', () => {
  it('rejects a factor that is not positive', () => {
    expect(() => createScaledClock(0)).toThrow(/positive finite/);
  });

  it('runs org time faster than wall time', async () => {
    const clock = createScaledClock(100, 0);
    const fired = await new Promise<number>((resolve) => clock.setTimeout(() => resolve(clock.now()), 5_000));
    expect(fired).toBeGreaterThanOrEqual(5_000);
  });
});
