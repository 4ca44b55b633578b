import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  handlerHelp,
  parseRegQueryProgId,
  protocolHandlerStatus,
  protocolRegistration,
  registerProtocolHandlers,
  windowsProgId,
  windowsUserChoiceKey,
  windowsUserChoiceReader,
  type ProtocolClientPort,
} from './protocols';

describe('protocolRegistration', () => {
  it('packaged Windows: the exe with the switch terminator', () => {
    expect(protocolRegistration({ isPackaged: true, execPath: 'C:\\App\\app.exe', argv: ['C:\\App\\app.exe'], platform: 'win32' })).toEqual({
      path: 'C:\\App\\app.exe',
      args: ['--'],
    });
  });

  it('packaged macOS/Linux: the bundle or desktop entry decides', () => {
    expect(protocolRegistration({ isPackaged: true, execPath: '/opt/app/app', argv: ['/opt/app/app'], platform: 'linux' })).toEqual({});
    expect(protocolRegistration({ isPackaged: true, execPath: '/Applications/A.app/Contents/MacOS/A', argv: [], platform: 'darwin' })).toEqual({});
  });

  it('development: electron plus the resolved script, skipping switches', () => {
    expect(protocolRegistration({ isPackaged: false, execPath: '/repo/node_modules/electron/dist/electron', argv: ['/repo/node_modules/electron/dist/electron', '--inspect', '.'], platform: 'linux' })).toEqual({
      path: '/repo/node_modules/electron/dist/electron',
      args: [path.resolve('.')],
    });
    expect(protocolRegistration({ isPackaged: false, execPath: 'C:\\repo\\electron.exe', argv: ['C:\\repo\\electron.exe', 'out/main/index.js'], platform: 'win32' })).toEqual({
      path: 'C:\\repo\\electron.exe',
      args: [path.resolve('out/main/index.js'), '--'],
    });
  });
});

function port(behaviour: Partial<Record<string, boolean | Error>>): ProtocolClientPort & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  const answer = (scheme: string) => {
    const value = behaviour[scheme];
    if (value instanceof Error) throw value;
    return value ?? false;
  };
  return {
    calls,
    isDefaultProtocolClient: (scheme, p, a) => (calls.push(['is', scheme, p, a]), answer(scheme)),
    setAsDefaultProtocolClient: (scheme, p, a) => (calls.push(['set', scheme, p, a]), answer(scheme)),
  };
}

describe('protocolHandlerStatus / registerProtocolHandlers', () => {
  it('reports each scheme, unknown when the OS throws', async () => {
    const p = port({ tel: true, callto: new Error('xdg-settings missing') });
    expect(await protocolHandlerStatus(p, { path: '/e', args: ['/s'] })).toEqual([
      { scheme: 'tel', isDefault: true },
      { scheme: 'callto', isDefault: 'unknown' },
    ]);
    expect(p.calls[0]).toEqual(['is', 'tel', '/e', ['/s']]);
  });

  it("Windows: the user's Default Apps choice decides, Electron's check only when there is none", async () => {
    const p = port({ tel: false, callto: true });
    const choices: Record<string, string | null> = { tel: 'SoftphoneCompanion.tel', callto: null };
    expect(await protocolHandlerStatus(p, {}, async (scheme) => choices[scheme] ?? null)).toEqual([
      { scheme: 'tel', isDefault: true },
      { scheme: 'callto', isDefault: true },
    ]);
    choices['tel'] = 'ChromeHTML';
    expect((await protocolHandlerStatus(p, {}, async (scheme) => choices[scheme] ?? null))[0]).toEqual({ scheme: 'tel', isDefault: false });
    expect((await protocolHandlerStatus(p, {}, async () => Promise.reject(new Error('reg.exe missing'))))[0]).toEqual({ scheme: 'tel', isDefault: 'unknown' });
  });

  it('reads the ProgId out of reg query output', () => {
    const out = '\r\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\Shell\\Associations\\UrlAssociations\\tel\\UserChoice\r\n    ProgId    REG_SZ    SoftphoneCompanion.tel\r\n\r\n';
    expect(parseRegQueryProgId(out)).toBe('SoftphoneCompanion.tel');
    expect(parseRegQueryProgId('ERROR: The system was unable to find the specified registry key or value.')).toBeNull();
    expect(windowsUserChoiceKey('callto')).toBe('HKCU\\Software\\Microsoft\\Windows\\Shell\\Associations\\UrlAssociations\\callto\\UserChoice');
    expect(windowsProgId('tel')).toBe('SoftphoneCompanion.tel');
  });

  it('windowsUserChoiceReader: the ProgId, null for a missing key, an error otherwise', async () => {
    const calls: string[][] = [];
    const reader = windowsUserChoiceReader(async (file, args) => {
      calls.push([file, ...args]);
      return { stdout: '    ProgId    REG_SZ    SoftphoneCompanion.tel\r\n' };
    });
    expect(await reader('tel')).toBe('SoftphoneCompanion.tel');
    expect(calls[0]).toEqual(['reg', 'query', windowsUserChoiceKey('tel'), '/v', 'ProgId']);
    const missing = windowsUserChoiceReader(async () => Promise.reject(Object.assign(new Error('exit 1'), { code: 1 })));
    expect(await missing('tel')).toBeNull();
    const broken = windowsUserChoiceReader(async () => Promise.reject(Object.assign(new Error('spawn reg ENOENT'), { code: 'ENOENT' })));
    await expect(broken('tel')).rejects.toThrow('ENOENT');
  });

  it('returns the schemes the OS refused', () => {
    expect(registerProtocolHandlers(port({ tel: true, callto: false }), {})).toEqual(['callto']);
    expect(registerProtocolHandlers(port({ tel: new Error('nope'), callto: true }), {})).toEqual(['tel']);
  });
});

describe('handlerHelp', () => {
  it('Windows names the Default apps path and TEL', () => {
    const steps = handlerHelp('win32').join('\n');
    expect(steps).toContain('Settings → Apps → Default apps');
    expect(steps).toContain('Choose defaults by link type');
    expect(steps).toContain('TEL');
  });
  it('macOS names FaceTime and the button', () => {
    const steps = handlerHelp('darwin').join('\n');
    expect(steps).toContain('FaceTime → Settings');
    expect(steps).toContain('Default for calls');
  });
  it('Linux gives the xdg-mime commands for the desktop file', () => {
    expect(handlerHelp('linux', 'x.desktop')).toContain('xdg-mime default x.desktop x-scheme-handler/tel');
  });
  it('other systems get one honest line', () => {
    expect(handlerHelp('freebsd')).toHaveLength(1);
  });
});
