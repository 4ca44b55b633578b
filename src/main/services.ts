/**
 * The composition root shared by the Electron app and the loopback web bridge: builds the core
 * services with their dependencies and the one handler table the IPC layer serves. Nothing
 * here decides anything; it connects.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { WebSocket } from 'ws';
import { createDirectory } from '../core/agents/directory';
import { createAuditTrail } from '../core/audit/trail';
import { createAuthService, type DemoOrg } from '../core/auth/service';
import { realClock, type Clock } from '../core/clock';
import { createDialer } from '../core/dialer/service';
import type { GenesysSession } from '../core/genesys/session';
import { extractLinksFromArgv } from '../core/links/argv';
import { createLinkInbox, type LinkInbox } from '../core/links/inbox';
import { createNotificationHub, type NotificationHub } from '../core/notifications/hub';
import { createRecentsStore } from '../core/recents/store';
import { createKeytarSecretStore } from '../core/secrets/keytar';
import { createMemorySecretStore } from '../core/secrets/memory';
import { createSettingsStore } from '../core/settings/store';
import { createStateHub, type StateHub } from '../core/state/hub';
import type { AppInfo, AppSnapshot } from '../shared/domain';
import type { HandlerTable } from './ipc/dispatcher';
import type { Logger } from '../core/logging/logger';
import type { SimHandle } from '../sim';
import type { ShellPort } from './shell-port';

export interface AppServicesOptions {
  dataDir: string;
  logger: Logger;
  appVersion: string;
  platform: NodeJS.Platform;
  osLocale: string;
  shell: ShellPort;
  shellKind: AppInfo['shell'];
  /** The org the demo button starts (tests use the large seed for scale). */
  demoSeed?: 'small' | 'large';
  /** 'memory' only for tests that are not about the keychain. */
  secretStore?: 'keychain' | 'memory';
  clock?: Clock;
}

export interface AppServices {
  handlers: HandlerTable;
  hub: StateHub;
  links: LinkInbox;
  /**
   * The window has painted: held links may show, and the silent sign-in to the last connection
   * starts now — it loads the SDK, which must stay off the first-paint path.
   */
  windowReady(): void;
  /** argv from a cold start or a second instance: every phone link in it goes to the inbox. */
  deliverArgv(argv: readonly string[], shape: { isPackaged: boolean }): void;
  /** The running demo simulator, if the demo org was started (tests drive it). */
  demoSimulator(): Promise<SimHandle> | null;
  session(): GenesysSession | null;
  dispose(): Promise<void>;
}

