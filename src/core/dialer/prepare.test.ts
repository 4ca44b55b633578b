/**
 * Preparing the picked agent ahead of Call: the real notification hub over a fake socket and a
 * scripted Genesys that logs every request, so the tests can say which requests a dial still
 * makes before its POST. Time is a fake clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Models } from 'purecloud-platform-client-v2';
import type { GenesysApis, GenesysSession } from '../genesys/session';
import { createMemoryLogger } from '../logging/logger';
import { createNotificationHub, type NotificationHub, type WebSocketLike } from '../notifications/hub';
import { createDialer } from './service';
import { createFakeClock } from '../test-support/fake-clock';
import { createTestStateHub } from '../test-support/fakes';


/** Opens itself as soon as the hub listens and answers pings, as a healthy server would. */
class FakeSocket implements WebSocketLike {
  closed = false;
  private readonly onMessage: ((event: { data: unknown }) => void)[] = [];
  send(): void {
    queueMicrotask(() => {
      for (const listener of this.onMessage) listener({ data: JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'pong' } }) });
    });
  }
  close(): void {
    this.closed = true;
  }
  addEventListener(type: string, listener: (event: { data: unknown }) => void): void {
    if (type === 'open') queueMicrotask(() => listener({ data: undefined }));
    if (type === 'message') this.onMessage.push(listener);
  }
}

const NUMBER = '+13175550100';

function setup() {
  const clock = createFakeClock();
  const log = createMemoryLogger();
  /** Every request, in order, as "label subject". */
  const requests: string[] = [];
  const subscribedTopics: string[][] = [];
  const faults: { checkFails?: boolean } = {};
  const api = {
    users: {
      getUser: async (id: string): Promise<Models.User> => {
        if (faults.checkFails) throw Object.assign(new Error('Service unavailable'), { status: 503, code: 'service.unavailable', outcomeUnknown: true });
        return {
          version: 1,
          id,
          name: `Agent ${id}`,
          presence: { presenceDefinition: { systemPresence: 'Available' } },
          routingStatus: { status: 'OFF_QUEUE' },
          station: { associatedStation: { id: 'station-1' } },
        };
      },
    },
    conversations: {
      postConversationsCallsUserUserId: async (userId: string): Promise<Models.CreateCallResponse> => ({ id: `conv-${userId}` }),
      getConversationsCall: async (id: string): Promise<Models.CallConversation> => ({ id, participants: [] }),
    },
    notifications: {
      postNotificationsChannels: async (): Promise<Models.Channel> => ({ id: 'channel-1', connectUri: 'ws://sim/channel-1', expires: new Date(clock.now() + 86_400_000).toISOString() }),
      putNotificationsChannelSubscriptions: async (_id: string, body: Models.ChannelTopic[]): Promise<Models.ChannelTopicEntityListing> => {
        subscribedTopics.push(body.map((topic) => topic.id ?? ''));
        return { entities: body.map((topic) => ({ id: topic.id, state: 'Permitted' })) };
      },
    },
  };
  const session = {
    connectionId: 'conn-1',
    connectionName: 'Test org',
    principal: { kind: 'client', clientId: 'client-1' },
    request<T>(opts: { label: string }, run: (apis: GenesysApis) => Promise<T>): Promise<T> {
      requests.push(opts.label);
      return run(api as unknown as GenesysApis);
    },
  } as unknown as GenesysSession;
  const notifications: NotificationHub = createNotificationHub({ session, clock, log, createSocket: () => new FakeSocket() });
  const hub = createTestStateHub();
  let ids = 0;
  let signedIn = true;
  const dialer = createDialer({
    session: () => (signedIn ? session : null),
    notifications: () => (signedIn ? notifications : null),
    settings: { get: () => hub.app().settings },
    recents: { add: async () => undefined, update: async () => undefined },
    audit: { record: async () => undefined },
    hub,
    clock,
    log,
    newId: () => `call-${++ids}`,
  });
  open.push(notifications);
  /** The requests made before the dial's POST, from `from` on. */
  const beforePost = (from: number): string[] => {
    const slice = requests.slice(from);
    const post = slice.indexOf('dial.place');
    return post < 0 ? slice : slice.slice(0, post);
  };
  const topicsNow = (): string[] => subscribedTopics.at(-1) ?? [];
  const signOut = () => {
    signedIn = false;
  };
  return { clock, dialer, requests, beforePost, topicsNow, faults, log, signOut, notifications };
}

const open: NotificationHub[] = [];
afterEach(async () => {
  for (const hub of open.splice(0)) await hub.close();
});

