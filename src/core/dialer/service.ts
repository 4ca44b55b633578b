/**
 * The one dial path. Every source (dialer pad, recents, tray, tel: link, favourite, clipboard,
 * shortcut) ends in `place(intent)`, which normalises the number, checks the agent, picks the
 * endpoint the session allows, places the call exactly once and follows it until it ends.
 *
 * Never twice by accident:
 *  - an identical intent (same number, same agent) is refused while the first call is not over;
 *  - a 429 means Genesys did not process the POST: wait Retry-After (the snapshot's `retryAt`
 *    drives a countdown) and retry exactly once;
 *  - a timeout, network error or 5xx means the call may exist: it is looked for (reconciled),
 *    never re-POSTed. The agent's conversation topics are subscribed before the POST, so a call
 *    Genesys created shows up there within the grace window whatever the principal. A user
 *    dialling as themselves is also checked with GET /api/v2/conversations/calls (their active
 *    calls). Client credentials have no REST list of another user's calls (the listing and
 *    /calls/history need a user context, and `conversationSummary` only counts), so for them
 *    the pushed events are the evidence. A call found in time is adopted; otherwise the attempt
 *    ends as failed with an instruction to check the agent's phone.
 */
import type { AuditEntry, AuditTrail } from '../audit/trail';
import type { Clock } from '../clock';
import type { GenesysSession } from '../genesys/session';
import type { NotificationHub, TopicWatch } from '../notifications/hub';
import type { RecentsStore } from '../recents/store';
import type { SettingsStore } from '../settings/store';
import type { StateHub } from '../state/hub';
import type { Logger } from '../logging/logger';
import type { Models } from 'purecloud-platform-client-v2';
import type { CallOutcome, CallSnapshot, DialOutcome, DialSource, DialWarning, NumberPreview, Principal, RecentCall } from '../../shared/domain';
import { describeEnd } from '../../shared/call-words';
import { AppError } from '../../shared/result';
import { isAwayFromDesk, normalizePresence, normalizeRoutingStatus, systemPresenceLabel } from '../agents/presence';
import { startCallMonitor, type CallMonitor, type CallMonitorTimings, type MonitoringMode } from '../calls/monitor';
import {
  advancePhase,
  agentLegOf,
  derivePhase,
  dialsNumber,
  readConversation,
  type ConversationView,
  type PhaseState,
} from '../calls/phase';
import { formatAsYouType, previewNumber } from '../phone/normalize';

export interface DialIntent {
  number: string;
  agentId?: string;
  source: DialSource;
  confirmWarnings?: boolean;
}

export interface Dialer {
  /** Main's reading of the number, with the input formatted as typed for the dialer display. */
  preview(number: string): NumberPreview & { formatted: string };
  place(intent: DialIntent): Promise<DialOutcome>;
  /**
   * The agent was picked (Call not pressed yet): subscribe their conversation topics and check
   * them now, so `place` has neither request left to make before its POST. Never dials, never
   * fails (an optimisation: any problem is logged and `place` does the work as before); resolves
   * once the preparation has settled.
   */
  prepare(agentId: string): Promise<void>;
  hangUp(callId: string): Promise<void>;
  dismiss(callId: string): void;
}

export interface DialerTimings {
  /** How long an unknown POST outcome is looked for before giving up. */
  reconcileGraceMs: number;
  /** REST checks during reconciliation, where the session can list the calls. */
  reconcilePollMs: number;
  /** Retry-After to assume when a 429 carries none (Genesys' Java SDK uses 3 s). */
  defaultRetryAfterMs: number;
  monitor: Partial<CallMonitorTimings>;
  /**
   * How long a prepared agent check stands in for the GET in `place`. Presence and station
   * change slowly next to this, and a user picks an agent then presses Call within seconds; a
   * check older than this is as good as none, so the dial reads the agent again.
   */
  preparedCheckFreshMs: number;
  /** A prepared agent nobody dials is released after this, so its topics stop costing a channel slot. */
  preparedIdleMs: number;
}

export const DEFAULT_DIALER_TIMINGS: DialerTimings = {
  reconcileGraceMs: 20_000,
  reconcilePollMs: 2_000,
  defaultRetryAfterMs: 3_000,
  monitor: {},
  preparedCheckFreshMs: 15_000,
  preparedIdleMs: 2 * 60_000,
};

export interface DialerDeps {
  session(): GenesysSession | null;
  notifications(): NotificationHub | null;
  settings: Pick<SettingsStore, 'get'>;
  /**
   * Must apply each change in memory before returning, in call order (the real store does once
   * loaded); the promise only reports the disk write, which the dialer never waits for.
   */
  recents: Pick<RecentsStore, 'add' | 'update'>;
  audit: Pick<AuditTrail, 'record'>;
  hub: StateHub;
  clock: Clock;
  log: Logger;
  newId(): string;
  timings?: Partial<DialerTimings>;
}