export async function createAppServices(options: AppServicesOptions): Promise<AppServices> {
  const { dataDir, shell } = options;
  const log = options.logger;
  const clock = options.clock ?? realClock;

  const settings = createSettingsStore({ file: path.join(dataDir, 'settings.json'), osLocale: options.osLocale, log: log.child('settings') });
  const recents = createRecentsStore({ file: path.join(dataDir, 'recents.json'), log: log.child('recents') });
  const [initialSettings, initialRecents] = await Promise.all([settings.load(), recents.load()]);

  const hub = createStateHub({
    app: {
      session: { status: 'signedOut' },
      connections: [],
      pkceRedirectUri: '',
      calls: [],
      links: { pending: null, droppedCount: 0 },
      settings: initialSettings,
      budget: { limitPerMinute: 300, usedLastMinute: 0, queued: 0 },
      shell: await shell.status(initialSettings),
      notices: initialRecents.recoveredFrom
        ? [{ id: 'recents-recovered', level: 'warning', message: `Recent calls could not be read, so the list starts empty. The damaged file was kept as ${initialRecents.recoveredFrom}.` }]
        : [],
    },
    recents: initialRecents,
    directory: { status: 'empty', agents: [], queues: [], groups: [], fromCache: false },
  });
  recents.onChange((snapshot) => hub.setRecents(snapshot));
  settings.onChange((next) => {
    hub.updateApp({ settings: next });
    void shell.applySettings(next).then((status) => hub.updateApp({ shell: status }));
  });
  void shell.applySettings(initialSettings).then((status) => hub.updateApp({ shell: status }));

  const audit = createAuditTrail({ dir: path.join(dataDir, 'audit'), log: log.child('audit') });
  const secrets = options.secretStore === 'memory' ? createMemorySecretStore() : createKeytarSecretStore({ platform: options.platform });

  // The demo org is the simulator, started in-process on first use and loaded only then.
  let demo: Promise<SimHandle> | null = null;
  const startDemoOrg = async (): Promise<DemoOrg> => {
    demo ??= import('../sim').then(({ startSimulator }) => startSimulator({ port: 0, seed: options.demoSeed ?? 'small', config: { httpControls: false } }));
    const simulator = await demo;
    return { host: '127.0.0.1', port: simulator.port, ...simulator.demo.clientCredentials };
  };

  const auth = createAuthService({ secrets, dataDir, hub, openExternal: (url) => shell.openExternal(url), startDemoOrg, clock, log: log.child('auth') }); // eng-disable OPEN_EXTERNAL_JS_CHECK -- shell is the ShellPort; both implementations check openExternalAllowed
  hub.updateApp({ pkceRedirectUri: auth.pkceRedirectUri() });

  // One notification hub per session, shared by call monitoring and live presence.
  let notifications: NotificationHub | null = null;
  const directory = createDirectory({
    session: () => auth.session(),
    notifications: () => notifications,
    settings,
    hub,
    cacheFile: path.join(dataDir, 'directory-cache.json'),
    clock,
    log,
  });
  auth.onSessionChange((session) => {
    void notifications?.close();
    notifications = session ? createNotificationHub({ session, createSocket: (url) => new WebSocket(url), clock, log }) : null;
    void directory.start().catch((error: unknown) => log.warn('directory: start failed', { error }));
  });

  const dialer = createDialer({
    session: () => auth.session(),
    notifications: () => notifications,
    settings,
    recents,
    audit,
    hub,
    clock,
    log,
    newId: randomUUID,
  });

  const links = createLinkInbox({
    hub,
    defaultCountry: () => settings.get().defaultCountry,
    dial: (intent) => dialer.place(intent),
    fallbackAgentId: () => recents.snapshot().entries.find((entry) => entry.agent)?.agent?.id,
    present: () => shell.focusWindow(),
    now: () => clock.now(),
    newId: randomUUID,
    log,
  });

  const info: AppInfo = {
    name: 'Softphone Companion',
    version: options.appVersion,
    platform: options.platform === 'win32' || options.platform === 'darwin' || options.platform === 'linux' ? options.platform : 'other',
    shell: options.shellKind,
  };

  const handlers: HandlerTable = {
    'app:getInfo': () => info,
    'app:getSnapshot': (): AppSnapshot => hub.app(),
    'app:dismissNotice': ({ id }) => hub.updateApp((app) => ({ notices: app.notices.filter((notice) => notice.id !== id) })),

    'connections:save': (draft) => auth.saveConnection(draft),
    'connections:delete': ({ id }) => auth.deleteConnection(id),
    'connections:test': (draft) => auth.testConnection(draft),

    'auth:signIn': ({ connectionId }) => auth.signIn(connectionId),
    'auth:signInDemo': () => auth.signInDemo(),
    'auth:cancelSignIn': () => auth.cancelSignIn(),
    'auth:signOut': () => auth.signOut(),

    'dial:preview': ({ number }) => dialer.preview(number),
    'dial:place': (intent) => dialer.place(intent),
    'dial:prepare': ({ agentId }) => dialer.prepare(agentId),
    'calls:hangUp': ({ callId }) => dialer.hangUp(callId),
    'calls:dismiss': ({ callId }) => dialer.dismiss(callId),

    'recents:get': () => hub.recents(),
    'recents:delete': ({ id }) => recents.remove(id),
    'recents:clear': () => recents.clear(),
    'recents:exportCsv': () => recents.exportCsv(),
    'audit:export': () => audit.export(),

    'agents:getDirectory': () => hub.directory(),
    'agents:refresh': () => directory.refresh(),
    'agents:watch': ({ ids }) => directory.watch(ids),
    'agents:queueMembers': ({ queueId }) => directory.queueMembers(queueId),
    'agents:groupMembers': ({ groupId }) => directory.groupMembers(groupId),
    'agents:toggleFavorite': ({ agentId }) => directory.toggleFavorite(agentId),

    'settings:update': (patch) => settings.update(patch),

    'links:confirm': ({ linkId, agentId, confirmWarnings }) => links.confirm(linkId, agentId, { confirmWarnings }),
    'links:dismiss': ({ linkId }) => links.dismiss(linkId),

    'shell:makeDefaultHandler': async () => {
      hub.updateApp({ shell: await shell.makeDefaultProtocolClient() });
    },
    'shell:openExternal': ({ url }) => shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK -- shell is the ShellPort; both implementations check openExternalAllowed
  };

  let started = false;

  return {
    handlers,
    hub,
    links,
    windowReady() {
      links.windowReady();
      if (started) return;
      started = true;
      void auth.start().catch((error: unknown) => log.warn('auth: silent sign-in failed', { error }));
    },
    deliverArgv(argv, shape) {
      for (const link of extractLinksFromArgv(argv, { isPackaged: shape.isPackaged, platform: options.platform })) links.receiveLink(link);
    },
    demoSimulator: () => demo,
    session: () => auth.session(),
    async dispose() {
      directory.stop();
      await notifications?.close();
      if (demo) await (await demo).stop();
    },
  };
}
