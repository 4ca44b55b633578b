/**
 * Start at login, optionally hidden in the tray. macOS and Windows have Electron's login-item
 * API; Linux has none, so the XDG autostart entry is written by hand. A login start is marked
 * with LOGIN_FLAG so the app can tell it from the user opening it (which always shows the window).
 */
import path from 'node:path';
import type { Settings } from '../../shared/domain';
import type { ProtocolRegistration } from './protocols';

export const LOGIN_FLAG = '--started-at-login';
export const AUTOSTART_FILE_NAME = 'softphone-companion.desktop';

export type LoginItemPlan =
  | { kind: 'electron'; settings: { openAtLogin: boolean; path?: string; args?: string[] } }
  | { kind: 'autostartFile'; file: string; content: string | null }
  | { kind: 'unsupported' };

export interface LoginShape {
  platform: NodeJS.Platform;
  execPath: string;
  /** The same launch arguments the protocol registration uses (dev builds need their script). */
  launch: ProtocolRegistration;
  env: Record<string, string | undefined>;
  homeDir: string;
}

export function loginItemPlan(settings: Pick<Settings, 'startAtLogin'>, shape: LoginShape): LoginItemPlan {
  const scriptArgs = (shape.launch.args ?? []).filter((arg) => arg !== '--');
  switch (shape.platform) {
    case 'darwin':
      // macOS tells the app itself (wasOpenedAtLogin); no arguments are needed or honoured.
      return { kind: 'electron', settings: { openAtLogin: settings.startAtLogin } };
    case 'win32':
      return { kind: 'electron', settings: { openAtLogin: settings.startAtLogin, path: shape.execPath, args: [...scriptArgs, LOGIN_FLAG] } };
    case 'linux': {
      const configHome = shape.env['XDG_CONFIG_HOME'] || path.join(shape.homeDir, '.config');
      const file = path.join(configHome, 'autostart', AUTOSTART_FILE_NAME);
      // An AppImage moves when it is updated; $APPIMAGE is its real path, execPath is inside the mount.
      const executable = shape.env['APPIMAGE'] || shape.execPath;
      return { kind: 'autostartFile', file, content: settings.startAtLogin ? autostartEntry(executable, [...scriptArgs, LOGIN_FLAG]) : null };
    }
    default:
      return { kind: 'unsupported' };
  }
}

function autostartEntry(executable: string, args: string[]): string {
  const exec = [executable, ...args].map(desktopQuote).join(' ');
  return ['[Desktop Entry]', 'Type=Application', 'Name=Softphone Companion', `Exec=${exec}`, 'X-GNOME-Autostart-enabled=true', 'NoDisplay=true', ''].join('\n');
}

/** Desktop Entry Exec quoting: double quotes, with ", `, $ and \ escaped. */
function desktopQuote(arg: string): string {
  return /^[A-Za-z0-9_./=:-]+$/.test(arg) ? arg : `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** Whether this launch came from the login item (argv flag on Windows/Linux, the OS's word on macOS). */
export function startedAtLogin(argv: readonly string[], wasOpenedAtLogin: boolean): boolean {
  return wasOpenedAtLogin || argv.includes(LOGIN_FLAG);
}

/** The window stays in the tray only for a login start with "start hidden" on; opening the app always shows it. */
export function startHidden(settings: Pick<Settings, 'startHidden'>, atLogin: boolean): boolean {
  return atLogin && settings.startHidden;
}