/** Who places the call and whose leg rings. */
interface Target {
  userId: string;
  name: string;
  /** POST /calls/user/{userId} and the on-behalf participant PATCH; else the plain user endpoints. */
  onBehalf: boolean;
}

interface ActiveCall {
  snapshot: CallSnapshot;
  key: string;
  session: GenesysSession;
  target: Target;
  monitor: CallMonitor;
  phase: PhaseState;
  hangUpRequested: boolean;
  /** Hung up while the POST was in flight, and Genesys has not shown the agent's leg to hang up yet. */
  hangUpWhenLegSeen: boolean;
  /** Resolves a pending 429 wait early when the user hangs up during it. */
  cancelWait?: () => void;
}

const SLACK_BEFORE_POST_MS = 5_000;

/** The one agent picked but not dialled yet: its topics held live and its check, for `place` to use. */
interface PreparedAgent {
  agentId: string;
  session: GenesysSession;
  notifications: NotificationHub | null;
  watch: TopicWatch | null;
  /** Resolves to the user, or undefined when the check failed (then `place` reads the agent itself). */
  check: Promise<Models.User | undefined>;
  /** When the check was answered; undefined while in flight (an answer still to come is fresh). */
  checkedAt?: number;
  /** Set once `place` used the check: presence moves with a call, so it serves one dial only. */
  checkUsed: boolean;
  checkGeneration: number;
  idleTimer: unknown;
}

/** Upper bound on how long `prepare` itself waits for the subscription before resolving. */
const PREPARE_SETTLE_MS = 3_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields of a GenesysRequestError (read structurally, so any normalised failure works). */
function requestFailure(error: unknown): { status?: number; code: string; message: string; retryAfterSeconds?: number; outcomeUnknown: boolean; missingPermissions?: string[] } {
  if (!isRecord(error)) return { code: 'unknown', message: String(error), outcomeUnknown: true };
  return {
    status: typeof error.status === 'number' ? error.status : undefined,
    code: typeof error.code === 'string' ? error.code : 'unknown',
    message: typeof error.message === 'string' ? error.message : 'Genesys Cloud rejected the request.',
    retryAfterSeconds: typeof error.retryAfterSeconds === 'number' ? error.retryAfterSeconds : undefined,
    // Anything we cannot classify may have reached the server.
    outcomeUnknown: typeof error.outcomeUnknown === 'boolean' ? error.outcomeUnknown : true,
    missingPermissions: Array.isArray(error.missingPermissions) ? error.missingPermissions.filter((p): p is string => typeof p === 'string') : undefined,
  };
}

function describePrincipal(principal: Principal): string {
  return principal.kind === 'client'
    ? `client ${principal.clientName ?? principal.clientId}`
    : `user ${principal.name}${principal.email ? ` <${principal.email}>` : ''}`;
}

/** Warnings an Offline, Away or Busy agent gets before the call is placed. */
export function agentWarnings(user: Models.User, name: string): DialWarning[] {
  const presence = normalizePresence(user.presence?.presenceDefinition?.systemPresence);
  const routing = normalizeRoutingStatus(user.routingStatus?.status);
  const warnings: DialWarning[] = [];
  if (presence === 'offline') {
    warnings.push({ code: 'agentOffline', message: `${name} is Offline in Genesys, so their phone may not ring.` });
  } else if (isAwayFromDesk(presence)) {
    warnings.push({ code: 'agentAway', message: `${name} is ${systemPresenceLabel(presence)} (away from their desk), so they may not answer.` });
  } else if (presence === 'busy') {
    warnings.push({ code: 'agentBusy', message: `${name} is Busy, so they may not want a call now.` });
  }
  if ((routing === 'INTERACTING' || routing === 'COMMUNICATING') && !warnings.some((w) => w.code === 'agentBusy')) {
    warnings.push({ code: 'agentBusy', message: `${name} is already on another interaction.` });
  }
  // OFF_QUEUE is normal for an outbound call; NOT_RESPONDING means they just missed an alert.
  if (routing === 'NOT_RESPONDING') {
    warnings.push({ code: 'agentNotRouting', message: `${name} did not answer their last queue alert (Not Responding), so they may not be at their phone.` });
  }
  return warnings;
}

export function noStationMessage(name: string, self: boolean): string {
  return self
    ? 'You have no Genesys phone (station) assigned, so Genesys cannot ring you. Ask an admin to assign one, or pick an agent to ring.'
    : `${name} has no Genesys phone (station) assigned, so Genesys cannot ring them. Ask an admin to assign one, or pick another agent.`;
}

