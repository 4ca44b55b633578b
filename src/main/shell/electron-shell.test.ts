import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../core/logging/logger';
import { testSettings } from '../../core/test-support/fakes';
import { createElectronShell, type ElectronShellDeps, type FocusableWindow } from './electron-shell';

const settings = testSettings();

function harness(overrides: Partial<ElectronShellDeps> = {}) {
  const opened: string[] = [];
  const loginItems: unknown[] = [];
  const autostart: [string, string | null][] = [];
  const shortcuts = { registered: [] as string[], unregistered: [] as string[], taken: new Set<string>() };
  const handlerCalls: string[] = [];
  const windowCalls: string[] = [];
  const window: FocusableWindow = {
    isDestroyed: () => false,
    isMinimized: () => true,
    restore: () => windowCalls.push('restore'),
    show: () => windowCalls.push('show'),
    focus: () => windowCalls.push('focus'),
  };
  const shell = createElectronShell({
    app: {
      isDefaultProtocolClient: (scheme) => scheme === 'tel',
      setAsDefaultProtocolClient: (scheme) => (handlerCalls.push(scheme), scheme === 'tel'),
      setLoginItemSettings: (s) => loginItems.push(s),
    },
    openExternal: async (url) => {
      opened.push(url);
    },
    globalShortcut: {
      register: (accelerator) => {
        if (shortcuts.taken.has(accelerator)) return false;
        shortcuts.registered.push(accelerator);
        return true;
      },
      unregister: (accelerator) => shortcuts.unregistered.push(accelerator),
    },
    writeAutostart: async (file, content) => {
      autostart.push([file, content]);
    },
    window: () => window,
    customHostOrigins: () => ['https://gc.example.test'],
    onShortcut: () => undefined,
    registration: {},
    login: { platform: 'win32', execPath: 'C:\\app.exe', launch: {}, env: {}, homeDir: 'C:\\Users\\sam' },
    shortcutEnv: { platform: 'win32' },
    log: createMemoryLogger(),
    ...overrides,
  });
  return { shell, opened, loginItems, autostart, shortcuts, handlerCalls, windowCalls };
}

describe('createElectronShell', () => {
  it('opens only allow-listed URLs, custom environments included', async () => {
    const h = harness();
    await h.shell.openExternal('https://login.mypurecloud.de/oauth/authorize?client_id=x');
    await h.shell.openExternal('https://gc.example.test/oauth/authorize');
    await expect(h.shell.openExternal('https://evil.example/')).rejects.toMatchObject({ code: 'urlNotAllowed' });
    await expect(h.shell.openExternal('file:///etc/passwd')).rejects.toMatchObject({ code: 'urlNotAllowed' });
    expect(h.opened).toEqual(['https://login.mypurecloud.de/oauth/authorize?client_id=x', 'https://gc.example.test/oauth/authorize']);
  });

  it('focusWindow restores, shows and focuses', () => {
    const h = harness();
    h.shell.focusWindow();
    expect(h.windowCalls).toEqual(['restore', 'show', 'focus']);
  });

  it('focusWindow without a window does nothing', () => {
    expect(() => harness({ window: () => null }).shell.focusWindow()).not.toThrow();
  });

  it('status reports handlers per scheme, the shortcut and the OS help', async () => {
    const status = await harness().shell.status(settings);
    expect(status.protocolHandlers).toEqual([
      { scheme: 'tel', isDefault: true },
      { scheme: 'callto', isDefault: false },
    ]);
    expect(status.shortcut).toBeNull();
    expect(status.handlerHelp.join(' ')).toContain('Default apps');
  });

  it('applySettings sets the login item once per change and registers the shortcut', async () => {
    const h = harness();
    await h.shell.applySettings(settings);
    await h.shell.applySettings(settings);
    expect(h.loginItems).toEqual([{ openAtLogin: false, path: 'C:\\app.exe', args: ['--started-at-login'] }]);
    const status = await h.shell.applySettings({ ...settings, startAtLogin: true, globalShortcut: 'Ctrl+Alt+D' });
    expect(h.loginItems).toHaveLength(2);
    expect(status.shortcut).toEqual({ accelerator: 'Ctrl+Alt+D', registered: true });
    await h.shell.applySettings({ ...settings, globalShortcut: 'Ctrl+Alt+K' });
    expect(h.shortcuts.unregistered).toEqual(['Ctrl+Alt+D']);
    expect(h.shortcuts.registered).toEqual(['Ctrl+Alt+D', 'Ctrl+Alt+K']);
  });

  it('a taken shortcut is reported in the status', async () => {
    const h = harness();
    h.shortcuts.taken.add('Ctrl+Alt+D');
    const status = await h.shell.applySettings({ ...settings, globalShortcut: 'Ctrl+Alt+D' });
    expect(status.shortcut).toMatchObject({ registered: false, problem: expect.stringContaining('Another app') });
  });

  it('Linux writes and removes the autostart entry', async () => {
    const h = harness({ login: { platform: 'linux', execPath: '/opt/app/app', launch: {}, env: {}, homeDir: '/home/sam' } });
    await h.shell.applySettings({ ...settings, startAtLogin: true });
    await h.shell.applySettings({ ...settings, startAtLogin: false });
    expect(h.autostart.map(([, content]) => content === null)).toEqual([false, true]);
    expect(h.loginItems).toEqual([]);
  });

  it('makeDefaultProtocolClient asks for both schemes and reports the result', async () => {
    const h = harness();
    const status = await h.shell.makeDefaultProtocolClient();
    expect(h.handlerCalls).toEqual(['tel', 'callto']);
    expect(status.protocolHandlers).toHaveLength(2);
  });
});
