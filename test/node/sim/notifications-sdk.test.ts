import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, startSimulator, type ManualClock, type SimHandle } from '../../../src/sim';
import { callConversationEventSchema, conversationEventSchema } from '../../../src/sim/calls/schemas';
import {
  channelListingSchema,
  channelMetadataSchema,
  channelSchema,
  channelTopicListingSchema,
  topicEnvelopeSchema,
} from '../../../src/sim/notifications/schemas';
import { createSdkClient, loginClientCredentials, sdkApis, type SdkApis } from '../../support/sdk';
import { connectSocket, type NotificationMessage, type TestSocket } from './notifications-socket';

/**
 * The notification service through the real SDK and a `ws` client against a running simulator
 * (large seed, so a channel can be offered more than 1,000 real user topics), on a manual clock.
 */

const HEARTBEAT_MS = 5_000;
let sim: SimHandle;
let clock: ManualClock;
let api: SdkApis;
/** Extended responses carry the status even when the body is empty, as a HEAD's is. */
let extended: SdkApis;
let userIds: string[];
let agentId: string;
const sockets: TestSocket[] = [];

async function sdkError(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
  return (await promise.then(
    () => {
      throw new Error('expected the SDK to reject');
    },
    (caught: unknown) => caught,
  )) as { status: number; code: string };
}

async function headStatus(channelId: string): Promise<number> {
  const outcome = (await extended.notifications.headNotificationsChannel(channelId).then(
    (value: unknown) => value,
    (caught: unknown) => caught,
  )) as { status: number };
  return outcome.status;
}

async function openChannel(topics: string[]): Promise<{ id: string; socket: TestSocket }> {
  const channel = channelSchema.parse(await api.notifications.postNotificationsChannels());
  channelTopicListingSchema.parse(await api.notifications.putNotificationsChannelSubscriptions(channel.id, topics.map((id) => ({ id }))));
  const socket = await connectSocket(channel.connectUri ?? '');
  sockets.push(socket);
  return { id: channel.id, socket };
}

const events = (messages: NotificationMessage[]): NotificationMessage[] => messages.filter((m) => m.topicName !== 'channel.metadata');

beforeAll(async () => {
  clock = createManualClock();
  sim = await startSimulator({ clock, seed: 'large', config: { heartbeatMs: HEARTBEAT_MS } });
  const client = createSdkClient(sim.url);
  await loginClientCredentials(client, sim);
  api = sdkApis(client);
  const extendedClient = createSdkClient(sim.url);
  await loginClientCredentials(extendedClient, sim);
  extendedClient.setReturnExtendedResponses(true);
  extended = sdkApis(extendedClient);
  userIds = [];
  for (let pageNumber = 1; userIds.length < 1_001; pageNumber++) {
    const page = await api.users.getUsers({ pageSize: 500, pageNumber, expand: ['station'] });
    userIds.push(...(page.entities ?? []).flatMap((user) => (user.id ? [user.id] : [])));
  }
  const page = await api.users.getUsers({ pageSize: 100, expand: ['station'] });
  const agent = (page.entities ?? []).find((user) => user.station?.associatedStation?.id);
  if (!agent?.id) throw new Error('no agent with a station in the large seed');
  agentId = agent.id;
  sim.control.setAnswerMode(agentId, 'auto');
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.socket.terminate();
});

afterAll(async () => {
  await sim?.stop();
});

describe('notifications through the SDK', () => {
  it('creates, lists and HEADs a channel whose connectUri points at the simulator', async () => {
    const channel = channelSchema.parse(await api.notifications.postNotificationsChannels());
    expect(channel.connectUri).toBe(`ws://127.0.0.1:${sim.port}/channels/${channel.id}`);
    const listed = channelListingSchema.parse(await api.notifications.getNotificationsChannels({ includechannels: 'token' }));
    expect(listed.entities.map((c) => c.id)).toContain(channel.id);
    expect(await headStatus(channel.id)).toBe(200);
    expect(await headStatus('streaming-0-missing')).toBe(404);
  });

  it('subscriptions: PUT/POST/GET/DELETE with Permitted and Rejected results, and the invalid-topic 400', async () => {
    const channel = channelSchema.parse(await api.notifications.postNotificationsChannels());
    const put = channelTopicListingSchema.parse(
      await api.notifications.putNotificationsChannelSubscriptions(channel.id, [{ id: `v2.users.${agentId}.presence` }]),
    );
    expect(put.entities).toEqual([{ id: `v2.users.${agentId}.presence`, state: 'Permitted' }]);
    const post = channelTopicListingSchema.parse(
      await api.notifications.postNotificationsChannelSubscriptions(channel.id, [{ id: `v2.users.${agentId}.nonsense` }], { ignoreErrors: true }),
    );
    expect(post.entities.map((t) => t.state)).toEqual(['Permitted', 'Rejected']);
    const invalid = await sdkError(api.notifications.postNotificationsChannelSubscriptions(channel.id, [{ id: 'v2.users.nobody.presence' }]));
    expect([invalid.status, invalid.code]).toEqual([400, 'notification.invalid.topic']);
    await api.notifications.deleteNotificationsChannelSubscriptions(channel.id);
    expect(channelTopicListingSchema.parse(await api.notifications.getNotificationsChannelSubscriptions(channel.id)).entities).toEqual([]);
  });

  it('enforces 1,000 topics per channel with 400 notification.subscription.too.many.subscriptions', async () => {
    const channel = channelSchema.parse(await api.notifications.postNotificationsChannels());
    const topics = userIds.slice(0, 1_001).map((id) => ({ id: `v2.users.${id}.presence` }));
    const error = await sdkError(api.notifications.putNotificationsChannelSubscriptions(channel.id, topics));
    expect([error.status, error.code]).toEqual([400, 'notification.subscription.too.many.subscriptions']);
    const accepted = channelTopicListingSchema.parse(await api.notifications.putNotificationsChannelSubscriptions(channel.id, topics.slice(0, 1_000)));
    expect(accepted.entities).toHaveLength(1_000);
  });
});

