import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { smallSeed } from '../../../src/sim/seed';
import { startSimulator, type SimHandle } from '../../../src/sim/index';
import { createSdkClient, loginClientCredentials, sdkApis, type SdkApis } from '../../support/sdk';

/** The server's wiring: org changes reach the notifications module's sockets, in order. */
let sim: SimHandle;
let api: SdkApis;
const seed = smallSeed(1);
const userId = seed.users.find((u) => u.name === 'Hannah Schmidt')?.id ?? '';

beforeEach(async () => {
  sim = await startSimulator();
  const client = createSdkClient(sim.url);
  await loginClientCredentials(client, sim);
  api = sdkApis(client);
});
afterEach(async () => {
  await sim.stop();
});

interface Envelope {
  topicName: string;
  eventBody: Record<string, unknown>;
}

async function openChannel(topics: string[]): Promise<{ socket: WebSocket; next(topicPrefix: string): Promise<Envelope> }> {
  const channel = await api.notifications.postNotificationsChannels();
  const result = await api.notifications.putNotificationsChannelSubscriptions(channel.id ?? '', topics.map((id) => ({ id })));
  expect(result.entities?.map((e) => e.id)).toEqual(topics);
  const socket = new WebSocket(channel.connectUri ?? '');
  const queue: Envelope[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data: WebSocket.RawData) => {
    queue.push(JSON.parse(data.toString()) as Envelope);
    waiters.splice(0).forEach((wake) => wake());
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const next = async (topicPrefix: string): Promise<Envelope> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const index = queue.findIndex((e) => e.topicName.startsWith(topicPrefix));
      if (index >= 0) return queue.splice(index, 1)[0] as Envelope;
      if (Date.now() > deadline) throw new Error(`no ${topicPrefix} event within 5 s`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  return { socket, next };
}

describe('presence, routing status and station changes are pushed', () => {
  it('sends presence then routingStatus events when an agent goes On Queue over REST', async () => {
    const { socket, next } = await openChannel([`v2.users.${userId}.presence`, `v2.users.${userId}.routingStatus`]);
    const definitions = await api.presence.getPresenceDefinitions0();
    const onQueue = definitions.entities?.find((d) => d.systemPresence === 'On Queue')?.id;
    await api.presence.patchUserPresencesPurecloud(userId, { presenceDefinition: { id: onQueue } });
    const presence = await next(`v2.users.${userId}.presence`);
    expect(presence.eventBody).toMatchObject({ source: 'PURECLOUD', presenceDefinition: { id: onQueue, systemPresence: 'ON_QUEUE' } });
    const routing = await next(`v2.users.${userId}.routingStatus`);
    expect(routing.eventBody).toMatchObject({ id: userId, routingStatus: { status: 'IDLE' } });
    socket.close();
  });

  it('pushes station changes made through the control, and the WebSocket drops on restart', async () => {
    const { socket, next } = await openChannel([`v2.users.${userId}.station`]);
    sim.control.setStation(userId, null);
    expect((await next(`v2.users.${userId}.station`)).eventBody).toEqual({ associatedStation: {} });
    expect((await api.users.getUserStation(userId)).associatedStation).toBeUndefined();
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    sim.control.restart();
    await closed;
  });
});
