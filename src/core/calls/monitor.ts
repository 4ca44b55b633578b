/**
 * Follows one call: push first, REST when push cannot be trusted.
 *
 * The agent's `v2.users.{id}.conversations` and `.conversations.calls` topics are watched *before*
 * the call is placed, so the first events (often within a second) are not missed; events that
 * arrive before the conversation id is known are kept, which is also what reconciliation reads
 * when the POST's outcome is unknown. Whenever push is not healthy (no hub, topics refused, the
 * socket down) the call is polled with GET /api/v2/conversations/calls/{id} at 1 s, 2 s, 3 s, 4 s,
 * then every 5 s; when push comes back the call is re-read once (no replay exists, fact sheet §5)
 * and polling stops.
 *
 * A connected call is silent for most of its life, so silence alone is no sign of trouble: the
 * hub's heartbeat watchdog notices a dead socket and reports every gap through `onStatus`, which
 * is what triggers the re-read. The silence check is only a slow safety net for events lost
 * without any gap showing, e.g. a server that drops one event.
 */
import type { Clock } from '../clock';
import type { GenesysSession } from '../genesys/session';
import type { NotificationHub, TopicWatch } from '../notifications/hub';
import type { Logger } from '../logging/logger';
import { readConversation, type ConversationView } from './phase';

export type MonitoringMode = 'push' | 'polling' | 'none';

export interface CallMonitorTimings {
  /** How long to wait for the topics to be subscribed before placing the call anyway. */
  readyTimeoutMs: number;
  pollDelaysMs: readonly number[];
  /** With push up but silent this long, read the call once over REST in case events were lost with no gap showing. */
  pushSilenceMs: number;
}

/** A new conversation can 404 for a moment; this many in a row means it is gone (or not visible to us). */
const NOT_FOUND_LIMIT = 3;

export const DEFAULT_MONITOR_TIMINGS: CallMonitorTimings = {
  readyTimeoutMs: 3_000,
  pollDelaysMs: [1_000, 2_000, 3_000, 4_000, 5_000],
  // Every 15 s this was 39 of the 47 requests a 10-minute call cost (issue 7's watching budget);
  // gaps are reported by the hub, so this only bounds how long a silently lost event can mislead.
  pushSilenceMs: 5 * 60_000,
};

export interface CallMonitorDeps {
  session: GenesysSession;
  notifications: NotificationHub | null;
  clock: Clock;
  log: Logger;
  /** Whose conversation topics carry the call: the agent dialled for, or the signed-in user. */
  userId: string;
  onView(view: ConversationView, source: 'push' | 'rest'): void;
  onMonitoring(mode: MonitoringMode): void;
  /**
   * The call can no longer be read: the session closed, or Genesys answered 404 to several reads
   * in a row. The monitor has stopped; the owner decides what to show.
   */
  onUnreadable(reason: 'signedOut' | 'notFound'): void;
  timings?: Partial<CallMonitorTimings>;
}

export interface CallMonitor {
  /** Resolves once push is subscribed, or after the ready timeout (polling covers the rest). */
  ready(): Promise<void>;
  /** The POST answered (or reconciliation found the call): follow this conversation. */
  attach(conversationId: string): void;
  /** Every conversation of this user seen on push since the watch began, latest state each. */
  seen(): ConversationView[];
  /** Called for every conversation event of this user, attached or not (reconciliation listens here). */
  onSeen(cb: (view: ConversationView) => void): () => void;
  /** The latest state of the attached conversation, if any has been read. */
  latest(): ConversationView | undefined;
  /** Read the attached call over REST now. */
  refresh(): Promise<ConversationView | null>;
  stop(): void;
}

