import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { largeSeed, loadSeedFile, parseSeed, smallSeed, type SeedInput } from '../../../src/sim/seed';
import { startSimulator, type SimHandle } from '../../../src/sim/index';

let sim: SimHandle | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

describe('small seed', () => {
  it('has about 25 agents with a mix of presences and routing statuses and the three special agents', () => {
    const seed = smallSeed(1);
    expect(seed.users).toHaveLength(25);
    expect(new Set(seed.users.map((u) => u.presence)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(seed.users.map((u) => u.routingStatus))).toEqual(new Set(['OFF_QUEUE', 'IDLE', 'INTERACTING', 'COMMUNICATING', 'NOT_RESPONDING']));
    expect(seed.users.filter((u) => u.stationId === null).map((u) => u.name)).toEqual(['Noah Fischer']);
    expect(seed.users.filter((u) => u.presence === 'Offline').map((u) => u.name)).toEqual(['Grace Muller']);
    expect(seed.users.filter((u) => u.answerMode === 'noAnswer').map((u) => u.name)).toEqual(['Oscar Reyes']);
    expect(new Set(seed.users.map((u) => u.email)).size).toBe(25);
  });

  it('is deterministic per seed number', () => {
    expect(smallSeed(1)).toEqual(smallSeed(1));
    expect(smallSeed(2).users[0]?.id).not.toBe(smallSeed(1).users[0]?.id);
  });
});

describe('large seed', () => {
  it('has 10,000 agents, 200 queues and 100 teams, deterministically', () => {
    const seed = largeSeed(7);
    expect(seed.users).toHaveLength(10_000);
    expect(seed.queues).toHaveLength(200);
    expect(seed.groups).toHaveLength(100);
    expect(new Set(seed.users.map((u) => u.id)).size).toBe(10_000);
    expect(new Set(seed.queues.map((q) => q.name)).size).toBe(200);
    expect(seed.queues.every((q) => q.memberIds.length >= 20)).toBe(true);
    expect(largeSeed(7).users[9_999]).toEqual(seed.users[9_999]);
  });
});

describe('seed files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-seed-'));
  const minimal: SeedInput = {
    organization: { id: 'org-1', name: 'File Org' },
    users: [
      { id: 'u-1', name: 'Ada Lovelace', email: 'ada@example.test', presence: 'On Queue', routingStatus: 'IDLE', stationId: 's-1' },
      { id: 'u-2', name: 'Alan Turing', email: 'alan@example.test' },
    ],
    stations: [{ id: 's-1', name: 'Ada’s phone' }],
    queues: [{ id: 'q-1', name: 'Engines', memberIds: ['u-1', 'u-2'] }],
  };

  it('loads a JSON file with defaults filled in and serves it', async () => {
    const file = join(dir, 'org.json');
    writeFileSync(file, JSON.stringify(minimal));
    const seed = await loadSeedFile(file);
    expect(seed.users[1]).toMatchObject({ presence: 'Offline', routingStatus: 'OFF_QUEUE', stationId: null, answerMode: 'auto', title: 'Agent' });
    sim = await startSimulator({ seed: { file } });
    expect(sim.demo.users).toBe(2);
  });

  it('explains what is wrong with a bad file', async () => {
    const missing = join(dir, 'missing.json');
    await expect(loadSeedFile(missing)).rejects.toThrow(/Cannot read seed file .*missing\.json/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"users": [');
    await expect(loadSeedFile(broken)).rejects.toThrow(/not valid JSON/);
    expect(() => parseSeed({ ...minimal, users: [{ ...minimal.users[0], email: undefined }] })).toThrow(/users\.0\.email/);
    expect(() => parseSeed({ ...minimal, queues: [{ id: 'q', name: 'Q', memberIds: ['ghost'] }] })).toThrow(/unknown member ghost/);
    expect(() => parseSeed({ ...minimal, users: [...minimal.users, { id: 'u-3', name: 'C', email: 'c@x.y', stationId: 's-1' }] })).toThrow(/associated with both/);
    await expect(startSimulator({ seed: { ...minimal, users: [{ id: 'u-1', name: 'N', email: 'n@x.y', presence: 'Sleeping' }], stations: [], queues: [] } })).rejects.toThrow(
      /unknown presence Sleeping/,
    );
  });
});
