import { afterEach, describe, expect, it } from 'vitest';
import type { Models } from 'purecloud-platform-client-v2';
import type { GenesysApis, GenesysSession } from '../genesys/session';
import { createMemoryLogger } from '../logging/logger';
import { createNotificationHub, type HubStatus, type NotificationHub, type WebSocketLike } from './hub';
import { createFakeClock, settle } from '../test-support/fake-clock';

/** Lets pending promise chains (fake requests, socket callbacks) run to completion. */

class FakeSocket implements WebSocketLike {
  readonly sent: string[] = [];
  closed = false;
  private readonly listeners = new Map<string, ((event: { data: unknown }) => void)[]>();
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.closed = true;
  }
  addEventListener(type: string, listener: (event: { data: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: 'open' | 'close' | 'error'): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ data: undefined });
  }
  deliver(topicName: string, eventBody: unknown): void {
    for (const listener of this.listeners.get('message') ?? []) listener({ data: JSON.stringify({ topicName, eventBody }) });
  }
}

/** A Genesys notifications API in memory: channels, their topics, and every request made. */
function fakeGenesys(clock: { now(): number }) {
  const channels = new Map<string, { topics: string[]; expires: number }>();
  const requests: { label: string; priority?: string; channelId?: string; topics?: string[] }[] = [];
  let created = 0;
  const faults = { createFails: 0, rejectTopics: new Set<string>() };
  const notifications = {
    async postNotificationsChannels(): Promise<Models.Channel> {
      if (faults.createFails > 0) {
        faults.createFails--;
        throw Object.assign(new Error('Service unavailable'), { status: 503 });
      }
      const id = `channel-${++created}`;
      const expires = clock.now() + 24 * 60 * 60_000;
      channels.set(id, { topics: [], expires });
      return { id, connectUri: `ws://sim/channels/${id}`, expires: new Date(expires).toISOString() };
    },
    async headNotificationsChannel(channelId: string): Promise<void> {
      if (!channels.has(channelId)) throw Object.assign(new Error('Not found'), { status: 404 });
    },
    async putNotificationsChannelSubscriptions(channelId: string, body: Models.ChannelTopic[]): Promise<Models.ChannelTopicEntityListing> {
      const channel = channels.get(channelId);
      if (!channel) throw Object.assign(new Error('Not found'), { status: 404 });
      channel.topics = body.map((topic) => topic.id ?? '');
      requests[requests.length - 1]!.topics = channel.topics;
      requests[requests.length - 1]!.channelId = channelId;
      return {
        entities: channel.topics.map((id) =>
          faults.rejectTopics.has(id) ? { id, state: 'Rejected', rejectionReason: 'missing permission' } : { id, state: 'Permitted' },
        ),
      };
    },
  };
  const session = {
    connectionId: 'conn-1',
    connectionName: 'Test org',
    principal: { kind: 'client', clientId: 'client-1' },
    request<T>(options: { label: string; priority: string }, run: (api: GenesysApis) => Promise<T>): Promise<T> {
      requests.push({ label: options.label, priority: options.priority });
      return run({ notifications } as unknown as GenesysApis);
    },
  } as unknown as GenesysSession;
  return { session, channels, requests, faults, puts: () => requests.filter((r) => r.label === 'notifications.subscribe') };
}

function setup(limits?: { maxTopicsPerChannel?: number; maxChannels?: number }) {
  const clock = createFakeClock();
  const genesys = fakeGenesys(clock);
  const sockets: FakeSocket[] = [];
  const log = createMemoryLogger();
  const hub = createNotificationHub({
    session: genesys.session,
    clock,
    log,
    limits,
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
  });
  const statuses: HubStatus[] = [];
  hub.onStatus((status) => statuses.push(status));
  /** Opens every socket not yet opened, as the server would. */
  const openAll = async () => {
    for (const socket of sockets) if (!socket.closed && !opened.has(socket)) {
      opened.add(socket);
      socket.emit('open');
    }
    await settle();
  };
  const opened = new Set<FakeSocket>();
  const liveSockets = () => sockets.filter((socket) => !socket.closed);
  return { clock, genesys, sockets, liveSockets, hub, statuses, openAll, log };
}

