/** Hand-made stand-ins for the session and the notification hub, for unit tests of the directory's parts. */
import type { Models } from 'purecloud-platform-client-v2';
import type { BudgetState } from '../../../src/shared/domain';
import type { GenesysApis } from '../../../src/core/genesys/client';
import type { GenesysSession } from '../../../src/core/genesys/session';
import type { HubStatus, NotificationHub, TopicListener, TopicWatch } from '../../../src/core/notifications/hub';
import type { Clock } from '../../../src/core/clock';

export interface FakeHub extends NotificationHub {
  topics(): string[];
  setStatus(status: HubStatus): void;
  emit(topicName: string, body: unknown): void;
  watchCount(): number;
}

/** `refuseNext` makes the next watch's `ready` reject, as when Genesys refuses a topic. */
export function createFakeHub(initial: HubStatus = 'connected'): FakeHub & { refuseNext(): void } {
  let refuse = false;
  let status = initial;
  const statusListeners = new Set<(s: HubStatus) => void>();
  const watches = new Set<{ topics: string[]; listener: TopicListener }>();
  return {
    watch(_owner, topics, listener) {
      const entry = { topics: [...topics], listener };
      watches.add(entry);
      const watch: TopicWatch = {
        update: (next) => {
          entry.topics = [...next];
        },
        release: () => watches.delete(entry),
        ready: refuse ? Promise.reject(new Error('notification.invalid.topic')) : Promise.resolve(),
      };
      refuse = false;
      // Marked handled here: the code under test attaches its handler right after watch() returns.
      watch.ready.catch(() => undefined);
      return watch;
    },
    status: () => status,
    onStatus(cb) {
      statusListeners.add(cb);
      return () => statusListeners.delete(cb);
    },
    close: async () => undefined,
    topics: () => [...watches].flatMap((w) => w.topics),
    setStatus(next) {
      status = next;
      for (const cb of statusListeners) cb(next);
    },
    emit(topicName, body) {
      for (const w of watches) if (w.topics.some((t) => t.toLowerCase() === topicName.toLowerCase())) w.listener(topicName, body);
    },
    watchCount: () => watches.size,
    refuseNext() {
      refuse = true;
    },
  };
}

export interface BulkCall {
  at: number;
  ids: string[];
}

/** A session whose only API is bulk presence; every call is recorded with the clock's time. */
export function createBulkPresenceSession(clock: Clock, options: { limitPerMinute?: number; fail?: (call: BulkCall) => Error | undefined } = {}) {
  const calls: BulkCall[] = [];
  const presenceOf = new Map<string, string>();
  const budgetState: BudgetState = { limitPerMinute: options.limitPerMinute ?? 300, usedLastMinute: 0, queued: 0 };
  const apis = {
    presence: {
      getUsersPresencesPurecloudBulk: async (opts?: { id?: string[] }): Promise<Models.UcUserPresence[]> => {
        const call = { at: clock.now(), ids: [...(opts?.id ?? [])] };
        calls.push(call);
        const failure = options.fail?.(call);
        if (failure) throw failure;
        return call.ids.map((userId) => ({ userId, presenceDefinition: { id: 'def', systemPresence: presenceOf.get(userId) ?? 'Available' } }));
      },
    },
  } as unknown as GenesysApis;
  const session = {
    connectionId: 'conn-1',
    connectionName: 'Test org',
    principal: { kind: 'client', clientId: 'client' },
    request: <T>(_options: unknown, run: (api: GenesysApis) => Promise<T>): Promise<T> => run(apis),
    budget: {
      schedule: <T>(_p: unknown, run: () => Promise<T>) => run(),
      noteRetryAfter: () => undefined,
      state: () => budgetState,
      onChange: () => () => undefined,
    },
  } as unknown as GenesysSession;
  return { session, calls, presenceOf, budgetState };
}
