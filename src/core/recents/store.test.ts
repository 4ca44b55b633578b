import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecentCall } from '../../shared/domain';
import { createMemoryLogger } from '../logging/logger';
import { killBeforeRename } from '../fs/fixtures/kill-before-rename';
import { createRecentsStore, DEFAULT_RECENTS_CAP, INTERRUPTED_DETAIL, RECENTS_SCHEMA_VERSION } from './store';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'recents-'));
  file = path.join(dir, 'recents.json');
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fs.rm(dir, { recursive: true, force: true });
});

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

function call(n: number, overrides: Partial<RecentCall> = {}): RecentCall {
  return {
    id: `call-${n}`,
    e164: `+4420794600${String(n % 100).padStart(2, '0')}`,
    displayNumber: `+44 20 7946 00${String(n % 100).padStart(2, '0')}`,
    agent: { id: 'agent-ada', name: 'Ada Lovelace' },
    source: 'dialpad',
    requestedAt: T0 + n * 1000,
    outcome: 'inProgress',
    ...overrides,
  };
}

const make = (cap?: number, log = createMemoryLogger()) => createRecentsStore({ file, log, ...(cap === undefined ? {} : { cap }) });
const onDisk = async (): Promise<{ schemaVersion: number; entries: RecentCall[] }> => JSON.parse(await fs.readFile(file, 'utf8'));
const ids = (list: RecentCall[]) => list.map((e) => e.id);

describe('recents store: persistence', () => {
  it('starts empty without a file', async () => {
    expect(await make().load()).toEqual({ entries: [] });
  });

  it('keeps entries newest first, with a schema version, across restarts', async () => {
    const store = make();
    await store.load();
    await store.add(call(1));
    await store.add(call(3));
    await store.add(call(2));
    expect(ids(store.snapshot().entries)).toEqual(['call-3', 'call-2', 'call-1']);
    const disk = await onDisk();
    expect(disk.schemaVersion).toBe(RECENTS_SCHEMA_VERSION);
    expect(ids(disk.entries)).toEqual(['call-3', 'call-2', 'call-1']);
    expect(ids((await make().load()).entries)).toEqual(['call-3', 'call-2', 'call-1']);
  });

  it('keeps the old file intact when the process is killed between write and rename', async () => {
    const store = make();
    await store.load();
    await store.add(call(1));
    const before = await fs.readFile(file, 'utf8');

    const child = fileURLToPath(new URL('./fixtures/add-then-hang.ts', import.meta.url));
    const temp = await killBeforeRename(child, [file, JSON.stringify(call(2))]);

    expect(await fs.readFile(file, 'utf8')).toBe(before);
    expect(ids(JSON.parse(await fs.readFile(temp, 'utf8')).entries)).toEqual(['call-2', 'call-1']);
    const restarted = await make().load();
    expect(restarted).toEqual({ entries: [{ ...call(1), outcome: 'failed', detail: INTERRUPTED_DETAIL }] });
  });

  it('settles calls a stopped run left in progress as failed, and keeps finished ones as they were', async () => {
    const store = make();
    await store.load();
    await store.add(call(1, { outcome: 'hungUp', connectedAt: T0 + 3000, endedAt: T0 + 9000 }));
    await store.add(call(2, { conversationId: 'conv-2' }));
    const log = createMemoryLogger();
    const restarted = await make(undefined, log).load();
    expect(restarted.entries).toEqual([
      { ...call(2, { conversationId: 'conv-2' }), outcome: 'failed', detail: INTERRUPTED_DETAIL },
      call(1, { outcome: 'hungUp', connectedAt: T0 + 3000, endedAt: T0 + 9000 }),
    ]);
    expect(log.lines.some((line) => line.includes('marked as failed') && line.includes('"count":1'))).toBe(true);
  });

  it('serialises writes: a burst of updates never overlaps on disk and ends with the latest state', async () => {
    const store = make();
    await store.load();
    await store.add(call(1));
    const realRename = fs.rename.bind(fs);
    let renamesInFlight = 0;
    let maxInFlight = 0;
    const rename = vi.spyOn(fs, 'rename').mockImplementation(async (from, to) => {
      renamesInFlight++;
      maxInFlight = Math.max(maxInFlight, renamesInFlight);
      try {
        await realRename(from, to);
      } finally {
        renamesInFlight--;
      }
    });
    const updates = Array.from({ length: 100 }, (_, i) =>
      store.update('call-1', { detail: `step ${i}`, ...(i === 99 ? { outcome: 'hungUp' as const, endedAt: T0 + 60_000 } : {}) }),
    );
    await Promise.all(updates);
    expect(maxInFlight).toBe(1);
    expect(rename.mock.calls.length).toBeLessThan(10);
    expect((await onDisk()).entries[0]).toMatchObject({ detail: 'step 99', outcome: 'hungUp', endedAt: T0 + 60_000 });
  });

  it('drops the oldest entries beyond the cap', async () => {
    const store = make(3);
    await store.load();
    for (const n of [1, 2, 3, 4, 5]) await store.add(call(n));
    expect(ids(store.snapshot().entries)).toEqual(['call-5', 'call-4', 'call-3']);
    expect(ids((await onDisk()).entries)).toEqual(['call-5', 'call-4', 'call-3']);
    // An attempt older than everything kept does not push a newer one out.
    await store.add(call(0));
    expect(ids(store.snapshot().entries)).toEqual(['call-5', 'call-4', 'call-3']);
  });

  it('caps at 1,000 by default', async () => {
    expect(DEFAULT_RECENTS_CAP).toBe(1000);
    const store = make();
    await store.load();
    await Promise.all(Array.from({ length: 1005 }, (_, n) => store.add(call(n))));
    const entries = (await onDisk()).entries;
    expect(entries).toHaveLength(1000);
    expect(entries[0]!.id).toBe('call-1004');
    expect(entries.at(-1)!.id).toBe('call-5');
  });

  it('applies a lower cap to a file saved with a higher one', async () => {
    const big = make();
    await big.load();
    for (const n of [1, 2, 3, 4]) await big.add(call(n));
    expect(ids((await make(2).load()).entries)).toEqual(['call-4', 'call-3']);
  });

  it('refuses a cap that is not a positive integer', () => {
    expect(() => make(0)).toThrow(RangeError);
  });
});

