import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOGIN_FLAG, loginItemPlan, startedAtLogin, startHidden } from './login-item';

const shape = (platform: NodeJS.Platform, extra: Partial<Parameters<typeof loginItemPlan>[1]> = {}) => ({
  platform,
  execPath: platform === 'win32' ? 'C:\\Program Files\\Softphone Companion\\Softphone Companion.exe' : '/opt/Softphone Companion/softphone-companion',
  launch: {},
  env: {},
  homeDir: '/home/sam',
  ...extra,
});

describe('loginItemPlan', () => {
  it('macOS: Electron login item without arguments', () => {
    expect(loginItemPlan({ startAtLogin: true }, shape('darwin'))).toEqual({ kind: 'electron', settings: { openAtLogin: true } });
  });

  it('Windows: the exe with the login flag (and the dev script, without the -- terminator)', () => {
    expect(loginItemPlan({ startAtLogin: true }, shape('win32'))).toEqual({
      kind: 'electron',
      settings: { openAtLogin: true, path: 'C:\\Program Files\\Softphone Companion\\Softphone Companion.exe', args: [LOGIN_FLAG] },
    });
    const dev = loginItemPlan({ startAtLogin: false }, shape('win32', { launch: { path: 'electron.exe', args: ['C:\\repo', '--'] } }));
    expect(dev).toMatchObject({ settings: { openAtLogin: false, args: ['C:\\repo', LOGIN_FLAG] } });
  });

  it('Linux: an XDG autostart entry, quoted, removed when turned off', () => {
    const on = loginItemPlan({ startAtLogin: true }, shape('linux'));
    expect(on).toMatchObject({ kind: 'autostartFile', file: path.join('/home/sam/.config', 'autostart', 'softphone-companion.desktop') });
    expect(on.kind === 'autostartFile' ? on.content : '').toContain(`Exec="/opt/Softphone Companion/softphone-companion" ${LOGIN_FLAG}`);
    expect(loginItemPlan({ startAtLogin: false }, shape('linux'))).toMatchObject({ kind: 'autostartFile', content: null });
  });

  it('Linux: honours XDG_CONFIG_HOME and the AppImage path', () => {
    const plan = loginItemPlan({ startAtLogin: true }, shape('linux', { env: { XDG_CONFIG_HOME: '/cfg', APPIMAGE: '/home/sam/Apps/Softphone.AppImage' } }));
    expect(plan).toMatchObject({ file: path.join('/cfg', 'autostart', 'softphone-companion.desktop') });
    expect(plan.kind === 'autostartFile' ? plan.content : '').toContain('Exec=/home/sam/Apps/Softphone.AppImage --started-at-login');
  });

  it('Linux: shell metacharacters in the path are escaped', () => {
    const plan = loginItemPlan({ startAtLogin: true }, shape('linux', { execPath: '/opt/a"$b`/app' }));
    expect(plan.kind === 'autostartFile' ? plan.content : '').toContain('Exec="/opt/a\\"\\$b\\`/app"');
  });

  it('other systems: unsupported', () => {
    expect(loginItemPlan({ startAtLogin: true }, shape('aix'))).toEqual({ kind: 'unsupported' });
  });
});

describe('startedAtLogin / startHidden', () => {
  it('knows a login start by the flag or the OS', () => {
    expect(startedAtLogin(['exe', LOGIN_FLAG], false)).toBe(true);
    expect(startedAtLogin(['exe'], true)).toBe(true);
    expect(startedAtLogin(['exe', 'tel:+12015550123'], false)).toBe(false);
  });
  it('hides only a login start with the setting on', () => {
    expect(startHidden({ startHidden: true }, true)).toBe(true);
    expect(startHidden({ startHidden: true }, false)).toBe(false);
    expect(startHidden({ startHidden: false }, true)).toBe(false);
  });
});
