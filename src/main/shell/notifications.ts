/**
 * Which call changes deserve an OS notification: outcomes the supervisor may not be watching
 * (connected, failed, ended), and only while the window is hidden or not focused. The text
 * uses the number as the app displays it (what the user dialled), never more than that.
 */
import type { CallSnapshot } from '../../shared/domain';

export interface CallNotification {
  callId: string;
  title: string;
  body: string;
}

export interface AttentionState {
  /** Settings → notifications. */
  enabled: boolean;
  windowVisible: boolean;
  windowFocused: boolean;
}

/** Windows needs the app user model id to show notifications under the app's name (and at all, unpackaged). */
export const APP_USER_MODEL_ID = 'com.softphonecompanion.app';

const FAILURE_TITLES: Partial<Record<NonNullable<CallSnapshot['endReason']>, string>> = {
  busy: 'Line busy',
  noAnswer: 'No answer',
  agentNoAnswer: 'The agent did not answer',
  unreachable: 'Number unreachable',
  failed: 'Call failed',
};

/** The notifications for one snapshot change: compares each call with what it was before. */
export function callNotifications(previous: readonly CallSnapshot[], next: readonly CallSnapshot[], attention: AttentionState): CallNotification[] {
  if (!attention.enabled || (attention.windowVisible && attention.windowFocused)) return [];
  const before = new Map(previous.map((call) => [call.id, call]));
  const out: CallNotification[] = [];
  for (const call of next) {
    const notification = transition(before.get(call.id), call);
    if (notification) out.push(notification);
  }
  return out;
}

function transition(before: CallSnapshot | undefined, after: CallSnapshot): CallNotification | null {
  if (before?.phase === after.phase) return null;
  const who = after.agent ? ` for ${after.agent.name}` : '';
  if (after.phase === 'connected') {
    return { callId: after.id, title: 'Call connected', body: `${after.displayNumber}${who}` };
  }
  if (after.phase !== 'ended' || !before) return null; // a call first seen already ended was never watched
  if (after.endReason === 'cancelled') return null; // the user did that themselves
  if (after.endReason === 'hungUp' || (after.endReason === undefined && after.connectedAt !== undefined)) {
    const duration = after.connectedAt !== undefined && after.endedAt !== undefined ? ` after ${formatDuration(after.endedAt - after.connectedAt)}` : '';
    return { callId: after.id, title: 'Call ended', body: `${after.displayNumber}${who}${duration}` };
  }
  const title = (after.endReason && FAILURE_TITLES[after.endReason]) ?? 'Call not connected';
  const detail = after.endMessage ? ` — ${after.endMessage}` : '';
  return { callId: after.id, title, body: `${after.displayNumber}${who}${detail}` };
}

function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return minutes > 0 ? `${minutes}:${String(rest).padStart(2, '0')}` : `${rest}s`;
}
