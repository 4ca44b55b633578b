/**
 * The dialer wired as the app wires it, against the simulator over loopback: the real SDK, AUTH's
 * session and budget, the notification hub on a real `ws` socket, the state hub. The app runs on
 * real time (its timers are short: 25 ms batching, 1 s polls); the simulator runs on a manual
 * clock so a call only moves when a test advances it (`advanceCall`, `forceOutcome`, or the
 * clock). Recents and the audit trail are the real stores in a temporary folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createAuditTrail, type AuditEntry } from '../../../src/core/audit/trail';
import { createRecentsStore, type RecentsStore } from '../../../src/core/recents/store';
import { realClock } from '../../../src/core/clock';
import { createDialer, type Dialer, type DialerTimings } from '../../../src/core/dialer/service';
import { createRequestBudget } from '../../../src/core/genesys/budget';
import { createSdkClient, resolveEndpoint } from '../../../src/core/genesys/client';
import { createGenesysSession, type ManagedGenesysSession } from '../../../src/core/genesys/session';
import { createNotificationHub, type HubLimits, type NotificationHub, type WebSocketLike } from '../../../src/core/notifications/hub';
import { defaultSettings } from '../../../src/core/settings/store';
import { createStateHub, type StateHub } from '../../../src/core/state/hub';
import { createMemoryLogger } from '../../../src/core/logging/logger';
import type { CallSnapshot, Principal, RecentCall } from '../../../src/shared/domain';
import { createManualClock, startSimulator, type ManualClock, type SimHandle } from '../../../src/sim/index';

export interface DialerHarness {
  sim: SimHandle;
  simClock: ManualClock;
  session: ManagedGenesysSession;
  notifications: NotificationHub | null;
  stateHub: StateHub;
  dialer: Dialer;
  log: ReturnType<typeof createMemoryLogger>;
  recents: RecentsStore;
  recent(callId: string): RecentCall | undefined;
  audit(): Promise<AuditEntry[]>;
  /** Every distinct snapshot of each call, in order. */
  history(callId: string): CallSnapshot[];
  call(callId: string): CallSnapshot | undefined;
  /** Resolves with the call's snapshot once `test` holds, or rejects after `timeoutMs` of real time. */
  waitForCall(callId: string, what: string, test: (call: CallSnapshot) => boolean, timeoutMs?: number): Promise<CallSnapshot>;
  /** Resolves once `test` holds, re-checked on every pushed change; rejects after `timeoutMs`. */
  waitFor(what: string, test: () => boolean, timeoutMs?: number): Promise<void>;
  /** Requests the simulator saw since `from` (an index into its log). */
  requests(method: string, path: RegExp, from?: number): Array<{ method: string; path: string; status: number }>;
  userId(name: string): string;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Sign in as this user (code grant) instead of with client credentials. */
  asUser?: string;
  push?: boolean;
  timings?: Partial<DialerTimings>;
  /** The SDK's HTTP timeout (real ms); the default is AUTH's 16 s. */
  sdkTimeoutMs?: number;
  hubLimits?: Partial<HubLimits>;
  sim?: SimHandle;
}

export async function startSimForDialer(): Promise<{ sim: SimHandle; simClock: ManualClock }> {
  const simClock = createManualClock(Date.now());
  const sim = await startSimulator({ seed: 'small', clock: simClock });
  return { sim, simClock };
}

async function userIdsByName(sim: SimHandle): Promise<Map<string, string>> {
  const sdk = await createSdkClient(resolveEndpoint('custom', sim.url), { now: () => Date.now() });
  await sdk.client.loginClientCredentialsGrant(sim.demo.clientCredentials.clientId, sim.demo.clientCredentials.clientSecret);
  const listing = await sdk.apis.users.getUsers({ pageSize: 100 });
  return new Map((listing.entities ?? []).map((user) => [user.name ?? '', user.id ?? '']));
}

