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
import { afterAll, afterEach, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { createAuditTrail, type AuditEntry } from '../../../src/core/audit/trail';
import { createRecentsStore, type RecentsStore } from '../../../src/core/recents/store';
import { realClock } from '../../../src/core/clock';
import { createDialer, type Dialer, type DialerTimings } from '../../../src/core/dialer/service';
import { createSdkClient, resolveEndpoint } from '../../../src/core/genesys/client';
import type { ManagedGenesysSession } from '../../../src/core/genesys/session';
import { createNotificationHub, type HubLimits, type NotificationHub, type WebSocketLike } from '../../../src/core/notifications/hub';
import type { StateHub } from '../../../src/core/state/hub';
import { createMemoryLogger } from '../../../src/core/logging/logger';
import { createTestStateHub, testSettings } from '../../../src/core/test-support/fakes';
import type { CallSnapshot, RecentCall } from '../../../src/shared/domain';
import type { ManualClock, SimHandle } from '../../../src/sim/index';
import { startManualSim, startSimSession } from '../../support/sim-session';

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

/**
 * The test file's fixture: one simulator for all its tests, started before them and stopped after,
 * and every harness a test starts stopped when that test ends. Call it once, at the file's top level.
 */
export function useDialerHarnesses(options: { beforeStopping?: (sim: SimHandle) => void } = {}) {
  let shared: { sim: SimHandle; simClock: ManualClock } | undefined;
  const harnesses: DialerHarness[] = [];
  const started = (): { sim: SimHandle; simClock: ManualClock } => {
    if (!shared) throw new Error('the simulator starts in beforeAll: use it inside a test');
    return shared;
  };
  beforeAll(async () => {
    shared = await startManualSim();
  });
  afterEach(async () => {
    options.beforeStopping?.(started().sim);
    for (const harness of harnesses.splice(0)) await harness.stop();
  });
  afterAll(async () => {
    await shared?.sim.stop();
  });
  return {
    get sim(): SimHandle {
      return started().sim;
    },
    get simClock(): ManualClock {
      return started().simClock;
    },
    async harness(harnessOptions: HarnessOptions = {}): Promise<DialerHarness> {
      const harness = await startDialerHarness({ ...harnessOptions, ...started() });
      harnesses.push(harness);
      return harness;
    },
  };
}

async function userIdsByName(sim: SimHandle): Promise<Map<string, string>> {
  const sdk = await createSdkClient(resolveEndpoint('custom', sim.url), { now: () => Date.now() });
  await sdk.client.loginClientCredentialsGrant(sim.demo.clientCredentials.clientId, sim.demo.clientCredentials.clientSecret);
  const listing = await sdk.apis.users.getUsers({ pageSize: 100 });
  return new Map((listing.entities ?? []).map((user) => [user.name ?? '', user.id ?? '']));
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
  const session = await startSimSession(sim, {
    log,
    clock,
    sdkTimeoutMs: options.sdkTimeoutMs,
    ...(options.asUser ? { asUser: { id: userId(options.asUser), name: options.asUser } } : {}),
  });
  // `ws` fits WebSocketLike as it is: no cast, so a drift in the interface fails to compile.
  const createSocket = (url: string): WebSocketLike => new WebSocket(url);
  const notifications = options.push === false ? null : createNotificationHub({ session, clock, log, createSocket, limits: options.hubLimits });
  const settings = testSettings();
  const stateHub = createTestStateHub({ pkceRedirectUri: 'http://127.0.0.1/callback', settings, budget: session.budget.state() });
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
