/**
 * The tray (menu bar on macOS) as a pure function of state: which menu, which icon, which
 * tooltip. Quick-dial entries never dial: their actions go to the confirmation inbox. The shell
 * only turns the model into an Electron menu and routes clicks to `TrayAction`s.
 */
import type { CallSnapshot, FavoriteNumber, RecentCall, SessionState } from '../../shared/domain';

export type TrayMode = 'signedOut' | 'ready' | 'inCall';

export type TrayAction =
  | { kind: 'quickDial'; e164: string; source: 'recent' | 'favorite' }
  | { kind: 'dialClipboard' }
  | { kind: 'showCall'; callId: string }
  | { kind: 'open' }
  | { kind: 'signOut' }
  | { kind: 'quit' };

export type TrayItem =
  | { type: 'action'; id: string; label: string; enabled: boolean; action: TrayAction }
  | { type: 'heading'; id: string; label: string }
  | { type: 'separator'; id: string };

export interface TrayIcon {
  /** File name in `resources/`. */
  file: string;
  /** macOS template images follow the menu bar's light/dark appearance. */
  template: boolean;
}

export interface TrayModel {
  mode: TrayMode;
  tooltip: string;
  icon: TrayIcon;
  items: TrayItem[];
}

export interface TrayState {
  session: SessionState;
  calls: readonly CallSnapshot[];
  /** Newest first, as the recents store keeps them. */
  recents: readonly RecentCall[];
  favorites: readonly FavoriteNumber[];
  /** Whether the clipboard holds text that parses as a number right now. */
  clipboardDialable: boolean;
  platform: NodeJS.Platform;
  /** Electron's `nativeTheme.shouldUseDarkColorsForSystemIntegratedUI`: on Windows, whether the taskbar is dark. */
  systemUiDark: boolean;
}

export const TRAY_RECENT_COUNT = 5;
const PRODUCT = 'Softphone Companion';
const MAX_LABEL = 48;

export function trayMode(session: SessionState, calls: readonly CallSnapshot[]): TrayMode {
  if (session.status !== 'signedIn') return 'signedOut';
  return calls.some((call) => call.phase !== 'ended') ? 'inCall' : 'ready';
}

export function buildTrayMenu(state: TrayState): TrayModel {
  const mode = trayMode(state.session, state.calls);
  const label = (text: string) => menuLabel(text, state.platform);
  const items: TrayItem[] = [];
  const signedIn = mode !== 'signedOut';

  if (mode === 'inCall') {
    for (const call of state.calls.filter((c) => c.phase !== 'ended')) {
      const agent = call.agent ? ` — ${call.agent.name}` : '';
      items.push({ type: 'action', id: `call:${call.id}`, label: label(`${phaseLabel(call.phase)}: ${call.displayNumber}${agent}`), enabled: true, action: { kind: 'showCall', callId: call.id } });
    }
    items.push({ type: 'separator', id: 'sep:calls' });
  }

  if (signedIn) {
    const recents = distinctRecent(state.recents);
    if (recents.length > 0) {
      items.push({ type: 'heading', id: 'heading:recents', label: 'Recent numbers' });
      for (const recent of recents) {
        items.push({ type: 'action', id: `recent:${recent.e164}`, label: label(recent.displayNumber), enabled: true, action: { kind: 'quickDial', e164: recent.e164, source: 'recent' } });
      }
    }
    if (state.favorites.length > 0) {
      items.push({ type: 'heading', id: 'heading:favorites', label: 'Favourites' });
      for (const favorite of state.favorites) {
        items.push({ type: 'action', id: `favorite:${favorite.e164}`, label: label(`${favorite.label} (${favorite.e164})`), enabled: true, action: { kind: 'quickDial', e164: favorite.e164, source: 'favorite' } });
      }
    }
    items.push({ type: 'action', id: 'dial-clipboard', label: 'Dial number from clipboard', enabled: state.clipboardDialable, action: { kind: 'dialClipboard' } });
    items.push({ type: 'separator', id: 'sep:dial' });
  } else {
    items.push({ type: 'heading', id: 'heading:signed-out', label: 'Signed out' });
  }

  items.push({ type: 'action', id: 'open', label: `Open ${PRODUCT}`, enabled: true, action: { kind: 'open' } });
  if (signedIn) items.push({ type: 'action', id: 'sign-out', label: 'Sign out', enabled: true, action: { kind: 'signOut' } });
  items.push({ type: 'separator', id: 'sep:quit' });
  items.push({ type: 'action', id: 'quit', label: state.platform === 'darwin' ? `Quit ${PRODUCT}` : 'Quit', enabled: true, action: { kind: 'quit' } });

  return { mode, tooltip: tooltipFor(mode, state), icon: iconFor(mode, state.platform, state.systemUiDark), items };
}

/**
 * macOS: monochrome templates (the `Template` suffix is what macOS keys on), tinted by the menu
 * bar itself. Windows: the lighter drawing on a dark taskbar, whose theme Windows reports apart
 * from the apps' theme. Linux: the mid-tone drawing, which reads on light and dark panels alike,
 * because no API tells the panel's colour (GNOME's top bar is dark whatever the GTK theme says).
 */
export function iconFor(mode: TrayMode, platform: NodeJS.Platform, systemUiDark: boolean): TrayIcon {
  const name = mode === 'signedOut' ? 'tray-signed-out' : mode === 'inCall' ? 'tray-call' : 'tray-ready';
  if (platform === 'darwin') return { file: `${name}Template.png`, template: true };
  if (platform === 'win32' && systemUiDark) return { file: `${name}-on-dark.png`, template: false };
  return { file: `${name}.png`, template: false };
}

/**
 * A left click on the icon. Windows users expect it to open the app (the menu is on the right
 * button); on macOS and Linux a click opens the menu itself, so it is rebuilt with the current
 * clipboard first.
 */
export function trayClickAction(platform: NodeJS.Platform): 'focusWindow' | 'refreshMenu' {
  return platform === 'win32' ? 'focusWindow' : 'refreshMenu';
}

function tooltipFor(mode: TrayMode, state: TrayState): string {
  if (mode === 'signedOut') return `${PRODUCT} — signed out`;
  const org = state.session.status === 'signedIn' ? ` (${state.session.orgName})` : '';
  if (mode === 'ready') return `${PRODUCT} — ready${org}`;
  const active = state.calls.filter((call) => call.phase !== 'ended').length;
  return `${PRODUCT} — ${active === 1 ? '1 call' : `${active} calls`} in progress${org}`;
}

function phaseLabel(phase: CallSnapshot['phase']): string {
  switch (phase) {
    case 'placing':
      return 'Placing';
    case 'ringingAgent':
      return 'Ringing agent';
    case 'dialingCustomer':
      return 'Dialling';
    case 'connected':
      return 'Connected';
    case 'ended':
      return 'Ended';
  }
}

/** The last five different numbers: calling one number three times shows it once. */
function distinctRecent(recents: readonly RecentCall[]): RecentCall[] {
  const seen = new Set<string>();
  const out: RecentCall[] = [];
  for (const recent of recents) {
    if (seen.has(recent.e164)) continue;
    seen.add(recent.e164);
    out.push(recent);
    if (out.length === TRAY_RECENT_COUNT) break;
  }
  return out;
}

/** Windows and Linux read `&` as a mnemonic marker; a favourite called "Sales & Support" must show its `&`. */
function menuLabel(text: string, platform: NodeJS.Platform): string {
  const short = text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
  return platform === 'darwin' ? short : short.replace(/&/g, '&&');
}