async function userCode(sim: SimHandle, userId: string): Promise<string> {
  const { clientId, redirectUri } = sim.demo.codeClient;
  const form = new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, response_type: 'code', state: 's1', userId });
  const response = await fetch(`${sim.url}/oauth/authorize`, {
    method: 'POST',
    body: form,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  const code = new URL(response.headers.get('location') ?? '', sim.url).searchParams.get('code');
  if (!code) throw new Error(`sign-in did not return a code (status ${response.status})`);
  return code;
}

export async function startDialerHarness(options: HarnessOptions & { sim: SimHandle; simClock: ManualClock }): Promise<DialerHarness> {
  const { sim, simClock } = options;
  const clock = realClock;
  const log = createMemoryLogger('info');
  const names = await userIdsByName(sim);
  const userId = (name: string): string => {
    const id = names.get(name);
    if (!id) throw new Error(`no user named ${name} in the seed`);
    return id;
  };
  const sdk = await createSdkClient(resolveEndpoint('custom', sim.url), { now: () => clock.now(), timeoutMs: options.sdkTimeoutMs });
  let principal: Principal;
  let login: () => Promise<{ accessToken: string; expiresAt: number }>;
  if (options.asUser) {
    const id = userId(options.asUser);
    const { clientId, clientSecret, redirectUri } = sim.demo.codeClient;
    login = async () => {
      const auth = await sdk.client.loginCodeAuthorizationGrant(clientId, clientSecret, await userCode(sim, id), redirectUri);
      return { accessToken: auth.accessToken, expiresAt: clock.now() + 3_600_000 };
    };
    principal = { kind: 'user', userId: id, name: options.asUser };
  } else {
    login = async () => {
      const auth = await sdk.client.loginClientCredentialsGrant(sim.demo.clientCredentials.clientId, sim.demo.clientCredentials.clientSecret);
      return { accessToken: auth.accessToken, expiresAt: clock.now() + 3_600_000 };
    };
    principal = { kind: 'client', clientId: sim.demo.clientCredentials.clientId };
  }
  const session = createGenesysSession({
    connectionId: 'conn-sim',
    connectionName: 'Simulator',
    principal,
    sdk,
    token: await login(),
    obtainToken: login,
    budget: createRequestBudget({ clock }),
    now: () => clock.now(),
    log,
  });
  // `ws` fits WebSocketLike as it is: no cast, so a drift in the interface fails to compile.
  const createSocket = (url: string): WebSocketLike => new WebSocket(url);
  const notifications = options.push === false ? null : createNotificationHub({ session, clock, log, createSocket, limits: options.hubLimits });
  const settings = defaultSettings('en-US');
  const stateHub = createStateHub({
    app: {
      session: { status: 'signedOut' },
      connections: [],
      pkceRedirectUri: 'http://127.0.0.1/callback',
      calls: [],
      links: { pending: null, droppedCount: 0 },
      settings,
      budget: session.budget.state(),
      shell: { protocolHandlers: [], shortcut: null, handlerHelp: [] },
      notices: [],
    },
    recents: { entries: [] },
    directory: { status: 'empty', agents: [], queues: [], groups: [], fromCache: false },
  });
  const histories = new Map<string, CallSnapshot[]>();
  stateHub.subscribe((channel, payload) => {
    if (channel !== 'app:snapshotChanged') return;
    for (const call of (payload as { calls: CallSnapshot[] }).calls) {
      const list = histories.get(call.id) ?? [];
      if (list.at(-1) !== call) list.push(call);
      histories.set(call.id, list);
    }
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'dialer-it-'));
  const recents = createRecentsStore({ file: join(dataDir, 'recents.json'), log });
  await recents.load();
  const audit = createAuditTrail({ dir: join(dataDir, 'audit'), log });
  let ids = 0;
  const dialer = createDialer({
    session: () => session,
    notifications: () => notifications,
    settings: { get: () => settings },
    recents,
    audit,
    hub: stateHub,
    clock,
    log,
    newId: () => `call-${++ids}`,
    timings: options.timings,
  });

  const waitFor = (what: string, test: () => boolean, timeoutMs = 8_000): Promise<void> =>
    new Promise((resolve, reject) => {
      if (test()) {
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        unsubscribe();
        clearInterval(recheck);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const check = (): void => {
        if (!test()) return;
        clearTimeout(timer);
        clearInterval(recheck);
        unsubscribe();
        resolve();
      };
      const unsubscribe = stateHub.subscribe(check);
      // Some conditions (the simulator's request log) change without a pushed snapshot.
      const recheck = setInterval(check, 10);
    });

  const call = (callId: string): CallSnapshot | undefined => stateHub.app().calls.find((c) => c.id === callId);

  return {
    sim,
    simClock,
    session,
    notifications,
    stateHub,
    dialer,
    log,
    recents,
    recent: (callId) => recents.snapshot().entries.find((entry) => entry.id === callId),
    async audit() {
      const file = await audit.export();
      return file.content
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as AuditEntry);
    },
    history: (callId) => histories.get(callId) ?? [],
    call,
    waitFor,
    async waitForCall(callId, what, test, timeoutMs) {
      await waitFor(what, () => {
        const current = call(callId);
        return current !== undefined && test(current);
      }, timeoutMs);
      const current = call(callId);
      if (!current) throw new Error(`call ${callId} vanished`);
      return current;
    },
    requests(method, path, from = 0) {
      return sim.requestLog.slice(from).filter((entry) => entry.method === method && path.test(entry.path));
    },
    userId,
    async stop() {
      await notifications?.close();
      session.close();
      // Recents and audit writes the dialer started may still be landing: rm retries ENOTEMPTY.
      await rm(dataDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 25 });
    },
  };
}
