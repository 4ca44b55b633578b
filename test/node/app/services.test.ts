/**
 * The composition root, end to end under Node: the same handler table the app and the bridge
 * serve, driven through the dispatcher as a renderer would, against the in-process demo org.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBridgeShellPort } from '../../../src/bridge/shell-port';
import { createDispatcher, type Dispatch } from '../../../src/main/ipc/dispatcher';
import { createMemoryLogger } from '../../../src/core/logging/logger';
import { createAppServices, type AppServices } from '../../../src/main/services';
import type { Agent, AppSnapshot, CallSnapshot, DialOutcome, DirectorySnapshot } from '../../../src/shared/domain';
import type { Result } from '../../../src/shared/result';

const trusted = { trusted: true, description: 'test' };

let dataDir: string;
let app: AppServices;
let dispatch: Dispatch;
let log: ReturnType<typeof createMemoryLogger>;

async function call<T>(channel: string, payload: unknown = {}): Promise<T> {
  const result = (await dispatch(trusted, channel, payload)) as Result<T>;
  if (!result.ok) throw new Error(`${channel} failed: ${result.code} ${result.message}`);
  return result.value;
}

function waitForSnapshot(predicate: (snapshot: AppSnapshot) => boolean, timeoutMs = 15_000): Promise<AppSnapshot> {
  return new Promise((resolve, reject) => {
    if (predicate(app.hub.app())) return resolve(app.hub.app());
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`snapshot condition not met in ${timeoutMs} ms; last: ${JSON.stringify(app.hub.app().calls)}`));
    }, timeoutMs);
    const unsubscribe = app.hub.subscribe((channel, payload) => {
      if (channel === 'app:snapshotChanged' && predicate(payload as AppSnapshot)) {
        clearTimeout(timer);
        unsubscribe();
        resolve(payload as AppSnapshot);
      }
    });
  });
}

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'softphone-services-'));
  log = createMemoryLogger('debug');
  app = await createAppServices({
    dataDir,
    logger: log,
    appVersion: '1.2.3',
    platform: 'linux',
    osLocale: 'en-GB',
    shell: createBridgeShellPort({ openedUrls: [], connections: () => [], log }),
    shellKind: 'web-bridge',
    secretStore: 'memory',
  });
  dispatch = createDispatcher(app.handlers, log);
});

afterEach(async () => {
  await app.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

describe('app services', () => {
  it('answers app info and the first snapshot', async () => {
    expect(await call('app:getInfo')).toEqual({ name: 'Softphone Companion', version: '1.2.3', platform: 'linux', shell: 'web-bridge' });
    const snapshot = await call<AppSnapshot>('app:getSnapshot');
    expect(snapshot.session).toEqual({ status: 'signedOut' });
    expect(snapshot.settings.defaultCountry).toBe('GB');
  });

  it('signs in to the demo org, dials on behalf of an agent and records the call', async () => {
    const session = await call<{ status: string }>('auth:signInDemo');
    expect(session.status).toBe('signedIn');
    await waitForSnapshot((snapshot) => snapshot.session.status === 'signedIn');

    const simulator = await app.demoSimulator();
    expect(simulator).not.toBeNull();
    // An available agent with a station that answers: the directory knows the demo org's people.
    const directory = await waitForDirectory();
    const agent = directory.find((candidate) => candidate.hasStation && candidate.presence === 'available' && candidate.routingStatus !== 'NOT_RESPONDING');
    expect(agent).toBeDefined();

    const outcome = await call<DialOutcome>('dial:place', { number: '+442079460123', agentId: agent?.id, source: 'dialpad' });
    expect(outcome.status).toBe('placed');
    const placed = (outcome as { status: 'placed'; call: CallSnapshot }).call;
    const connected = await waitForSnapshot((snapshot) => snapshot.calls.some((c) => c.id === placed.id && c.phase === 'connected'), 20_000);
    expect(connected.calls.find((c) => c.id === placed.id)?.conversationId).toBeTruthy();

    await call('calls:hangUp', { callId: placed.id });
    const ended = await waitForSnapshot((snapshot) => snapshot.calls.some((c) => c.id === placed.id && c.phase === 'ended'), 20_000);
    expect(ended.calls.find((c) => c.id === placed.id)?.endReason).toBe('hungUp');

    // Recents hold the final outcome by the time the ended call is shown.
    const recents = await call<{ entries: { e164: string; outcome: string; conversationId?: string }[] }>('recents:get');
    expect(recents.entries[0]).toMatchObject({ e164: '+442079460123', outcome: 'hungUp', conversationId: expect.any(String) });
    const audit = await call<{ content: string }>('audit:export');
    expect(audit.content).toContain('call.placed');

    // Secrets never reach files or logs: the demo client secret must appear nowhere.
    const secret = (await app.demoSimulator())!.demo.clientCredentials.clientSecret;
    expect(log.lines.join('\n')).not.toContain(secret);
    for (const file of await readdir(dataDir, { recursive: true })) {
      const full = path.join(dataDir, String(file));
      const content = await readFile(full, 'utf8').catch(() => '');
      expect(content, String(file)).not.toContain(secret);
    }
  });

  it('rejects a dial with an invalid number before anything reaches Genesys', async () => {
    await call('auth:signInDemo');
    const result = await dispatch(trusted, 'dial:place', { number: 'call me maybe', source: 'dialpad' });
    expect(result.ok).toBe(false);
  });
});

function waitForDirectory(timeoutMs = 15_000): Promise<Agent[]> {
  const loaded = (directory: DirectorySnapshot): boolean => directory.status === 'ready' && directory.agents.length > 0;
  return new Promise((resolve, reject) => {
    if (loaded(app.hub.directory())) return resolve(app.hub.directory().agents);
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`directory did not load in ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = app.hub.subscribe((channel, payload) => {
      if (channel === 'agents:directoryChanged' && loaded(payload as DirectorySnapshot)) {
        clearTimeout(timer);
        unsubscribe();
        resolve((payload as DirectorySnapshot).agents);
      }
    });
  });
}
