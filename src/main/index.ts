/**
 * The Electron entry. It only connects Electron's events to the app's services and to the pure
 * shell decisions in ./shell (each unit-tested under Node): single instance, links from argv /
 * second-instance / open-url, the window, the tray, the global shortcut, OS notifications.
 */
// eslint-disable-next-line no-restricted-syntax -- the entry only hands ipcMain to the IPC layer (registerElectronIpc), which alone uses it
import { app, BrowserWindow, clipboard, globalShortcut, ipcMain, Menu, nativeTheme, Notification, screen, shell, Tray } from 'electron';
import log from 'electron-log/main';
import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { realClock } from '../core/clock';
import { writeFileAtomic } from '../core/fs/atomic';
import { extractLinksFromArgv } from '../core/links/argv';
import type { AppSnapshot, CallSnapshot } from '../shared/domain';
import { createDispatcher } from './ipc/dispatcher';
import { registerElectronIpc } from './ipc/electron';
import { createElectronLogSink } from './logging/file-sink';
import { createLogger } from '../core/logging/logger';
import { createAppServices, type AppServices } from './services';
import { dialableClipboardText } from './shell/clipboard';
import { createElectronShell } from './shell/electron-shell';
import { applicationMenu, closeAction, createLinkIntake, isTrustedFrame, presentWindow, quitWhenAllWindowsClosed } from './shell/lifecycle';
import { startedAtLogin, startHidden } from './shell/login-item';
import { APP_USER_MODEL_ID, callNotifications } from './shell/notifications';
import { protocolRegistration, windowsUserChoiceReader } from './shell/protocols';
import { createSecureWindow, customLoginOrigins, installWebContentsGuards, isAppUrl, openExternalAllowed, WINDOW_MIN_HEIGHT, WINDOW_MIN_WIDTH } from './shell/security';
import { createTrayController, type TrayController } from './shell/tray';
import { iconFor, trayClickAction, type TrayAction } from './shell/tray-menu';
import { COMPACT_SIZE, compactBounds, createBoundsStore, placeWindow } from './shell/window-bounds';

const platform = process.platform;
const isPackaged = app.isPackaged;
const appRoot = app.getAppPath();
const rendererFile = path.join(appRoot, 'out', 'renderer', 'index.html');
const preloadFile = path.join(appRoot, 'out', 'preload', 'index.cjs');
const resourcesDir = path.join(appRoot, 'resources');
const devServerUrl = isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const isApp = (url: string): boolean => isAppUrl(url, { rendererFile, ...(devServerUrl ? { devServerUrl } : {}) });

