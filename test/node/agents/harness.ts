/**
 * The directory wired as the app wires it, against the simulator over loopback: the real SDK,
 * AUTH's session and budget, CALLS' notification hub on a real WebSocket, the real settings
 * store and state hub. Tests observe what the renderer would receive through the state hub.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createDirectory, type Directory } from '../../../src/core/agents/directory';
import { realClock, type Clock } from '../../../src/core/clock';
import type { ManagedGenesysSession } from '../../../src/core/genesys/session';
import { createNotificationHub, type NotificationHub, type WebSocketLike } from '../../../src/core/notifications/hub';
import { createSettingsStore, type SettingsStore } from '../../../src/core/settings/store';
import type { StateHub } from '../../../src/core/state/hub';
import { createMemoryLogger } from '../../../src/core/logging/logger';
import { createTestStateHub } from '../../../src/core/test-support/fakes';
import type { DirectorySnapshot, PresenceUpdate } from '../../../src/shared/domain';
import { startSimulator, type SimConfig, type SimHandle } from '../../../src/sim/index';
import { startSimSession } from '../../support/sim-session';

export interface DirectoryHarness {
  sim: SimHandle;
  session: ManagedGenesysSession;
  notifications: NotificationHub | null;
  settings: SettingsStore;
  stateHub: StateHub;
  directory: Directory;
  dataDir: string;
  cacheFile: string;
  log: ReturnType<typeof createMemoryLogger>;
  /** Every pushPresence batch, in order. */
  presenceBatches: PresenceUpdate[][];
  directoryEvents: DirectorySnapshot[];
  /** Resolves when an event matching `test` arrives (or has arrived), or rejects after `timeoutMs`. */
  waitFor<T>(what: string, test: () => T | undefined, timeoutMs?: number): Promise<T>;
  /** Requests the simulator saw since `from` (an index into its log), by path. */
  requestsSince(from: number, path?: string | RegExp): Array<{ method: string; path: string; status: number; at: number }>;
  stop(): Promise<void>;
}

export async function startDirectoryHarness(options: {
  seed?: 'small' | 'large';
  config?: Partial<SimConfig>;
  push?: boolean;
  clock?: Clock;
  dataDir?: string;
  sim?: SimHandle;
}): Promise<DirectoryHarness> {
  const clock = options.clock ?? realClock;
  const sim = options.sim ?? (await startSimulator({ seed: options.seed ?? 'large', config: options.config }));
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'directory-it-')));
  const log = createMemoryLogger('info');
  const session = await startSimSession(sim, { log, clock, limitPerMinute: options.config?.requestsPerMinute });
  const notifications =
    options.push === false
      ? null
      : createNotificationHub({ session, clock, log, createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike });
  const settings = createSettingsStore({ file: join(dataDir, 'settings.json'), osLocale: 'en-US', log });
  await settings.load();
  const stateHub = createTestStateHub({ pkceRedirectUri: 'http://127.0.0.1/callback', settings: settings.get(), budget: session.budget.state() });
  const presenceBatches: PresenceUpdate[][] = [];
  const directoryEvents: DirectorySnapshot[] = [];
  const waiters = new Set<() => void>();
  stateHub.subscribe((channel, payload) => {
    if (channel === 'agents:presenceChanged') presenceBatches.push((payload as { updates: PresenceUpdate[] }).updates);
    if (channel === 'agents:directoryChanged') directoryEvents.push(payload as DirectorySnapshot);
    for (const wake of waiters) wake();
  });
  const cacheFile = join(dataDir, 'directory-cache.json');
  const directory = createDirectory({ session: () => session, notifications: () => notifications, settings, hub: stateHub, cacheFile, clock, log });

  return {
    sim,
    session,
    notifications,
    settings,
    stateHub,
    directory,
    dataDir,
    cacheFile,
    log,
    presenceBatches,
    directoryEvents,
    waitFor(what, test, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const value = test();
          if (value === undefined) return false;
          cleanup();
          resolve(value);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs);
        // Events from the simulator's side (its request log, its channels) do not pass the state hub: poll them too.
        const poll = setInterval(check, 20);
        const cleanup = (): void => {
          clearTimeout(timer);
          clearInterval(poll);
          waiters.delete(wake);
        };
        const wake = (): void => void check();
        waiters.add(wake);
        check();
      });
    },
    requestsSince(from, path) {
      return sim.requestLog.slice(from).filter((entry) => path === undefined || (typeof path === 'string' ? entry.path === path : path.test(entry.path)));
    },
    async stop() {
      directory.stop();
      await notifications?.close();
      session.close();
      if (!options.sim) await sim.stop();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