describe('recents store: corrupt file recovery', () => {
  it('sets a file that is not JSON aside, starts clean and reports where the copy is', async () => {
    await fs.writeFile(file, '{"schemaVersion":1,"entries":[{"id":"call-1"');
    const log = createMemoryLogger();
    const store = make(undefined, log);
    const snapshot = await store.load();
    expect(snapshot.entries).toEqual([]);
    expect(snapshot.recoveredFrom).toMatch(/recents\.corrupt-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.json$/);
    expect(path.dirname(snapshot.recoveredFrom!)).toBe(dir);
    expect(await fs.readFile(snapshot.recoveredFrom!, 'utf8')).toBe('{"schemaVersion":1,"entries":[{"id":"call-1"');
    expect(log.lines.some((l) => l.startsWith('warn') && l.includes('damaged'))).toBe(true);

    await store.add(call(7));
    expect(store.snapshot()).toEqual({ entries: [call(7)], recoveredFrom: snapshot.recoveredFrom });
    expect(ids((await onDisk()).entries)).toEqual(['call-7']);
  });

  it('treats valid JSON with the wrong shape as corrupt', async () => {
    await fs.writeFile(file, JSON.stringify({ schemaVersion: 1, entries: [{ ...call(1), e164: 'not a number' }] }));
    const snapshot = await make().load();
    expect(snapshot.entries).toEqual([]);
    expect(snapshot.recoveredFrom).toBeDefined();
  });

  it('treats an unknown schema version as corrupt rather than guessing', async () => {
    await fs.writeFile(file, JSON.stringify({ schemaVersion: 2, entries: [] }));
    expect((await make().load()).recoveredFrom).toBeDefined();
  });

  it('does not report recovery for a good file', async () => {
    const store = make();
    await store.load();
    await store.add(call(1));
    expect(await make().load()).not.toHaveProperty('recoveredFrom');
  });
});

