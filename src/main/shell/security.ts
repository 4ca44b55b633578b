/**
 * The security baseline as pure factories: window options, the one global guard every web
 * contents gets, which URLs count as the app, and which URLs may leave for the browser.
 * Nothing here imports electron at run time, so every rule is unit-tested under plain Node.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions } from 'electron';
import type { Logger } from '../../core/logging/logger';
import { resolveEndpoint } from '../../core/genesys/client';
import type { ConnectionSummary } from '../../shared/domain';
import { CUSTOM_REGION_ID, REGIONS } from '../../shared/regions';

export const WINDOW_MIN_WIDTH = 360;
export const WINDOW_MIN_HEIGHT = 480;

export interface SecureWindowOptions {
  preloadPath: string;
  isPackaged: boolean;
  bounds?: { x: number; y: number; width: number; height: number };
  icon?: string;
}

export type WindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

/**
 * The one place a BrowserWindow is constructed (the constructor is passed in, so this runs
 * under Node in tests). The options are written out here, at the `new`, so Electronegativity
 * checks the very object Electron receives.
 */
export function createSecureWindow<W>(BrowserWindow: WindowConstructor<W>, options: SecureWindowOptions): W {
  return new BrowserWindow({
    ...options.bounds,
    ...(options.icon ? { icon: options.icon } : {}),
    show: false, // shown on ready-to-show, or kept hidden when starting to the tray
    minWidth: WINDOW_MIN_WIDTH,
    minHeight: WINDOW_MIN_HEIGHT,
    title: 'Softphone Companion',
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath, /* eng-disable PRELOAD_JS_CHECK -- reviewed: src/preload exposes only the typed contract (docs/SECURITY.md) */
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // A middle click would otherwise try to open a link in a new window.
      disableBlinkFeatures: 'Auxclick',
      devTools: !options.isPackaged,
    },
  });
}

/** The options `createSecureWindow` gives Electron, read back through a recording constructor. */
export function secureWindowOptions(preloadPath: string, options: { isPackaged: boolean }): BrowserWindowConstructorOptions {
  class Recorder {
    constructor(readonly options: BrowserWindowConstructorOptions) {}
  }
  return createSecureWindow(Recorder, { preloadPath, isPackaged: options.isPackaged }).options;
}

export interface AppUrlOptions {
  /** The electron-vite dev server (`ELECTRON_RENDERER_URL`), only in development. */
  devServerUrl?: string;
  /** Absolute path of the built renderer's index.html. */
  rendererFile: string;
}

/** True only for the app's own renderer: the built index.html (any hash/query) or the dev server's origin. */
export function isAppUrl(url: string, options: AppUrlOptions): boolean {
  const parsed = safeUrl(url);
  if (!parsed) return false;
  if (options.devServerUrl) {
    const dev = safeUrl(options.devServerUrl);
    if (dev && (dev.protocol === 'http:' || dev.protocol === 'https:') && parsed.origin === dev.origin) return true;
  }
  if (parsed.protocol !== 'file:') return false;
  const expected = pathToFileURL(path.resolve(options.rendererFile));
  return parsed.host === expected.host && decodeURIComponent(parsed.pathname) === decodeURIComponent(expected.pathname);
}

/** The SDK's environment hosts (shared/regions mirrors the SDK's PureCloudRegionHosts and is tested against it). */
const regionHosts: readonly string[] = REGIONS.map((region) => region.host);

/**
 * The only URLs `shell.openExternal` may open: the Genesys login page of a known region (or of a
 * custom environment the user saved), over https on the default port, and the demo org's loopback
 * authorize page. Anything else — other hosts, other schemes, credentials in the URL — is refused.
 */
export function openExternalAllowed(url: string, customLoginOrigins: readonly string[] = []): boolean {
  if (typeof url !== 'string' || url.length > 8192) return false;
  const parsed = safeUrl(url);
  if (!parsed || parsed.username || parsed.password) return false;
  // A saved custom-host connection signs in at its own origin's authorize page, and nowhere else there.
  if (customLoginOrigins.includes(parsed.origin) && parsed.pathname === '/oauth/authorize') return true;
  if (parsed.protocol === 'https:') {
    if (parsed.port !== '') return false;
    const host = parsed.hostname.toLowerCase();
    return regionHosts.some((environment) => host === `login.${environment.toLowerCase()}`);
  }
  if (parsed.protocol === 'http:') {
    return parsed.hostname === '127.0.0.1' && parsed.port !== '' && parsed.pathname === '/oauth/authorize';
  }
  return false;
}

function safeUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- the global guard

/** The part of Electron's `Event` the guard uses. */
interface PreventableEvent {
  preventDefault(): void;
}

/** The part of a WebContents the guard touches (Electron's WebContents satisfies it). */
export interface GuardedContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  session: {
    setPermissionRequestHandler(
      handler: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void,
    ): void;
    setPermissionCheckHandler(
      handler: (contents: unknown, permission: string, requestingOrigin: string, details: { requestingUrl?: string }) => boolean,
    ): void;
  };
}

export interface GuardedApp {
  on(event: 'web-contents-created', listener: (event: unknown, contents: GuardedContents) => void): unknown;
}

export interface GuardOptions {
  isAppUrl(url: string): boolean;
  /** Called only with URLs that passed `openExternalAllowed`. */
  openExternal(url: string): void;
  /** The allow-list; injected so the custom environments the user saved can be included. */
  externalAllowed(url: string): boolean;
  log: Logger;
}

/** Permissions the app's own page may use: copying a number to the clipboard. Everything else is denied. */
const appPermissions = new Set(['clipboard-sanitized-write']);

/** Decides one permission question; exported for the test. */
export function permissionAllowed(permission: string, requestingUrl: string | undefined, isApp: (url: string) => boolean): boolean {
  return appPermissions.has(permission) && requestingUrl !== undefined && isApp(requestingUrl);
}

/** One guard for every web contents the app ever creates: install once, before any window. */
export function installWebContentsGuards(app: GuardedApp, options: GuardOptions): void {
  const log = options.log.child('guard');
  const leaveApp = (url: string, how: string): void => {
    if (options.externalAllowed(url)) {
      options.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- only after externalAllowed on the line above
      log.info(`${how}: opened in the browser`, { origin: originOf(url) });
    } else {
      log.warn(`${how}: blocked`, { origin: originOf(url) });
    }
  };

  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      leaveApp(url, 'window.open');
      return { action: 'deny' };
    });
    const guardNavigation = (kind: string) => (event: PreventableEvent, url: string) => {
      if (options.isAppUrl(url)) return;
      event.preventDefault();
      leaveApp(url, kind);
    };
    contents.on('will-navigate', guardNavigation('navigation'));
    contents.on('will-redirect', guardNavigation('redirect'));
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      log.warn('webview attachment blocked');
    });
    contents.session.setPermissionRequestHandler((_contents, permission, callback, details) => {
      const granted = permissionAllowed(permission, details.requestingUrl, options.isAppUrl);
      if (!granted) log.warn('permission request denied', { permission });
      callback(granted);
    });
    // Checks carry only an origin ("file:///" for the built app), so judge the requesting URL.
    contents.session.setPermissionCheckHandler((_contents, permission, _origin, details) =>
      permissionAllowed(permission, details.requestingUrl, options.isAppUrl),
    );
  });
}

/** Logs say where a blocked URL pointed, never its path or query (which may carry codes). */
function originOf(url: string): string {
  const parsed = safeUrl(url);
  return parsed ? `${parsed.protocol}//${parsed.host}` : 'unparseable';
}

/**
 * The login origins of saved custom-host connections (gateways, test simulators), as the SDK
 * will reach them: what the openExternal allow-list accepts besides the Genesys regions.
 * A connection whose host does not resolve contributes nothing.
 */
export function customLoginOrigins(connections: readonly Pick<ConnectionSummary, 'region' | 'customHost'>[]): string[] {
  return connections.flatMap((connection) => {
    if (connection.region !== CUSTOM_REGION_ID) return [];
    try {
      const endpoint = resolveEndpoint(connection.region, connection.customHost);
      return endpoint.kind === 'custom' ? [endpoint.origin] : [];
    } catch {
      return [];
    }
  });
}
