/**
 * The global shortcut that opens the quick-dial box. Validation and the status shown in
 * Settings are pure; the registration itself goes through a two-method port so a failure
 * (taken by another app, invalid, unsupported on Wayland) is reported, never swallowed.
 */
import type { ShellStatus } from '../../shared/domain';

export type ShortcutStatus = NonNullable<ShellStatus['shortcut']>;

export interface GlobalShortcutPort {
  /** Electron's `globalShortcut.register`: false when another app holds the combination; throws on a malformed one. */
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface ShortcutEnvironment {
  platform: NodeJS.Platform;
  /** `XDG_SESSION_TYPE` on Linux. */
  sessionType?: string;
}

const MODIFIERS = new Map<string, string>(
  Object.entries({
    command: 'Command',
    cmd: 'Command',
    control: 'Control',
    ctrl: 'Control',
    commandorcontrol: 'CommandOrControl',
    cmdorctrl: 'CommandOrControl',
    alt: 'Alt',
    option: 'Alt',
    altgr: 'AltGr',
    shift: 'Shift',
    super: 'Super',
    meta: 'Super',
  }),
);
const NAMED_KEYS = new Set(
  [
    'Plus', 'Space', 'Tab', 'Capslock', 'Numlock', 'Scrolllock', 'Backspace', 'Delete', 'Insert', 'Return', 'Enter',
    'Up', 'Down', 'Left', 'Right', 'Home', 'End', 'PageUp', 'PageDown', 'Escape', 'Esc', 'PrintScreen',
    'VolumeUp', 'VolumeDown', 'VolumeMute', 'MediaNextTrack', 'MediaPreviousTrack', 'MediaStop', 'MediaPlayPause',
    'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
  ].map((key) => key.toLowerCase()),
);
const PUNCTUATION = new Set([...')!@#$%^&*(:;+=<,_->.?/~`[{]}\\|\'"']);

/** Why an accelerator cannot be used, or null when it can. */
export function acceleratorProblem(accelerator: string): string | null {
  if (typeof accelerator !== 'string' || accelerator.trim() === '') return 'The shortcut is empty.';
  if (accelerator.length > 64) return 'The shortcut is too long.';
  // "Plus" names the + key, so a literal "+" can only be the last part ("Ctrl++" is Ctrl and +).
  const parts = accelerator.endsWith('++') ? [...accelerator.slice(0, -2).split('+'), '+'] : accelerator.split('+');
  const key = parts.pop()?.trim() ?? '';
  const modifiers = new Set<string>();
  for (const part of parts) {
    const modifier = MODIFIERS.get(part.trim().toLowerCase());
    if (!modifier) return `"${part.trim().slice(0, 20)}" is not a modifier (use Ctrl, Alt, Shift, Super, Command or CommandOrControl).`;
    if (modifiers.has(modifier)) return `"${part.trim()}" appears twice.`;
    modifiers.add(modifier);
  }
  if (key === '') return 'The shortcut has no key, only modifiers.';
  if (MODIFIERS.has(key.toLowerCase())) return 'The shortcut has no key, only modifiers.';
  const functionKey = /^F([1-9]|1[0-9]|2[0-4])$/i.test(key);
  const isKey = /^[A-Za-z0-9]$/.test(key) || functionKey || /^num[0-9]$/i.test(key) || NAMED_KEYS.has(key.toLowerCase()) || (key.length === 1 && PUNCTUATION.has(key));
  if (!isKey) return `"${key.slice(0, 20)}" is not a key Electron knows.`;
  // A global shortcut without a modifier would steal that key from every other app.
  if (modifiers.size === 0 && !functionKey) return 'A global shortcut needs a modifier such as Ctrl or Alt (only F-keys may stand alone).';
  if (modifiers.size === 1 && modifiers.has('Shift') && !functionKey) return 'Shift alone would steal typing from other apps; add Ctrl or Alt.';
  return null;
}

/** Registers the configured shortcut (replacing the previous one) and says how it went. */
export function applyShortcut(
  port: GlobalShortcutPort,
  previous: string | null,
  accelerator: string | null,
  env: ShortcutEnvironment,
  onTrigger: () => void,
): ShortcutStatus | null {
  if (previous) port.unregister(previous);
  if (accelerator === null || accelerator.trim() === '') return null;
  const invalid = acceleratorProblem(accelerator);
  if (invalid) return { accelerator, registered: false, problem: invalid };
  let registered: boolean;
  try {
    registered = port.register(accelerator, onTrigger);
  } catch (error) {
    return { accelerator, registered: false, problem: `Electron refused the shortcut: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (registered) return { accelerator, registered: true };
  return { accelerator, registered: false, problem: registrationFailure(env) };
}

function registrationFailure(env: ShortcutEnvironment): string {
  if (env.platform === 'linux' && env.sessionType?.toLowerCase() === 'wayland') {
    return 'Wayland does not let apps take global shortcuts directly. Bind a shortcut in your desktop settings to run the app, or use an X11 session.';
  }
  if (env.platform === 'darwin') {
    return 'Another app or macOS already uses this combination (check System Settings → Keyboard → Keyboard Shortcuts), or choose another.';
  }
  return 'Another app already uses this combination. Choose another one.';
}
