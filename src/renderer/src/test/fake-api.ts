/**
 * A fake `window.softphone` for DOM tests: the real `buildSoftphoneApi` over an in-memory
 * transport, so the renderer sees exactly the production object shape. Tests answer requests
 * with handlers, push events with `emit`, and read back what the renderer asked for.
 */
import { buildSoftphoneApi, type ContractTransport, type SoftphoneApi } from '../../../shared/ipc/api';
import type {
  EventChannel,
  EventPayload,
  RequestArgs,
  RequestChannel,
  RequestResult,
} from '../../../shared/ipc/contract';
import type {
  Agent,
  AppSnapshot,
  CallSnapshot,
  ConnectionSummary,
  DirectorySnapshot,
  RecentCall,
  SessionState,
} from '../../../shared/domain';
import { failure, ok, type Result } from '../../../shared/result';

export type Handler<C extends RequestChannel> = (
  args: RequestArgs<C>,
) => Result<RequestResult<C>> | Promise<Result<RequestResult<C>>>;

type HandlerTable = { [C in RequestChannel]?: Handler<C> };

export interface FakeSoftphone {
  api: SoftphoneApi;
  /** Every request the renderer made, in order. */
  requests: { channel: RequestChannel; args: unknown }[];
  argsOf<C extends RequestChannel>(channel: C): RequestArgs<C>[];
  handle<C extends RequestChannel>(channel: C, handler: Handler<C>): void;
  emit<C extends EventChannel>(channel: C, payload: EventPayload<C>): void;
  listenerCount(channel: EventChannel): number;
}

export function createFakeSoftphone(initial: { snapshot?: AppSnapshot; recents?: RecentCall[]; directory?: Partial<DirectorySnapshot> } = {}): FakeSoftphone {
  const handlers: HandlerTable = {};
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const requests: FakeSoftphone['requests'] = [];

  const setHandler = <C extends RequestChannel>(channel: C, handler: Handler<C>): void => {
    (handlers as Record<C, Handler<C>>)[channel] = handler;
  };

  setHandler('app:getSnapshot', () => ok(initial.snapshot ?? makeSnapshot()));
  setHandler('recents:get', () => ok({ entries: initial.recents ?? [], seq: 0 }));
  setHandler('agents:getDirectory', () => ok(makeDirectory(initial.directory)));
  setHandler('agents:watch', () => ok(undefined));

  const transport: ContractTransport = {
    async invoke(channel, args) {
      requests.push({ channel, args });
      const handler = handlers[channel] as ((args: unknown) => Result<unknown> | Promise<Result<unknown>>) | undefined;
      if (!handler) return failure('notFaked', `The test did not fake ${channel}.`);
      return handler(args);
    },
    subscribe(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };

  return {
    api: buildSoftphoneApi(transport),
    requests,
    argsOf: <C extends RequestChannel>(channel: C) =>
      requests.filter((request) => request.channel === channel).map((request) => request.args as RequestArgs<C>),
    handle: setHandler,
    emit(channel, payload) {
      for (const listener of listeners.get(channel) ?? []) listener(payload);
    },
    listenerCount: (channel) => listeners.get(channel)?.size ?? 0,
  };
}

/** Installs the fake as `window.softphone` (the preload's global) and returns it. */
export function installFakeSoftphone(initial?: Parameters<typeof createFakeSoftphone>[0]): FakeSoftphone {
  const fake = createFakeSoftphone(initial);
  Object.defineProperty(window, 'softphone', { value: fake.api, configurable: true, writable: false });
  return fake;
}

export function uninstallFakeSoftphone(): void {
  Reflect.deleteProperty(window, 'softphone');
}

// ---------------------------------------------------------------- builders

export type SignedIn = Extract<SessionState, { status: 'signedIn' }>;

export const signedIn: SignedIn = {
  status: 'signedIn',
  connectionId: 'c1',
  connectionName: 'Acme production',
  principal: { kind: 'client', clientId: 'client-1', clientName: 'Softphone companion' },
  orgName: 'Acme',
  regionLabel: 'EMEA (Dublin)',
  expiresAt: Date.now() + 3_600_000,
};

export const userSignedIn: SignedIn = {
  ...signedIn,
  principal: { kind: 'user', userId: 'u-self', name: 'Grace Hopper', email: 'grace@example.com' },
};

export function makeConnection(patch: Partial<ConnectionSummary> = {}): ConnectionSummary {
  return { id: 'c1', name: 'Acme production', region: 'eu_west_1', method: 'clientCredentials', clientId: 'client-1', hasSecret: true, ...patch };
}

export function makeSnapshot(patch: Partial<AppSnapshot> = {}): AppSnapshot {
  return {
    seq: 1,
    session: { status: 'signedOut' },
    connections: [],
    pkceRedirectUri: 'http://127.0.0.1:48152/callback',
    calls: [],
    links: { pending: null, droppedCount: 0 },
    settings: {
      defaultCountry: 'GB',
      favoriteAgentIds: [],
      favoriteNumbers: [],
      closeToTray: true,
      startAtLogin: false,
      startHidden: false,
      globalShortcut: null,
      notifications: true,
    },
    budget: { limitPerMinute: 240, usedLastMinute: 0, queued: 0 },
    shell: { protocolHandlers: [{ scheme: 'tel', isDefault: 'unknown' }], shortcut: null, handlerHelp: [] },
    notices: [],
    ...patch,
  };
}

export function makeAgent(patch: Partial<Agent> & { id: string; name: string }): Agent {
  return { presence: 'available', presenceLabel: 'Available', routingStatus: 'IDLE', hasStation: true, ...patch };
}

export function makeDirectory(patch: Partial<DirectorySnapshot> & { seq?: number } = {}): DirectorySnapshot & { seq: number } {
  return { status: 'ready', agents: [], queues: [], groups: [], fromCache: false, seq: 0, ...patch };
}

export function makeCall(patch: Partial<CallSnapshot> = {}): CallSnapshot {
  return {
    id: 'call-1',
    e164: '+442079460000',
    displayNumber: '+44 20 7946 0000',
    agent: { id: 'a1', name: 'Ada Lovelace' },
    source: 'dialpad',
    phase: 'ringingAgent',
    requestedAt: Date.now(),
    monitoring: 'push',
    ...patch,
  };
}

export function makeRecent(patch: Partial<RecentCall> & { id: string }): RecentCall {
  return {
    e164: '+442079460000',
    displayNumber: '+44 20 7946 0000',
    agent: { id: 'a1', name: 'Ada Lovelace' },
    source: 'dialpad',
    requestedAt: Date.UTC(2026, 11, 1, 9, 30),
    outcome: 'hungUp',
    ...patch,
  };
}
