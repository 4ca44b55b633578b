import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../sim/clock';
import type { BudgetState } from '../../shared/domain';
import { createRequestBudget, type RequestPriority } from './budget';

function setup(options: { limitPerMinute?: number; headroom?: number } = {}) {
  const clock = createManualClock(0);
  const budget = createRequestBudget({ clock, ...options });
  const started: string[] = [];
  const submit = (priority: RequestPriority, label: string): Promise<string> =>
    budget.schedule(priority, async () => {
      started.push(label);
      return label;
    });
  return { clock, budget, started, submit };
}

describe('request budget', () => {
  it('keeps normal and background work below the headroom and lets urgent work use the rest', () => {
    const { budget, started, submit } = setup();
    for (let i = 0; i < 250; i++) void submit('normal', `n${i}`);
    expect(started).toHaveLength(240); // 80% of 300
    expect(budget.state()).toMatchObject({ limitPerMinute: 300, usedLastMinute: 240, queued: 10 });
    for (let i = 0; i < 70; i++) void submit('urgent', `u${i}`);
    expect(started).toHaveLength(300); // urgent fills the reserved 20%, never beyond the limit
    expect(budget.state().queued).toBe(20);
  });

  it('starts queued work urgent first, then normal, then background, in arrival order within each', () => {
    const { clock, started, submit } = setup({ limitPerMinute: 10, headroom: 0.5 });
    for (let i = 0; i < 5; i++) void submit('background', `fill${i}`);
    void submit('background', 'b1');
    void submit('normal', 'n1');
    void submit('background', 'b2');
    void submit('urgent', 'u1');
    void submit('normal', 'n2');
    void submit('urgent', 'u2');
    expect(started).toEqual(['fill0', 'fill1', 'fill2', 'fill3', 'fill4', 'u1', 'u2']);
    clock.advance(60_000); // the window empties: everything waiting starts, in priority order
    expect(started.slice(7)).toEqual(['n1', 'n2', 'b1', 'b2']);
  });

  it('frees slots as a sliding window, not a fixed minute', () => {
    const { clock, started, submit } = setup({ limitPerMinute: 10, headroom: 0.8 });
    for (let i = 0; i < 5; i++) void submit('normal', `a${i}`);
    clock.advance(30_000);
    for (let i = 0; i < 5; i++) void submit('normal', `b${i}`);
    expect(started).toHaveLength(8);
    clock.advance(29_999);
    expect(started).toHaveLength(8);
    clock.advance(1); // the five from t=0 leave the window at t=60 s
    expect(started).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'b1', 'b2', 'b3', 'b4']);
  });

  it('holds everything, urgent included, while a Retry-After is in force, and says so', async () => {
    const { clock, budget, started, submit } = setup();
    budget.noteRetryAfter(12);
    const placed = submit('urgent', 'dial');
    void submit('background', 'presence');
    expect(started).toEqual([]);
    expect(budget.state().throttled).toEqual({ until: 12_000, message: 'Genesys is rate-limiting us; calls delayed 12 s' });
    clock.advance(11_999);
    expect(started).toEqual([]);
    clock.advance(1);
    expect(started).toEqual(['dial', 'presence']);
    await expect(placed).resolves.toBe('dial');
    expect(budget.state().throttled).toBeUndefined();
  });

  it('words the notice by the most important work waiting', () => {
    const { budget, submit } = setup();
    budget.noteRetryAfter(30);
    expect(budget.state().throttled?.message).toBe('Genesys is rate-limiting us; requests paused for 30 s');
    void submit('background', 'presence');
    expect(budget.state().throttled?.message).toBe('Genesys is rate-limiting us; presence updates delayed 30 s');
    budget.noteRetryAfter(5); // a shorter Retry-After never shortens the hold in force
    expect(budget.state().throttled?.until).toBe(30_000);
  });

  it('tells listeners when the queue or the notice changes, not on every request', () => {
    const { clock, budget, submit } = setup({ limitPerMinute: 10, headroom: 0.5 });
    const seen: BudgetState[] = [];
    budget.onChange((s) => seen.push(s));
    for (let i = 0; i < 5; i++) void submit('normal', `n${i}`);
    expect(seen).toHaveLength(0);
    void submit('normal', 'waits');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ queued: 1, throttled: { until: 60_000 } });
    clock.advance(60_000);
    expect(seen).toHaveLength(2);
    expect(seen[1]).toMatchObject({ queued: 0 });
    expect(seen[1]?.throttled).toBeUndefined();
  });

  it('passes results and failures through, including a run that throws synchronously', async () => {
    const { budget } = setup();
    await expect(budget.schedule('normal', async () => 42)).resolves.toBe(42);
    await expect(budget.schedule('normal', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(
      budget.schedule('normal', () => {
        throw new Error('sync boom');
      }),
    ).rejects.toThrow('sync boom');
  });

  it('starts a fresh window for a new token but keeps a Retry-After', () => {
    const { budget, started, submit } = setup({ limitPerMinute: 10, headroom: 0.5 });
    for (let i = 0; i < 6; i++) void submit('normal', `n${i}`);
    expect(started).toHaveLength(5);
    budget.tokenChanged();
    expect(started).toHaveLength(6);
    budget.noteRetryAfter(3);
    budget.tokenChanged();
    void submit('normal', 'held');
    expect(started).toHaveLength(6);
  });

  it('rejects queued and new work once closed', async () => {
    const { budget, submit } = setup();
    budget.noteRetryAfter(60);
    const waiting = submit('normal', 'never');
    budget.close(new Error('signed out'));
    await expect(waiting).rejects.toThrow('signed out');
    await expect(submit('urgent', 'late')).rejects.toThrow('signed out');
    expect(budget.state().queued).toBe(0);
  });

  it('refuses nonsense limits', () => {
    const clock = createManualClock(0);
    expect(() => createRequestBudget({ clock, limitPerMinute: 0 })).toThrow(RangeError);
    expect(() => createRequestBudget({ clock, headroom: 1.5 })).toThrow(RangeError);
  });
});