let current: NotificationHub | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

describe('notification hub', () => {
  it('creates one channel, subscribes after the socket opens and dispatches by topic case-insensitively', async () => {
    const t = setup();
    current = t.hub;
    const received: [string, unknown][] = [];
    const watch = t.hub.watch('calls', ['v2.users.A.conversations'], (topic, body) => received.push([topic, body]));
    expect(t.hub.status()).toBe('connecting');
    await t.clock.advance(25);
    expect(t.sockets.map((s) => s.url)).toEqual(['ws://sim/channels/channel-1']);
    expect(t.genesys.puts()).toHaveLength(0); // not before the socket is open
    await t.openAll();
    await watch.ready;
    expect(t.genesys.puts()).toEqual([{ label: 'notifications.subscribe', priority: 'normal', channelId: 'channel-1', topics: ['v2.users.A.conversations'] }]);
    expect(t.hub.status()).toBe('connected');
    t.sockets[0]!.deliver('V2.USERS.a.CONVERSATIONS', { id: 'conv' });
    t.sockets[0]!.deliver('v2.users.B.conversations', { id: 'other' });
    expect(received).toEqual([['V2.USERS.a.CONVERSATIONS', { id: 'conv' }]]);
  });

  it('coalesces watch changes in the same window into one PUT per channel', async () => {
    const t = setup();
    current = t.hub;
    const first = t.hub.watch('presence', ['v2.users.A.presence'], () => undefined);
    await t.clock.advance(25);
    await t.openAll();
    await first.ready;
    expect(t.genesys.puts()).toHaveLength(1);
    first.update(['v2.users.A.presence', 'v2.users.B.presence']);
    const second = t.hub.watch('calls', ['v2.users.C.conversations'], () => undefined);
    first.update(['v2.users.B.presence']);
    await t.clock.advance(25);
    await second.ready;
    expect(t.genesys.puts()).toHaveLength(2);
    expect(t.genesys.puts()[1]!.topics).toEqual(['v2.users.B.presence', 'v2.users.C.conversations']);
    second.release();
    await t.clock.advance(25);
    expect(t.genesys.puts()[2]!.topics).toEqual(['v2.users.B.presence']);
  });

  it('subscribes an urgent watch at once, at urgent priority, merging what else is pending into the same PUT', async () => {
    const t = setup();
    current = t.hub;
    const presence = t.hub.watch('presence', ['v2.users.A.presence'], () => undefined);
    await t.clock.advance(25);
    await t.openAll();
    await presence.ready;
    presence.update(['v2.users.A.presence', 'v2.users.B.presence']);
    const call = t.hub.watch('call-monitor', ['v2.users.C.conversations'], () => undefined, { urgent: true });
    // No time passes: the PUT goes now, not after the 25 ms window.
    await settle();
    await call.ready;
    expect(t.genesys.puts()).toHaveLength(2);
    expect(t.genesys.puts()[1]!.topics).toEqual(['v2.users.A.presence', 'v2.users.B.presence', 'v2.users.C.conversations']);
    expect(t.genesys.requests.filter((r) => r.label === 'notifications.subscribe').map((r) => r.priority)).toEqual(['normal', 'urgent']);
    // The window it cancelled does not fire a second, empty-handed PUT.
    await t.clock.advance(25);
    expect(t.genesys.puts()).toHaveLength(2);
  });

  it('still batches presence watches behind the window, at normal priority', async () => {
    const t = setup();
    current = t.hub;
    const first = t.hub.watch('presence', ['v2.users.A.presence'], () => undefined);
    await t.clock.advance(25);
    await t.openAll();
    await first.ready;
    const second = t.hub.watch('presence-2', ['v2.users.B.presence'], () => undefined);
    let ready = false;
    void second.ready.then(() => (ready = true));
    await t.clock.advance(24);
    expect(t.genesys.puts()).toHaveLength(1);
    expect(ready).toBe(false);
    await t.clock.advance(1);
    expect(ready).toBe(true);
    expect(t.genesys.puts()).toHaveLength(2);
    expect(t.genesys.requests.filter((r) => r.label === 'notifications.subscribe').map((r) => r.priority)).toEqual(['normal', 'normal']);
  });

  it('an urgent watch before the channel exists is subscribed as soon as the socket opens', async () => {
    const t = setup();
    current = t.hub;
    const call = t.hub.watch('call-monitor', ['v2.users.C.conversations'], () => undefined, { urgent: true });
    await settle();
    expect(t.sockets).toHaveLength(1); // the channel was created without waiting for the window
    await t.openAll();
    await call.ready;
    expect(t.clock.now() - Date.parse('2026-01-05T09:00:00.000Z')).toBe(0);
    expect(t.genesys.requests.find((r) => r.label === 'notifications.subscribe')?.priority).toBe('urgent');
  });

  it('resolves an urgent watch of topics another watch has live with no request, leaving pending work to its window', async () => {
    const t = setup();
    current = t.hub;
    const prepared = t.hub.watch('dial-prepare', ['v2.users.C.conversations', 'v2.users.C.conversations.calls'], () => undefined, { urgent: true });
    await settle();
    await t.openAll();
    await prepared.ready;
    expect(t.genesys.puts()).toHaveLength(1);
    const presence = t.hub.watch('presence', ['v2.users.A.presence'], () => undefined);
    const call = t.hub.watch('call-monitor', ['V2.USERS.C.CONVERSATIONS', 'v2.users.C.conversations.calls'], () => undefined, { urgent: true });
    let ready = false;
    void call.ready.then(() => (ready = true));
    await settle();
    expect(ready).toBe(true);
    expect(t.genesys.puts()).toHaveLength(1);
    // Handing over: releasing the first watch keeps the topics the second still wants.
    prepared.release();
    await t.clock.advance(25);
    await presence.ready;
    expect(t.genesys.puts()).toHaveLength(2);
    expect(t.genesys.puts()[1]!.topics).toEqual(['v2.users.C.conversations', 'v2.users.C.conversations.calls', 'v2.users.A.presence']);
    expect(t.genesys.requests.filter((r) => r.label === 'notifications.subscribe').map((r) => r.priority)).toEqual(['urgent', 'normal']);
  });

  it('asks again for a refused topic when an urgent watch waits on it, so its ready settles at once', async () => {
    const t = setup();
    current = t.hub;
    t.genesys.faults.rejectTopics.add('v2.users.C.conversations');
    const first = t.hub.watch('dial-prepare', ['v2.users.C.conversations'], () => undefined, { urgent: true });
    await settle();
    await t.openAll();
    await expect(first.ready).rejects.toThrow(/refused/);
    const second = t.hub.watch('call-monitor', ['v2.users.C.conversations'], () => undefined, { urgent: true });
    await expect(second.ready).rejects.toThrow(/refused/);
    expect(t.genesys.puts()).toHaveLength(2);
    expect(t.clock.now() - Date.parse('2026-01-05T09:00:00.000Z')).toBe(0);
  });

  it('reports the gap while Genesys has dropped our subscriptions, until they are back', async () => {
    const t = setup();
    current = t.hub;
    const watch = t.hub.watch('calls', ['v2.users.A.conversations'], () => undefined);
    await t.clock.advance(25);
    await t.openAll();
    await watch.ready;
    t.sockets[0]!.deliver('v2.system.no_longer_subscribed', {});
    expect(t.hub.status()).toBe('connecting');
    await settle();
    expect(t.hub.status()).toBe('connected');
    expect(t.statuses).toEqual(['connected', 'connecting', 'connected']);
    expect(t.genesys.puts()).toHaveLength(2);
  });

  it('shares a topic two owners watch and keeps it until both release it', async () => {
    const t = setup();
    current = t.hub;
    const got: string[] = [];
    const a = t.hub.watch('a', ['v2.users.A.presence'], () => got.push('a'));
    const b = t.hub.watch('b', ['v2.users.a.presence'], () => got.push('b'));
    await t.clock.advance(25);
    await t.openAll();
    await Promise.all([a.ready, b.ready]);
    expect(t.genesys.puts().at(-1)!.topics).toHaveLength(1);
    t.sockets[0]!.deliver('v2.users.A.presence', {});
    expect(got).toEqual(['a', 'b']);
    a.release();
    await t.clock.advance(25);
    expect(t.genesys.puts().at(-1)!.topics).toEqual(['v2.users.a.presence']);
  });

  it('spreads topics over channels within the per-channel limit and refuses more than all channels hold', async () => {
    const t = setup({ maxTopicsPerChannel: 3, maxChannels: 2 });
    current = t.hub;
    const topics = ['t1', 't2', 't3', 't4', 't5'].map((id) => `v2.users.${id}.presence`);
    const watch = t.hub.watch('presence', topics, () => undefined);
    await t.clock.advance(25);
    await t.openAll();
    await watch.ready;
    expect(t.genesys.channels.size).toBe(2);
    const sizes = [...t.genesys.channels.values()].map((channel) => channel.topics.length).sort();
    expect(sizes).toEqual([2, 3]);
    expect(() => watch.update([...topics, 'a', 'b'])).toThrowError(/6 live topics per app/);
    expect(() => t.hub.watch('more', ['x', 'y'], () => undefined)).toThrowError(expect.objectContaining({ code: 'notifications.tooManyTopics' }));
  });

  it('pings after two silent heartbeat intervals and reconnects when the ping goes unanswered', async () => {
    const t = setup();
    current = t.hub;
    const watch = t.hub.watch('calls', ['v2.users.A.conversations'], () => undefined);
    await t.clock.advance(25);
    await t.openAll();
    await watch.ready;
    await t.clock.advance(59_000);
    t.sockets[0]!.deliver('channel.metadata', { message: 'WebSocket Heartbeat' });
    await t.clock.advance(59_000);
    expect(t.sockets[0]!.sent).toEqual([]); // heartbeats kept it alive
    await t.clock.advance(1_000);
    expect(t.sockets[0]!.sent).toEqual(['{"message":"ping"}']);
    t.sockets[0]!.deliver('channel.metadata', { message: 'pong' });
    await t.clock.advance(10_000);
    expect(t.sockets[0]!.closed).toBe(false);
    await t.clock.advance(60_000 + 10_000);
    expect(t.sockets[0]!.closed).toBe(true);
    expect(t.statuses).toEqual(['connected', 'down']);
    // Reconnect after 1 s reuses the channel because HEAD answers 200.
    await t.clock.advance(1_000);
    expect(t.genesys.requests.map((r) => r.label)).toContain('notifications.checkChannel');
    expect(t.sockets).toHaveLength(2);
    expect(t.sockets[1]!.url).toBe(t.sockets[0]!.url);
    await t.openAll();
    expect(t.statuses).toEqual(['connected', 'down', 'connected']);
    expect(t.genesys.puts()).toHaveLength(2);
  });

  it('reconnects at once on socket_closing and makes a new channel when the old one is gone', async () => {
    const t = setup();
    current = t.hub;
    const got: unknown[] = [];
    const watch = t.hub.watch('calls', ['v2.users.A.conversations'], (_topic, body) => got.push(body));
    await t.clock.advance(25);
    await t.openAll();
    await watch.ready;
    t.genesys.channels.delete('channel-1');
    t.sockets[0]!.deliver('v2.system.socket_closing', {});
    expect(t.hub.status()).toBe('down');
    await t.clock.advance(0);
    expect(t.sockets).toHaveLength(2);
    expect(t.sockets[1]!.url).toBe('ws://sim/channels/channel-2');
    await t.openAll();
    expect(t.hub.status()).toBe('connected');
    expect(t.genesys.puts().at(-1)).toMatchObject({ channelId: 'channel-2', topics: ['v2.users.A.conversations'] });
    t.sockets[0]!.deliver('v2.users.A.conversations', 'late, from the old socket');
    t.sockets[1]!.deliver('v2.users.A.conversations', 'fresh');
    expect(got).toEqual(['fresh']);
  });

  it('backs off 1 s, 2 s, 4 s … up to 30 s while the channel cannot be created', async () => {
    const t = setup();
    current = t.hub;
    t.genesys.faults.createFails = 7;
    const watch = t.hub.watch('calls', ['v2.users.A.conversations'], () => undefined);
    await t.clock.advance(25);
    expect(t.hub.status()).toBe('down');
    const attemptTimes: number[] = [];
    const start = t.clock.now();
    for (let second = 0; second < 100; second++) {
      const before = t.genesys.requests.filter((r) => r.label === 'notifications.createChannel').length;
      await t.clock.advance(1_000);
      const after = t.genesys.requests.filter((r) => r.label === 'notifications.createChannel').length;
      if (after > before) attemptTimes.push(Math.round((t.clock.now() - start) / 1000));
    }
    // Failures at 0; retries 1, 2, 4, 8, 16, 30, 30 s apart; the 8th attempt succeeds.
    expect(attemptTimes).toEqual([1, 3, 7, 15, 31, 61, 91]);
    await t.openAll();
    await watch.ready;
    expect(t.hub.status()).toBe('connected');
  });

  it('renews the channel before it expires without a gap, then drops the old one', async () => {
    const t = setup();
    current = t.hub;
    const got: unknown[] = [];
    const watch = t.hub.watch('calls', ['v2.users.A.conversations'], (_topic, body) => got.push(body));
    await t.clock.advance(25);
    await t.openAll();
    await watch.ready;
    // Keep the socket alive with heartbeats through the day.
    for (let hour = 0; hour < 23; hour++) {
      for (let i = 0; i < 120; i++) {
        t.sockets[0]!.deliver('channel.metadata', { message: 'WebSocket Heartbeat' });
        await t.clock.advance(30_000);
      }
    }
    for (let i = 0; i < 100 && t.sockets.length === 1; i++) {
      t.sockets[0]!.deliver('channel.metadata', { message: 'WebSocket Heartbeat' });
      await t.clock.advance(30_000);
    }
    expect(t.sockets).toHaveLength(2);
    expect(t.sockets[1]!.url).toBe('ws://sim/channels/channel-2');
    expect(t.sockets[0]!.closed).toBe(false); // the old one serves until the new one is subscribed
    t.sockets[0]!.deliver('v2.users.A.conversations', 'old');
    await t.openAll();
    expect(t.sockets[0]!.closed).toBe(true);
    t.sockets[1]!.deliver('v2.users.A.conversations', 'new');
    expect(got).toEqual(['old', 'new']);
    expect(t.statuses).toEqual(['connected']); // no gap was ever reported
  });

  it('rejects ready when Genesys refuses a topic, so the consumer polls instead', async () => {
    const t = setup();
    current = t.hub;
    t.genesys.faults.rejectTopics.add('v2.users.B.conversations');
    const fine = t.hub.watch('a', ['v2.users.A.conversations'], () => undefined);
    const refused = t.hub.watch('b', ['v2.users.B.conversations'], () => undefined);
    await t.clock.advance(25);
    await t.openAll();
    await expect(fine.ready).resolves.toBeUndefined();
    await expect(refused.ready).rejects.toMatchObject({ code: 'notifications.topicRejected' });
    expect(t.log.lines.some((line) => line.includes('rejected a notification topic'))).toBe(true);
  });

  it('closes every socket and rejects pending readies on close', async () => {
    const t = setup();
    const watch = t.hub.watch('a', ['v2.users.A.conversations'], () => undefined);
    await t.clock.advance(25);
    await t.hub.close();
    await expect(watch.ready).rejects.toMatchObject({ code: 'notifications.closed' });
    expect(t.liveSockets()).toHaveLength(0);
    expect(t.hub.status()).toBe('down');
    expect(() => t.hub.watch('b', ['x'], () => undefined)).toThrowError(/closed/);
  });
});
