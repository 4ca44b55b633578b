/**
 * Keeps the watched agents' presence and routing status live: by push (two topics per agent
 * through the shared NotificationHub, which places them on channels within Genesys' limits),
 * and only while push is down, by polling the bulk presence endpoint at a pace that leaves
 * most of the request budget to calls. When push returns, one last pass picks up what changed
 * while it was away (Genesys has no replay), then polling stops.
 */
import type { Logger } from '../logging/logger';
import type { Clock } from '../clock';
import type { GenesysSession } from '../genesys/session';
import type { NotificationHub, TopicWatch } from '../notifications/hub';
import { changeFromBulkPresence } from './map';
import { changeFromEvent, presenceTopics, type PresenceChange, type PresenceLabels } from './presence';

export const PRESENCE_WATCH_OWNER = 'directory';
/** "Limit 50" ids per request (SDK doc of getUsersPresencesPurecloudBulk). */
export const BULK_PRESENCE_IDS_PER_REQUEST = 50;
/** Fallback polling may use at most this share of the per-minute budget; dialing and call state need the rest. */
export const FALLBACK_BUDGET_SHARE = 0.2;
/** Even a handful of agents is polled no more often than this. */
export const FALLBACK_MIN_CYCLE_MS = 15_000;

export type LivePresenceMode = 'idle' | 'push' | 'polling';

export interface LivePresence {
  /** The agents to keep live, most important first; replaces the previous set. */
  setWatched(ids: readonly string[]): void;
  mode(): LivePresenceMode;
  stop(): void;
}

export interface LivePresenceDeps {
  notifications(): NotificationHub | null;
  session(): GenesysSession | null;
  clock: Clock;
  log: Logger;
  labels(): PresenceLabels;
  onChange(change: PresenceChange): void;
}

