/**
 * The notification hub over the real protocol: AUTH's session with the real SDK, `ws`, and the
 * simulator's channels and WebSocket. The app runs on real time with short hub timers where a
 * test needs them; the simulator's clock is manual, so it sends heartbeats only when told.
 */
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { realClock } from '../../../src/core/clock';
import type { ManagedGenesysSession } from '../../../src/core/genesys/session';
import { createNotificationHub, type HubLimits, type HubStatus, type NotificationHub } from '../../../src/core/notifications/hub';
import { createMemoryLogger } from '../../../src/core/logging/logger';
import type { ManualClock, SimHandle } from '../../../src/sim/index';
import { startManualSim, startSimSession } from '../../support/sim-session';

interface Rig {
  sim: SimHandle;
  simClock: ManualClock;
  session: ManagedGenesysSession;
  hub: NotificationHub;
  statuses: HubStatus[];
  log: ReturnType<typeof createMemoryLogger>;
  userIds: string[];
}

const rigs: Rig[] = [];
let shared: { sim: SimHandle; simClock: ManualClock };

async function rig(options: { limits?: Partial<HubLimits>; sim?: { sim: SimHandle; simClock: ManualClock } } = {}): Promise<Rig> {
  const { sim, simClock } = options.sim ?? shared;
  const log = createMemoryLogger('info');
  const session = await startSimSession(sim, { log });
  const hub = createNotificationHub({ session, clock: realClock, log, limits: options.limits, createSocket: (url) => new WebSocket(url) });
  const statuses: HubStatus[] = [];
  hub.onStatus((status) => statuses.push(status));
  const users = await session.request({ label: 'test.users', priority: 'normal', idempotent: true }, (api) => api.users.getUsers({ pageSize: 50 }));
  const started: Rig = { sim, simClock, session, hub, statuses, log, userIds: (users.entities ?? []).map((user) => user.id ?? '') };
  rigs.push(started);
  return started;
}

/** Resolves when `test` holds, checked on every status change and every 10 ms; rejects after `timeoutMs`. */
function until(what: string, test: () => boolean, timeoutMs = 8_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = (): void => {
      if (test()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }
    };
    const timer = setInterval(check, 10);
    check();
  });
}

const requestsSince = (sim: SimHandle, from: number, method: string, path: RegExp) =>
  sim.requestLog.slice(from).filter((entry) => entry.method === method && path.test(entry.path));

beforeAll(async () => {
  shared = await startManualSim();
});

afterEach(async () => {
  for (const started of rigs.splice(0)) {
    await started.hub.close();
    started.session.close();
  }
});

afterAll(async () => {
  await shared.sim.stop();
});

