import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Agent } from '../../shared/domain';
import { createDirectoryCache, DIRECTORY_CACHE_SCHEMA_VERSION, MAX_CACHED_CONNECTIONS } from './cache';

const agent = (id: string): Agent => ({
  id,
  name: `Agent ${id}`,
  email: `${id}@example.com`,
  extension: '1234',
  presence: 'onQueue',
  presenceLabel: 'On Queue',
  routingStatus: 'IDLE',
  hasStation: true,
});

async function tempFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'directory-cache-')), 'directory.json');
}

describe('directory cache', () => {
  it('keeps each connection apart and never stores presence', async () => {
    const file = await tempFile();
    const cache = createDirectoryCache(file);
    await cache.write('conn-a', { savedAt: 1, agents: [agent('a1')], queues: [{ id: 'q', name: 'Sales', memberCount: 1 }], groups: [] });
    await cache.write('conn-b', { savedAt: 2, agents: [agent('b1'), agent('b2')], queues: [], groups: [] });

    const a = await cache.read('conn-a');
    expect(a.status).toBe('ok');
    if (a.status !== 'ok') return;
    expect(a.directory.agents).toEqual([{ ...agent('a1'), presence: 'unknown', presenceLabel: '', routingStatus: 'unknown' }]);
    expect(a.directory.queues).toEqual([{ id: 'q', name: 'Sales', memberCount: 1 }]);
    const b = await cache.read('conn-b');
    expect(b.status === 'ok' && b.directory.agents.map((x) => x.id)).toEqual(['b1', 'b2']);
    expect(await readFile(file, 'utf8')).not.toContain('onQueue');
    expect((await cache.read('conn-c')).status).toBe('missing');
  });

  it(`keeps only the ${MAX_CACHED_CONNECTIONS} most recently saved connections`, async () => {
    const cache = createDirectoryCache(await tempFile());
    // Written concurrently on purpose: the writes must queue, not overwrite each other.
    await Promise.all([1, 2, 3, 4].map((n) => cache.write(`conn-${n}`, { savedAt: n, agents: [agent(`a${n}`)], queues: [], groups: [] })));
    expect((await cache.read('conn-1')).status).toBe('missing');
    for (const n of [2, 3, 4]) expect((await cache.read(`conn-${n}`)).status).toBe('ok');
  });

  it('treats another schema version as empty and a damaged file as corrupt', async () => {
    const file = await tempFile();
    const cache = createDirectoryCache(file);
    await writeFile(file, JSON.stringify({ schemaVersion: DIRECTORY_CACHE_SCHEMA_VERSION + 1, connections: {} }));
    expect((await cache.read('conn-a')).status).toBe('missing');
    await writeFile(file, JSON.stringify({ schemaVersion: DIRECTORY_CACHE_SCHEMA_VERSION, connections: { 'conn-a': { savedAt: 'yesterday' } } }));
    expect((await cache.read('conn-a')).status).toBe('corrupt');
    await writeFile(file, '{"schemaVersion": 1, "conn');
    expect((await cache.read('conn-a')).status).toBe('corrupt');
    // A damaged file is replaced by the next save.
    await cache.write('conn-a', { savedAt: 5, agents: [agent('a1')], queues: [], groups: [] });
    expect((await cache.read('conn-a')).status).toBe('ok');
  });
});
