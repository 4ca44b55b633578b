/**
 * The web bridge's stand-in for the desktop shell. It has no OS integration to offer: it
 * records allow-listed URLs instead of opening a browser (tests play the browser), and reports protocol
 * handlers and the global shortcut as not applicable, saying why.
 */
import type { Logger } from '../core/logging/logger';
import { customLoginOrigins, openExternalAllowed } from '../main/shell/security';
import type { ShellPort } from '../main/shell-port';
import type { ConnectionSummary, Settings, ShellStatus } from '../shared/domain';
import { AppError } from '../shared/result';

const help = ['The web bridge is a development shell: protocol links are registered by the desktop app (npm start) or its installer.'];

function statusFor(settings: Settings): ShellStatus {
  return {
    protocolHandlers: [
      { scheme: 'tel', isDefault: 'unknown' },
      { scheme: 'callto', isDefault: 'unknown' },
    ],
    shortcut: settings.globalShortcut
      ? { accelerator: settings.globalShortcut, registered: false, problem: 'Global shortcuts work in the desktop app only, not in the web bridge.' }
      : null,
    handlerHelp: help,
  };
}

export function createBridgeShellPort(deps: { openedUrls: string[]; connections(): readonly ConnectionSummary[]; log: Logger }): ShellPort {
  let current: Settings | null = null;
  return {
    async openExternal(url) {
      // The same allow-list as the desktop app, so the bridge cannot hide a URL the app would refuse.
      if (!openExternalAllowed(url, customLoginOrigins(deps.connections()))) {
        throw new AppError('urlNotAllowed', 'The app only opens Genesys Cloud sign-in pages in the browser.');
      }
      deps.log.info('bridge: would open in the system browser', { url });
      deps.openedUrls.push(url);
    },
    focusWindow() {
      // A browser tab cannot be raised by the page's server; the confirmation shows in the page.
    },
    async status(settings) {
      current = settings;
      return statusFor(settings);
    },
    async applySettings(settings) {
      current = settings;
      return statusFor(settings);
    },
    async makeDefaultProtocolClient() {
      if (!current) throw new Error('bridge shell: settings not applied yet');
      return statusFor(current);
    },
  };
}
