/**
 * Renders the pure tray model into Electron: icon, tooltip, context menu, click routing. It
 * rebuilds only when the model changes, and keeps the last model for the e2e test hook.
 */
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { buildTrayMenu, type TrayAction, type TrayModel, type TrayState } from './tray-menu';

/** The part of Electron's Tray this uses. */
export interface TrayLike {
  setImage(iconPath: string): void;
  setToolTip(tooltip: string): void;
  setContextMenu(template: MenuItemConstructorOptions[]): void;
}

export function toMenuTemplate(model: TrayModel, onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return model.items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { id: item.id, type: 'separator' };
      case 'heading':
        return { id: item.id, label: item.label, enabled: false };
      case 'action':
        return { id: item.id, label: item.label, enabled: item.enabled, click: () => onAction(item.action) };
    }
  });
}

export interface TrayController {
  update(state: TrayState): void;
  model(): TrayModel | null;
}

export function createTrayController(deps: { tray: TrayLike; resourcesDir: string; onAction(action: TrayAction): void }): TrayController {
  let current: TrayModel | null = null;
  let renderedKey = '';
  let iconFile = '';
  return {
    update(state) {
      const next = buildTrayMenu(state);
      current = next;
      const key = JSON.stringify(next.items);
      if (next.icon.file !== iconFile) {
        deps.tray.setImage(path.join(deps.resourcesDir, next.icon.file));
        iconFile = next.icon.file;
      }
      deps.tray.setToolTip(next.tooltip);
      if (key !== renderedKey) {
        deps.tray.setContextMenu(toMenuTemplate(next, deps.onAction));
        renderedKey = key;
      }
    },
    model: () => current,
  };
}