export function startCallMonitor(deps: CallMonitorDeps): CallMonitor {
  const timings: CallMonitorTimings = { ...DEFAULT_MONITOR_TIMINGS, ...deps.timings };
  const { clock, session } = deps;
  const log = deps.log.child('call-monitor');
  const seenById = new Map<string, ConversationView>();
  const seenListeners = new Set<(view: ConversationView) => void>();
  let conversationId: string | undefined;
  let latestView: ConversationView | undefined;
  let stopped = false;
  let pushReady = false;
  let mode: MonitoringMode = 'none';
  let pollTimer: unknown;
  let pollIndex = 0;
  let silenceTimer: unknown;
  let lastSignature = '';
  let refreshing: Promise<ConversationView | null> | undefined;
  let notFoundInARow = 0;

  const hub = deps.notifications;
  const topics = [`v2.users.${deps.userId}.conversations`, `v2.users.${deps.userId}.conversations.calls`];
  let watch: TopicWatch | null = null;
  if (hub) {
    try {
      // Urgent: the dial's POST waits on this subscription, so it must not sit out the hub's batching window.
      watch = hub.watch(`call-monitor:${deps.userId}`, topics, (_topic, body) => onPush(body), { urgent: true });
    } catch (error) {
      log.warn('could not watch the call topics; polling instead', { error: error instanceof Error ? error.message : String(error) });
    }
  }
  const subscribed: Promise<void> = watch
    ? watch.ready.then(
        () => {
          pushReady = true;
          evaluate();
        },
        (error: unknown) => {
          log.warn('call topics are not available; polling instead', { error: error instanceof Error ? error.message : String(error) });
          evaluate();
        },
      )
    : Promise.resolve();
  let wasHealthy = pushHealthy();
  const offStatus = hub?.onStatus(() => {
    const healthy = pushHealthy();
    if (healthy && !wasHealthy && conversationId !== undefined) {
      // Push came back after a gap: events in between are lost, so read the call once.
      void refresh();
    }
    wasHealthy = healthy;
    evaluate();
  });

  function pushHealthy(): boolean {
    return watch !== null && pushReady && hub?.status() === 'connected';
  }

  function setMode(next: MonitoringMode): void {
    if (next === mode) return;
    mode = next;
    deps.onMonitoring(next);
  }

  function evaluate(): void {
    if (stopped || conversationId === undefined) return;
    if (pushHealthy()) {
      stopPolling();
      armSilence();
      setMode('push');
    } else {
      clearSilence();
      if (pollTimer === undefined) schedulePoll(true);
      setMode('polling');
    }
  }

  function onPush(body: unknown): void {
    if (stopped) return;
    const view = readConversation(body, deps.userId);
    if (!view) return;
    seenById.set(view.conversationId, view);
    for (const listener of seenListeners) listener(view);
    if (view.conversationId === conversationId) {
      armSilence();
      accept(view, 'push');
    }
  }

  function accept(view: ConversationView, source: 'push' | 'rest'): void {
    latestView = view;
    const signature = JSON.stringify(view.legs.map((leg) => [leg.participantId, leg.state, leg.disconnectType]));
    if (signature !== lastSignature) {
      lastSignature = signature;
      pollIndex = 0; // things are moving: look again soon
    }
    deps.onView(view, source);
  }

  function schedulePoll(fromStart: boolean): void {
    if (fromStart) pollIndex = 0;
    const delay = timings.pollDelaysMs[Math.min(pollIndex, timings.pollDelaysMs.length - 1)] ?? 5_000;
    pollIndex++;
    pollTimer = clock.setTimeout(() => {
      pollTimer = undefined;
      if (stopped || pushHealthy()) return;
      void refresh().finally(() => {
        if (!stopped && !pushHealthy() && pollTimer === undefined) schedulePoll(false);
      });
    }, delay);
  }

  function stopPolling(): void {
    if (pollTimer !== undefined) clock.clearTimeout(pollTimer);
    pollTimer = undefined;
  }

  function armSilence(): void {
    clearSilence();
    silenceTimer = clock.setTimeout(() => {
      silenceTimer = undefined;
      if (stopped || !pushHealthy()) return;
      log.info('no call events for a while; reading the call once', { conversationId });
      void refresh().finally(() => {
        if (!stopped && pushHealthy()) armSilence();
      });
    }, timings.pushSilenceMs);
  }

  function clearSilence(): void {
    if (silenceTimer !== undefined) clock.clearTimeout(silenceTimer);
    silenceTimer = undefined;
  }

  function refresh(): Promise<ConversationView | null> {
    const id = conversationId;
    if (id === undefined || stopped) return Promise.resolve(null);
    // One read at a time: a poll and a gap re-read at the same moment would only repeat each other.
    refreshing ??= session
      .request({ label: 'calls.read', priority: 'normal', idempotent: true }, (api) => api.conversations.getConversationsCall(id))
      .then((conversation) => {
        notFoundInARow = 0;
        const view = readConversation(conversation, deps.userId);
        if (view && !stopped) accept(view, 'rest');
        return view;
      })
      .catch((error: unknown) => {
        log.warn('reading the call failed', { conversationId: id, error: error instanceof Error ? error.message : String(error) });
        const failure = error !== null && typeof error === 'object' ? (error as { code?: unknown; status?: unknown }) : {};
        if (failure.code === 'session.closed') giveUp('signedOut');
        else if (failure.status === 404 && ++notFoundInARow >= NOT_FOUND_LIMIT) giveUp('notFound');
        return null;
      })
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  }

  function giveUp(reason: 'signedOut' | 'notFound'): void {
    if (stopped) return;
    log.warn('the call can no longer be read; stopped following it', { conversationId, reason });
    stop();
    deps.onUnreadable(reason);
  }

  function stop(): void {
    if (stopped) return;
    stopped = true;
    stopPolling();
    clearSilence();
    offStatus?.();
    watch?.release();
    seenListeners.clear();
    setMode('none');
  }

  return {
    ready() {
      // With push down there is nothing to wait for: polling follows the call, and a reconnect
      // before the POST answers still delivers the events reconciliation looks at.
      if (!watch || hub?.status() === 'down') return Promise.resolve();
      let timer: unknown;
      const timeout = new Promise<void>((resolve) => {
        timer = clock.setTimeout(() => {
          log.info('call topics not subscribed in time; placing the call anyway', { userId: deps.userId });
          resolve();
        }, timings.readyTimeoutMs);
      });
      return Promise.race([subscribed, timeout]).finally(() => clock.clearTimeout(timer));
    },
    attach(id) {
      if (stopped) return;
      conversationId = id;
      wasHealthy = pushHealthy();
      const early = seenById.get(id);
      if (early) accept(early, 'push');
      evaluate();
    },
    seen: () => [...seenById.values()],
    onSeen(cb) {
      seenListeners.add(cb);
      return () => seenListeners.delete(cb);
    },
    latest: () => latestView,
    refresh,
    stop,
  };
}
