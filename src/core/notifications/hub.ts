/**
 * The one owner of Genesys notification channels for a session. Call monitoring and the agent
 * directory's live presence both watch topics here, so the org's 20-channel limit is never
 * spent twice and one reconnect policy covers every consumer.
 *
 * Protocol facts (fact sheet §5): a channel is created with POST /notifications/channels and
 * opened at its connectUri with no auth header; topics are replaced with PUT …/subscriptions
 * (≤ 1,000 per channel); the server sends a `channel.metadata` heartbeat about every 30 s and
 * answers the text frame {"message":"ping"}; `v2.system.socket_closing` announces a close;
 * channels expire (24 h) and must be replaced before then. There is no replay, so consumers
 * re-read over REST after any gap: `onStatus` tells them when one happened.
 */
import type { Clock } from '../clock';
import type { GenesysSession } from '../genesys/session';
import type { Logger } from '../logging/logger';
import { AppError } from '../../shared/result';

export type HubStatus = 'connected' | 'connecting' | 'down';

/** The part of a WHATWG WebSocket the hub uses; `ws` in Node and the browser's both fit. */
export interface WebSocketLike {
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export type TopicListener = (topicName: string, eventBody: unknown) => void;

export interface TopicWatch {
  update(topics: string[]): void;
  release(): void;
  /** Resolves once the watch's first topics are subscribed on an open socket; rejects if Genesys refuses one or the hub closes. */
  ready: Promise<void>;
}

export interface WatchOptions {
  /**
   * Subscribe now instead of after the batching window, at urgent budget priority: someone is
   * waiting on `ready` (a dial holds its POST until the call's topics are live). Whatever else is
   * pending goes in the same PUT, so this costs no extra request.
   */
  urgent?: boolean;
}

export interface NotificationHub {
  watch(owner: string, topics: string[], listener: TopicListener, options?: WatchOptions): TopicWatch;
  status(): HubStatus;
  onStatus(cb: (status: HubStatus) => void): () => void;
  close(): Promise<void>;
}

export interface HubLimits {
  maxTopicsPerChannel: number;
  maxChannels: number;
  /** The server's heartbeat interval; silence for twice this triggers a ping. */
  heartbeatMs: number;
  /** How long a ping may go unanswered before the socket is given up. */
  pingTimeoutMs: number;
  /** Watch changes within this window are sent as one PUT per channel. */
  batchMs: number;
  /** A channel is replaced this long before it expires. */
  renewBeforeMs: number;
  /** Reconnect delays; the last one repeats. */
  backoffMs: readonly number[];
}

export const DEFAULT_HUB_LIMITS: HubLimits = {
  maxTopicsPerChannel: 1_000,
  maxChannels: 20,
  heartbeatMs: 30_000,
  pingTimeoutMs: 10_000,
  batchMs: 25,
  renewBeforeMs: 10 * 60_000,
  backoffMs: [1_000, 2_000, 4_000, 8_000, 16_000, 30_000],
};

export interface NotificationHubDeps {
  session: GenesysSession;
  createSocket(url: string): WebSocketLike;
  clock: Clock;
  log: Logger;
  limits?: Partial<HubLimits>;
}

interface Watch {
  owner: string;
  topics: Map<string, string>;
  listener: TopicListener;
  released: boolean;
  pendingReady?: { keys: Set<string>; resolve: () => void; reject: (error: Error) => void };
}

type ChannelState = 'opening' | 'open' | 'down' | 'closed';

interface Channel {
  /** Local number for logs; the Genesys id changes when the channel is recreated. */
  seq: number;
  id?: string;
  connectUri?: string;
  expiresAt?: number;
  socket?: WebSocketLike;
  /** Bumped whenever the socket is replaced, so late events from an old socket are ignored. */
  generation: number;
  state: ChannelState;
  /** Topics assigned here (lower-case key → name as given). Shared with a renewal in progress. */
  topics: Map<string, string>;
  /** Topics the last successful PUT on the current socket confirmed. */
  subscribed: Set<string>;
  dirty: boolean;
  /** The next PUT carries an urgent watch's topics, so it goes at urgent budget priority. */
  urgent: boolean;
  putInFlight: boolean;
  attempt: number;
  /** Set on a renewal's new channel until it takes over. */
  replaces?: Channel;
  timers: { watchdog?: unknown; ping?: unknown; reconnect?: unknown; renew?: unknown };
}

const SYSTEM_TOPIC_PREFIX = 'v2.system.';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function frameText(data: unknown): string | undefined {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  // `ws` delivers Buffers (Uint8Array views) unless told otherwise.
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength));
  return undefined;
}

