/**
 * The Electron implementation of the core's ShellPort. Electron's objects come in as narrow
 * ports so every path is tested under Node; the decisions it applies live in the pure modules
 * (security, protocols, shortcut, login-item).
 */
import { AppError } from '../../shared/result';
import type { Settings, ShellStatus } from '../../shared/domain';
import type { Logger } from '../../core/logging/logger';
import type { ShellPort } from '../shell-port';
import { loginItemPlan, type LoginShape } from './login-item';
import { handlerHelp, protocolHandlerStatus, registerProtocolHandlers, type PhoneScheme, type ProtocolClientPort, type ProtocolRegistration } from './protocols';
import { openExternalAllowed } from './security';
import { applyShortcut, type GlobalShortcutPort, type ShortcutEnvironment, type ShortcutStatus } from './shortcut';

export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

export interface ElectronShellDeps {
  app: ProtocolClientPort & { setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void };
  openExternal(url: string): Promise<void>;
  globalShortcut: GlobalShortcutPort;
  /** Writes (content) or removes (null) the Linux autostart entry. */
  writeAutostart(file: string, content: string | null): Promise<void>;
  window(): FocusableWindow | null;
  /** Origins of the saved custom-host connections: their authorize pages may open too. */
  customHostOrigins(): string[];
  /** The global shortcut fired. */
  onShortcut(): void;
  registration: ProtocolRegistration;
  /** Windows only: the ProgID the user chose in Default Apps for a scheme, or null when none. */
  windowsUserChoice?: (scheme: PhoneScheme) => Promise<string | null>;
  login: LoginShape;
  shortcutEnv: ShortcutEnvironment;
  log: Logger;
}

export function createElectronShell(deps: ElectronShellDeps): ShellPort {
  const log = deps.log.child('shell');
  let shortcut: ShortcutStatus | null = null;
  let appliedAccelerator: string | null = null;
  let appliedLogin: boolean | null = null;

  const status = async (): Promise<ShellStatus> => ({
    protocolHandlers: await protocolHandlerStatus(deps.app, deps.registration, deps.windowsUserChoice),
    shortcut,
    handlerHelp: handlerHelp(deps.login.platform),
  });

  const applyLogin = async (settings: Settings): Promise<void> => {
    if (appliedLogin === settings.startAtLogin) return;
    const plan = loginItemPlan(settings, deps.login);
    try {
      if (plan.kind === 'electron') deps.app.setLoginItemSettings(plan.settings);
      else if (plan.kind === 'autostartFile') await deps.writeAutostart(plan.file, plan.content);
      else if (settings.startAtLogin) log.warn('start at login is not supported on this system');
      appliedLogin = settings.startAtLogin;
    } catch (error) {
      log.warn('could not change the login item', { error });
    }
  };

  const applyGlobalShortcut = (settings: Settings): void => {
    if (settings.globalShortcut === appliedAccelerator && (shortcut === null || shortcut.registered)) return;
    shortcut = applyShortcut(deps.globalShortcut, shortcut?.registered ? appliedAccelerator : null, settings.globalShortcut, deps.shortcutEnv, deps.onShortcut);
    appliedAccelerator = settings.globalShortcut;
    if (shortcut && !shortcut.registered) log.warn('global shortcut not registered', { accelerator: shortcut.accelerator, problem: shortcut.problem });
  };

  return {
    async openExternal(url) {
      if (!openExternalAllowed(url, deps.customHostOrigins())) {
        const origin = URL.canParse(url) ? new URL(url).origin : 'unparseable';
        log.warn('openExternal refused', { origin });
        throw new AppError('urlNotAllowed', 'The app only opens Genesys Cloud sign-in pages in the browser.');
      }
      await deps.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- allow-listed just above; deps.openExternal is openInBrowser (src/main/index.ts)
    },
    focusWindow() {
      const window = deps.window();
      if (!window || window.isDestroyed()) return;
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    },
    status: () => status(),
    async applySettings(settings) {
      await applyLogin(settings);
      applyGlobalShortcut(settings);
      return status();
    },
    async makeDefaultProtocolClient() {
      const refused = registerProtocolHandlers(deps.app, deps.registration);
      if (refused.length > 0) log.warn('the OS refused the handler registration', { schemes: refused.join(',') });
      return status();
    },
  };
}
