import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../shared/domain';
import { createTrayController, toMenuTemplate } from './tray';
import { buildTrayMenu, type TrayAction, type TrayState } from './tray-menu';

const signedIn: SessionState = { status: 'signedIn', connectionId: 'c', connectionName: 'n', principal: { kind: 'client', clientId: 'x' }, orgName: 'Acme', regionLabel: 'r', expiresAt: 0 };
const state: TrayState = {
  session: signedIn,
  calls: [],
  recents: [{ id: 'r1', e164: '+12015550123', displayNumber: '+1 201 555 0123', agent: null, source: 'dialpad', requestedAt: 0, outcome: 'hungUp' }],
  favorites: [],
  clipboardDialable: false,
  platform: 'linux',
  systemUiDark: false,
};

describe('toMenuTemplate', () => {
  it('maps headings to disabled labels and routes clicks to the action', () => {
    const actions: TrayAction[] = [];
    const template = toMenuTemplate(buildTrayMenu(state), (action) => actions.push(action));
    expect(template[0]).toEqual({ id: 'heading:recents', label: 'Recent numbers', enabled: false });
    const recent = template.find((item) => item.id === 'recent:+12015550123');
    (recent?.click as (() => void) | undefined)?.();
    expect(actions).toEqual([{ kind: 'quickDial', e164: '+12015550123', source: 'recent' }]);
    expect(template.find((item) => item.id === 'dial-clipboard')?.enabled).toBe(false);
    expect(template.some((item) => item.type === 'separator')).toBe(true);
  });
});

describe('createTrayController', () => {
  it('sets icon, tooltip and menu, and rebuilds the menu only when it changes', () => {
    const calls: string[] = [];
    const menus: MenuItemConstructorOptions[][] = [];
    const controller = createTrayController({
      tray: {
        setImage: (file) => calls.push(`image ${path.basename(file)}`),
        setToolTip: (tip) => calls.push(`tip ${tip}`),
        setContextMenu: (template) => menus.push(template),
      },
      resourcesDir: '/res',
      onAction: () => undefined,
    });
    controller.update(state);
    controller.update(state);
    expect(menus).toHaveLength(1);
    controller.update({ ...state, clipboardDialable: true });
    expect(menus).toHaveLength(2);
    controller.update({ ...state, session: { status: 'signedOut' } });
    expect(calls.filter((c) => c.startsWith('image'))).toEqual(['image tray-ready.png', 'image tray-signed-out.png']);
    expect(controller.model()?.mode).toBe('signedOut');
  });

  it('swaps the icon when the Windows taskbar turns dark, without rebuilding the menu', () => {
    const images: string[] = [];
    const menus: MenuItemConstructorOptions[][] = [];
    const controller = createTrayController({
      tray: { setImage: (file) => images.push(path.basename(file)), setToolTip: () => undefined, setContextMenu: (template) => menus.push(template) },
      resourcesDir: '/res',
      onAction: () => undefined,
    });
    controller.update({ ...state, platform: 'win32' });
    controller.update({ ...state, platform: 'win32', systemUiDark: true });
    expect(images).toEqual(['tray-ready.png', 'tray-ready-on-dark.png']);
    expect(menus).toHaveLength(1);
  });
});
