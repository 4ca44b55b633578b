import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createManualClock, type ManualClock } from '../../../src/sim/clock';
import { SimHttpError, type SimRequest, type SimResult, type TokenContext } from '../../../src/sim/kernel';
import { createNotificationsModule, type NotificationsConfig, type NotificationsModule } from '../../../src/sim/notifications';
import { Router } from '../../../src/sim/router';
import { connectSocket, type TestSocket } from './notifications-socket';

/**
 * The notifications module behind a bare HTTP server (REST handlers called directly, WebSocket
 * upgrades through handleUpgrade), on a manual clock so heartbeats and expiry are stepped exactly.
 */

const USERS = new Set(['u1', 'u2']);
const HEARTBEAT_MS = 5_000;
const TTL_MS = 10 * 60_000;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(overrides: Partial<NotificationsConfig> = {}) {
  const clock: ManualClock = createManualClock();
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  let port = 0;
  const notifications: NotificationsModule = createNotificationsModule({
    clock,
    wsBaseUrl: () => `ws://127.0.0.1:${port}`,
    config: { heartbeatMs: HEARTBEAT_MS, channelTtlMs: TTL_MS, maxChannels: 20, maxTopicsPerChannel: 1000, ...overrides },
    userExists: (id) => USERS.has(id),
  });
  server.on('upgrade', (req, socket, head) => {
    if (!notifications.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  cleanups.push(async () => {
    await notifications.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const router = new Router(notifications.routes);
  const defaultAuth: TokenContext = { token: 'token-a', clientId: 'client-a', userId: 'u1', grant: 'authorization_code', expiresAt: Infinity };

  async function call(method: string, url: string, body?: unknown, auth: TokenContext = defaultAuth): Promise<SimResult> {
    const parsed = new URL(url, 'http://sim');
    const match = router.match(method, parsed.pathname);
    if (match.kind !== 'found') throw new Error(`no route for ${method} ${url}`);
    const req: SimRequest = { method, path: parsed.pathname, params: match.params, query: parsed.searchParams, headers: {}, body, auth };
    return match.route.handler(req);
  }

  async function failure(promise: Promise<unknown>): Promise<SimHttpError> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!(error instanceof SimHttpError)) throw new Error(`expected a SimHttpError, got ${String(error)}`);
    return error;
  }

  async function createChannel(auth?: TokenContext): Promise<{ id: string; connectUri: string; expires: string }> {
    return (await call('POST', '/api/v2/notifications/channels', undefined, auth)).body as { id: string; connectUri: string; expires: string };
  }

  return { clock, port, notifications, call, failure, createChannel, defaultAuth };
}

async function connect(url: string): Promise<TestSocket> {
  const client = await connectSocket(url);
  cleanups.push(() => client.socket.terminate());
  return client;
}

describe('notifications: channels over REST', () => {
  it('creates a channel with a loopback connectUri and the configured expiry', async () => {
    const sim = await setup();
    const channel = await sim.createChannel();
    expect(channel.id).toMatch(/^streaming-0-[0-9a-f]{32}$/);
    expect(channel.connectUri).toBe(`ws://127.0.0.1:${sim.port}/channels/${channel.id}`);
    expect(Date.parse(channel.expires)).toBe(sim.clock.now() + TTL_MS);
    expect((await sim.call('HEAD', `/api/v2/notifications/channels/${channel.id}`)).status).toBe(200);
    expect((await sim.call('HEAD', '/api/v2/notifications/channels/nope')).status).toBe(404);
  });

  it('lists channels per token by default and per OAuth client with includechannels=oauthclient', async () => {
    const sim = await setup();
    const other: TokenContext = { ...sim.defaultAuth, token: 'token-b', userId: 'u2' };
    const mine = await sim.createChannel();
    const theirs = await sim.createChannel(other);
    const byToken = (await sim.call('GET', '/api/v2/notifications/channels')).body as { entities: Array<{ id: string }> };
    expect(byToken.entities.map((c) => c.id)).toEqual([mine.id]);
    const byClient = (await sim.call('GET', '/api/v2/notifications/channels?includechannels=oauthclient')).body as { entities: Array<{ id: string }> };
    expect(byClient.entities.map((c) => c.id)).toEqual([mine.id, theirs.id]);
    const error = await sim.failure(sim.call('GET', '/api/v2/notifications/channels?includechannels=everything'));
    expect(error.code).toBe('bad.request');
  });

  it('evicts the oldest-used idle channel when a 21st is created, connected ones last', async () => {
    const sim = await setup();
    const first = await sim.createChannel();
    await connect(first.connectUri);
    const created = [first];
    for (let i = 1; i < 20; i++) {
      sim.clock.advance(1_000);
      created.push(await sim.createChannel());
    }
    sim.clock.advance(1_000);
    await sim.createChannel();
    // The first channel is the oldest, but it has a connection; the oldest idle one goes.
    expect((await sim.call('HEAD', `/api/v2/notifications/channels/${first.id}`)).status).toBe(200);
    expect((await sim.call('HEAD', `/api/v2/notifications/channels/${created[1]?.id}`)).status).toBe(404);
    expect(sim.notifications.controls.listChannels().filter((c) => c.clientId === 'client-a' && c.userId === 'u1')).toHaveLength(20);
  });

  it('evicts the oldest-used channel when every channel has a connection', async () => {
    const sim = await setup({ maxChannels: 2 });
    const older = await sim.createChannel();
    const olderSocket = await connect(older.connectUri);
    sim.clock.advance(1_000);
    const newer = await sim.createChannel();
    await connect(newer.connectUri);
    sim.clock.advance(1_000);
    await sim.createChannel();
    expect(await olderSocket.closed()).toEqual({ code: 1000 });
    expect((await sim.call('HEAD', `/api/v2/notifications/channels/${older.id}`)).status).toBe(404);
    expect((await sim.call('HEAD', `/api/v2/notifications/channels/${newer.id}`)).status).toBe(200);
  });

  it('counts the 20-channel limit per (client, user)', async () => {
    const sim = await setup({ maxChannels: 2 });
    const a1 = await sim.createChannel();
    await sim.createChannel();
    await sim.createChannel({ ...sim.defaultAuth, userId: 'u2', token: 'token-u2' });
    expect((await sim.call('HEAD', `/api/v2/notifications/channels/${a1.id}`)).status).toBe(200);
    await sim.createChannel();
    expect((await sim.call('HEAD', `/api/v2/notifications/channels/${a1.id}`)).status).toBe(404);
  });
});

describe('notifications: subscriptions', () => {
  it('PUT replaces, POST adds, GET lists, DELETE clears; names are canonicalised', async () => {
    const sim = await setup();
    const { id } = await sim.createChannel();
    const url = `/api/v2/notifications/channels/${id}/subscriptions`;
    const put = await sim.call('PUT', url, [{ id: 'V2.USERS.u1.PRESENCE' }, { id: 'v2.users.u1.routingstatus' }]);
    expect(put.body).toEqual({
      entities: [
        { id: 'v2.users.u1.presence', state: 'Permitted' },
        { id: 'v2.users.u1.routingStatus', state: 'Permitted' },
      ],
    });
    await sim.call('POST', url, [{ id: 'v2.users.u2.conversations.calls' }, { id: 'v2.users.u1.presence' }]);
    expect(((await sim.call('GET', url)).body as { entities: Array<{ id: string }> }).entities.map((t) => t.id)).toEqual([
      'v2.users.u1.presence',
      'v2.users.u1.routingStatus',
      'v2.users.u2.conversations.calls',
    ]);
    await sim.call('PUT', url, [{ id: 'v2.users.u2.station' }]);
    expect(((await sim.call('GET', url)).body as { entities: Array<{ id: string }> }).entities.map((t) => t.id)).toEqual(['v2.users.u2.station']);
    expect((await sim.call('DELETE', url)).status).toBe(204);
    expect((await sim.call('GET', url)).body).toEqual({ entities: [] });
  });

  it('rejects an invalid topic with 400 notification.invalid.topic, or as Rejected with ignoreErrors=true', async () => {
    const sim = await setup();
    const { id } = await sim.createChannel();
    const url = `/api/v2/notifications/channels/${id}/subscriptions`;
    for (const topic of ['v2.users.u1.mood', 'v2.users.ghost.presence', 'presence']) {
      const error = await sim.failure(sim.call('PUT', url, [{ id: 'v2.users.u1.presence' }, { id: topic }]));
      expect([error.status, error.code]).toEqual([400, 'notification.invalid.topic']);
    }
    expect((await sim.call('GET', url)).body).toEqual({ entities: [] });
    const lenient = (await sim.call('PUT', `${url}?ignoreErrors=true`, [{ id: 'v2.users.u1.presence' }, { id: 'v2.users.u1.mood' }])).body as {
      entities: Array<{ id: string; state: string; rejectionReason?: string }>;
    };
    expect(lenient.entities.map((t) => [t.id, t.state])).toEqual([
      ['v2.users.u1.presence', 'Permitted'],
      ['v2.users.u1.mood', 'Rejected'],
    ]);
    expect(lenient.entities[1]?.rejectionReason).toMatch(/Unknown topic/);
  });

  it('enforces 1,000 topics per channel with 400 notification.subscription.too.many.subscriptions', async () => {
    const users = Array.from({ length: 1001 }, (_, i) => `user${i}`);
    for (const user of users) USERS.add(user);
    try {
      const sim = await setup();
      const { id } = await sim.createChannel();
      const url = `/api/v2/notifications/channels/${id}/subscriptions`;
      const topics = users.map((user) => ({ id: `v2.users.${user}.presence` }));
      const ok = (await sim.call('PUT', url, topics.slice(0, 1000))).body as { entities: unknown[] };
      expect(ok.entities).toHaveLength(1000);
      const error = await sim.failure(sim.call('POST', url, topics.slice(1000)));
      expect([error.status, error.code, error.extra.messageParams?.limit]).toEqual([400, 'notification.subscription.too.many.subscriptions', '1000']);
      expect(((await sim.call('GET', url)).body as { entities: unknown[] }).entities).toHaveLength(1000);
    } finally {
      for (const user of users) USERS.delete(user);
    }
  });

  it("answers 404 for another client's channel and 400 for a body that is not a topic list", async () => {
    const sim = await setup();
    const { id } = await sim.createChannel();
    const url = `/api/v2/notifications/channels/${id}/subscriptions`;
    const stranger = await sim.failure(sim.call('GET', url, undefined, { ...sim.defaultAuth, clientId: 'client-b' }));
    expect([stranger.status, stranger.code]).toEqual([404, 'not.found']);
    const bad = await sim.failure(sim.call('PUT', url, { id: 'v2.users.u1.presence' }));
    expect([bad.status, bad.code]).toEqual([400, 'bad.request']);
  });
});

describe('notifications: the WebSocket', () => {
  it('sends heartbeats every heartbeatMs and answers ping with pong', async () => {
    const sim = await setup();
    const client = await connect((await sim.createChannel()).connectUri);
    sim.clock.advance(HEARTBEAT_MS - 1);
    expect(await client.drain()).toEqual([]);
    sim.clock.advance(1);
    expect(await client.next('the first heartbeat')).toEqual({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } });
    sim.clock.advance(HEARTBEAT_MS * 2);
    expect((await client.drain()).map((m) => m.eventBody.message)).toEqual(['WebSocket Heartbeat', 'WebSocket Heartbeat']);
  });

  it('delivers subscribed topics only, in publish order, in the Genesys envelope', async () => {
    const sim = await setup();
    const channel = await sim.createChannel();
    await sim.call('PUT', `/api/v2/notifications/channels/${channel.id}/subscriptions`, [
      { id: 'v2.users.u1.presence' },
      { id: 'v2.users.u1.conversations.calls' },
    ]);
    const client = await connect(channel.connectUri);
    const { bus } = sim.notifications;
    bus.publish('v2.users.u1.presence', { presenceDefinition: { systemPresence: 'AVAILABLE' } });
    bus.publish('v2.users.u2.presence', { presenceDefinition: { systemPresence: 'BUSY' } });
    bus.publish('v2.users.u1.conversations.calls', { id: 'c1', step: 1 });
    bus.publish('v2.users.u1.conversations.calls', { id: 'c1', step: 2 });
    bus.publish('v2.users.u1.routingStatus', { routingStatus: { status: 'IDLE' } });
    const received = await client.drain();
    expect(received.map((m) => m.topicName)).toEqual(['v2.users.u1.presence', 'v2.users.u1.conversations.calls', 'v2.users.u1.conversations.calls']);
    expect(received[2]).toMatchObject({ version: '2', eventBody: { id: 'c1', step: 2 }, metadata: { CorrelationId: expect.any(String) } });
  });

  it('pushes one event to every channel subscribed to its topic', async () => {
    const sim = await setup();
    const other: TokenContext = { ...sim.defaultAuth, token: 'token-b', clientId: 'client-b', userId: 'u2' };
    const first = await sim.createChannel();
    const second = await sim.createChannel(other);
    await sim.call('PUT', `/api/v2/notifications/channels/${first.id}/subscriptions`, [{ id: 'v2.users.u1.station' }]);
    await sim.call('PUT', `/api/v2/notifications/channels/${second.id}/subscriptions`, [{ id: 'v2.users.u1.station' }], other);
    const [a, b] = [await connect(first.connectUri), await connect(second.connectUri)];
    sim.notifications.bus.publish('v2.users.u1.station', { associatedStation: { id: 's1' } });
    for (const client of [a, b]) {
      expect((await client.drain()).map((m) => m.eventBody)).toEqual([{ associatedStation: { id: 's1' } }]);
    }
  });

  it('sends v2.system.socket_closing, then closes after the notice period', async () => {
    const sim = await setup();
    const client = await connect((await sim.createChannel()).connectUri);
    expect(sim.notifications.controls.closeSocketsWithNotice(30_000)).toBe(1);
    const notice = await client.next('socket_closing');
    expect(notice).toMatchObject({ topicName: 'v2.system.socket_closing', eventBody: { systemTopicType: 'socket_closing' } });
    sim.clock.advance(29_999);
    expect((await client.drain()).filter((m) => m.topicName !== 'channel.metadata')).toEqual([]);
    sim.clock.advance(1);
    expect(await client.closed()).toEqual({ code: 1001 });
  });

  it('dropSockets cuts the connection without a close frame; the channel survives for a reconnect', async () => {
    const sim = await setup();
    const channel = await sim.createChannel();
    const client = await connect(channel.connectUri);
    expect(sim.notifications.controls.dropSockets()).toBe(1);
    expect(await client.closed()).toEqual({ code: 1006 });
    expect((await sim.call('HEAD', `/api/v2/notifications/channels/${channel.id}`)).status).toBe(200);
    const again = await connect(channel.connectUri);
    expect(await again.drain()).toEqual([]);
  });

  it('keeps one connection per channel: a newer one replaces the older', async () => {
    const sim = await setup();
    const channel = await sim.createChannel();
    await sim.call('PUT', `/api/v2/notifications/channels/${channel.id}/subscriptions`, [{ id: 'v2.users.u1.presence' }]);
    const older = await connect(channel.connectUri);
    const newer = await connect(channel.connectUri);
    expect(await older.closed()).toEqual({ code: 1000 });
    sim.notifications.bus.publish('v2.users.u1.presence', { message: 'hello' });
    expect((await newer.drain()).map((m) => m.eventBody.message)).toEqual(['hello']);
  });

  it('refuses an upgrade for an unknown channel with 404 and leaves other paths to the server', async () => {
    const sim = await setup();
    const socket = new WebSocket(`ws://127.0.0.1:${sim.port}/channels/streaming-0-nope`);
    const error = await new Promise<Error>((resolve) => socket.once('error', resolve));
    expect(error.message).toMatch(/404/);
    const other = new WebSocket(`ws://127.0.0.1:${sim.port}/elsewhere`);
    const otherError = await new Promise<Error>((resolve) => other.once('error', resolve));
    expect(otherError.message).toMatch(/socket hang up|ECONNRESET/);
  });
});

describe('notifications: channel expiry', () => {
  it('warns a minute ahead, then expires the channel after channelTtlMs: socket closed, HEAD 404', async () => {
    const sim = await setup();
    const channel = await sim.createChannel();
    const client = await connect(channel.connectUri);
    sim.clock.advance(TTL_MS - 60_000 - 1);
    expect((await client.drain()).filter((m) => m.topicName !== 'channel.metadata')).toEqual([]);
    sim.clock.advance(1);
    expect((await client.drain()).map((m) => m.topicName).filter((t) => t !== 'channel.metadata')).toEqual(['v2.system.socket_closing']);
    sim.clock.advance(60_000);
    expect(await client.closed()).toEqual({ code: 1000 });
    expect((await sim.call('HEAD', `/api/v2/notifications/channels/${channel.id}`)).status).toBe(404);
  });

  it('resubscribing extends the channel by channelTtlMs', async () => {
    const sim = await setup();
    const channel = await sim.createChannel();
    sim.clock.advance(TTL_MS - 1_000);
    const put = await sim.call('PUT', `/api/v2/notifications/channels/${channel.id}/subscriptions`, [{ id: 'v2.users.u1.presence' }]);
    expect(put.status).toBe(200);
    sim.clock.advance(TTL_MS - 1);
    expect((await sim.call('HEAD', `/api/v2/notifications/channels/${channel.id}`)).status).toBe(200);
    const listed = ((await sim.call('GET', '/api/v2/notifications/channels')).body as { entities: Array<{ expires: string }> }).entities[0];
    expect(Date.parse(listed?.expires ?? '')).toBe(sim.clock.now() + 1);
    sim.clock.advance(1);
    expect((await sim.call('HEAD', `/api/v2/notifications/channels/${channel.id}`)).status).toBe(404);
  });

  it('expireChannel ends a channel at once', async () => {
    const sim = await setup();
    const channel = await sim.createChannel();
    const client = await connect(channel.connectUri);
    sim.notifications.controls.expireChannel(channel.id);
    expect(await client.closed()).toEqual({ code: 1000 });
    expect(() => sim.notifications.controls.expireChannel(channel.id)).toThrow(SimHttpError);
  });
});