export function createDialer(deps: DialerDeps): Dialer {
  const timings: DialerTimings = { ...DEFAULT_DIALER_TIMINGS, ...deps.timings };
  const { clock, hub } = deps;
  const log = deps.log.child('dialer');
  const calls = new Map<string, ActiveCall>();
  /** Number + agent of every call not yet over (or still being checked), so a second identical intent is refused. */
  const inFlight = new Map<string, ActiveCall | 'checking'>();
  let prepared: PreparedAgent | null = null;

  // ------------------------------------------------------------------ snapshots, recents, audit

  function publish(call: ActiveCall): void {
    // The hub keeps a copy: the call's own snapshot goes on changing.
    const snapshot = { ...call.snapshot };
    hub.updateApp((current) => {
      const others = current.calls.filter((existing) => existing.id !== snapshot.id);
      const index = current.calls.findIndex((existing) => existing.id === snapshot.id);
      if (index < 0) return { calls: [...others, snapshot] };
      const next = [...current.calls];
      next[index] = snapshot;
      return { calls: next };
    });
  }

  /**
   * Issued at once, never chained on the previous change's disk write: the store orders changes
   * itself, so each lands in recents before the snapshot that shows it is published. (Waiting for
   * the add to be on disk first left the outcome `inProgress` after the call showed as ended, for
   * as long as the writes took, and for good if one never finished.)
   */
  function recordRecent(callId: string, change: () => Promise<void>): void {
    const failed = (error: unknown): void => {
      log.error('could not record the call in recents', {
        callId,
        code: error instanceof AppError ? error.code : undefined,
        error: error instanceof Error ? error.message : String(error),
      });
    };
    try {
      change().catch(failed);
    } catch (error) {
      failed(error);
    }
  }

  function audit(session: GenesysSession, entry: Omit<AuditEntry, 'at' | 'connectionId' | 'connectionName' | 'principal'>): void {
    deps.audit
      .record({
        at: clock.now(),
        connectionId: session.connectionId,
        connectionName: session.connectionName,
        principal: describePrincipal(session.principal),
        ...entry,
      })
      .catch((error: unknown) => {
        log.error('could not write the audit trail', { error: error instanceof Error ? error.message : String(error) });
      });
  }

  function auditCall(call: ActiveCall, event: AuditEntry['event'], outcome: string, detail?: string): void {
    audit(call.session, {
      event,
      agentId: call.target.userId,
      agentName: call.target.name,
      e164: call.snapshot.e164,
      conversationId: call.snapshot.conversationId,
      outcome,
      ...(detail !== undefined ? { detail } : {}),
    });
  }

  // ------------------------------------------------------------------ following the call

  function applyView(call: ActiveCall, view: ConversationView): void {
    advance(call, view);
    if (call.hangUpWhenLegSeen && call.snapshot.phase !== 'ended' && agentLegOf(view)) {
      call.hangUpWhenLegSeen = false;
      hangUpAfterPlacing(call);
    }
  }

  function advance(call: ActiveCall, view: ConversationView): void {
    if (call.snapshot.phase === 'ended') return;
    const reading = derivePhase(view, { hangUpRequested: call.hangUpRequested });
    const next = advancePhase(call.phase, reading, clock.now());
    if (next === call.phase || (next.phase === call.phase.phase && next.connectedAt === call.phase.connectedAt)) return;
    const justConnected = call.phase.connectedAt === undefined && next.connectedAt !== undefined;
    call.phase = next;
    const snapshot = call.snapshot;
    snapshot.phase = next.phase;
    if (next.connectedAt !== undefined) snapshot.connectedAt = next.connectedAt;
    if (justConnected) {
      const connectedAt = next.connectedAt;
      recordRecent(snapshot.id, () => deps.recents.update(snapshot.id, { connectedAt }));
    }
    if (next.phase === 'ended') {
      const reason = next.endReason ?? 'failed';
      finish(call, reason, describeEnd(reason, { agentName: call.target.name, number: snapshot.displayNumber }), next.endedAt);
      return;
    }
    log.info('call state changed', { callId: snapshot.id, phase: next.phase });
    publish(call);
  }

  function finish(
    call: ActiveCall,
    reason: NonNullable<CallSnapshot['endReason']>,
    message: string,
    endedAt = clock.now(),
    recentsOutcome: CallOutcome = reason,
  ): void {
    const snapshot = call.snapshot;
    call.phase = { ...call.phase, phase: 'ended', endReason: reason, endedAt };
    snapshot.phase = 'ended';
    snapshot.endReason = reason;
    snapshot.endMessage = message;
    snapshot.endedAt = endedAt;
    snapshot.monitoring = 'none';
    delete snapshot.retryAt;
    delete snapshot.reconciling;
    call.monitor.stop();
    call.cancelWait?.();
    if (inFlight.get(call.key) === call) inFlight.delete(call.key);
    const placed = snapshot.conversationId !== undefined;
    recordRecent(snapshot.id, () =>
      deps.recents.update(snapshot.id, {
        outcome: recentsOutcome,
        endedAt,
        ...(snapshot.connectedAt !== undefined ? { connectedAt: snapshot.connectedAt } : {}),
        ...(snapshot.conversationId !== undefined ? { conversationId: snapshot.conversationId } : {}),
        detail: message,
      }),
    );
    auditCall(call, placed ? 'call.ended' : 'call.failed', reason, message);
    log.info('call ended', { callId: snapshot.id, reason, conversationId: snapshot.conversationId });
    publish(call);
  }

  function adopt(call: ActiveCall, conversationId: string, how: 'placed' | 'reconciled'): void {
    const snapshot = call.snapshot;
    snapshot.conversationId = conversationId;
    delete snapshot.reconciling;
    delete snapshot.retryAt;
    recordRecent(snapshot.id, () => deps.recents.update(snapshot.id, { conversationId }));
    auditCall(call, 'call.placed', how);
    log.info(how === 'placed' ? 'call placed' : 'call found after an unknown outcome', {
      callId: snapshot.id,
      conversationId,
      e164: snapshot.e164,
    });
    publish(call);
    call.monitor.attach(conversationId);
    if (call.hangUpRequested && call.snapshot.phase !== 'ended') {
      // The user hung up while the POST was in flight: finish the job now that there is a call,
      // or as soon as Genesys shows the agent's leg (a new conversation can 404 for a moment).
      const view = call.monitor.latest();
      if (view && agentLegOf(view)) {
        hangUpAfterPlacing(call);
      } else {
        call.hangUpWhenLegSeen = true;
        void call.monitor.refresh();
      }
    }
  }

  function hangUpAfterPlacing(call: ActiveCall): void {
    hangUpPlaced(call).catch((error: unknown) => {
      log.warn('hanging up a call cancelled while it was being placed failed', { callId: call.snapshot.id, error: error instanceof Error ? error.message : String(error) });
    });
  }

  // ------------------------------------------------------------------ placing

  function requireSession(): GenesysSession {
    const session = deps.session();
    if (!session) throw new AppError('notSignedIn', 'Sign in to Genesys Cloud before placing a call.');
    return session;
  }

  function resolveTarget(session: GenesysSession, agentId: string | undefined): { userId: string; onBehalf: boolean } {
    const principal = session.principal;
    if (agentId === undefined || agentId.trim() === '') {
      if (principal.kind === 'client') {
        throw new AppError(
          'dial.agentRequired',
          "Pick an agent to ring: this connection signs in as an app (client credentials), so Genesys needs an agent whose phone places the call.",
        );
      }
      return { userId: principal.userId, onBehalf: false };
    }
    // A user who picks themselves dials as themselves, with the endpoints that need no extra permission.
    return { userId: agentId, onBehalf: !(principal.kind === 'user' && principal.userId === agentId) };
  }

  async function checkAgent(session: GenesysSession, userId: string, self: boolean): Promise<Models.User> {
    try {
      return await session.request({ label: 'dial.checkAgent', priority: 'urgent', idempotent: true }, (api) =>
        api.users.getUser(userId, { expand: ['presence', 'routingStatus', 'station'] }),
      );
    } catch (error) {
      const failure = requestFailure(error);
      if (failure.status === 404) {
        throw new AppError(
          'dial.agentNotFound',
          self
            ? 'Genesys does not know the signed-in user any more; sign in again.'
            : `That agent does not exist in ${session.connectionName} any more (it may have been deleted). Refresh the agent list and pick another agent.`,
        );
      }
      throw new AppError('dial.agentCheckFailed', `Could not check the agent before dialing: ${failure.message}`);
    }
  }

  function agentTopics(userId: string): string[] {
    return [`v2.users.${userId}.conversations`, `v2.users.${userId}.conversations.calls`];
  }

  function releasePrepared(why: string): void {
    const current = prepared;
    if (!current) return;
    prepared = null;
    clock.clearTimeout(current.idleTimer);
    current.watch?.release();
    log.debug('released the prepared agent', { agentId: current.agentId, why });
  }

  /** Still the same sign-in? A session change closes the old hub, so an old preparation is worthless. */
  function preparationCurrent(current: PreparedAgent): boolean {
    return current.session === deps.session() && current.notifications === deps.notifications();
  }

  function startPreparedCheck(current: PreparedAgent, self: boolean): void {
    current.checkUsed = false;
    current.checkedAt = undefined;
    // A late answer to an earlier check must not mark this one.
    const generation = ++current.checkGeneration;
    current.check = checkAgent(current.session, current.agentId, self).then(
      (user) => {
        if (current.checkGeneration === generation) current.checkedAt = clock.now();
        return user;
      },
      (error: unknown) => {
        // Nothing usable: a dial (or the next prepare) reads the agent again.
        if (current.checkGeneration === generation) current.checkUsed = true;
        log.info('preparing the agent: the check failed; the dial will check again', {
          agentId: current.agentId,
          code: error instanceof AppError ? error.code : undefined,
        });
        return undefined;
      },
    );
  }

  function checkFresh(current: PreparedAgent): boolean {
    return !current.checkUsed && (current.checkedAt === undefined || clock.now() - current.checkedAt <= timings.preparedCheckFreshMs);
  }

  async function prepareAgent(agentId: string): Promise<void> {
    const session = deps.session();
    if (!session) return;
    const { userId, onBehalf } = resolveTarget(session, agentId);
    const notifications = deps.notifications();
    let current = prepared;
    if (current && (current.agentId !== userId || !preparationCurrent(current))) {
      releasePrepared(current.agentId !== userId ? 'another agent was picked' : 'the session changed');
      current = null;
    }
    if (!current) {
      let watch: TopicWatch | null = null;
      if (notifications && notifications.status() !== 'down') {
        try {
          // Urgent, like the monitor's: the user may press Call a moment from now.
          watch = notifications.watch(`dial-prepare:${userId}`, agentTopics(userId), () => undefined, { urgent: true });
        } catch (error) {
          log.info('preparing the agent: could not watch their topics', { agentId: userId, error: error instanceof Error ? error.message : String(error) });
        }
      }
      current = { agentId: userId, session, notifications, watch, check: Promise.resolve(undefined), checkUsed: true, checkGeneration: 0, idleTimer: undefined };
      prepared = current;
      const refused = current;
      watch?.ready.catch((error: unknown) => {
        log.info('preparing the agent: their topics are not available', { agentId: userId, error: error instanceof Error ? error.message : String(error) });
        // Holding topics Genesys refused would only make the monitor wait on them.
        if (prepared === refused && refused.watch === watch) {
          refused.watch = null;
          watch.release();
        }
      });
    }
    clock.clearTimeout(current.idleTimer);
    const idle = current;
    current.idleTimer = clock.setTimeout(() => {
      if (prepared === idle) releasePrepared('not dialled in time');
    }, timings.preparedIdleMs);
    // One in flight or answered moments ago serves; a used or stale one is read again.
    if (!checkFresh(current)) startPreparedCheck(current, !onBehalf);

    let timer: unknown;
    const bounded = new Promise<void>((resolve) => {
      timer = clock.setTimeout(resolve, PREPARE_SETTLE_MS);
    });
    const subscribed = current.watch ? current.watch.ready.catch(() => undefined) : Promise.resolve();
    await Promise.race([Promise.all([current.check, subscribed]), bounded]).finally(() => clock.clearTimeout(timer));
  }

  /** The prepared check for this agent if fresh (waiting for it when still in flight), else undefined. */
  async function takePreparedCheck(session: GenesysSession, userId: string): Promise<Models.User | undefined> {
    const current = prepared;
    if (current && !preparationCurrent(current)) releasePrepared('the session changed');
    if (!current || current !== prepared || current.agentId !== userId || !checkFresh(current)) return undefined;
    current.checkUsed = true;
    return current.check;
  }

  function recordNotPlaced(session: GenesysSession, preview: Extract<NumberPreview, { valid: true }>, intent: DialIntent, agent: { id: string; name: string } | null, detail: string): void {
    const entry: RecentCall = {
      id: deps.newId(),
      e164: preview.e164,
      displayNumber: preview.display,
      agent,
      source: intent.source,
      requestedAt: clock.now(),
      outcome: 'notPlaced',
      detail,
    };
    recordRecent(entry.id, () => deps.recents.add(entry));
    audit(session, { event: 'call.failed', ...(agent ? { agentId: agent.id, agentName: agent.name } : {}), e164: preview.e164, outcome: 'notPlaced', detail });
  }

  function postFailureMessage(call: ActiveCall, failure: ReturnType<typeof requestFailure>): { code: string; message: string } {
    const name = call.target.name;
    if (failure.code === 'conversation.error.no.user.station') {
      return { code: 'dial.noStation', message: noStationMessage(name, !call.target.onBehalf) };
    }
    if (failure.code === 'not.a.user') {
      return { code: 'dial.notAUser', message: 'This connection signs in as an app, which cannot place calls as itself. Pick an agent to ring.' };
    }
    if (failure.status === 403) {
      const needed = failure.missingPermissions?.length ? failure.missingPermissions.join(', ') : 'conversation:call:add';
      return {
        code: 'dial.forbidden',
        message: `This connection is not allowed to place the call (missing ${needed}). Ask an admin to grant it${call.target.onBehalf ? ', plus conversation:agentlessCall:add to dial on behalf of agents' : ''}.`,
      };
    }
    if (failure.status === 404) {
      return { code: 'dial.agentNotFound', message: `Genesys could not find ${name} to place the call. Refresh the agent list and pick another agent.` };
    }
    if (failure.status === 429) {
      const wait = failure.retryAfterSeconds ?? Math.ceil(timings.defaultRetryAfterMs / 1000);
      return { code: 'dial.rateLimited', message: `Genesys is still limiting requests after one retry. Try again in ${wait} s.` };
    }
    return { code: 'dial.rejected', message: `Genesys refused the call: ${failure.message}` };
  }

  function post(call: ActiveCall): Promise<Models.CreateCallResponse> {
    const { userId, onBehalf } = call.target;
    const body: Models.CreateCallRequest = { phoneNumber: call.snapshot.e164 };
    return call.session.request({ label: 'dial.place', priority: 'urgent', idempotent: false }, (api) =>
      onBehalf ? api.conversations.postConversationsCallsUserUserId(userId, body) : api.conversations.postConversationsCalls(body),
    );
  }

  /** Waits on the injected clock; resolves true if the user hung up meanwhile. */
  function waitOrCancel(call: ActiveCall, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = clock.setTimeout(() => {
        call.cancelWait = undefined;
        resolve(false);
      }, ms);
      call.cancelWait = () => {
        clock.clearTimeout(timer);
        call.cancelWait = undefined;
        resolve(true);
      };
    });
  }

  /** POST once, and once more only after a 429 (which Genesys did not process). */
  async function placeOnce(call: ActiveCall): Promise<{ conversationId: string } | { failure: ReturnType<typeof requestFailure> }> {
    for (let attempt = 1; ; attempt++) {
      const seenBefore = new Set(call.monitor.seen().map((view) => view.conversationId));
      const postedAt = clock.now();
      try {
        const created = await post(call);
        if (!created.id) return { failure: { code: 'dial.noConversationId', message: 'Genesys accepted the call but returned no conversation id.', outcomeUnknown: true } };
        return { conversationId: created.id };
      } catch (error) {
        const failure = requestFailure(error);
        if (failure.status === 429 && attempt === 1) {
          const waitMs = failure.retryAfterSeconds !== undefined ? failure.retryAfterSeconds * 1000 : timings.defaultRetryAfterMs;
          call.snapshot.retryAt = clock.now() + waitMs;
          log.warn('dial rate-limited; retrying once after Retry-After', { callId: call.snapshot.id, waitMs });
          publish(call);
          const cancelled = await waitOrCancel(call, waitMs);
          delete call.snapshot.retryAt;
          if (cancelled) return { failure: { code: 'dial.cancelled', message: 'Cancelled before the call was placed.', outcomeUnknown: false } };
          publish(call);
          continue;
        }
        if (failure.outcomeUnknown) {
          const found = await reconcile(call, seenBefore, postedAt, failure);
          return found ?? { failure: { ...failure, code: 'dial.outcomeUnknown' } };
        }
        return { failure };
      }
    }
  }

  /** Look for the call an unanswered POST may have created, without ever POSTing again. */
  async function reconcile(
    call: ActiveCall,
    seenBefore: Set<string>,
    postedAt: number,
    failure: ReturnType<typeof requestFailure>,
  ): Promise<{ conversationId: string } | null> {
    log.warn('the dial request had no clear answer; looking for the call before anything else', {
      callId: call.snapshot.id,
      status: failure.status,
      code: failure.code,
    });
    call.snapshot.reconciling = true;
    publish(call);
    const claimed = (id: string): boolean => [...calls.values()].some((other) => other !== call && other.snapshot.conversationId === id);
    const matches = (view: ConversationView): boolean => {
      if (seenBefore.has(view.conversationId) || claimed(view.conversationId) || !dialsNumber(view, call.snapshot.e164)) return false;
      const started = view.legs.map((leg) => leg.startedAt).find((at) => at !== undefined);
      return started === undefined || started >= postedAt - SLACK_BEFORE_POST_MS;
    };
    const canList = !call.target.onBehalf && call.session.principal.kind === 'user';

    return new Promise((resolve) => {
      let settled = false;
      let pollTimer: unknown;
      const done = (result: { conversationId: string } | null): void => {
        if (settled) return;
        settled = true;
        offSeen();
        clock.clearTimeout(deadline);
        if (pollTimer !== undefined) clock.clearTimeout(pollTimer);
        resolve(result);
      };
      const offSeen = call.monitor.onSeen((view) => {
        if (matches(view)) done({ conversationId: view.conversationId });
      });
      const deadline = clock.setTimeout(() => done(null), timings.reconcileGraceMs);
      const early = call.monitor.seen().find(matches);
      if (early) {
        done({ conversationId: early.conversationId });
        return;
      }
      if (!canList) return;
      const listOnce = (): void => {
        call.session
          .request({ label: 'dial.reconcile', priority: 'urgent', idempotent: true }, (api) => api.conversations.getConversationsCalls())
          .then((listing) => {
            for (const conversation of listing.entities ?? []) {
              const view = readConversation(conversation, call.target.userId);
              if (view && matches(view)) done({ conversationId: view.conversationId });
            }
          })
          .catch((error: unknown) => {
            log.warn('listing active calls during reconciliation failed', { error: error instanceof Error ? error.message : String(error) });
          })
          .finally(() => {
            if (!settled) pollTimer = clock.setTimeout(listOnce, timings.reconcilePollMs);
          });
      };
      listOnce();
    });
  }

  async function hangUpPlaced(call: ActiveCall): Promise<void> {
    const conversationId = call.snapshot.conversationId;
    if (conversationId === undefined) return;
    const view = call.monitor.latest() ?? (await call.monitor.refresh());
    const leg = view ? agentLegOf(view) : undefined;
    if (!leg) {
      call.hangUpRequested = false;
      throw new AppError('call.hangUpFailed', `Genesys has not shown ${call.target.name}'s side of the call yet; try again in a moment.`);
    }
    if (leg.state === 'disconnected' || leg.state === 'terminated') {
      await call.monitor.refresh();
      return;
    }
    const body: Models.MediaParticipantRequest = { state: 'disconnected' };
    const { userId, onBehalf } = call.target;
    try {
      await call.session.request({ label: 'calls.hangUp', priority: 'urgent', idempotent: true }, (api) =>
        onBehalf
          ? api.conversations.patchConversationsCallParticipantUserUserId(conversationId, leg.participantId, userId, body)
          : api.conversations.patchConversationsCallParticipant(conversationId, leg.participantId, body),
      );
    } catch (error) {
      const failure = requestFailure(error);
      if (failure.code === 'conversation.error.call.disconnected') {
        // It ended on its own meanwhile; the read below brings the real reason.
        await call.monitor.refresh();
        return;
      }
      call.hangUpRequested = false;
      throw new AppError('call.hangUpFailed', `Genesys did not hang up the call: ${failure.message}`);
    }
    log.info('hang-up sent', { callId: call.snapshot.id, conversationId });
    // The PATCH takes effect asynchronously; push brings the end, or a read does when push is down.
    if (call.snapshot.monitoring !== 'push') await call.monitor.refresh();
  }

  return {
    preview(number) {
      const { defaultCountry } = deps.settings.get();
      return { ...previewNumber(number, defaultCountry), formatted: formatAsYouType(number, defaultCountry) };
    },

    async place(intent) {
      const session = requireSession();
      const preview = previewNumber(intent.number, deps.settings.get().defaultCountry);
      if (!preview.valid) throw new AppError('dial.invalidNumber', preview.problem, [{ path: 'number', message: preview.problem }]);
      const { userId, onBehalf } = resolveTarget(session, intent.agentId);
      const key = `${preview.e164}|${userId}`;
      const existing = inFlight.get(key);
      if (existing) {
        const who = existing === 'checking' ? 'this agent' : existing.target.name;
        throw new AppError(
          'dial.duplicate',
          `${preview.display} is already being called for ${who}. Hang up that call before dialing the same number again.`,
        );
      }
      // Reserved before the first await, so a double click cannot slip a second intent past the check.
      inFlight.set(key, 'checking');
      let user: Models.User;
      try {
        user = (await takePreparedCheck(session, userId)) ?? (await checkAgent(session, userId, !onBehalf));
      } catch (error) {
        inFlight.delete(key);
        if (error instanceof AppError && error.code === 'dial.agentNotFound') {
          recordNotPlaced(session, preview, intent, { id: userId, name: userId }, error.message);
        }
        throw error;
      }
      const name = user.name ?? (session.principal.kind === 'user' && !onBehalf ? session.principal.name : userId);
      const agentRef = onBehalf ? { id: userId, name } : null;
      const station = user.station?.associatedStation?.id ?? user.station?.effectiveStation?.id;
      if (!station) {
        inFlight.delete(key);
        const message = noStationMessage(name, !onBehalf);
        recordNotPlaced(session, preview, intent, agentRef, message);
        throw new AppError('dial.noStation', message);
      }
      const warnings = onBehalf ? agentWarnings(user, name) : [];
      if (warnings.length > 0 && !intent.confirmWarnings) {
        inFlight.delete(key);
        return { status: 'needsConfirmation', warnings };
      }

      const notifications = deps.notifications();
      const snapshot: CallSnapshot = {
        id: deps.newId(),
        e164: preview.e164,
        displayNumber: preview.display,
        agent: agentRef,
        source: intent.source,
        phase: 'placing',
        requestedAt: clock.now(),
        monitoring: 'none',
      };
      const call: ActiveCall = {
        snapshot,
        key,
        session,
        target: { userId, name, onBehalf },
        phase: { phase: 'placing' },
        hangUpRequested: false,
        hangUpWhenLegSeen: false,
        monitor: startCallMonitor({
          session,
          notifications,
          clock,
          log,
          userId,
          timings: timings.monitor,
          onView: (view) => applyView(call, view),
          onMonitoring: (mode: MonitoringMode) => {
            if (call.snapshot.phase === 'ended' || call.snapshot.monitoring === mode) return;
            call.snapshot.monitoring = mode;
            publish(call);
          },
          onUnreadable: (reason) => {
            if (call.snapshot.phase === 'ended') return;
            const message =
              reason === 'signedOut'
                ? `Signed out of Genesys, so this call is no longer followed. Check ${name}'s phone if it may still be in progress.`
                : `Genesys no longer shows this call, so its outcome is unknown. Check ${name}'s phone if it may still be in progress.`;
            finish(call, 'failed', message);
          },
        }),
      };
      calls.set(snapshot.id, call);
      inFlight.set(key, call);
      // The monitor now watches the same topics, so the prepared watch hands over with no request.
      if (prepared?.agentId === userId) releasePrepared('handed over to the call');
      const entry: RecentCall = {
        id: snapshot.id,
        e164: snapshot.e164,
        displayNumber: snapshot.displayNumber,
        agent: agentRef,
        source: intent.source,
        requestedAt: snapshot.requestedAt,
        outcome: 'inProgress',
      };
      recordRecent(snapshot.id, () => deps.recents.add(entry));
      publish(call);
      log.info('placing a call', { callId: snapshot.id, e164: snapshot.e164, agentId: userId, onBehalf, source: intent.source, warningsConfirmed: warnings.length });

      // Subscribed before the POST, so the first events are not missed.
      await call.monitor.ready();
      if (call.hangUpRequested) {
        finish(call, 'cancelled', 'Cancelled before the call was placed.');
        return { status: 'placed', call: { ...call.snapshot } };
      }
      const result = await placeOnce(call);
      if ('conversationId' in result) {
        adopt(call, result.conversationId, call.snapshot.reconciling ? 'reconciled' : 'placed');
        return { status: 'placed', call: { ...call.snapshot } };
      }
      const { failure } = result;
      if (failure.code === 'dial.cancelled') {
        finish(call, 'cancelled', failure.message);
        return { status: 'placed', call: { ...call.snapshot } };
      }
      const problem =
        failure.code === 'dial.outcomeUnknown'
          ? { code: 'dial.outcomeUnknown', message: `We could not confirm the call was placed; check ${name}'s phone before retrying.` }
          : postFailureMessage(call, failure);
      // A definite refusal placed nothing; an unknown outcome may have, so it stays 'failed'.
      finish(call, 'failed', problem.message, clock.now(), failure.outcomeUnknown ? 'failed' : 'notPlaced');
      throw new AppError(problem.code, problem.message);
    },

    async prepare(agentId) {
      try {
        await prepareAgent(agentId);
      } catch (error) {
        log.info('preparing the agent failed; the dial will do the work', {
          agentId,
          code: error instanceof AppError ? error.code : undefined,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    },

    async hangUp(callId) {
      const call = calls.get(callId);
      if (!call) throw new AppError('call.notFound', 'That call is no longer shown; there is nothing to hang up.');
      if (call.snapshot.phase === 'ended') throw new AppError('call.alreadyEnded', 'This call has already ended; there is nothing to hang up.');
      call.hangUpRequested = true;
      // Already waiting for the agent's leg to appear; a second click changes nothing.
      if (call.hangUpWhenLegSeen) return;
      if (call.snapshot.conversationId === undefined) {
        // Still being placed: a pending 429 wait ends now; an answered POST is hung up as soon as it returns.
        call.cancelWait?.();
        log.info('hang-up requested while the call is being placed', { callId });
        return;
      }
      await hangUpPlaced(call);
    },

    dismiss(callId) {
      const call = calls.get(callId);
      if (!call) throw new AppError('call.notFound', 'That call is no longer shown.');
      if (call.snapshot.phase !== 'ended') throw new AppError('call.notEnded', 'Hang up the call before dismissing it.');
      calls.delete(callId);
      hub.updateApp((current) => ({ calls: current.calls.filter((existing) => existing.id !== callId) }));
    },
  };
}