describe('recents store: changes', () => {
  it('updates outcome and times, keeping the order', async () => {
    const store = make();
    await store.load();
    await store.add(call(1));
    await store.add(call(2));
    await store.update('call-1', { outcome: 'busy', endedAt: T0 + 5000, conversationId: 'conv-1', detail: 'The line was busy.' });
    expect(store.snapshot().entries[1]).toEqual({ ...call(1), outcome: 'busy', endedAt: T0 + 5000, conversationId: 'conv-1', detail: 'The line was busy.' });
  });

  it('rejects bad input with specific codes', async () => {
    const store = make();
    await store.load();
    await store.add(call(1));
    await expect(store.add(call(1))).rejects.toMatchObject({ code: 'duplicateRecent' });
    await expect(store.add({ ...call(2), e164: '020 7946 0958' })).rejects.toMatchObject({
      code: 'invalidRecent',
      issues: [expect.objectContaining({ path: 'e164' })],
    });
    await expect(store.update('missing', { outcome: 'busy' })).rejects.toMatchObject({ code: 'recentNotFound' });
    await expect(store.update('call-1', { id: 'other' })).rejects.toMatchObject({ code: 'invalidRecentUpdate' });
    await expect(store.update('call-1', { outcome: 'exploded' as never })).rejects.toMatchObject({ code: 'invalidRecentUpdate' });
    expect(store.snapshot().entries).toEqual([call(1)]);
  });

  it('removes one entry (twice is fine) and clears all', async () => {
    const store = make();
    await store.load();
    for (const n of [1, 2, 3]) await store.add(call(n));
    await store.remove('call-2');
    await store.remove('call-2');
    expect(ids(store.snapshot().entries)).toEqual(['call-3', 'call-1']);
    await store.clear();
    expect(store.snapshot().entries).toEqual([]);
    expect((await onDisk()).entries).toEqual([]);
  });

  it('never writes over a file it has not read', async () => {
    const first = make();
    await first.load();
    await first.add(call(1));
    const second = make();
    await second.add(call(2));
    expect(ids((await onDisk()).entries)).toEqual(['call-2', 'call-1']);
  });

  it('pushes each change to listeners until they unsubscribe', async () => {
    const store = make();
    await store.load();
    const seen: string[][] = [];
    const off = store.onChange((s) => seen.push(ids(s.entries)));
    await store.add(call(1));
    await store.update('call-1', { outcome: 'hungUp' });
    off();
    await store.clear();
    expect(seen).toEqual([['call-1'], ['call-1']]);
  });

  it('hands out entries that cannot be changed behind its back', async () => {
    const store = make();
    await store.load();
    await store.add(call(1));
    const entry = store.snapshot().entries[0]!;
    expect(() => {
      entry.outcome = 'busy';
    }).toThrow(TypeError);
    store.snapshot().entries.pop();
    expect(store.snapshot().entries).toHaveLength(1);
  });

  it('applies a change in memory before returning once loaded, however long the write takes', async () => {
    const store = make();
    await store.load();
    const seen: string[] = [];
    store.onChange((s) => seen.push(s.entries.map((e) => `${e.id}:${e.outcome}`).join(',')));
    // A disk that never finishes: each change's promise stays pending, the list must not.
    let reachedRename: () => void = () => undefined;
    const renaming = new Promise<void>((resolve) => (reachedRename = resolve));
    vi.spyOn(fs, 'rename').mockImplementation(() => {
      reachedRename();
      return new Promise<void>(() => undefined);
    });
    const added = store.add(call(1));
    expect(store.snapshot().entries).toEqual([call(1)]);
    const updated = store.update('call-1', { outcome: 'hungUp', endedAt: T0 + 9000 });
    expect(store.snapshot().entries).toEqual([{ ...call(1), outcome: 'hungUp', endedAt: T0 + 9000 }]);
    expect(seen).toEqual(['call-1:inProgress', 'call-1:hungUp']);
    let settled = false;
    Promise.race([added, updated]).then(
      () => (settled = true),
      () => (settled = true),
    );
    await renaming;
    expect(settled).toBe(false);
  });

  it('holds changes made before the load until it is done, then applies them in call order', async () => {
    const first = make();
    await first.load();
    await first.add(call(1));
    const store = make();
    const changes = [store.add(call(2)), store.update('call-2', { outcome: 'busy' }), store.remove('call-1')];
    expect(store.snapshot().entries).toEqual([]);
    await Promise.all(changes);
    expect(store.snapshot().entries).toEqual([{ ...call(2), outcome: 'busy' }]);
    expect((await onDisk()).entries).toEqual([{ ...call(2), outcome: 'busy' }]);
  });

  it('reports a failed save with a specific code', async () => {
    const store = make();
    await store.load();
    vi.spyOn(fs, 'rename').mockRejectedValue(Object.assign(new Error('read-only'), { code: 'EROFS' }));
    await expect(store.add(call(1))).rejects.toMatchObject({ code: 'recentsNotSaved', message: expect.stringContaining('EROFS') });
  });
});

