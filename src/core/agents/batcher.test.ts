import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../test/node/agents/manual-clock';
import { createBatcher } from './batcher';

describe('createBatcher', () => {
  it('sends one batch per window holding only the latest state per id', async () => {
    const clock = createManualClock();
    const sent: Array<Array<{ id: string; v: number }>> = [];
    const batcher = createBatcher<{ id: string; v: number }>({ clock, windowMs: 50, send: (items) => sent.push(items) });
    for (let v = 0; v < 100; v++) batcher.add({ id: `a${v % 3}`, v });
    expect(sent).toHaveLength(0);
    await clock.advance(49);
    expect(sent).toHaveLength(0);
    await clock.advance(1);
    expect(sent).toHaveLength(1);
    expect([...(sent[0] ?? [])].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'a0', v: 99 },
      { id: 'a1', v: 97 },
      { id: 'a2', v: 98 },
    ]);
    batcher.add({ id: 'a0', v: 100 });
    batcher.flush();
    expect(sent[1]).toEqual([{ id: 'a0', v: 100 }]);
    expect(clock.pending()).toBe(0);
  });

  it('drops what is pending when cancelled', async () => {
    const clock = createManualClock();
    const sent: unknown[] = [];
    const batcher = createBatcher<{ id: string }>({ clock, send: (items) => sent.push(items) });
    batcher.add({ id: 'x' });
    batcher.cancel();
    await clock.advance(1_000);
    expect(sent).toEqual([]);
  });
});
