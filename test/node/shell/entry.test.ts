/**
 * The Electron entry (src/main/index.ts) run under Node against a stand-in `electron` module:
 * the wiring order that matters and cannot be unit-tested elsewhere — the single-instance lock
 * first, `open-url` registered in will-finish-launching and held, argv links at cold start and
 * from a second instance, the window built from the secure options, IPC registered before the
 * window loads. Module mocks only at the Electron edge (and the composition root it calls).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StateHub } from '../../../src/core/state/hub';

const fake = await vi.hoisted(async () => {
  // vi.hoisted runs before the file's imports, so it loads what it needs itself.
  const { EventEmitter: Emitter } = await import('node:events');
  const state = {
    lock: true,
    calls: [] as string[],
    windows: [] as { options: Record<string, unknown>; emitter: InstanceType<typeof Emitter>; loaded: string[]; visible: boolean }[],
    ipcRegistered: 0,
    readyResolve: (() => undefined) as () => void,
    userData: '',
    notifications: [] as { title: string; emit(event: string): void }[],
    hub: null as StateHub | null,
  };
  class App extends Emitter {
    isPackaged = false;
    requestSingleInstanceLock = () => (state.calls.push('requestSingleInstanceLock'), state.lock);
    quit = () => state.calls.push('quit');
    enableSandbox = () => state.calls.push('enableSandbox');
    setAppUserModelId = () => undefined;
    getPath = () => state.userData;
    getAppPath = () => '/opt/app';
    getVersion = () => '0.0.0-test';
    getSystemLocale = () => 'en-US';
    getName = () => 'Softphone Companion';
    getLoginItemSettings = () => ({ wasOpenedAtLogin: false });
    setLoginItemSettings = () => undefined;
    isDefaultProtocolClient = () => false;
    setAsDefaultProtocolClient = () => true;
    whenReady = () => new Promise<void>((resolve) => (state.readyResolve = resolve));
  }
  class BrowserWindow extends Emitter {
    record: (typeof state.windows)[number];
    webContents = { isDestroyed: () => false, mainFrame: { url: 'file:///opt/app/out/renderer/index.html', parent: null } };
    constructor(options: Record<string, unknown>) {
      super();
      this.record = { options, emitter: this, loaded: [], visible: false };
      state.windows.push(this.record);
      state.calls.push('new BrowserWindow');
    }
    loadFile = async (file: string) => {
      this.record.loaded.push(file);
    };
    loadURL = async (url: string) => {
      this.record.loaded.push(url);
    };
    show = () => {
      this.record.visible = true;
    };
    hide = () => {
      this.record.visible = false;
    };
    focus = () => undefined;
    restore = () => undefined;
    maximize = () => undefined;
    isVisible = () => this.record.visible;
    isFocused = () => this.record.visible;
    isMinimized = () => false;
    isMaximized = () => false;
    isDestroyed = () => false;
    getNormalBounds = () => ({ x: 0, y: 0, width: 420, height: 680 });
    setBounds = () => undefined;
    setMinimumSize = () => undefined;
  }
  const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
  return { state, app: new App(), BrowserWindow, display };
});

vi.mock('electron', () => ({
  app: fake.app,
  BrowserWindow: fake.BrowserWindow,
  clipboard: { readText: async () => '' },
  globalShortcut: { register: () => true, unregister: () => undefined, unregisterAll: () => undefined },
  ipcMain: {},
  Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: () => undefined },
  nativeTheme: { shouldUseDarkColorsForSystemIntegratedUI: false, on: () => undefined },
  Notification: class {
    static isSupported = () => true;
    private handlers = new Map<string, () => void>();
    constructor(readonly options: { title: string; body: string }) {
      fake.state.notifications.push({ title: options.title, emit: (event) => this.handlers.get(event)?.() });
    }
    on(event: string, handler: () => void) {
      this.handlers.set(event, handler);
      return this;
    }
    show() {}
  },
  screen: {
    getAllDisplays: () => [fake.display],
    getPrimaryDisplay: () => fake.display,
    getCursorScreenPoint: () => ({ x: 0, y: 0 }),
    getDisplayNearestPoint: () => fake.display,
  },
  shell: { openExternal: async () => undefined },
  Tray: class {
    setImage() {}
    setToolTip() {}
    setContextMenu() {}
    on() {}
  },
}));

vi.mock('electron-log/main', () => ({
  default: {
    transports: { file: { maxSize: 0, resolvePathFn: () => '', level: 'debug' }, console: { level: false } },
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
  },
}));

vi.mock('../../../src/main/ipc/electron', () => ({
  registerElectronIpc: () => {
    fake.state.ipcRegistered++;
    fake.state.calls.push('registerElectronIpc');
    return () => undefined;
  },
}));

vi.mock('../../../src/main/services', async () => {
  const { createStateHub } = await import('../../../src/core/state/hub');
  const { createLinkInbox } = await import('../../../src/core/links/inbox');
  const { createMemoryLogger } = await import('../../../src/core/logging/logger');
  const { initialAppSlices } = await import('../../../src/core/links/test-support');
  return {
    createAppServices: async (options: { shell: { focusWindow(): void } }) => {
      fake.state.calls.push('createAppServices');
      const hub = createStateHub({ app: initialAppSlices(), recents: { entries: [] }, directory: { status: 'empty', agents: [], queues: [], groups: [], fromCache: false } });
      fake.state.hub = hub;
      let n = 0;
      const links = createLinkInbox({
        hub,
        defaultCountry: () => 'US',
        dial: async () => {
          throw new Error('the entry must never dial');
        },
        present: () => options.shell.focusWindow(),
        now: () => 0,
        newId: () => `link-${++n}`,
        log: createMemoryLogger(),
      });
      return { handlers: {}, hub, links, windowReady: () => links.windowReady(), dispose: async () => undefined };
    },
  };
});

const originalArgv = process.argv;

async function startEntry(argv: string[]) {
  process.argv = argv;
  await import('../../../src/main/index');
}

/** Resolves `ready`, waits (bounded) for the window the entry creates, then fires ready-to-show. */
async function readyWindow() {
  fake.state.readyResolve();
  const window = await vi.waitFor(
    () => {
      const created = fake.state.windows[0];
      if (!created || created.loaded.length === 0) throw new Error('no window loaded yet');
      return created;
    },
    { timeout: 5_000, interval: 5 },
  );
  window.emitter.emit('ready-to-show');
  return window;
}