describe('recents store: CSV export', () => {
  /** A strict RFC 4180 reader, so the test checks what a spreadsheet would see. */
  function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let cell = '';
    let i = 0;
    let quoted = false;
    while (i < text.length) {
      const ch = text[i]!;
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (ch === '"') {
          quoted = false;
          i++;
        } else {
          cell += ch;
          i++;
        }
      } else if (ch === '"' && cell === '') {
        quoted = true;
        i++;
      } else if (ch === ',') {
        row.push(cell);
        cell = '';
        i++;
      } else if (ch === '\r' && text[i + 1] === '\n') {
        row.push(cell);
        rows.push(row);
        row = [];
        cell = '';
        i += 2;
      } else if (ch === '\n' || ch === '\r' || ch === '"') {
        throw new Error(`bare ${JSON.stringify(ch)} at ${i}`);
      } else {
        cell += ch;
        i++;
      }
    }
    if (cell !== '' || row.length > 0) throw new Error('last record does not end with CRLF');
    return rows;
  }

  it('exports RFC 4180 CSV with formulas neutralised and numbers still readable', async () => {
    const store = make();
    await store.load();
    await store.add(
      call(1, {
        agent: { id: 'a1', name: '=HYPERLINK("http://evil.example","click")' },
        outcome: 'hungUp',
        connectedAt: T0 + 5000,
        endedAt: T0 + 65_400,
        conversationId: 'conv-1',
        detail: 'Answered, then "hung up", after a while\nsecond line',
      }),
    );
    await store.add(call(2, { agent: { id: 'a2', name: '@SUM(1,2)' }, outcome: 'failed', detail: '-1+2' }));
    await store.add(call(3, { agent: { id: 'a3', name: '\tTabby' }, outcome: 'busy', detail: '+cmd|calc' }));
    await store.add(call(4, { agent: null, outcome: 'notPlaced', detail: 'Agent has no station.' }));

    const exported = store.exportCsv();
    expect(exported.fileName).toMatch(/^recent-calls-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(exported.mimeType).toBe('text/csv;charset=utf-8');
    expect(exported.content.startsWith('\uFEFF')).toBe(true);

    const [header, ...rows] = parseCsv(exported.content.slice(1));
    expect(header).toEqual([
      'Requested at (UTC)', 'Number (E.164)', 'Number as shown', 'Agent', 'Agent ID', 'Source', 'Outcome',
      'Connected at (UTC)', 'Ended at (UTC)', 'Duration (s)', 'Conversation ID', 'Detail',
    ]);
    expect(rows.map((r) => r[0])).toEqual([4, 3, 2, 1].map((n) => new Date(T0 + n * 1000).toISOString()));
    const oldest = rows[3]!;
    expect(oldest).toEqual([
      new Date(T0 + 1000).toISOString(),
      "'+442079460001",
      "'+44 20 7946 0001",
      `'=HYPERLINK("http://evil.example","click")`,
      'a1',
      'dialpad',
      'hungUp',
      new Date(T0 + 5000).toISOString(),
      new Date(T0 + 65_400).toISOString(),
      '60',
      'conv-1',
      'Answered, then "hung up", after a while\nsecond line',
    ]);
    expect(rows[2]![3]).toBe("'@SUM(1,2)");
    expect(rows[2]![11]).toBe("'-1+2");
    expect(rows[1]![3]).toBe("'\tTabby");
    expect(rows[1]![11]).toBe("'+cmd|calc");
    expect(rows[0]!.slice(3, 5)).toEqual(['', '']);
    // No cell a spreadsheet would evaluate.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('exports just the header when there are no calls', async () => {
    const store = make();
    await store.load();
    expect(store.exportCsv().content.split('\r\n')).toHaveLength(2);
  });
});
