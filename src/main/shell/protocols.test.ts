import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { handlerHelp, protocolHandlerStatus, protocolRegistration, registerProtocolHandlers, type ProtocolClientPort } from './protocols';

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
  it('reports each scheme, unknown when the OS throws', () => {
    const p = port({ tel: true, callto: new Error('xdg-settings missing') });
    expect(protocolHandlerStatus(p, { path: '/e', args: ['/s'] })).toEqual([
      { scheme: 'tel', isDefault: true },
      { scheme: 'callto', isDefault: 'unknown' },
    ]);
    expect(p.calls[0]).toEqual(['is', 'tel', '/e', ['/s']]);
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
