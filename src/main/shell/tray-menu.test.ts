import { describe, expect, it } from 'vitest';
import type { CallSnapshot, RecentCall, SessionState } from '../../shared/domain';
import { buildTrayMenu, iconFor, trayClickAction, type TrayItem, type TrayState } from './tray-menu';

const signedIn: SessionState = {
  status: 'signedIn',
  connectionId: 'c1',
  connectionName: 'Prod',
  principal: { kind: 'client', clientId: 'x' },
  orgName: 'Acme',
  regionLabel: 'US East',
  expiresAt: 0,
};

function recent(i: number, e164 = `+1201555${String(1000 + i)}`): RecentCall {
  return { id: `r${i}`, e164, displayNumber: `+1 201 555 ${1000 + i}`, agent: null, source: 'dialpad', requestedAt: i, outcome: 'hungUp' };
}

function call(phase: CallSnapshot['phase'], id = 'call-1'): CallSnapshot {
  return { id, e164: '+12015550123', displayNumber: '+1 201 555 0123', agent: { id: 'a1', name: 'Jane Doe' }, source: 'dialpad', phase, requestedAt: 0, monitoring: 'push' };
}

const base: TrayState = { session: { status: 'signedOut' }, calls: [], recents: [], favorites: [], clipboardDialable: false, platform: 'linux', systemUiDark: false };
const actions = (items: TrayItem[]) => items.filter((item): item is Extract<TrayItem, { type: 'action' }> => item.type === 'action');
const ids = (items: TrayItem[]) => items.filter((item) => item.type !== 'separator').map((item) => item.id);

