import path from 'node:path';
import { pathToFileURL } from 'node:url';
import platformClient from 'purecloud-platform-client-v2';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../core/logging/logger';
import {
  createSecureWindow,
  installWebContentsGuards,
  isAppUrl,
  customLoginOrigins,
  openExternalAllowed,
  permissionAllowed,
  secureWindowOptions,
  type GuardedApp,
  type GuardedContents,
} from './security';

const rendererFile = path.resolve('/opt/app/out/renderer/index.html');
const appFileUrl = pathToFileURL(rendererFile).href;

describe('secureWindowOptions', () => {
  it('applies the whole baseline and hides DevTools when packaged', () => {
    const options = secureWindowOptions('/opt/app/out/preload/index.cjs', { isPackaged: true });
    expect(options.webPreferences).toMatchObject({
      preload: '/opt/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    });
    expect(options.minWidth).toBe(360);
    expect(options.minHeight).toBe(480);
    expect(options.show).toBe(false);
  });

  it('keeps DevTools available in development', () => {
    expect(secureWindowOptions('/p.cjs', { isPackaged: false }).webPreferences?.devTools).toBe(true);
  });

  it('createSecureWindow passes the same options, plus bounds and icon, to the constructor', () => {
    const seen: unknown[] = [];
    class FakeWindow {
      constructor(options: unknown) {
        seen.push(options);
      }
    }
    createSecureWindow(FakeWindow, { preloadPath: '/p.cjs', isPackaged: true, bounds: { x: 1, y: 2, width: 400, height: 600 }, icon: '/i.png' });
    expect(seen[0]).toEqual({ ...secureWindowOptions('/p.cjs', { isPackaged: true }), x: 1, y: 2, width: 400, height: 600, icon: '/i.png' });
  });
});

describe('isAppUrl', () => {
  it('accepts the built renderer, with or without a hash', () => {
    expect(isAppUrl(appFileUrl, { rendererFile })).toBe(true);
    expect(isAppUrl(`${appFileUrl}#/settings`, { rendererFile })).toBe(true);
  });

  it('refuses other files, other schemes and garbage', () => {
    expect(isAppUrl(pathToFileURL('/etc/passwd').href, { rendererFile })).toBe(false);
    expect(isAppUrl(pathToFileURL('/opt/app/out/renderer/other.html').href, { rendererFile })).toBe(false);
    expect(isAppUrl('https://evil.example/', { rendererFile })).toBe(false);
    expect(isAppUrl('not a url', { rendererFile })).toBe(false);
    expect(isAppUrl('file://remote-host/opt/app/out/renderer/index.html', { rendererFile })).toBe(false);
  });

  it('accepts the dev server origin only when one is configured', () => {
    const devServerUrl = 'http://localhost:5173';
    expect(isAppUrl('http://localhost:5173/#/dial', { rendererFile, devServerUrl })).toBe(true);
    expect(isAppUrl('http://localhost:5174/', { rendererFile, devServerUrl })).toBe(false);
    expect(isAppUrl('http://localhost:5173/', { rendererFile })).toBe(false);
    expect(isAppUrl('javascript:alert(1)', { rendererFile, devServerUrl: 'javascript:alert(1)' })).toBe(false);
  });
});

describe('openExternalAllowed', () => {
  it('allows the login page of every SDK region', () => {
    const hosts = Object.values(platformClient.PureCloudRegionHosts);
    expect(hosts.length).toBeGreaterThan(10);
    for (const host of hosts) {
      expect(openExternalAllowed(`https://login.${host}/oauth/authorize?client_id=x&response_type=code`), host).toBe(true);
    }
  });

  it('allows the loopback simulator authorize page on any port', () => {
    expect(openExternalAllowed('http://127.0.0.1:49152/oauth/authorize?client_id=demo')).toBe(true);
  });

  it('allows a saved custom environment only when passed in', () => {
    expect(openExternalAllowed('https://login.example-gc.test/oauth/authorize')).toBe(false);
    // A saved custom-host connection: its own origin's authorize page only.
    const origins = customLoginOrigins([
      { region: 'custom', customHost: 'gateway.example.com' },
      { region: 'custom', customHost: 'http://127.0.0.1:4010' },
      { region: 'custom', customHost: 'not a host' },
      { region: 'us_east_1' },
    ]);
    expect(origins).toEqual(['https://gateway.example.com', 'http://127.0.0.1:4010']);
    expect(openExternalAllowed('https://gateway.example.com/oauth/authorize?client_id=x', origins)).toBe(true);
    expect(openExternalAllowed('https://gateway.example.com/somewhere-else', origins)).toBe(false);
    expect(openExternalAllowed('https://gateway.example.com.evil.test/oauth/authorize', origins)).toBe(false);
    expect(openExternalAllowed('http://gateway.example.com/oauth/authorize', origins)).toBe(false);
  });

  it.each([
    'http://login.mypurecloud.com/oauth/authorize',
    'https://api.mypurecloud.com/api/v2/users/me',
    'https://login.mypurecloud.com.evil.example/',
    'https://evil.example/?next=https://login.mypurecloud.com',
    'https://user:pw@login.mypurecloud.com/',
    'https://login.mypurecloud.com:8443/',
    'http://127.0.0.1/oauth/authorize',
    'http://127.0.0.1:8080/oauth/token',
    'http://localhost:8080/oauth/authorize',
    'http://127.0.0.2:8080/oauth/authorize',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'tel:+12015550123',
    'smb://host/share',
    'mypurecloud.com',
    '',
  ])('refuses %s', (url) => {
    expect(openExternalAllowed(url)).toBe(false);
  });
});

describe('permissionAllowed', () => {
  const isApp = (url: string) => isAppUrl(url, { rendererFile });
  it('lets only the app page write to the clipboard', () => {
    expect(permissionAllowed('clipboard-sanitized-write', appFileUrl, isApp)).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', 'https://evil.example/', isApp)).toBe(false);
    expect(permissionAllowed('clipboard-sanitized-write', undefined, isApp)).toBe(false);
  });
  it.each(['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'unknown'])('denies %s even to the app', (permission) => {
    expect(permissionAllowed(permission, appFileUrl, isApp)).toBe(false);
  });
});

/** A stand-in for Electron's app and web contents that records what the guard registered. */
function fakeElectron() {
  let created: ((event: unknown, contents: GuardedContents) => void) | undefined;
  const app: GuardedApp = {
    on: (_event, listener) => {
      created = listener;
    },
  };
  const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
  let windowOpen: ((details: { url: string }) => { action: string }) | undefined;
  let requestHandler: ((c: unknown, p: string, cb: (g: boolean) => void, d: { requestingUrl?: string }) => void) | undefined;
  let checkHandler: ((c: unknown, p: string, o: string, d: { requestingUrl?: string }) => boolean) | undefined;
  const contents: GuardedContents = {
    setWindowOpenHandler: (handler) => {
      windowOpen = handler;
    },
    on: (event: string, listener: (event: { preventDefault(): void }, url: string) => void) => {
      listeners.set(event, listener);
    },
    session: {
      setPermissionRequestHandler: (handler) => {
        requestHandler = handler;
      },
      setPermissionCheckHandler: (handler) => {
        checkHandler = handler;
      },
    },
  };
  const fire = (event: string, url: string): boolean => {
    let prevented = false;
    listeners.get(event)?.({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return {
    app,
    createContents: () => created?.({}, contents),
    fire,
    windowOpen: (url: string) => windowOpen?.({ url }),
    request: (permission: string, requestingUrl: string) => {
      let granted: boolean | undefined;
      requestHandler?.({}, permission, (g) => (granted = g), { requestingUrl });
      return granted;
    },
    check: (permission: string, requestingUrl: string) => checkHandler?.({}, permission, 'file:///', { requestingUrl }),
  };
}

describe('installWebContentsGuards', () => {
  const setup = () => {
    const electron = fakeElectron();
    const opened: string[] = [];
    const log = createMemoryLogger();
    installWebContentsGuards(electron.app, {
      isAppUrl: (url) => isAppUrl(url, { rendererFile }),
      externalAllowed: (url) => openExternalAllowed(url),
      openExternal: (url) => opened.push(url),
      log,
    });
    electron.createContents();
    return { electron, opened, log };
  };

  it('denies every window.open, sending only allow-listed URLs to the browser', () => {
    const { electron, opened } = setup();
    expect(electron.windowOpen('https://login.mypurecloud.ie/oauth/authorize')).toEqual({ action: 'deny' });
    expect(electron.windowOpen('https://evil.example/')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://login.mypurecloud.ie/oauth/authorize']);
  });

  it('blocks navigation and redirects away from the app but not within it', () => {
    const { electron, opened, log } = setup();
    expect(electron.fire('will-navigate', `${appFileUrl}#/recents`)).toBe(false);
    expect(electron.fire('will-navigate', 'https://evil.example/phish?code=secret')).toBe(true);
    expect(electron.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(opened).toEqual([]);
    expect(log.lines.join('\n')).not.toContain('secret');
  });

  it('blocks webview attachment', () => {
    const { electron } = setup();
    expect(electron.fire('will-attach-webview', '')).toBe(true);
  });

  it('denies permission requests and checks outside the allow-list', () => {
    const { electron } = setup();
    expect(electron.request('media', appFileUrl)).toBe(false);
    expect(electron.request('clipboard-sanitized-write', appFileUrl)).toBe(true);
    expect(electron.request('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(electron.check('notifications', appFileUrl)).toBe(false);
    expect(electron.check('clipboard-sanitized-write', appFileUrl)).toBe(true);
  });
});
