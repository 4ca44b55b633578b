/**
 * tel:/callto: handler registration: what to pass to `setAsDefaultProtocolClient` (a dev build
 * must register electron + its script, or the OS launches a bare Electron), whether the app is
 * the handler now, and how a user makes it so on each OS (the OS has the last word on 10+).
 */
import path from 'node:path';
import type { ShellStatus } from '../../shared/domain';

export const PHONE_SCHEMES = ['tel', 'callto'] as const;
export type PhoneScheme = (typeof PHONE_SCHEMES)[number];

export interface LaunchShape {
  isPackaged: boolean;
  execPath: string;
  argv: readonly string[];
  platform: NodeJS.Platform;
}

export interface ProtocolRegistration {
  path?: string;
  args?: string[];
}

/**
 * The `path`/`args` of `setAsDefaultProtocolClient`. Windows writes them into the registry
 * command as `"path" args "%1"`; the `--` ends Chromium's switch parsing, so a crafted link can
 * never be read as a switch. macOS and Linux ignore both (the bundle / the .desktop entry decide).
 */
export function protocolRegistration(shape: LaunchShape): ProtocolRegistration {
  const terminator = shape.platform === 'win32' ? ['--'] : [];
  if (shape.isPackaged) return shape.platform === 'win32' ? { path: shape.execPath, args: terminator } : {};
  const script = shape.argv.slice(1).find((arg) => !arg.startsWith('-'));
  return script ? { path: shape.execPath, args: [path.resolve(script), ...terminator] } : { path: shape.execPath, args: terminator };
}

export interface ProtocolClientPort {
  isDefaultProtocolClient(scheme: string, path?: string, args?: string[]): boolean;
  setAsDefaultProtocolClient(scheme: string, path?: string, args?: string[]): boolean;
}

/** The ProgIDs build/installer.nsh registers; Windows names the chosen handler by ProgID. */
export function windowsProgId(scheme: PhoneScheme): string {
  return `SoftphoneCompanion.${scheme}`;
}

/** The registry key where Windows 10+ keeps the user's choice of handler for a scheme. */
export function windowsUserChoiceKey(scheme: PhoneScheme): string {
  return `HKCU\\Software\\Microsoft\\Windows\\Shell\\Associations\\UrlAssociations\\${scheme}\\UserChoice`;
}

/** The `ProgId` value from `reg query <key> /v ProgId` output, or null when there is none. */
export function parseRegQueryProgId(stdout: string): string | null {
  const match = /^\s*ProgId\s+REG_SZ\s+(\S.*?)\s*$/im.exec(stdout);
  return match?.[1] ?? null;
}

export type RunCommand = (file: string, args: string[]) => Promise<{ stdout: string }>;

/** Reads the user's choice with `reg query`; exit code 1 means the key does not exist (no choice made). */
export function windowsUserChoiceReader(run: RunCommand): (scheme: PhoneScheme) => Promise<string | null> {
  return async (scheme) => {
    try {
      const { stdout } = await run('reg', ['query', windowsUserChoiceKey(scheme), '/v', 'ProgId']);
      return parseRegQueryProgId(stdout);
    } catch (error) {
      if ((error as { code?: unknown }).code === 1) return null;
      throw error;
    }
  };
}

/**
 * Whether the app is the handler of each scheme; 'unknown' when the OS cannot say. On Windows
 * the user's choice in Default Apps decides (Electron's own check only sees the per-user class
 * that setAsDefaultProtocolClient writes), so a recorded choice is compared with our ProgID.
 */
export async function protocolHandlerStatus(
  port: ProtocolClientPort,
  registration: ProtocolRegistration,
  windowsUserChoice?: (scheme: PhoneScheme) => Promise<string | null>,
): Promise<ShellStatus['protocolHandlers']> {
  return Promise.all(
    PHONE_SCHEMES.map(async (scheme) => {
      try {
        const choice = windowsUserChoice ? await windowsUserChoice(scheme) : null;
        if (choice !== null) return { scheme, isDefault: choice === windowsProgId(scheme) };
        return { scheme, isDefault: port.isDefaultProtocolClient(scheme, registration.path, registration.args) };
      } catch {
        return { scheme, isDefault: 'unknown' as const };
      }
    }),
  );
}

/** Asks the OS to make the app the handler; returns the schemes it refused. */
export function registerProtocolHandlers(port: ProtocolClientPort, registration: ProtocolRegistration): PhoneScheme[] {
  return PHONE_SCHEMES.filter((scheme) => {
    try {
      return !port.setAsDefaultProtocolClient(scheme, registration.path, registration.args); // eng-disable PROTOCOL_HANDLER_JS_CHECK -- Electron's app; tel/callto only, arguments from protocolRegistration (Windows: -- before the link)
    } catch {
      return true;
    }
  });
}

/** The steps shown in Settings next to the handler status. */
export function handlerHelp(platform: NodeJS.Platform, desktopFile = 'softphone-companion.desktop'): string[] {
  switch (platform) {
    case 'win32':
      return [
        'Open Settings → Apps → Default apps.',
        'Choose "Choose defaults by link type" (on Windows 11: search for "TEL" under "Set defaults for link types").',
        'Select TEL and pick Softphone Companion. Repeat for CALLTO.',
        'If Softphone Companion is not listed, reinstall it with the installer (it registers the app for all users).',
      ];
    case 'darwin':
      return [
        'Click "Make default handler" here; macOS may ask you to confirm.',
        'Or open FaceTime → Settings → General → "Default for calls" and choose Softphone Companion.',
        'Links in browsers then open here; the number is shown for you to confirm before anything is dialled.',
      ];
    case 'linux':
      return [
        'Click "Make default handler" here, or run in a terminal:',
        `xdg-mime default ${desktopFile} x-scheme-handler/tel`,
        `xdg-mime default ${desktopFile} x-scheme-handler/callto`,
        'Browsers may ask once which app should open tel: links; choose Softphone Companion.',
      ];
    default:
      return ['This system does not let the app register as the handler for tel: links.'];
  }
}