describe('notification hub against the simulator', () => {
  it('subscribes before resolving ready and delivers presence events to the watcher', async () => {
    const r = await rig();
    const [first, second] = r.userIds;
    const events: [string, unknown][] = [];
    const watch = r.hub.watch('presence', [`v2.users.${first}.presence`, `v2.users.${second}.presence`], (topic, body) => events.push([topic, body]));
    await watch.ready;
    expect(r.hub.status()).toBe('connected');
    const channels = r.sim.control.listChannels();
    expect(channels.some((channel) => channel.topics.includes(`v2.users.${first}.presence`))).toBe(true);
    r.sim.control.setPresence(second ?? '', 'Away');
    await until('the presence event', () => events.length > 0);
    expect(events[0]?.[0]).toBe(`v2.users.${second}.presence`);
    expect(events[0]?.[1]).toMatchObject({ presenceDefinition: { systemPresence: expect.stringMatching(/away/i) } });
    r.sim.control.setPresence(second ?? '', 'Available');
  });

  it('reconnects to the same channel after a dropped socket (HEAD 200) and keeps delivering', async () => {
    const r = await rig({ limits: { backoffMs: [200] } });
    const userId = r.userIds[2] ?? '';
    const events: unknown[] = [];
    await r.hub.watch('presence', [`v2.users.${userId}.presence`], (_topic, body) => events.push(body)).ready;
    const from = r.sim.requestLog.length;
    r.sim.control.dropSockets();
    await until('down', () => r.statuses.includes('down'));
    await until('connected again', () => r.hub.status() === 'connected' && r.statuses.at(-1) === 'connected');
    expect(requestsSince(r.sim, from, 'HEAD', /^\/api\/v2\/notifications\/channels\//).map((e) => e.status)).toEqual([200]);
    expect(requestsSince(r.sim, from, 'POST', /^\/api\/v2\/notifications\/channels$/)).toEqual([]);
    r.sim.control.setPresence(userId, 'Busy');
    await until('an event after the reconnect', () => events.length > 0);
    r.sim.control.setPresence(userId, 'Available');
  });

  it('creates a new channel and subscribes again when the old one expired (HEAD 404)', async () => {
    const r = await rig({ limits: { backoffMs: [200] } });
    const userId = r.userIds[3] ?? '';
    const events: unknown[] = [];
    await r.hub.watch('presence', [`v2.users.${userId}.presence`], (_topic, body) => events.push(body)).ready;
    const [channel] = r.sim.control.listChannels().filter((c) => c.topics.includes(`v2.users.${userId}.presence`));
    const from = r.sim.requestLog.length;
    r.sim.control.expireChannel(channel?.id ?? '');
    await until('down', () => r.statuses.includes('down'));
    await until('connected again', () => r.statuses.at(-1) === 'connected');
    expect(requestsSince(r.sim, from, 'HEAD', /^\/api\/v2\/notifications\/channels\//).map((e) => e.status)).toEqual([404]);
    expect(requestsSince(r.sim, from, 'POST', /^\/api\/v2\/notifications\/channels$/).map((e) => e.status)).toEqual([200]);
    expect(requestsSince(r.sim, from, 'PUT', /\/subscriptions$/).map((e) => e.status)).toEqual([200]);
    r.sim.control.setPresence(userId, 'Meal');
    await until('an event on the new channel', () => events.length > 0);
    r.sim.control.setPresence(userId, 'Available');
  });

  it('reconnects at once on v2.system.socket_closing, before the server closes the socket', async () => {
    const r = await rig({ limits: { backoffMs: [5_000] } });
    await r.hub.watch('presence', [`v2.users.${r.userIds[4]}.presence`], () => undefined).ready;
    const from = r.sim.requestLog.length;
    r.sim.control.closeSocketsWithNotice(60_000);
    // The backoff is 5 s: a HEAD within 1 s shows the hub reconnected at once instead of backing off.
    await until('the HEAD of the reconnect', () => requestsSince(r.sim, from, 'HEAD', /notifications\/channels\//).length > 0, 1_000);
    await until('connected again', () => r.statuses.at(-1) === 'connected' && r.statuses.includes('down'));
    expect(r.log.lines.some((line) => line.includes('socket will close'))).toBe(true);
  });

  it('pings when the server is silent and stays connected when the pong comes', async () => {
    const r = await rig({ limits: { heartbeatMs: 150, pingTimeoutMs: 2_000 } });
    await r.hub.watch('presence', [`v2.users.${r.userIds[5]}.presence`], () => undefined).ready;
    // The simulator's clock is frozen, so it sends no heartbeat: after 300 ms of silence the hub pings.
    await until('a ping', () => r.log.lines.some((line) => line.includes('sending a ping')));
    await until('a second ping, answered in between', () => r.log.lines.filter((line) => line.includes('sending a ping')).length >= 2);
    expect(r.statuses).toEqual(['connected']);
  });

  it('renews a channel before it expires and drops the old one without a gap', async () => {
    const shortLived = await startManualSim({ channelTtlMs: 4_000 });
    try {
      const r = await rig({ sim: shortLived, limits: { renewBeforeMs: 60_000 } });
      const userId = r.userIds[6] ?? '';
      const events: unknown[] = [];
      await r.hub.watch('presence', [`v2.users.${userId}.presence`], (_topic, body) => events.push(body)).ready;
      const first = shortLived.sim.control.listChannels().map((c) => c.id);
      expect(first).toHaveLength(1);
      // 4 s left on a channel whose margin is 60 s: renewed at half the time left.
      await until('a renewed channel', () => {
        const ids = shortLived.sim.control.listChannels().filter((c) => c.connected).map((c) => c.id);
        return ids.length === 1 && ids[0] !== first[0];
      }, 6_000);
      expect(r.statuses).toEqual(['connected']);
      shortLived.sim.control.setPresence(userId, 'Busy');
      await until('an event on the renewed channel', () => events.length === 1);
    } finally {
      for (const started of rigs.splice(0)) {
        await started.hub.close();
        started.session.close();
      }
      await shortLived.sim.stop();
    }
  });
});
