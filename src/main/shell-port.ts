/**
 * What the core asks of the desktop shell. The Electron app implements it with Electron's
 * APIs (src/main/index.ts); the web bridge implements it without Electron
 * (src/bridge/shell-port.ts). Keeping it this small keeps the shell free of decisions.
 */
import type { Settings, ShellStatus } from '../shared/domain';

export interface ShellPort {
  /** Opens an allow-listed URL in the system browser (the PKCE authorize page); refuses others. */
  openExternal(url: string): Promise<void>;
  /** Brings the main window forward (a link or quick-dial is waiting for confirmation). */
  focusWindow(): void;
  /** Protocol-handler and shortcut status for the settings page. */
  status(settings: Settings): Promise<ShellStatus>;
  /** Applies settings the OS owns (start at login, global shortcut) and reports the result. */
  applySettings(settings: Settings): Promise<ShellStatus>;
  /** Asks the OS to make this app the tel:/callto: handler, then reports the status. */
  makeDefaultProtocolClient(): Promise<ShellStatus>;
}
