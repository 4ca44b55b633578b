/**
 * Small lifecycle decisions the Electron entry applies: links arriving before the services
 * exist, what closing the window means, how the window comes forward, when closing the last
 * window quits, which frames may talk to main, and the app menu.
 */
import type { MenuItemConstructorOptions } from 'electron';

export const MAX_EARLY_LINKS = 50;

export interface LinkIntake {
  /** From argv, `second-instance` or `open-url`; held until `attach`. */
  deliver(raw: string): void;
  attach(sink: (raw: string) => void): void;
}

/** macOS sends `open-url` before `ready`, long before the inbox exists: hold those links, not lose them. */
export function createLinkIntake(max = MAX_EARLY_LINKS): LinkIntake {
  let sink: ((raw: string) => void) | null = null;
  const held: string[] = [];
  return {
    deliver(raw) {
      if (sink) sink(raw);
      else if (held.length < max) held.push(raw);
    },
    attach(next) {
      sink = next;
      for (const raw of held.splice(0)) next(raw);
    },
  };
}

/** Closing the window hides it to the tray when the setting is on and the app is not quitting. */
export function closeAction(options: { closeToTray: boolean; quitting: boolean; trayAvailable: boolean }): 'hide' | 'close' {
  return options.closeToTray && options.trayAvailable && !options.quitting ? 'hide' : 'close';
}

/**
 * Bringing the window forward (tray "Open", a call in the tray menu, an OS notification, the
 * dock): a new window when there is none (macOS keeps running without one), but never a second
 * one while the first is still loading (the tray exists before it); the normal size back from the
 * quick-dial box (the call cards need the full window); then show and focus.
 */
export function presentWindow(window: { exists: boolean; creating: boolean; compact: boolean }): 'create' | 'afterCreation' | 'leaveCompactAndFocus' | 'focus' {
  if (window.creating) return 'afterCreation';
  if (!window.exists) return 'create';
  return window.compact ? 'leaveCompactAndFocus' : 'focus';
}

/** macOS apps stay running with no window (the dock and menu bar bring it back); elsewhere the app quits. */
export function quitWhenAllWindowsClosed(platform: NodeJS.Platform): boolean {
  return platform !== 'darwin';
}

/** Only the app's own top-level frame showing the app's own page may send requests or get events. */
export function isTrustedFrame(frame: { url: string; parent: unknown } | null | undefined, isAppUrl: (url: string) => boolean): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}

/**
 * The application menu: none on Windows/Linux (the default one offers Reload and Toggle
 * DevTools); on macOS only the app, edit (copy/paste need it) and window menus.
 */
export function applicationMenu(platform: NodeJS.Platform): MenuItemConstructorOptions[] | null {
  if (platform !== 'darwin') return null;
  return [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }];
}