describe('preparing the picked agent', () => {
  it('subscribes and checks the agent, so a fresh dial makes no agent GET and no PUT before its POST', async () => {
    const t = setup();
    await t.dialer.prepare('agent-ada');
    expect(t.requests).toEqual(['notifications.createChannel', 'dial.checkAgent', 'notifications.subscribe']);
    expect(t.topicsNow()).toEqual(['v2.users.agent-ada.conversations', 'v2.users.agent-ada.conversations.calls']);
    await t.clock.advance(5_000);
    const from = t.requests.length;
    const outcome = await t.dialer.place({ number: NUMBER, agentId: 'agent-ada', source: 'dialpad' });
    expect(outcome.status).toBe('placed');
    expect(t.requests.slice(from)).toEqual(['dial.place']);
    // Handed over: the monitor holds the topics, so releasing the prepared watch changed nothing.
    await t.clock.advance(100);
    expect(t.requests.slice(from)).toEqual(['dial.place']);
    expect(t.topicsNow()).toEqual(['v2.users.agent-ada.conversations', 'v2.users.agent-ada.conversations.calls']);
  });

  it('uses a check still in flight when Call is pressed instead of sending a second one', async () => {
    const t = setup();
    await t.dialer.prepare('agent-ada');
    await t.clock.advance(20_000); // the first check is stale now
    const preparing = t.dialer.prepare('agent-ada');
    const placing = t.dialer.place({ number: NUMBER, agentId: 'agent-ada', source: 'dialpad' });
    await preparing;
    await placing;
    expect(t.requests.filter((label) => label === 'dial.checkAgent')).toHaveLength(2);
  });

  it('reads the agent again when the prepared check is stale', async () => {
    const t = setup();
    await t.dialer.prepare('agent-ada');
    await t.clock.advance(15_001);
    const from = t.requests.length;
    await t.dialer.place({ number: NUMBER, agentId: 'agent-ada', source: 'dialpad' });
    expect(t.beforePost(from)).toEqual(['dial.checkAgent']);
  });

  it('serves one dial only: the next dial of the same agent checks again', async () => {
    const t = setup();
    await t.dialer.prepare('agent-ada');
    await t.dialer.place({ number: NUMBER, agentId: 'agent-ada', source: 'dialpad' });
    const from = t.requests.length;
    await t.dialer.place({ number: '+13175550101', agentId: 'agent-ada', source: 'dialpad' });
    expect(t.beforePost(from)).toEqual(['dial.checkAgent']);
  });

  it('falls back to the GET when the prepared check failed, and says nothing to the caller', async () => {
    const t = setup();
    t.faults.checkFails = true;
    await expect(t.dialer.prepare('agent-ada')).resolves.toBeUndefined();
    t.faults.checkFails = false;
    const from = t.requests.length;
    await t.dialer.place({ number: NUMBER, agentId: 'agent-ada', source: 'dialpad' });
    expect(t.beforePost(from)).toEqual(['dial.checkAgent']);
  });

  it('holds one agent at a time: picking another releases the first one’s topics', async () => {
    const t = setup();
    await t.dialer.prepare('agent-ada');
    await t.dialer.prepare('agent-alan');
    await t.clock.advance(25);
    expect(t.topicsNow()).toEqual(['v2.users.agent-alan.conversations', 'v2.users.agent-alan.conversations.calls']);
    // Ada's check is not used for a dial of Ada either: only the prepared agent's is.
    const from = t.requests.length;
    await t.dialer.place({ number: NUMBER, agentId: 'agent-ada', source: 'dialpad' });
    expect(t.beforePost(from)).toEqual(['dial.checkAgent', 'notifications.subscribe']);
  });

  it('releases an agent nobody dials after two minutes', async () => {
    const t = setup();
    await t.dialer.prepare('agent-ada');
    await t.clock.advance(2 * 60_000 - 1);
    expect(t.topicsNow()).toHaveLength(2);
    await t.clock.advance(1 + 25);
    expect(t.topicsNow()).toEqual([]);
  });

  it('never posts a call, and does nothing signed out', async () => {
    const t = setup();
    await t.dialer.prepare('agent-ada');
    await t.dialer.prepare('agent-ada');
    await t.clock.advance(3 * 60_000);
    expect(t.requests).not.toContain('dial.place');
    t.signOut();
    const from = t.requests.length;
    await expect(t.dialer.prepare('agent-alan')).resolves.toBeUndefined();
    expect(t.requests.slice(from)).toEqual([]);
  });
});
