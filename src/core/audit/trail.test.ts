import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLogger } from '../logging/logger';
import { createAuditTrail, DEFAULT_AUDIT_MAX_BYTES, DEFAULT_AUDIT_MAX_FILES, type AuditEntry } from './trail';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'audit-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fs.rm(dir, { recursive: true, force: true });
});

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

function entry(n: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at: T0 + n,
    event: 'call.placed',
    connectionId: 'conn-1',
    connectionName: 'Acme EU',
    principal: 'client:supervisor-app',
    agentId: 'agent-ada',
    agentName: 'Ada Lovelace',
    e164: '+442079460958',
    conversationId: `conv-${n}`,
    ...overrides,
  };
}

const lines = async (file: string): Promise<AuditEntry[]> =>
  (await fs.readFile(path.join(dir, file), 'utf8'))
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as AuditEntry);
const exported = async (trail: ReturnType<typeof createAuditTrail>): Promise<AuditEntry[]> =>
  (await trail.export()).content
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as AuditEntry);

describe('audit trail', () => {
  it('appends one JSON line per entry, numbers in full, in call order even when concurrent', async () => {
    const trail = createAuditTrail({ dir, log: createMemoryLogger() });
    await Promise.all(Array.from({ length: 50 }, (_, n) => trail.record(entry(n))));
    const written = await lines('audit.jsonl');
    expect(written.map((e) => e.at)).toEqual(Array.from({ length: 50 }, (_, n) => T0 + n));
    expect(written[0]).toEqual(entry(0));
    expect(written[0]!.e164).toBe('+442079460958');
  });

  it('keeps appending to the existing file after a restart', async () => {
    await createAuditTrail({ dir, log: createMemoryLogger() }).record(entry(1));
    await createAuditTrail({ dir, log: createMemoryLogger() }).record(entry(2));
    expect((await lines('audit.jsonl')).map((e) => e.at)).toEqual([T0 + 1, T0 + 2]);
  });

  it('uses 5 MB and 5 rotated files by default', () => {
    expect(DEFAULT_AUDIT_MAX_BYTES).toBe(5 * 1024 * 1024);
    expect(DEFAULT_AUDIT_MAX_FILES).toBe(5);
  });

  it('rotates by size, keeps maxFiles rotated files, and exports what is kept oldest first', async () => {
    const lineBytes = Buffer.byteLength(`${JSON.stringify(entry(100))}\n`);
    const maxBytes = lineBytes * 4; // four entries per file
    const log = createMemoryLogger();
    const trail = createAuditTrail({ dir, maxBytes, maxFiles: 3, log });
    for (let n = 100; n < 130; n++) await trail.record(entry(n));

    const files = (await fs.readdir(dir)).sort();
    expect(files).toEqual(['audit.1.jsonl', 'audit.2.jsonl', 'audit.3.jsonl', 'audit.jsonl']);
    for (const file of files) expect((await fs.stat(path.join(dir, file))).size).toBeLessThanOrEqual(maxBytes);
    // 30 entries, 4 per file: the active file holds the last 2, each rotated file 4; the rest were dropped.
    expect((await lines('audit.jsonl')).map((e) => e.at - T0)).toEqual([128, 129]);
    expect((await lines('audit.1.jsonl')).map((e) => e.at - T0)).toEqual([124, 125, 126, 127]);
    expect((await lines('audit.3.jsonl')).map((e) => e.at - T0)).toEqual([116, 117, 118, 119]);

    expect((await exported(trail)).map((e) => e.at - T0)).toEqual(Array.from({ length: 14 }, (_, i) => 116 + i));
    expect(log.lines.some((l) => l.startsWith('warn') && l.includes('oldest file deleted'))).toBe(true);
  });

  it('writes an entry larger than maxBytes to a file of its own instead of failing', async () => {
    const trail = createAuditTrail({ dir, maxBytes: 50, maxFiles: 2, log: createMemoryLogger() });
    await trail.record(entry(1));
    await trail.record(entry(2));
    expect((await lines('audit.jsonl')).map((e) => e.at)).toEqual([T0 + 2]);
    expect((await lines('audit.1.jsonl')).map((e) => e.at)).toEqual([T0 + 1]);
  });

  it('exports one JSON-lines file with a dated name', async () => {
    const trail = createAuditTrail({ dir, log: createMemoryLogger() });
    await trail.record(entry(1, { event: 'call.placed' }));
    await trail.record(entry(1, { event: 'call.ended', outcome: 'hungUp', at: T0 + 60_000 }));
    const file = await trail.export();
    expect(file.fileName).toMatch(/^audit-trail-\d{4}-\d{2}-\d{2}\.jsonl$/);
    expect(file.mimeType).toBe('application/x-ndjson');
    expect(file.content.endsWith('\n')).toBe(true);
    expect((await exported(trail)).map((e) => e.event)).toEqual(['call.placed', 'call.ended']);
  });

  it('exports nothing, without failing, before anything is recorded', async () => {
    const trail = createAuditTrail({ dir: path.join(dir, 'not-yet'), log: createMemoryLogger() });
    expect((await trail.export()).content).toBe('');
  });

  it('survives a torn last line: the next entry starts on its own line and export skips the fragment', async () => {
    const good = JSON.stringify(entry(1));
    await fs.writeFile(path.join(dir, 'audit.jsonl'), `${good}\n{"at":${T0 + 2},"event":"call.pla`);
    const log = createMemoryLogger();
    const trail = createAuditTrail({ dir, log });
    await trail.record(entry(3));

    const raw = await fs.readFile(path.join(dir, 'audit.jsonl'), 'utf8');
    expect(raw.split('\n').at(-2)).toBe(JSON.stringify(entry(3)));
    expect((await exported(trail)).map((e) => e.at)).toEqual([T0 + 1, T0 + 3]);
    expect(log.lines.some((l) => l.startsWith('warn') && l.includes('skipped'))).toBe(true);
  });

  it('drops fields that are not part of an entry, so no token can reach the file', async () => {
    const trail = createAuditTrail({ dir, log: createMemoryLogger() });
    await trail.record({ ...entry(1), accessToken: 'eyJhbGciOi.secret' } as AuditEntry);
    const raw = await fs.readFile(path.join(dir, 'audit.jsonl'), 'utf8');
    expect(raw).not.toContain('secret');
    expect(raw).not.toContain('accessToken');
  });

  it('rejects an invalid entry with the field named', async () => {
    const trail = createAuditTrail({ dir, log: createMemoryLogger() });
    await expect(trail.record(entry(1, { e164: '020 7946 0958' }))).rejects.toMatchObject({
      code: 'invalidAuditEntry',
      issues: [expect.objectContaining({ path: 'e164' })],
    });
    await expect(trail.record({ ...entry(1), event: 'call.exploded' as AuditEntry['event'] })).rejects.toMatchObject({
      code: 'invalidAuditEntry',
    });
  });

  it('reports a failed append with a specific code and recovers for the next one', async () => {
    const trail = createAuditTrail({ dir, log: createMemoryLogger() });
    await trail.record(entry(1));
    const realOpen = fs.open.bind(fs);
    vi.spyOn(fs, 'open').mockRejectedValueOnce(Object.assign(new Error('no space'), { code: 'ENOSPC' })).mockImplementation(realOpen);
    await expect(trail.record(entry(2))).rejects.toMatchObject({ code: 'auditNotRecorded', message: expect.stringContaining('ENOSPC') });
    await trail.record(entry(3));
    expect((await lines('audit.jsonl')).map((e) => e.at)).toEqual([T0 + 1, T0 + 3]);
  });

  it('refuses limits that are not positive integers', () => {
    expect(() => createAuditTrail({ dir, maxBytes: 0, log: createMemoryLogger() })).toThrow(RangeError);
    expect(() => createAuditTrail({ dir, maxFiles: 1.5, log: createMemoryLogger() })).toThrow(RangeError);
  });
});