export function createLivePresence(deps: LivePresenceDeps): LivePresence {
  const { clock, log } = deps;
  let watched: readonly string[] = [];
  let hub: NotificationHub | null = null;
  let topicWatch: TopicWatch | null = null;
  let stopStatus: (() => void) | null = null;
  let subscribeFailed = false;
  /** The hub threw on the last watch/update (capacity); a later smaller set may fit. */
  let refused = false;
  let stopped = false;

  // Polling state: one bulk request per tick, ticks spaced by the budget share. A pass covers
  // the watched set once; `finalPass` is the pass that ends polling once push is back.
  let polling = false;
  let pass: string[][] = [];
  let passNumber = 0;
  let passStartedAt = 0;
  let finalPass: number | null = null;
  let timer: unknown = null;

  const onEvent = (topicName: string, eventBody: unknown): void => {
    const change = changeFromEvent(topicName, eventBody, deps.labels());
    if (change) deps.onChange(change);
  };

  const releaseWatch = (): void => {
    topicWatch?.release();
    topicWatch = null;
  };

  const adoptHub = (): void => {
    const current = deps.notifications();
    if (current === hub) return;
    releaseWatch();
    stopStatus?.();
    stopStatus = null;
    subscribeFailed = refused = false;
    hub = current;
    if (hub) stopStatus = hub.onStatus(onStatus);
  };

  const pushWorks = (): boolean => hub !== null && !subscribeFailed && hub.status() !== 'down';

  const onStatus = (status: 'connected' | 'connecting' | 'down'): void => {
    if (stopped) return;
    if (status === 'down') {
      log.info('push notifications down; polling presence', { agents: watched.length });
      startPolling();
    } else if (status === 'connected' && !subscribeFailed) finishPolling();
  };

  const subscribe = (target: NotificationHub, topics: string[]): void => {
    const watch = target.watch(PRESENCE_WATCH_OWNER, topics, onEvent);
    topicWatch = watch;
    watch.ready.then(
      () => {
        if (topicWatch !== watch || !subscribeFailed) return;
        subscribeFailed = false;
        if (hub?.status() === 'connected') finishPolling();
      },
      (error: unknown) => {
        if (topicWatch !== watch || stopped) return;
        // A refused watch is dropped: the next change of the watched set tries a fresh one.
        releaseWatch();
        subscribeFailed = true;
        log.warn('presence topics could not be subscribed; polling instead', { error: errorText(error) });
        startPolling();
      },
    );
  };

  const syncTopics = (): void => {
    adoptHub();
    if (watched.length === 0) {
      releaseWatch();
      stopPolling();
      return;
    }
    if (!hub) {
      startPolling();
      return;
    }
    const topics = watched.flatMap((id) => presenceTopics(id));
    try {
      if (topicWatch) topicWatch.update(topics);
      else subscribe(hub, topics);
      if (refused) refused = subscribeFailed = false;
    } catch (failure) {
      // The hub refuses topics beyond the org's channel capacity (calls may hold many).
      refused = subscribeFailed = true;
      log.warn('presence topics refused; polling instead', { error: errorText(failure), topics: topics.length });
    }
    if (!pushWorks()) startPolling();
    else if (hub.status() === 'connected') finishPolling();
  };

  const requestSpacingMs = (session: GenesysSession): number => {
    const limit = Math.max(1, session.budget.state().limitPerMinute);
    return Math.ceil(60_000 / (limit * FALLBACK_BUDGET_SHARE));
  };

  const schedule = (ms: number): void => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = clock.setTimeout(tick, Math.max(0, ms));
  };

  const startPolling = (): void => {
    if (stopped) return;
    // Down again during the catch-up pass: keep polling.
    finalPass = null;
    if (polling) return;
    polling = true;
    pass = [];
    schedule(0);
  };

  /** Push is back: changes made while it was away are only visible over REST, so read them once more. */
  const finishPolling = (): void => {
    if (!polling || finalPass !== null) return;
    log.info('push notifications back; one catch-up pass, then polling stops');
    pass = [];
    finalPass = passNumber + 1;
  };

  const stopPolling = (): void => {
    polling = false;
    finalPass = null;
    pass = [];
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };

  const tick = (): void => {
    timer = null;
    if (!polling || stopped) return;
    const session = deps.session();
    if (!session) {
      schedule(FALLBACK_MIN_CYCLE_MS);
      return;
    }
    // A hub that appeared since (sign-in finished) takes over.
    if (deps.notifications() !== hub) syncTopics();
    if (pass.length === 0) {
      pass = chunk(watched, BULK_PRESENCE_IDS_PER_REQUEST);
      passNumber++;
      passStartedAt = clock.now();
      if (pass.length === 0) {
        if (finalPass !== null) stopPolling();
        else schedule(FALLBACK_MIN_CYCLE_MS);
        return;
      }
    }
    const throttledUntil = session.budget.state().throttled?.until ?? 0;
    if (throttledUntil > clock.now()) {
      schedule(throttledUntil - clock.now());
      return;
    }
    const ids = pass.shift() ?? [];
    const thisPass = passNumber;
    const spacing = requestSpacingMs(session);
    session
      .request({ label: 'presence.bulk', priority: 'background', idempotent: true }, (api) => api.presence.getUsersPresencesPurecloudBulk({ id: ids }))
      .then(
        (presences) => {
          const labels = deps.labels();
          for (const presence of presences) {
            const change = changeFromBulkPresence(presence, labels);
            if (change) deps.onChange(change);
          }
          return 0;
        },
        (error: unknown) => {
          log.warn('presence poll failed', { error: errorText(error), agents: ids.length });
          const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
          return typeof retryAfter === 'number' ? retryAfter * 1000 : 0;
        },
      )
      .then((backoffMs) => {
        if (!polling || stopped) return;
        if (pass.length === 0 && finalPass !== null && thisPass >= finalPass) {
          stopPolling();
          return;
        }
        const passLength = Math.max(FALLBACK_MIN_CYCLE_MS, chunkCount(watched.length) * spacing);
        // The catch-up pass starts at once; a regular pass waits out the rest of its cycle.
        const wait = pass.length > 0 || finalPass !== null ? spacing : passStartedAt + passLength - clock.now();
        schedule(Math.max(wait, spacing, backoffMs));
      });
  };

  return {
    setWatched(ids) {
      if (stopped) return;
      watched = [...ids];
      syncTopics();
    },
    mode() {
      if (polling) return 'polling';
      return topicWatch ? 'push' : 'idle';
    },
    stop() {
      stopped = true;
      stopPolling();
      releaseWatch();
      stopStatus?.();
      stopStatus = null;
      hub = null;
    },
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function chunkCount(length: number): number {
  return Math.ceil(length / BULK_PRESENCE_IDS_PER_REQUEST);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