function statusOf(error: unknown): number | undefined {
  return isRecord(error) && typeof error.status === 'number' ? error.status : undefined;
}

/** Read after an await: close() may have run meanwhile, which flow analysis cannot see. */
function isClosed(channel: { state: string }): boolean {
  return channel.state === 'closed';
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createNotificationHub(deps: NotificationHubDeps): NotificationHub {
  const limits: HubLimits = { ...DEFAULT_HUB_LIMITS, ...deps.limits };
  const { clock, session } = deps;
  const log = deps.log.child('notifications');
  const watches = new Set<Watch>();
  const channels: Channel[] = [];
  const statusListeners = new Set<(status: HubStatus) => void>();
  let lastStatus: HubStatus = 'connecting';
  let flushTimer: unknown;
  let channelSeq = 0;
  let closed = false;

  // ------------------------------------------------------------------ status

  function computeStatus(): HubStatus {
    if (closed) return 'down';
    const live = channels.filter((channel) => channel.replaces === undefined);
    if (live.length === 0) return 'connecting';
    if (live.some((channel) => channel.state === 'down')) return 'down';
    if (live.some((channel) => channel.state === 'opening')) return 'connecting';
    return 'connected';
  }

  function emitStatus(): void {
    const next = computeStatus();
    if (next === lastStatus) return;
    lastStatus = next;
    log.info('notification status changed', { status: next });
    for (const listener of statusListeners) {
      try {
        listener(next);
      } catch (error) {
        log.error('status listener failed', { error: describeError(error) });
      }
    }
  }

  // ------------------------------------------------------------------ topics and batching

  function desiredTopics(): Map<string, string> {
    const all = new Map<string, string>();
    for (const watch of watches) for (const [key, name] of watch.topics) all.set(key, name);
    return all;
  }

  function normalise(topics: string[]): Map<string, string> {
    const map = new Map<string, string>();
    for (const topic of topics) {
      const name = topic.trim();
      if (name === '') throw new AppError('notifications.invalidTopic', 'A notification topic cannot be empty.');
      map.set(name.toLowerCase(), name);
    }
    return map;
  }

  function checkCapacity(extra: Map<string, string>, without?: Watch): void {
    const all = new Map<string, string>();
    for (const watch of watches) if (watch !== without) for (const [key, name] of watch.topics) all.set(key, name);
    for (const [key, name] of extra) all.set(key, name);
    const capacity = limits.maxChannels * limits.maxTopicsPerChannel;
    if (all.size > capacity) {
      throw new AppError(
        'notifications.tooManyTopics',
        `Genesys allows ${capacity.toLocaleString('en')} live topics per app (${limits.maxChannels} channels of ${limits.maxTopicsPerChannel.toLocaleString('en')}); ${all.size.toLocaleString('en')} were asked for. Watch fewer agents.`,
      );
    }
  }

  function scheduleFlush(): void {
    if (closed || flushTimer !== undefined) return;
    flushTimer = clock.setTimeout(() => {
      flushTimer = undefined;
      flush();
    }, limits.batchMs);
  }

  /** Sends what is pending now, cancelling the batching window (it would only find nothing to do). */
  function flushNow(urgentKeys: Iterable<string>): void {
    if (closed) return;
    if (flushTimer !== undefined) clock.clearTimeout(flushTimer);
    flushTimer = undefined;
    flush(new Set(urgentKeys));
  }

  /** Puts every wanted topic on a channel with room, drops unwanted ones, and PUTs what changed. */
  function flush(urgentKeys: ReadonlySet<string> = new Set()): void {
    if (closed) return;
    const wanted = desiredTopics();
    const primaries = channels.filter((channel) => channel.replaces === undefined);
    const assigned = new Set<string>();
    for (const channel of primaries) {
      for (const key of [...channel.topics.keys()]) {
        if (!wanted.has(key)) {
          channel.topics.delete(key);
          markDirty(channel);
        } else {
          assigned.add(key);
        }
      }
    }
    for (const [key, name] of wanted) {
      if (assigned.has(key)) continue;
      let target = primaries.find((channel) => channel.topics.size < limits.maxTopicsPerChannel);
      if (!target) {
        target = newChannel(new Map());
        primaries.push(target);
        void establish(target);
      }
      target.topics.set(key, name);
      markDirty(target);
    }
    if (urgentKeys.size > 0) {
      for (const channel of channels) {
        if (![...urgentKeys].some((key) => channel.topics.has(key) && !channel.subscribed.has(key))) continue;
        channel.urgent = true;
        // Assigned but not live (refused by an earlier PUT) and nothing in flight would settle the
        // waiting `ready`: ask again, so it resolves or rejects now, not at someone's timeout.
        if (!channel.putInFlight) markDirty(channel);
      }
    }
    for (const channel of channels) if (channel.dirty && channel.state === 'open') void put(channel);
    settleReadies();
  }

  function markDirty(channel: Channel): void {
    channel.dirty = true;
    // A renewal shares the topic map, so it must send the change too.
    for (const other of channels) if (other.replaces === channel || channel.replaces === other) other.dirty = true;
  }

  function settleReadies(): void {
    const confirmed = new Set<string>();
    for (const channel of channels) if (channel.state === 'open') for (const key of channel.subscribed) confirmed.add(key);
    for (const watch of watches) {
      const pending = watch.pendingReady;
      if (pending && [...pending.keys].every((key) => confirmed.has(key) || !watch.topics.has(key))) {
        watch.pendingReady = undefined;
        pending.resolve();
      }
    }
  }

  function allLive(topics: Map<string, string>): boolean {
    return [...topics.keys()].every((key) => channels.some((channel) => channel.state === 'open' && channel.subscribed.has(key)));
  }

  function rejectReadies(keys: Set<string>, error: AppError): void {
    for (const watch of watches) {
      const pending = watch.pendingReady;
      if (pending && [...pending.keys].some((key) => keys.has(key))) {
        watch.pendingReady = undefined;
        pending.reject(error);
      }
    }
  }

  // ------------------------------------------------------------------ channels

  function newChannel(topics: Map<string, string>): Channel {
    const channel: Channel = {
      seq: ++channelSeq,
      generation: 0,
      state: 'opening',
      topics,
      subscribed: new Set(),
      dirty: true,
      urgent: false,
      putInFlight: false,
      attempt: 0,
      timers: {},
    };
    channels.push(channel);
    return channel;
  }

  function clearTimers(channel: Channel): void {
    for (const handle of Object.values(channel.timers)) if (handle !== undefined) clock.clearTimeout(handle);
    channel.timers = {};
  }

  function dropSocket(channel: Channel): void {
    channel.generation++;
    const socket = channel.socket;
    channel.socket = undefined;
    channel.subscribed.clear();
    if (socket) {
      try {
        socket.close();
      } catch (error) {
        log.debug('socket close threw', { channel: channel.seq, error: describeError(error) });
      }
    }
  }

  /** POST a new Genesys channel for `channel` and open it. */
  async function establish(channel: Channel): Promise<void> {
    try {
      const created = await session.request(
        { label: 'notifications.createChannel', priority: 'normal', idempotent: false },
        (api) => api.notifications.postNotificationsChannels(),
      );
      if (channel.state === 'closed') return;
      if (!created.id || !created.connectUri) throw new Error('Genesys returned a channel without an id or connectUri.');
      channel.id = created.id;
      channel.connectUri = created.connectUri;
      const expires = created.expires ? Date.parse(created.expires) : Number.NaN;
      channel.expiresAt = Number.isNaN(expires) ? undefined : expires;
      channel.dirty = true;
      log.info('notification channel created', { channel: channel.seq, expiresAt: created.expires });
      connect(channel);
    } catch (error) {
      if (channel.state === 'closed') return;
      log.warn('could not create a notification channel', { channel: channel.seq, error: describeError(error) });
      if (channel.replaces) {
        abandonRenewal(channel);
        return;
      }
      lost(channel, 'channel creation failed');
    }
  }

  function connect(channel: Channel): void {
    dropSocket(channel);
    const generation = channel.generation;
    const uri = channel.connectUri;
    if (uri === undefined) return;
    let socket: WebSocketLike;
    try {
      socket = deps.createSocket(uri);
    } catch (error) {
      log.warn('could not open the notification socket', { channel: channel.seq, error: describeError(error) });
      lost(channel, 'socket could not be opened');
      return;
    }
    channel.socket = socket;
    const current = (): boolean => channel.generation === generation && channel.state !== 'closed';
    socket.addEventListener('open', () => {
      if (!current()) return;
      armWatchdog(channel);
      channel.dirty = true;
      void put(channel);
    });
    socket.addEventListener('message', (event) => {
      if (current()) onFrame(channel, event.data);
    });
    const onDrop = (): void => {
      if (!current()) return;
      if (channel.replaces) abandonRenewal(channel);
      else lost(channel, 'socket closed');
    };
    socket.addEventListener('close', onDrop);
    socket.addEventListener('error', onDrop);
  }

  async function put(channel: Channel): Promise<void> {
    if (channel.putInFlight || channel.id === undefined) return;
    const channelId = channel.id;
    const generation = channel.generation;
    channel.putInFlight = true;
    channel.dirty = false;
    const priority = channel.urgent ? 'urgent' : 'normal';
    channel.urgent = false;
    const sent = new Map(channel.topics);
    try {
      const result = await session.request(
        { label: 'notifications.subscribe', priority, idempotent: true },
        (api) =>
          api.notifications.putNotificationsChannelSubscriptions(
            channelId,
            [...sent.values()].map((id) => ({ id })),
            { ignoreErrors: true },
          ),
      );
      channel.putInFlight = false;
      if (channel.generation !== generation || channel.state === 'closed') return;
      const rejected = new Set<string>();
      for (const entity of result.entities ?? []) {
        if (entity.id && entity.state && entity.state.toLowerCase() === 'rejected') {
          rejected.add(entity.id.toLowerCase());
          log.warn('Genesys rejected a notification topic', {
            topic: entity.id,
            reason: entity.rejectionReason,
            missingPermissions: entity.missingPermissions,
          });
        }
      }
      channel.subscribed = new Set([...sent.keys()].filter((key) => !rejected.has(key)));
      channel.attempt = 0;
      const wasOpen = channel.state === 'open';
      channel.state = 'open';
      if (!wasOpen) log.info('notification channel subscribed', { channel: channel.seq, topics: channel.subscribed.size });
      if (channel.replaces) takeOver(channel);
      scheduleRenewal(channel);
      if (rejected.size > 0) {
        rejectReadies(
          rejected,
          new AppError('notifications.topicRejected', 'Genesys refused live updates for some topics; they will be polled instead.'),
        );
      }
      settleReadies();
      emitStatus();
      if (channel.dirty) void put(channel);
    } catch (error) {
      channel.putInFlight = false;
      if (channel.generation !== generation || channel.state === 'closed') return;
      log.warn('subscribing to notification topics failed', { channel: channel.seq, error: describeError(error) });
      if (statusOf(error) === 404) channel.id = undefined;
      if (channel.replaces) abandonRenewal(channel);
      else lost(channel, 'subscription failed');
    }
  }

  function onFrame(channel: Channel, data: unknown): void {
    armWatchdog(channel);
    const raw = frameText(data);
    let envelope: unknown;
    try {
      envelope = raw === undefined ? undefined : JSON.parse(raw);
    } catch {
      envelope = undefined;
    }
    if (!isRecord(envelope) || typeof envelope.topicName !== 'string') {
      log.debug('ignored a frame that is not a notification envelope', { channel: channel.seq });
      return;
    }
    const topic = envelope.topicName.toLowerCase();
    if (topic === 'channel.metadata') return; // heartbeat or pong: liveness only
    if (topic === 'v2.system.socket_closing') {
      log.info('Genesys announced the socket will close; reconnecting now', { channel: channel.seq });
      if (channel.replaces) abandonRenewal(channel);
      else lost(channel, 'socket closing', 0);
      return;
    }
    if (topic.startsWith(`${SYSTEM_TOPIC_PREFIX}no_longer_subscribed`)) {
      log.warn('Genesys dropped our subscriptions; subscribing again', { channel: channel.seq });
      // Events were lost until the PUT lands: report it as a gap, so consumers re-read over REST.
      if (channel.state === 'open') {
        channel.state = 'opening';
        channel.subscribed.clear();
        emitStatus();
      }
      channel.dirty = true;
      void put(channel);
      return;
    }
    if (topic.startsWith(SYSTEM_TOPIC_PREFIX)) {
      log.info('system notification', { topic: envelope.topicName });
      return;
    }
    // During a renewal both channels carry the same topics: the old one delivers until the new takes over.
    if (channel.replaces) return;
    for (const watch of watches) {
      if (watch.released || !watch.topics.has(topic)) continue;
      try {
        watch.listener(envelope.topicName, envelope.eventBody);
      } catch (error) {
        log.error('notification listener failed', { owner: watch.owner, topic: envelope.topicName, error: describeError(error) });
      }
    }
  }

  function armWatchdog(channel: Channel): void {
    if (channel.timers.watchdog !== undefined) clock.clearTimeout(channel.timers.watchdog);
    if (channel.timers.ping !== undefined) clock.clearTimeout(channel.timers.ping);
    channel.timers.ping = undefined;
    channel.timers.watchdog = clock.setTimeout(() => {
      channel.timers.watchdog = undefined;
      log.info('no heartbeat from Genesys; sending a ping', { channel: channel.seq });
      try {
        channel.socket?.send(JSON.stringify({ message: 'ping' }));
      } catch (error) {
        log.debug('ping could not be sent', { channel: channel.seq, error: describeError(error) });
      }
      channel.timers.ping = clock.setTimeout(() => {
        channel.timers.ping = undefined;
        if (channel.replaces) abandonRenewal(channel);
        else lost(channel, 'no answer to ping');
      }, limits.pingTimeoutMs);
    }, 2 * limits.heartbeatMs);
  }

  /** The socket is gone: report the gap and come back after the next backoff delay. */
  function lost(channel: Channel, reason: string, delayMs?: number): void {
    if (channel.state === 'closed') return;
    clearTimers(channel);
    dropSocket(channel);
    channel.putInFlight = false;
    channel.state = 'down';
    const delay = delayMs ?? limits.backoffMs[Math.min(channel.attempt, limits.backoffMs.length - 1)] ?? 30_000;
    channel.attempt++;
    log.warn('notification socket lost', { channel: channel.seq, reason, retryInMs: delay });
    emitStatus();
    channel.timers.reconnect = clock.setTimeout(() => {
      channel.timers.reconnect = undefined;
      void reconnect(channel);
    }, delay);
  }

  /** Reopen the same channel if Genesys still has it (HEAD 200), else create a new one. */
  async function reconnect(channel: Channel): Promise<void> {
    if (channel.state === 'closed') return;
    const channelId = channel.id;
    if (channelId === undefined) {
      await establish(channel);
      return;
    }
    try {
      await session.request({ label: 'notifications.checkChannel', priority: 'normal', idempotent: true }, (api) =>
        api.notifications.headNotificationsChannel(channelId),
      );
      if (isClosed(channel)) return;
      connect(channel);
    } catch (error) {
      if (isClosed(channel)) return;
      if (statusOf(error) === 404) {
        log.info('notification channel is gone; creating a new one', { channel: channel.seq });
        channel.id = undefined;
        await establish(channel);
        return;
      }
      lost(channel, `channel check failed: ${describeError(error)}`);
    }
  }

  // ------------------------------------------------------------------ renewal

  function scheduleRenewal(channel: Channel): void {
    if (channel.timers.renew !== undefined || channel.expiresAt === undefined || channel.replaces) return;
    if (channels.some((other) => other.replaces === channel)) return;
    const remaining = channel.expiresAt - clock.now();
    // A server with channels shorter-lived than our margin would otherwise be renewed in a tight loop.
    const delay = remaining > 2 * limits.renewBeforeMs ? remaining - limits.renewBeforeMs : Math.max(1_000, remaining / 2);
    channel.timers.renew = clock.setTimeout(() => {
      channel.timers.renew = undefined;
      if (channel.state === 'closed') return;
      log.info('renewing the notification channel before it expires', { channel: channel.seq });
      const next = newChannel(channel.topics);
      next.replaces = channel;
      void establish(next);
    }, delay);
  }

  function takeOver(next: Channel): void {
    const old = next.replaces;
    next.replaces = undefined;
    if (!old) return;
    closeChannel(old);
    log.info('renewed notification channel took over', { from: old.seq, to: next.seq });
  }

  function abandonRenewal(next: Channel): void {
    const old = next.replaces;
    closeChannel(next);
    if (!old || old.state === 'closed') return;
    log.warn('channel renewal failed; trying again shortly', { channel: old.seq });
    old.timers.renew = clock.setTimeout(() => {
      old.timers.renew = undefined;
      scheduleRenewal(old);
    }, limits.backoffMs[limits.backoffMs.length - 1] ?? 30_000);
  }

  function closeChannel(channel: Channel): void {
    clearTimers(channel);
    dropSocket(channel);
    channel.state = 'closed';
    const index = channels.indexOf(channel);
    if (index >= 0) channels.splice(index, 1);
  }

  // ------------------------------------------------------------------ the API

  return {
    watch(owner, topics, listener, options = {}) {
      if (closed) throw new AppError('notifications.closed', 'Live updates are closed for this session.');
      const initial = normalise(topics);
      checkCapacity(initial);
      const record: Watch = { owner, topics: initial, listener, released: false };
      const ready = new Promise<void>((resolve, reject) => {
        record.pendingReady = { keys: new Set(initial.keys()), resolve, reject };
      });
      // A consumer that never awaits ready must not cause an unhandled rejection.
      ready.catch(() => undefined);
      watches.add(record);
      if (options.urgent && !allLive(initial)) flushNow(initial.keys());
      else scheduleFlush();
      // Topics another watch already has live need no request: ready resolves now.
      settleReadies();
      return {
        ready,
        update(next) {
          if (record.released || closed) return;
          const topicsNow = normalise(next);
          checkCapacity(topicsNow, record);
          record.topics = topicsNow;
          scheduleFlush();
        },
        release() {
          if (record.released) return;
          record.released = true;
          watches.delete(record);
          record.pendingReady?.reject(new AppError('notifications.released', 'The watch was released before it was ready.'));
          record.pendingReady = undefined;
          scheduleFlush();
        },
      };
    },
    status: computeStatus,
    onStatus(cb) {
      statusListeners.add(cb);
      return () => statusListeners.delete(cb);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (flushTimer !== undefined) clock.clearTimeout(flushTimer);
      flushTimer = undefined;
      for (const channel of [...channels]) closeChannel(channel);
      const error = new AppError('notifications.closed', 'Live updates are closed for this session.');
      for (const watch of watches) {
        watch.pendingReady?.reject(error);
        watch.pendingReady = undefined;
      }
      watches.clear();
      emitStatus();
    },
  };
}