describe('buildTrayMenu', () => {
  it('signed out: open and quit only, no dialling', () => {
    const model = buildTrayMenu({ ...base, recents: [recent(1)], favorites: [{ label: 'Desk', e164: '+12015550100' }], clipboardDialable: true });
    expect(model.mode).toBe('signedOut');
    expect(ids(model.items)).toEqual(['heading:signed-out', 'open', 'quit']);
    expect(model.tooltip).toBe('Softphone Companion — signed out');
    expect(model.icon).toEqual({ file: 'tray-signed-out.png', template: false });
  });

  it('ready: the last five different recent numbers, the favourites, clipboard, open, sign out, quit', () => {
    const recents = [recent(1), recent(1), recent(2), recent(3), recent(2), recent(4), recent(5), recent(6), recent(7)];
    const model = buildTrayMenu({ ...base, session: signedIn, recents, favorites: [{ label: 'Front desk', e164: '+442079460958' }], clipboardDialable: true });
    expect(model.mode).toBe('ready');
    expect(ids(model.items)).toEqual([
      'heading:recents',
      'recent:+12015551001',
      'recent:+12015551002',
      'recent:+12015551003',
      'recent:+12015551004',
      'recent:+12015551005',
      'heading:favorites',
      'favorite:+442079460958',
      'dial-clipboard',
      'open',
      'sign-out',
      'quit',
    ]);
    const byId = new Map(actions(model.items).map((item) => [item.id, item]));
    expect(byId.get('recent:+12015551001')?.action).toEqual({ kind: 'quickDial', e164: '+12015551001', source: 'recent' });
    expect(byId.get('favorite:+442079460958')).toMatchObject({ label: 'Front desk (+442079460958)', action: { kind: 'quickDial', source: 'favorite' } });
    expect(byId.get('dial-clipboard')?.enabled).toBe(true);
    expect(byId.get('open')?.label).toBe('Open Softphone Companion');
    expect(model.tooltip).toBe('Softphone Companion — ready (Acme)');
  });

  it('every quick-dial entry goes to the inbox: no action dials directly', () => {
    const model = buildTrayMenu({ ...base, session: signedIn, recents: [recent(1)], favorites: [{ label: 'F', e164: '+12015550100' }], clipboardDialable: true });
    const kinds = new Set(actions(model.items).map((item) => item.action.kind));
    expect([...kinds].sort()).toEqual(['dialClipboard', 'open', 'quickDial', 'quit', 'signOut']);
  });

  it('disables "Dial number from clipboard" when the clipboard does not parse', () => {
    const model = buildTrayMenu({ ...base, session: signedIn });
    expect(actions(model.items).find((item) => item.id === 'dial-clipboard')?.enabled).toBe(false);
  });

  it('in a call: the active calls come first and lead to the call; the icon and tooltip say so', () => {
    const model = buildTrayMenu({ ...base, session: signedIn, calls: [call('connected'), call('ended', 'old')], recents: [recent(1)] });
    expect(model.mode).toBe('inCall');
    expect(model.items[0]).toEqual({ type: 'action', id: 'call:call-1', label: 'Connected: +1 201 555 0123 — Jane Doe', enabled: true, action: { kind: 'showCall', callId: 'call-1' } });
    expect(ids(model.items)).not.toContain('call:old');
    expect(model.tooltip).toBe('Softphone Companion — 1 call in progress (Acme)');
    expect(model.icon.file).toBe('tray-call.png');
  });

  it('ended calls alone leave the tray ready', () => {
    expect(buildTrayMenu({ ...base, session: signedIn, calls: [call('ended')] }).mode).toBe('ready');
  });

  it('an expired or failed session is shown as signed out', () => {
    expect(buildTrayMenu({ ...base, session: { status: 'expired', connectionId: 'c1', message: 'x' } }).mode).toBe('signedOut');
    expect(buildTrayMenu({ ...base, session: { status: 'signingIn', connectionId: 'c1', waitingForBrowser: true } }).mode).toBe('signedOut');
  });

  it('escapes & on Windows and Linux, not on macOS, and shortens long labels', () => {
    const favorites = [{ label: 'Sales & Support', e164: '+12015550100' }];
    const label = (platform: NodeJS.Platform) => actions(buildTrayMenu({ ...base, session: signedIn, favorites, platform }).items).find((i) => i.id.startsWith('favorite'))?.label;
    expect(label('win32')).toBe('Sales && Support (+12015550100)');
    expect(label('darwin')).toBe('Sales & Support (+12015550100)');
    const long = actions(buildTrayMenu({ ...base, session: signedIn, favorites: [{ label: 'x'.repeat(100), e164: '+12015550100' }] }).items).find((i) => i.id.startsWith('favorite'));
    expect(long?.label.length).toBe(48);
    expect(long?.label.endsWith('…')).toBe(true);
  });

  it('macOS: template icons and "Quit Softphone Companion"', () => {
    const model = buildTrayMenu({ ...base, platform: 'darwin' });
    expect(model.icon).toEqual({ file: 'tray-signed-outTemplate.png', template: true });
    expect(actions(model.items).at(-1)?.label).toBe('Quit Softphone Companion');
    expect(iconFor('inCall', 'darwin', false).file).toBe('tray-callTemplate.png');
    expect(iconFor('ready', 'win32', false)).toEqual({ file: 'tray-ready.png', template: false });
  });
});

describe('iconFor', () => {
  it('Windows: the lighter drawing on a dark taskbar, the mid-tone one on a light taskbar', () => {
    expect(iconFor('ready', 'win32', true)).toEqual({ file: 'tray-ready-on-dark.png', template: false });
    expect(iconFor('signedOut', 'win32', true).file).toBe('tray-signed-out-on-dark.png');
    expect(iconFor('inCall', 'win32', false).file).toBe('tray-call.png');
    expect(buildTrayMenu({ ...base, platform: 'win32', systemUiDark: true }).icon.file).toBe('tray-signed-out-on-dark.png');
  });
  it('macOS templates follow the menu bar on their own; Linux keeps the mid-tone whatever the theme says', () => {
    expect(iconFor('ready', 'darwin', true)).toEqual({ file: 'tray-readyTemplate.png', template: true });
    expect(iconFor('ready', 'linux', true)).toEqual({ file: 'tray-ready.png', template: false });
    expect(iconFor('inCall', 'linux', false).file).toBe('tray-call.png');
  });
});

describe('trayClickAction', () => {
  it('a left click opens the app on Windows and refreshes the menu it opens elsewhere', () => {
    expect(trayClickAction('win32')).toBe('focusWindow');
    expect(trayClickAction('darwin')).toBe('refreshMenu');
    expect(trayClickAction('linux')).toBe('refreshMenu');
  });
});