/** Waits (bounded) until the inbox shows a pending link. */
function waitForPending(): Promise<string> {
  return vi.waitFor(
    () => {
      const e164 = pendingLinks()?.pending?.e164;
      if (!e164) throw new Error('no pending link yet');
      return e164;
    },
    { timeout: 5_000, interval: 5 },
  );
}

/** The links slice, read through the entry's own test hook. */
function pendingLinks() {
  return (globalThis as unknown as { __softphoneTest?: { links(): { pending: { e164: string } | null } | null } }).__softphoneTest?.links() ?? null;
}

describe('src/main/index.ts wiring', () => {
  beforeEach(() => {
    vi.resetModules();
    fake.state.lock = true;
    fake.state.calls = [];
    fake.state.windows = [];
    fake.state.ipcRegistered = 0;
    fake.state.notifications = [];
    fake.state.hub = null;
    fake.state.userData = mkdtempSync(path.join(os.tmpdir(), 'entry-test-'));
    fake.app.removeAllListeners();
    process.env['SOFTPHONE_E2E_HOOKS'] = '1';
    delete (globalThis as { __softphoneTest?: unknown }).__softphoneTest;
  });
  afterEach(() => {
    process.argv = originalArgv;
    delete process.env['SOFTPHONE_E2E_HOOKS'];
  });

  it('without the single-instance lock it quits and does nothing else', async () => {
    fake.state.lock = false;
    await startEntry(['electron', '/opt/app/out/main/index.js', 'tel:+12015550123']);
    expect(fake.state.calls).toEqual(['requestSingleInstanceLock', 'quit']);
    expect(fake.app.listenerCount('second-instance')).toBe(0);
  });

  it('takes the lock first, then the sandbox; services and IPC exist before the window loads', async () => {
    await startEntry(['electron', '/opt/app/out/main/index.js']);
    expect(fake.state.calls.slice(0, 2)).toEqual(['requestSingleInstanceLock', 'enableSandbox']);
    await readyWindow();
    const order = fake.state.calls.filter((c) => ['createAppServices', 'registerElectronIpc', 'new BrowserWindow'].includes(c));
    expect(order).toEqual(['createAppServices', 'registerElectronIpc', 'new BrowserWindow']);
  });

  it('builds the window from the secure options and loads the built renderer', async () => {
    await startEntry(['electron', '/opt/app/out/main/index.js']);
    const window = await readyWindow();
    expect(window.options['webPreferences']).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: path.join('/opt/app', 'out', 'preload', 'index.cjs') });
    expect(window.loaded).toEqual([path.join('/opt/app', 'out', 'renderer', 'index.html')]);
    expect(window.visible).toBe(true);
  });

  it('a cold-start argv link waits for the window, then is pending (never dialled)', async () => {
    await startEntry(['electron', '/opt/app/out/main/index.js', 'tel:+1-201-555-0123']);
    await readyWindow();
    expect(await waitForPending()).toBe('+12015550123');
  });

  it('macOS open-url: registered in will-finish-launching, held until the app is ready', async () => {
    await startEntry(['electron', '/opt/app/out/main/index.js']);
    expect(fake.app.listenerCount('open-url')).toBe(0);
    fake.app.emit('will-finish-launching');
    expect(fake.app.listenerCount('open-url')).toBe(1);
    let prevented = false;
    fake.app.emit('open-url', { preventDefault: () => (prevented = true) }, 'tel:+442079460958');
    expect(prevented).toBe(true);
    await readyWindow();
    expect(await waitForPending()).toBe('+442079460958');
  });

  it('second-instance: focuses the window and delivers its argv link', async () => {
    await startEntry(['electron', '/opt/app/out/main/index.js']);
    const window = await readyWindow();
    window.visible = false;
    fake.app.emit('second-instance', {}, ['electron', '/opt/app/out/main/index.js', '--allow-file-access-from-files', 'callto://+12015550199'], '/');
    expect(await waitForPending()).toBe('+12015550199');
    expect(window.visible).toBe(true);
  });

  it('closing the window hides it to the tray (the default setting)', async () => {
    await startEntry(['electron', '/opt/app/out/main/index.js']);
    const window = await readyWindow();
    let prevented = false;
    window.emitter.emit('close', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(window.visible).toBe(false);
  });

  it("clicking a call's OS notification brings the hidden window back", async () => {
    await startEntry(['electron', '/opt/app/out/main/index.js']);
    const window = await readyWindow();
    window.visible = false;
    fake.state.hub?.updateApp({
      calls: [{ id: 'call-1', e164: '+12015550123', displayNumber: '+1 201 555 0123', agent: null, source: 'dialpad', phase: 'connected', requestedAt: 0, connectedAt: 1, monitoring: 'push' }],
    });
    const notification = fake.state.notifications[0];
    expect(notification?.title).toBe('Call connected');
    notification?.emit('click');
    expect(window.visible).toBe(true);
  });
});