describe('the notification WebSocket', () => {
  it('sends heartbeats at the configured interval and answers ping with pong', async () => {
    const { socket } = await openChannel([`v2.users.${agentId}.presence`]);
    clock.advance(HEARTBEAT_MS - 1);
    expect(await socket.drain()).toEqual([]);
    clock.advance(1);
    channelMetadataSchema.parse(await socket.next('a heartbeat'));
    clock.advance(HEARTBEAT_MS);
    expect((await socket.drain()).map((m) => channelMetadataSchema.parse(m).eventBody.message)).toEqual(['WebSocket Heartbeat']);
  });

  it('delivers presence, routing status and every call state change, in order', async () => {
    const { socket } = await openChannel([
      `v2.users.${agentId}.presence`,
      `v2.users.${agentId}.routingStatus`,
      `v2.users.${agentId}.conversations`,
      `v2.users.${agentId}.conversations.calls`,
    ]);
    sim.control.setPresence(agentId, 'On Queue');
    sim.control.setRoutingStatus(agentId, 'INTERACTING');
    const created = await api.conversations.postConversationsCallsUserUserId(agentId, { phoneNumber: '+13175550000' });
    // …0000: agent answers after 1 s, customer after 2 s more, and hangs up 10 s after that.
    clock.advance(13_000);
    const received = events(await socket.drain()).map((m) => topicEnvelopeSchema.parse(m));
    const presence = received.find((m) => m.topicName === `v2.users.${agentId}.presence`);
    expect(presence?.eventBody).toMatchObject({ presenceDefinition: { systemPresence: expect.any(String) } });

    const flat = received
      .filter((m) => m.topicName === `v2.users.${agentId}.conversations.calls`)
      .map((m) => callConversationEventSchema.parse(m.eventBody));
    expect(flat.every((body) => body.id === created.id)).toBe(true);
    expect(flat.map((body) => body.participants.map((p) => `${p.purpose}:${p.state}`).join(' '))).toEqual([
      'agent:contacting',
      'agent:connected',
      'agent:connected customer:dialing',
      'agent:connected customer:connected',
      'agent:disconnected customer:disconnected',
    ]);
    const nested = received
      .filter((m) => m.topicName === `v2.users.${agentId}.conversations`)
      .map((m) => conversationEventSchema.parse(m.eventBody));
    expect(nested.at(-1)?.participants.map((p) => `${p.purpose}:${p.calls[0]?.state}/${p.calls[0]?.disconnectType}`)).toEqual([
      'agent:disconnected/peer',
      'customer:disconnected/endpoint',
    ]);
    const routing = received.filter((m) => m.topicName === `v2.users.${agentId}.routingStatus`).at(-1);
    expect(routing?.eventBody).toMatchObject({ id: agentId, routingStatus: { status: 'INTERACTING' } });
    // Published in this order, so delivered in this order: presence, routing status, then the call.
    const firstIndex = (suffix: string): number => received.findIndex((m) => m.topicName === `v2.users.${agentId}.${suffix}`);
    expect(firstIndex('presence')).toBeGreaterThanOrEqual(0);
    expect(firstIndex('presence')).toBeLessThan(firstIndex('routingStatus'));
    expect(firstIndex('routingStatus')).toBeLessThan(firstIndex('conversations.calls'));
  });

  it('sends v2.system.socket_closing before a planned close; the channel can be reopened', async () => {
    const { id, socket } = await openChannel([`v2.users.${agentId}.presence`]);
    expect(sim.control.closeSocketsWithNotice(10_000)).toBeGreaterThanOrEqual(1);
    const notice = topicEnvelopeSchema.parse(await socket.next('socket_closing'));
    expect(notice).toMatchObject({ topicName: 'v2.system.socket_closing', eventBody: { channelId: id } });
    clock.advance(10_000);
    expect(await socket.closed()).toEqual({ code: 1001 });
    expect(await headStatus(id)).toBe(200);
    const reopened = await connectSocket(`ws://127.0.0.1:${sim.port}/channels/${id}`);
    sockets.push(reopened);
    sim.control.setPresence(agentId, 'Available');
    expect(events(await reopened.drain()).map((m) => m.topicName)).toEqual([`v2.users.${agentId}.presence`]);
  });

  it('dropSockets closes abruptly and expireChannel ends the channel (HEAD 404)', async () => {
    const first = await openChannel([`v2.users.${agentId}.presence`]);
    sim.control.dropSockets();
    expect(await first.socket.closed()).toEqual({ code: 1006 });
    const second = await openChannel([`v2.users.${agentId}.presence`]);
    sim.control.expireChannel(second.id);
    expect(await second.socket.closed()).toEqual({ code: 1000 });
    expect(await headStatus(second.id)).toBe(404);
  });
});
