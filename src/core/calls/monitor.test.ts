import { describe, expect, it } from 'vitest';
import type { Models } from 'purecloud-platform-client-v2';
import type { GenesysApis, GenesysSession } from '../genesys/session';
import type { HubStatus, NotificationHub, TopicListener } from '../notifications/hub';
import { createMemoryLogger } from '../logging/logger';
import { startCallMonitor, type MonitoringMode } from './monitor';
import type { ConversationView } from './phase';
import { createFakeClock } from '../test-support/fake-clock';


function fakeHub(initial: HubStatus) {
  let status = initial;
  const listeners = new Set<(s: HubStatus) => void>();
  const watchers: { topics: string[]; listener: TopicListener; released: boolean; urgent: boolean }[] = [];
  const hub: NotificationHub = {
    watch(_owner, topics, listener, options) {
      const record = { topics, listener, released: false, urgent: options?.urgent === true };
      watchers.push(record);
      return { ready: Promise.resolve(), update: () => undefined, release: () => (record.released = true) };
    },
    status: () => status,
    onStatus(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    close: async () => undefined,
  };
  return {
    hub,
    watchers,
    set(next: HubStatus) {
      status = next;
      for (const listener of listeners) listener(next);
    },
    push(body: unknown) {
      for (const watcher of watchers) if (!watcher.released) watcher.listener(watcher.topics[0] ?? '', body);
    },
  };
}

function setup(status: HubStatus) {
  const clock = createFakeClock(0);
  const hub = fakeHub(status);
  const reads: number[] = [];
  const conversation: Models.CallConversation = { id: 'conv-1', participants: [{ id: 'p1', purpose: 'agent', state: 'contacting', user: { id: 'agent-1' } }] };
  const session = {
    request<T>(_options: unknown, run: (api: GenesysApis) => Promise<T>): Promise<T> {
      return run({
        conversations: {
          getConversationsCall: async () => {
            reads.push(clock.now());
            return conversation;
          },
        },
      } as unknown as GenesysApis);
    },
  } as unknown as GenesysSession;
  const views: [ConversationView, 'push' | 'rest'][] = [];
  const modes: MonitoringMode[] = [];
  const monitor = startCallMonitor({
    session,
    notifications: hub.hub,
    clock,
    log: createMemoryLogger(),
    userId: 'agent-1',
    onView: (view, source) => views.push([view, source]),
    onMonitoring: (mode) => modes.push(mode),
    onUnreadable: () => undefined,
  });
  return { clock, hub, reads, views, modes, monitor };
}

describe('call monitor', () => {
  it("watches the agent's call topics and replays events that came before the conversation id was known", async () => {
    const t = setup('connected');
    await t.monitor.ready();
    expect(t.hub.watchers[0]?.topics).toEqual(['v2.users.agent-1.conversations', 'v2.users.agent-1.conversations.calls']);
    expect(t.hub.watchers[0]?.urgent).toBe(true); // the dial waits on it: no batching window
    t.hub.push({ id: 'conv-1', participants: [{ id: 'p1', purpose: 'agent', userId: 'agent-1', calls: [{ state: 'contacting' }] }] });
    t.hub.push({ id: 'someone-else', participants: [] });
    expect(t.monitor.seen().map((v) => v.conversationId)).toEqual(['conv-1', 'someone-else']);
    expect(t.views).toEqual([]);
    t.monitor.attach('conv-1');
    expect(t.views.map(([view, source]) => [view.conversationId, source])).toEqual([['conv-1', 'push']]);
    expect(t.modes).toEqual(['push']);
    await t.clock.advance(10_000);
    expect(t.reads).toEqual([]); // push is healthy: no polling
    t.monitor.stop();
    expect(t.hub.watchers[0]?.released).toBe(true);
  });

  it('polls at 1, 2, 3, 4 then every 5 s while push is down, and reads once then stops when it returns', async () => {
    const t = setup('down');
    await t.monitor.ready();
    t.monitor.attach('conv-1');
    expect(t.modes).toEqual(['polling']);
    await t.clock.advance(25_000);
    // The first read sees a change, which restarts the ladder once; after that nothing changes.
    expect(t.reads).toEqual([1_000, 2_000, 4_000, 7_000, 11_000, 16_000, 21_000]);
    t.hub.set('connected');
    await t.clock.advance(0);
    expect(t.reads.at(-1)).toBe(25_000); // the gap re-read
    expect(t.modes).toEqual(['polling', 'push']);
    const count = t.reads.length;
    await t.clock.advance(14_000);
    expect(t.reads).toHaveLength(count);
    t.hub.set('down');
    await t.clock.advance(1_000);
    expect(t.modes).toEqual(['polling', 'push', 'polling']);
    expect(t.reads).toHaveLength(count + 1);
    t.monitor.stop();
  });

  it('leaves a silent connected call alone for minutes, reading it only as a 5-minute safety net', async () => {
    const t = setup('connected');
    await t.monitor.ready();
    t.monitor.attach('conv-1');
    await t.clock.advance(5 * 60_000 - 1);
    expect(t.reads).toEqual([]);
    await t.clock.advance(1);
    expect(t.reads).toEqual([300_000]);
    // 10 minutes of a silent call cost two reads, not forty.
    await t.clock.advance(5 * 60_000);
    expect(t.reads).toEqual([300_000, 600_000]);
    t.monitor.stop();
  });

  it('an event on the call pushes the safety-net read back', async () => {
    const t = setup('connected');
    await t.monitor.ready();
    t.monitor.attach('conv-1');
    await t.clock.advance(4 * 60_000);
    t.hub.push({ id: 'conv-1', participants: [{ id: 'p1', purpose: 'agent', userId: 'agent-1', calls: [{ state: 'connected' }] }] });
    await t.clock.advance(4 * 60_000);
    expect(t.reads).toEqual([]);
    await t.clock.advance(60_000);
    expect(t.reads).toEqual([9 * 60_000]);
    t.monitor.stop();
  });

  it('re-reads the call at once after any push gap, however short, while silence costs nothing', async () => {
    const t = setup('connected');
    await t.monitor.ready();
    t.monitor.attach('conv-1');
    await t.clock.advance(60_000);
    expect(t.reads).toEqual([]);
    // The hub reports a gap (socket lost, or Genesys dropped the subscriptions) and its end.
    t.hub.set('connecting');
    t.hub.set('connected');
    await t.clock.advance(0);
    expect(t.reads).toEqual([60_000]);
    expect(t.modes).toEqual(['push', 'polling', 'push']);
    await t.clock.advance(60_000);
    expect(t.reads).toEqual([60_000]);
    t.monitor.stop();
  });
});