// The lock comes before anything else: a second launch only hands its link to the first.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  app.enableSandbox();
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  const logger = createLogger(createElectronLogSink(log, app.getPath('logs'), { console: !isPackaged }), isPackaged ? 'info' : 'debug');
  const intake = createLinkIntake();
  const bounds = createBoundsStore({ file: path.join(app.getPath('userData'), 'window.json'), clock: realClock, log: logger.child('window') });
  const registration = protocolRegistration({ isPackaged, execPath: process.execPath, argv: process.argv, platform });

  let window: BrowserWindow | null = null;
  let services: AppServices | null = null;
  let trayController: TrayController | null = null;
  let quitting = false;
  let compact = false;

  // macOS delivers links as `open-url`, possibly before `ready`: listen from will-finish-launching on.
  app.on('will-finish-launching', () => {
    app.on('open-url', (event, url) => {
      event.preventDefault();
      intake.deliver(url);
    });
  });
  for (const link of extractLinksFromArgv(process.argv, { isPackaged, platform })) intake.deliver(link);
  app.on('second-instance', (_event, argv) => {
    shellPort.focusWindow();
    for (const link of extractLinksFromArgv(argv, { isPackaged, platform })) intake.deliver(link);
  });

  const customHostOrigins = (): string[] => customLoginOrigins(services?.hub.app().connections ?? []);

  /**
   * The app's only call of Electron's shell.openExternal. Both callers (the ShellPort and the
   * navigation guard) check the allow-list first; checking again here keeps it true even if a
   * future caller forgets.
   */
  const openInBrowser = async (url: string): Promise<void> => {
    if (!openExternalAllowed(url, customHostOrigins())) throw new Error('openExternal: URL not on the allow-list');
    await shell.openExternal(url); /* eng-disable OPEN_EXTERNAL_JS_CHECK -- allow-listed just above (src/main/shell/security.ts openExternalAllowed) */
  };

  const runCommand = (file: string, args: string[]): Promise<{ stdout: string }> =>
    new Promise((resolve, reject) => {
      execFile(file, args, { windowsHide: true, timeout: 5_000 }, (error, stdout) => (error ? reject(error) : resolve({ stdout })));
    });

  const shellPort = createElectronShell({
    app,
    openExternal: openInBrowser,
    globalShortcut,
    writeAutostart: async (file, content) => {
      if (content === null) return rm(file, { force: true });
      await mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, content);
    },
    window: () => window,
    customHostOrigins,
    onShortcut: () => void openQuickDial(),
    registration,
    ...(platform === 'win32' ? { windowsUserChoice: windowsUserChoiceReader(runCommand) } : {}),
    login: { platform, execPath: process.execPath, launch: registration, env: process.env, homeDir: os.homedir() },
    shortcutEnv: { platform, ...(process.env['XDG_SESSION_TYPE'] ? { sessionType: process.env['XDG_SESSION_TYPE'] } : {}) },
    log: logger,
  });

  installWebContentsGuards(app, {
    isAppUrl: isApp,
    externalAllowed: (url) => openExternalAllowed(url, customHostOrigins()),
    openExternal: (url) => void openInBrowser(url).catch((error: unknown) => logger.warn('guard: could not open the browser', { error })),
    log: logger,
  });

  // Electron 45's clipboard is asynchronous. The text is not cut short: the parser refuses long
  // text itself, and a cut could turn an over-long link into one that parses.
  const clipboardText = async (): Promise<string> => clipboard.readText().catch(() => '');

  async function openQuickDial(): Promise<void> {
    if (!services || !window) return;
    const text = dialableClipboardText(await clipboardText(), services.hub.app().settings.defaultCountry);
    if (!window || window.isDestroyed()) return;
    if (text !== null) services.links.offerNumber(text, 'shortcut');
    const display = screen.getDisplayNearestPoint(screen.getCursorScreenPoint());
    compact = true;
    window.setMinimumSize(COMPACT_SIZE.width, COMPACT_SIZE.height);
    window.setBounds(compactBounds(display.workArea));
    window.show();
    window.focus();
  }

  function leaveCompact(target: BrowserWindow): void {
    compact = false;
    target.setMinimumSize(WINDOW_MIN_WIDTH, WINDOW_MIN_HEIGHT);
    void bounds.load().then((saved) => target.setBounds(placeWindow(saved, displayAreas())));
  }

  function displayAreas() {
    const primaryId = screen.getPrimaryDisplay().id;
    return screen.getAllDisplays().map((display) => ({ workArea: display.workArea, primary: display.id === primaryId }));
  }

  /** The one way a window is made: `windowCreation` is set while it loads. */
  let windowCreation: Promise<BrowserWindow> | null = null;
  function openWindow(hidden: boolean, current: AppServices): Promise<BrowserWindow> {
    const creation = createWindow(hidden, current).then((created) => (window = created));
    windowCreation = creation;
    void creation.then(
      () => (windowCreation = null),
      (error: unknown) => {
        windowCreation = null;
        logger.error('could not open the window', { error });
      },
    );
    return creation;
  }

  async function createWindow(hidden: boolean, current: AppServices): Promise<BrowserWindow> {
    const placed = placeWindow(await bounds.load(), displayAreas());
    const created = createSecureWindow(BrowserWindow, {
      preloadPath: preloadFile,
      isPackaged,
      bounds: { x: placed.x, y: placed.y, width: placed.width, height: placed.height },
      icon: path.join(resourcesDir, 'icon.png'),
    });
    const remember = (): void => {
      if (created.isDestroyed() || created.isMinimized() || compact) return;
      bounds.save({ ...created.getNormalBounds(), maximized: created.isMaximized() });
    };
    created.on('resize', remember);
    created.on('move', remember);
    created.on('maximize', remember);
    created.on('unmaximize', remember);
    // The quick-dial box is a moment's view: once hidden, the window returns to its normal size.
    created.on('hide', () => {
      if (compact) leaveCompact(created);
    });
    created.on('close', (event) => {
      const settings = current.hub.app().settings;
      if (closeAction({ closeToTray: settings.closeToTray, quitting, trayAvailable: trayController !== null }) === 'hide') {
        event.preventDefault();
        created.hide();
      }
    });
    created.on('blur', () => void refreshTray());
    created.on('closed', () => {
      window = null;
    });
    created.once('ready-to-show', () => {
      if (!hidden) {
        if (placed.maximized) created.maximize();
        created.show();
      }
      current.windowReady();
    });
    if (devServerUrl) await created.loadURL(devServerUrl);
    else await created.loadFile(rendererFile);
    return created;
  }

  async function refreshTray(): Promise<void> {
    const text = await clipboardText();
    if (!trayController || !services) return;
    const snapshot = services.hub.app();
    trayController.update({
      session: snapshot.session,
      calls: snapshot.calls,
      recents: services.hub.recents().entries,
      favorites: snapshot.settings.favoriteNumbers,
      clipboardDialable: dialableClipboardText(text, snapshot.settings.defaultCountry) !== null,
      platform,
      systemUiDark: nativeTheme.shouldUseDarkColorsForSystemIntegratedUI,
    });
  }

  /** Tray "Open", a call in the tray menu, an OS notification, the dock: the window, at its normal size, in front. */
  function bringForward(): void {
    const current = services;
    if (!current) return;
    switch (presentWindow({ exists: window !== null, creating: windowCreation !== null, compact })) {
      case 'create':
        void openWindow(false, current);
        return;
      case 'afterCreation':
        // A failed creation is logged where it happened.
        void windowCreation?.then(
          () => bringForward(),
          () => undefined,
        );
        return;
      case 'leaveCompactAndFocus':
        if (window) leaveCompact(window);
        shellPort.focusWindow();
        return;
      case 'focus':
        shellPort.focusWindow();
        return;
    }
  }

  function onTrayAction(action: TrayAction): void {
    const current = services;
    if (!current) return;
    switch (action.kind) {
      case 'quickDial':
        current.links.offerNumber(action.e164, action.source);
        return;
      case 'dialClipboard':
        void clipboardText().then((text) => {
          current.links.offerNumber(text, 'clipboard');
          bringForward();
        });
        return;
      case 'showCall':
      case 'open':
        bringForward();
        return;
      case 'signOut':
        void Promise.resolve(current.handlers['auth:signOut']({})).catch((error: unknown) => logger.warn('tray: sign-out failed', { error }));
        return;
      case 'quit':
        quitting = true;
        app.quit();
        return;
    }
  }

  /** OS notifications for call outcomes the supervisor may not be watching. */
  const shownNotifications = new Set<Notification>();
  let previousCalls: readonly CallSnapshot[] = [];
  function notifyCalls(snapshot: AppSnapshot): void {
    const focused = window !== null && !window.isDestroyed() && window.isFocused();
    const visible = window !== null && !window.isDestroyed() && window.isVisible();
    const due = callNotifications(previousCalls, snapshot.calls, { enabled: snapshot.settings.notifications, windowVisible: visible, windowFocused: focused });
    previousCalls = snapshot.calls;
    if (!Notification.isSupported()) return;
    for (const item of due) {
      const notification = new Notification({ title: item.title, body: item.body });
      // Held until closed: a collected Notification loses its click handler.
      shownNotifications.add(notification);
      // The renderer shows every call's card above the tabs, so the full-size window in front is the call view.
      notification.on('click', () => bringForward());
      notification.on('close', () => shownNotifications.delete(notification));
      notification.show();
    }
  }

  app.on('before-quit', () => {
    quitting = true;
  });
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    disposed = true;
    globalShortcut.unregisterAll();
    void Promise.allSettled([bounds.flush(), services?.dispose()]).finally(() => app.quit());
  });
  app.on('window-all-closed', () => {
    if (quitWhenAllWindowsClosed(platform)) app.quit();
  });

  void app.whenReady().then(async () => {
    const menuTemplate = applicationMenu(platform);
    Menu.setApplicationMenu(menuTemplate ? Menu.buildFromTemplate(menuTemplate) : null);
    const current = await createAppServices({
      dataDir: app.getPath('userData'),
      logger,
      appVersion: app.getVersion(),
      platform,
      osLocale: app.getSystemLocale(),
      shell: shellPort,
      shellKind: 'electron',
    });
    services = current;

    registerElectronIpc({
      ipcMain,
      dispatch: createDispatcher(current.handlers, logger.child('ipc')),
      hub: current.hub,
      isTrustedFrame: (frame) => isTrustedFrame(frame, isApp),
      targets: () => (window && !window.isDestroyed() ? [window.webContents] : []),
    });

    const tray = new Tray(path.join(resourcesDir, iconFor('signedOut', platform, nativeTheme.shouldUseDarkColorsForSystemIntegratedUI).file));
    trayController = createTrayController({
      tray: {
        setImage: (file) => tray.setImage(file),
        setToolTip: (tooltip) => tray.setToolTip(tooltip),
        setContextMenu: (template) => tray.setContextMenu(Menu.buildFromTemplate(template)),
      },
      resourcesDir,
      onAction: onTrayAction,
    });
    // The clipboard may have changed since the last push: check again when the tray is touched.
    tray.on('click', () => (trayClickAction(platform) === 'focusWindow' ? bringForward() : void refreshTray()));
    tray.on('mouse-enter', () => void refreshTray());
    tray.on('right-click', () => void refreshTray());
    // A taskbar switched between light and dark gets the matching icon.
    nativeTheme.on('updated', () => void refreshTray());
    current.hub.subscribe((channel) => {
      if (channel === 'app:snapshotChanged') {
        void refreshTray();
        notifyCalls(current.hub.app());
      } else if (channel === 'recents:listChanged') {
        void refreshTray();
      }
    });
    void refreshTray();

    const loginItem = platform === 'darwin' ? app.getLoginItemSettings() : null;
    const hidden = startHidden(current.hub.app().settings, startedAtLogin(process.argv, loginItem?.wasOpenedAtLogin ?? false));
    await openWindow(hidden, current);
    intake.attach((raw) => current.links.receiveLink(raw));

    app.on('activate', () => bringForward());

    exposeTestHooks();
  });

  /** Playwright's `_electron` specs read the tray and window through this; never in a packaged build. */
  function exposeTestHooks(): void {
    if (isPackaged || process.env['SOFTPHONE_E2E_HOOKS'] !== '1') return;
    Object.assign(globalThis, {
      __softphoneTest: {
        trayModel: () => trayController?.model() ?? null,
        windowState: () => ({ exists: window !== null, visible: window?.isVisible() ?? false, focused: window?.isFocused() ?? false }),
        links: () => services?.hub.app().links ?? null,
        closeWindow: () => window?.close(),
      },
    });
  }
}
