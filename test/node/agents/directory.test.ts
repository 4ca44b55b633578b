/**
 * The directory against the simulator's large seed (10,000 agents, 200 queues, 100 teams) with
 * the real SDK, session, budget and notification hub: what the app does at a big org.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BULK_PRESENCE_IDS_PER_REQUEST } from '../../../src/core/agents/live-presence';
import { createDirectory, MAX_LIVE_AGENTS, USERS_PAGE_SIZE } from '../../../src/core/agents/directory';
import { presenceTopics } from '../../../src/core/agents/presence';
import { realClock as realClockForTest, type Clock } from '../../../src/core/clock';
import type { DirectorySnapshot } from '../../../src/shared/domain';
import { AppError } from '../../../src/shared/result';
import { createScaledClock, startSimulator, type SimHandle } from '../../../src/sim/index';
import type { SimTimer } from '../../../src/sim/kernel';
import { startDirectoryHarness, type DirectoryHarness } from './harness';

const ready = (h: DirectoryHarness) => h.waitFor('the directory to be ready', () => (h.stateHub.directory().status === 'ready' ? h.stateHub.directory() : undefined), 15_000);

describe('directory at scale (large seed, push)', () => {
  let sim: SimHandle;
  let h: DirectoryHarness;
  let loaded: DirectorySnapshot;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 'large' });
    h = await startDirectoryHarness({ sim });
    await h.directory.start();
    loaded = await ready(h);
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    await sim?.stop();
  });

  it('loads every agent with the largest page size, and the queues and teams', () => {
    expect(sim.demo.users).toBe(10_000);
    expect(loaded.agents).toHaveLength(10_000);
    expect(new Set(loaded.agents.map((a) => a.id)).size).toBe(10_000);
    const userPages = h.requestsSince(0, '/api/v2/users');
    expect(userPages).toHaveLength(10_000 / USERS_PAGE_SIZE);
    expect(userPages.every((r) => r.status === 200)).toBe(true);
    expect(loaded.queues).toHaveLength(200);
    expect(loaded.groups).toHaveLength(100);
    expect(loaded.fromCache).toBe(false);
    // Sorted by name for the renderer, presence normalised from REST's "On Queue".
    const names = loaded.agents.map((a) => a.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true })));
    const onQueue = loaded.agents.filter((a) => a.presence === 'onQueue').length;
    expect(onQueue / 10_000).toBeGreaterThan(0.35);
    expect(loaded.agents.filter((a) => a.presence === 'unknown' || a.routingStatus === 'unknown')).toEqual([]);
    expect(loaded.agents.filter((a) => a.hasStation).length / 10_000).toBeGreaterThan(0.9);
    expect(loaded.agents.every((a) => a.extension && a.email)).toBe(true);
  });

  it('keeps topics within 1,000 per channel and 20 channels while the view changes, and ends on exactly what is watched', async () => {
    const agents = loaded.agents;
    const favourites = [agents[5], agents[500], agents[9_000]].map((a) => a?.id ?? '');
    for (const id of favourites) await h.directory.toggleFavorite(id);
    const biggest = [...loaded.queues].sort((a, b) => b.memberCount - a.memberCount)[0];
    if (!biggest) throw new Error('the large seed has no queues');
    expect(biggest.memberCount).toBeGreaterThan(500);
    const members = await h.directory.queueMembers(biggest.id);
    expect(members).toHaveLength(biggest.memberCount);

    // A fast scroll through the whole list, 50 rows at a time.
    const channelsSeen: Array<{ channels: number; maxTopics: number }> = [];
    for (let top = 0; top < agents.length; top += 250) {
      h.directory.watch(agents.slice(top, top + 50).map((a) => a.id));
      const list = sim.control.listChannels();
      channelsSeen.push({ channels: list.length, maxTopics: Math.max(0, ...list.map((c) => c.topics.length)) });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const screen = agents.slice(4_000, 4_050).map((a) => a.id);
    h.directory.watch(screen);
    const expected = new Set([...favourites, ...screen, ...members].flatMap((id) => presenceTopics(id)).map((t) => t.toLowerCase()));
    const channels = await h.waitFor('the channels to hold exactly the watched topics', () => {
      const list = sim.control.listChannels();
      const topics = list.flatMap((c) => c.topics.map((t) => t.toLowerCase()));
      return topics.length === expected.size && topics.every((t) => expected.has(t)) ? list : undefined;
    });
    expect(expected.size).toBeGreaterThan(1_000);
    expect(channels.length).toBeGreaterThan(1);
    for (const c of channels) expect(c.topics.length).toBeLessThanOrEqual(1_000);
    expect(channels.length).toBeLessThanOrEqual(20);
    for (const seen of channelsSeen) {
      expect(seen.channels).toBeLessThanOrEqual(20);
      expect(seen.maxTopics).toBeLessThanOrEqual(1_000);
    }
    // Subscriptions were batched: far fewer PUTs than watch calls.
    const puts = h.requestsSince(0, /\/api\/v2\/notifications\/channels\/[^/]+\/subscriptions$/).filter((r) => r.method === 'PUT' || r.method === 'POST');
    expect(puts.length).toBeLessThan(channelsSeen.length);
    expect(puts.every((r) => r.status === 200)).toBe(true);
    expect(h.directory.presenceMode()).toBe('push');
    expect(MAX_LIVE_AGENTS).toBeGreaterThanOrEqual(expected.size / 2);
  });

  it('shows a presence and a routing change pushed by the simulator on the row', async () => {
    const favourite = h.settings.get().favoriteAgentIds[0] ?? '';
    const before = h.directory.find(favourite);
    const target = before?.presence === 'meal' ? 'Training' : 'Meal';
    const batchesBefore = h.presenceBatches.length;
    sim.control.setPresence(favourite, target);
    const update = await h.waitFor('the presence update', () =>
      h.presenceBatches.slice(batchesBefore).flat().find((u) => u.id === favourite && u.presence === target.toLowerCase()),
    );
    expect(update.presenceLabel).toBe(target);
    expect(h.directory.find(favourite)?.presence).toBe(target.toLowerCase());
    expect(h.stateHub.directory().agents.find((a) => a.id === favourite)?.presence).toBe(target.toLowerCase());

    // Shift start: 200 agents of the selected queue go on queue at once; IPC sees a few batches, not 200 messages.
    const queueMembers = await h.directory.queueMembers([...loaded.queues].sort((a, b) => b.memberCount - a.memberCount)[0]?.id ?? '');
    const storm = queueMembers.filter((id) => h.directory.find(id)?.routingStatus !== 'IDLE').slice(0, 200);
    const stormStart = h.presenceBatches.length;
    for (const id of storm) sim.control.setRoutingStatus(id, 'IDLE');
    await h.waitFor('all 200 routing changes', () => {
      const seen = new Set(h.presenceBatches.slice(stormStart).flat().filter((u) => u.routingStatus === 'IDLE').map((u) => u.id));
      return storm.every((id) => seen.has(id)) ? true : undefined;
    });
    expect(h.presenceBatches.length - stormStart).toBeLessThan(20);
  });

  it('lists the members of a queue and of a team with their current presence', async () => {
    const queue = loaded.queues.find((q) => q.memberCount > 100 && q.memberCount < 300);
    if (!queue) throw new Error('no queue of 100-300 members in the large seed');
    const from = sim.requestLog.length;
    const members = await h.directory.queueMembers(queue.id);
    expect(members).toHaveLength(queue.memberCount);
    expect(new Set(members).size).toBe(members.length);
    expect(members.every((id) => h.directory.find(id) !== undefined)).toBe(true);
    expect(h.requestsSince(from, `/api/v2/routing/queues/${queue.id}/members`)).toHaveLength(Math.ceil(queue.memberCount / 100));

    const someone = members[0] ?? '';
    sim.control.setPresence(someone, 'Away');
    // Read back through the listing (push may deliver it first; either way the row must say Away).
    await h.directory.queueMembers(queue.id);
    await h.waitFor('the member to show Away', () => (h.directory.find(someone)?.presence === 'away' ? true : undefined));

    const team = loaded.groups[3];
    const teamMembers = await h.directory.groupMembers(team?.id ?? '');
    expect(teamMembers).toHaveLength(team?.memberCount ?? -1);

    await expect(h.directory.queueMembers('no-such-queue')).rejects.toMatchObject({ code: 'agents.queueNotFound' });
    await expect(h.directory.groupMembers('')).rejects.toBeInstanceOf(AppError);
  });

  it('keeps favourites in settings and refuses an id that is not in the directory', async () => {
    const id = loaded.agents[42]?.id ?? '';
    const added = await h.directory.toggleFavorite(id);
    expect(added.favoriteAgentIds).toContain(id);
    const removed = await h.directory.toggleFavorite(id);
    expect(removed.favoriteAgentIds).not.toContain(id);
    await expect(h.directory.toggleFavorite('not-an-agent')).rejects.toMatchObject({ code: 'agents.unknown' });
  });

  it('shows the last session’s list at once from the cache, without presence, then refreshes it', async () => {
    const saved = JSON.parse(await readFile(h.cacheFile, 'utf8')) as { connections: Record<string, { agents: unknown[] }> };
    expect(saved.connections['conn-sim']?.agents).toHaveLength(10_000);
    const second = await startDirectoryHarness({ sim, dataDir: h.dataDir });
    try {
      const from = sim.requestLog.length;
      await second.directory.start();
      const first = second.directoryEvents[0];
      expect(first?.fromCache).toBe(true);
      expect(first?.status).toBe('refreshing');
      expect(first?.agents).toHaveLength(10_000);
      expect(first?.agents.every((a) => a.presence === 'unknown')).toBe(true);
      // Shown before a single user page was fetched.
      expect(h.requestsSince(from, '/api/v2/users').length).toBeLessThan(10_000 / USERS_PAGE_SIZE);
      const fresh = await ready(second);
      expect(fresh.fromCache).toBe(false);
      expect(fresh.agents.filter((a) => a.presence === 'unknown')).toEqual([]);
    } finally {
      await second.stop();
    }
  });
});

function coreClock(sim: ReturnType<typeof createScaledClock>): Clock {
  return { now: () => sim.now(), setTimeout: (fn, ms) => sim.setTimeout(fn, ms), clearTimeout: (handle) => sim.clearTimeout(handle as SimTimer) };
}

describe('presence without push (large seed, time ×20)', () => {
  it('polls the watched agents in bulk, spaced by the budget, and never draws a 429', async () => {
    const scaled = createScaledClock(20);
    const sim = await startSimulator({ seed: 'large', clock: scaled });
    const h = await startDirectoryHarness({ sim, push: false, clock: coreClock(scaled) });
    try {
      await h.directory.start();
      const loaded = await ready(h);
      const queue = [...loaded.queues].sort((a, b) => b.memberCount - a.memberCount)[0];
      const members = await h.directory.queueMembers(queue?.id ?? '');
      const screen = loaded.agents.slice(0, 50).map((a) => a.id);
      h.directory.watch(screen);
      const watched = new Set([...members, ...screen]);
      expect(h.directory.presenceMode()).toBe('polling');
      const from = sim.requestLog.length;
      const start = scaled.now();
      // Two simulated minutes of polling.
      await h.waitFor('two simulated minutes', () => (scaled.now() - start >= 120_000 ? true : undefined), 15_000);
      const bulk = h.requestsSince(from, '/api/v2/users/presences/purecloud/bulk');
      expect(sim.requestLog.filter((r) => r.status === 429)).toEqual([]);
      expect(bulk.every((r) => r.status === 200)).toBe(true);
      // 300/min × 0.2 → at most ~60 bulk requests a simulated minute, one per simulated second.
      expect(bulk.length).toBeGreaterThan(Math.ceil(watched.size / BULK_PRESENCE_IDS_PER_REQUEST));
      expect(bulk.length).toBeLessThanOrEqual(2 * 60 + 2);
      const gaps = bulk.slice(1).map((r, i) => r.at - (bulk[i]?.at ?? 0));
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(900);

      const someone = members[3] ?? '';
      const target = h.directory.find(someone)?.presence === 'busy' ? 'Away' : 'Busy';
      sim.control.setPresence(someone, target);
      await h.waitFor('the polled change', () => (h.directory.find(someone)?.presence === target.toLowerCase() ? true : undefined), 10_000);
    } finally {
      await h.stop();
      await sim.stop();
    }
  }, 40_000);
});

describe('directory across sessions (small seed)', () => {
  it('empties on sign-out, releasing its topics, and starts another connection from its own cache', async () => {
    const h = await startDirectoryHarness({ seed: 'small' });
    let current: typeof h.session | null = h.session;
    let connectionId = 'conn-sim';
    // The same signed-in SDK session, presented as whichever connection the test says.
    const session = () => (current ? Object.assign(Object.create(current) as typeof h.session, { connectionId }) : null);
    const directory = createDirectory({
      session,
      notifications: () => (current ? h.notifications : null),
      settings: h.settings,
      hub: h.stateHub,
      cacheFile: h.cacheFile,
      clock: realClockForTest,
      log: h.log,
    });
    try {
      await directory.start();
      await directory.refresh();
      const agents = h.stateHub.directory().agents;
      expect(agents).toHaveLength(h.sim.demo.users);
      directory.watch(agents.slice(0, 5).map((a) => a.id));
      await h.waitFor('the topics', () => (h.sim.control.listChannels().some((c) => c.topics.length === 10) ? true : undefined));

      current = null;
      await directory.start();
      expect(h.stateHub.directory()).toMatchObject({ status: 'empty', agents: [] });
      expect(directory.find(agents[0]?.id ?? '')).toBeUndefined();
      await h.waitFor('the topics to be released', () => (h.sim.control.listChannels().every((c) => c.topics.length === 0) ? true : undefined));

      // Another org: nothing cached for it, so it loads from scratch rather than showing the first org's list.
      current = h.session;
      connectionId = 'conn-other';
      await directory.start();
      expect(h.stateHub.directory()).toMatchObject({ status: 'loading', fromCache: false, agents: [] });
      await directory.refresh();
      expect(h.stateHub.directory().status).toBe('ready');
    } finally {
      directory.stop();
      await h.stop();
    }
  });
});
