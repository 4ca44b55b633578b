import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type stream from 'node:stream';
import type { Models } from 'purecloud-platform-client-v2';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { EventBus, RouteDef, SimClock, SimRequest, SimTimer, TokenContext } from '../kernel';
import { SimHttpError } from '../kernel';
import { checkTopic, topicKey } from './topics';

/**
 * Genesys' notification service: channels over REST, events over one WebSocket per channel
 * (fact sheet §5). Every state change the REST API would show is published on `bus` by the other
 * modules; this module fans it out, in order, to each connected channel subscribed to the topic.
 */

export interface NotificationsConfig {
  heartbeatMs: number;
  channelTtlMs: number;
  maxChannels: number;
  maxTopicsPerChannel: number;
}

export interface NotificationsDeps {
  clock: SimClock;
  /** ws://127.0.0.1:PORT, known only once the server listens. */
  wsBaseUrl(): string;
  config: NotificationsConfig;
  userExists(userId: string): boolean;
}

export interface SimChannelSummary {
  id: string;
  clientId: string;
  userId?: string;
  topics: string[];
  connected: boolean;
  expires: string;
  lastUsed: string;
}

export interface NotificationControls {
  /** Cuts every socket without a close frame (a network drop). Returns how many were cut. */
  dropSockets(): number;
  /** Sends v2.system.socket_closing, then closes each socket (1001) after `noticeMs` (default 60 s). */
  closeSocketsWithNotice(noticeMs?: number): number;
  /** Ends the channel now, as its TTL would: the socket closes and HEAD answers 404. */
  expireChannel(channelId: string): void;
  listChannels(): SimChannelSummary[];
}

export interface NotificationsModule {
  /** The Genesys endpoints plus the `/__sim/notifications…` control endpoints (auth 'none'). */
  routes: RouteDef[];
  bus: EventBus;
  /** Takes upgrades for /channels/{id}; returns false for any other path so the server can refuse it. */
  handleUpgrade(req: http.IncomingMessage, socket: stream.Duplex, head: Buffer): boolean;
  controls: NotificationControls;
  close(): Promise<void>;
}

/** How long before a planned close v2.system.socket_closing arrives ("one minute", F 7423). */
export const SOCKET_CLOSING_NOTICE_MS = 60_000;
const CHANNEL_PATH = /^\/channels\/([^/?#]+)$/;

interface Channel {
  id: string;
  clientId: string;
  userId?: string;
  /** For includechannels=token; kept in memory only. */
  token: string;
  expiresAt: number;
  lastUsedAt: number;
  /** Lower-cased topic → canonical name, in subscription order. */
  topics: Map<string, string>;
  socket?: WebSocket;
  heartbeat?: SimTimer;
  expiry?: SimTimer;
  expiryNotice?: SimTimer;
}

export function createNotificationsModule(deps: NotificationsDeps): NotificationsModule {
  const { clock, config } = deps;
  const channels = new Map<string, Channel>();
  /** Lower-cased topic → channels subscribed to it, so a publish does not scan every channel. */
  const subscribers = new Map<string, Set<Channel>>();
  const closeTimers = new Set<SimTimer>();
  const wss = new WebSocketServer({ noServer: true });

  const iso = (ms: number): string => new Date(ms).toISOString();

  function channelView(channel: Channel): Models.Channel {
    return { connectUri: `${deps.wsBaseUrl()}/channels/${channel.id}`, id: channel.id, expires: iso(channel.expiresAt) };
  }

  function send(channel: Channel, message: unknown): void {
    const socket = channel.socket;
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function envelope(topicName: string, eventBody: unknown): string {
    return JSON.stringify({ topicName, version: '2', eventBody, metadata: { CorrelationId: randomUUID() } });
  }

  function socketClosingNotice(channel: Channel, message: string): string {
    const eventBody: Models.SystemMessageSystemMessage = {
      channelId: channel.id,
      systemTopicType: 'socket_closing',
      correlationId: randomUUID(),
      userId: channel.userId,
      oauthClientId: channel.clientId,
      reason: 'maintenance',
      message,
    };
    return envelope('v2.system.socket_closing', eventBody);
  }

  function stopHeartbeat(channel: Channel): void {
    if (channel.heartbeat) clock.clearTimeout(channel.heartbeat);
    channel.heartbeat = undefined;
  }

  function scheduleHeartbeat(channel: Channel, socket: WebSocket): void {
    channel.heartbeat = clock.setTimeout(() => {
      if (channel.socket !== socket) return;
      send(channel, { topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } });
      scheduleHeartbeat(channel, socket);
    }, config.heartbeatMs);
  }

  function scheduleExpiry(channel: Channel): void {
    if (channel.expiry) clock.clearTimeout(channel.expiry);
    if (channel.expiryNotice) clock.clearTimeout(channel.expiryNotice);
    channel.expiryNotice = undefined;
    const remaining = channel.expiresAt - clock.now();
    channel.expiry = clock.setTimeout(() => removeChannel(channel, 'channel expired'), remaining);
    // The same notice as a planned close, a minute ahead, so a client can resubscribe to extend
    // (UNCONFIRMED that Genesys sends it before expiry; clients must cope either way).
    if (remaining > SOCKET_CLOSING_NOTICE_MS) {
      channel.expiryNotice = clock.setTimeout(() => {
        const socket = channel.socket;
        if (socket?.readyState === WebSocket.OPEN) socket.send(socketClosingNotice(channel, 'The channel expires in one minute.'));
      }, remaining - SOCKET_CLOSING_NOTICE_MS);
    }
  }

  function detachSocket(channel: Channel, socket: WebSocket): void {
    if (channel.socket !== socket) return;
    stopHeartbeat(channel);
    channel.socket = undefined;
    channel.lastUsedAt = clock.now();
  }

  function removeChannel(channel: Channel, reason: string): void {
    if (channels.get(channel.id) !== channel) return;
    channels.delete(channel.id);
    for (const key of channel.topics.keys()) unsubscribe(channel, key);
    channel.topics.clear();
    stopHeartbeat(channel);
    if (channel.expiry) clock.clearTimeout(channel.expiry);
    if (channel.expiryNotice) clock.clearTimeout(channel.expiryNotice);
    const socket = channel.socket;
    channel.socket = undefined;
    socket?.close(1000, reason);
  }

  function unsubscribe(channel: Channel, key: string): void {
    const set = subscribers.get(key);
    set?.delete(channel);
    if (set?.size === 0) subscribers.delete(key);
  }

  function setTopics(channel: Channel, topics: Map<string, string>): void {
    for (const key of channel.topics.keys()) if (!topics.has(key)) unsubscribe(channel, key);
    for (const key of topics.keys()) {
      const set = subscribers.get(key) ?? new Set<Channel>();
      set.add(channel);
      subscribers.set(key, set);
    }
    channel.topics = topics;
  }

  function ownerOf(auth: TokenContext): { clientId: string; userId?: string } {
    return { clientId: auth.clientId, userId: auth.userId };
  }

  function requireAuth(req: SimRequest): TokenContext {
    if (!req.auth) throw new SimHttpError(401, 'authentication.required', 'No authentication bearer token specified in authorization header.');
    return req.auth;
  }

  function ownChannel(req: SimRequest): Channel {
    const auth = requireAuth(req);
    const id = req.params.channelId ?? '';
    const channel = channels.get(id);
    if (!channel || channel.clientId !== auth.clientId || channel.userId !== auth.userId) {
      throw new SimHttpError(404, 'not.found', 'The channel {channelId} was not found.', { messageParams: { channelId: id }, entityId: id });
    }
    channel.lastUsedAt = clock.now();
    return channel;
  }

  function evictIfFull(owner: { clientId: string; userId?: string }): void {
    const owned = [...channels.values()].filter((c) => c.clientId === owner.clientId && c.userId === owner.userId);
    if (owned.length < config.maxChannels) return;
    // "the one with the oldest last-used date; channels without an active connection go first" (DOCS).
    const byAge = (a: Channel, b: Channel): number => a.lastUsedAt - b.lastUsedAt;
    const idle = owned.filter((c) => !c.socket).sort(byAge);
    const victim = idle[0] ?? owned.sort(byAge)[0];
    if (victim) removeChannel(victim, 'channel limit reached');
  }

  function topicsListing(channel: Channel, rejected: Models.ChannelTopic[] = []): Models.ChannelTopicEntityListing {
    return {
      entities: [...[...channel.topics.values()].map((id): Models.ChannelTopic => ({ id, state: 'Permitted' })), ...rejected],
    };
  }

  function changeSubscriptions(req: SimRequest, mode: 'replace' | 'add'): Models.ChannelTopicEntityListing {
    const channel = ownChannel(req);
    const body = req.body;
    if (!Array.isArray(body) || !body.every((item) => typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string')) {
      throw new SimHttpError(400, 'bad.request', 'The body must be an array of ChannelTopic objects, e.g. [{"id":"v2.users.{id}.presence"}].');
    }
    const ignoreErrors = req.query.get('ignoreErrors') === 'true';
    const next = new Map(mode === 'add' ? channel.topics : []);
    const rejected: Models.ChannelTopic[] = [];
    for (const { id } of body as Array<{ id: string }>) {
      const check = checkTopic(id, deps.userExists);
      if (check.ok) next.set(topicKey(check.topicName), check.topicName);
      else if (ignoreErrors) rejected.push({ id, state: 'Rejected', rejectionReason: check.reason });
      else {
        throw new SimHttpError(400, 'notification.invalid.topic', 'The topic {topic} is invalid: {reason}', {
          messageParams: { topic: id, reason: check.reason },
        });
      }
    }
    if (next.size > config.maxTopicsPerChannel) {
      throw new SimHttpError(400, 'notification.subscription.too.many.subscriptions', 'A channel can have at most {limit} topic subscriptions; this request would make {count}.', {
        messageParams: { limit: String(config.maxTopicsPerChannel), count: String(next.size) },
      });
    }
    setTopics(channel, next);
    // "resubscribe to topics" extends a channel's life (fact sheet §5).
    channel.expiresAt = clock.now() + config.channelTtlMs;
    scheduleExpiry(channel);
    return topicsListing(channel, rejected);
  }

  const bus: EventBus = {
    publish(topicName, eventBody) {
      const set = subscribers.get(topicKey(topicName));
      if (!set || set.size === 0) return;
      const message = envelope(topicName, eventBody);
      for (const channel of set) {
        const socket = channel.socket;
        if (socket?.readyState === WebSocket.OPEN) socket.send(message);
      }
    },
  };

  function attachSocket(channel: Channel, socket: WebSocket): void {
    const previous = channel.socket;
    if (previous) {
      // One connection per channel: the newest wins, so a client reconnecting over a half-open
      // socket is not locked out (UNCONFIRMED which one Genesys keeps).
      detachSocket(channel, previous);
      previous.close(1000, 'replaced by a newer connection');
    }
    channel.socket = socket;
    channel.lastUsedAt = clock.now();
    scheduleHeartbeat(channel, socket);
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return;
      if (isPing(data.toString())) send(channel, { topicName: 'channel.metadata', eventBody: { message: 'pong' } });
    });
    socket.on('close', () => detachSocket(channel, socket));
    socket.on('error', () => detachSocket(channel, socket));
  }

  function handleUpgrade(req: http.IncomingMessage, socket: stream.Duplex, head: Buffer): boolean {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const match = CHANNEL_PATH.exec(path);
    if (!match) return false;
    const channel = channels.get(decodeURIComponent(match[1] ?? ''));
    if (!channel) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return true;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (channels.get(channel.id) !== channel) ws.close(1000, 'channel expired');
      else attachSocket(channel, ws);
    });
    return true;
  }

  function summary(channel: Channel): SimChannelSummary {
    return {
      id: channel.id,
      clientId: channel.clientId,
      ...(channel.userId ? { userId: channel.userId } : {}),
      topics: [...channel.topics.values()],
      connected: channel.socket?.readyState === WebSocket.OPEN,
      expires: iso(channel.expiresAt),
      lastUsed: iso(channel.lastUsedAt),
    };
  }

  const connectedChannels = (): Channel[] => [...channels.values()].filter((c) => c.socket?.readyState === WebSocket.OPEN);

  const controls: NotificationControls = {
    dropSockets() {
      const open = connectedChannels();
      for (const channel of open) {
        const socket = channel.socket;
        if (!socket) continue;
        detachSocket(channel, socket);
        socket.terminate();
      }
      return open.length;
    },
    closeSocketsWithNotice(noticeMs = SOCKET_CLOSING_NOTICE_MS) {
      if (!(noticeMs >= 0) || !Number.isFinite(noticeMs)) {
        throw new SimHttpError(400, 'bad.request', 'noticeMs must be a non-negative number of milliseconds.');
      }
      const open = connectedChannels();
      for (const channel of open) {
        const socket = channel.socket;
        if (!socket) continue;
        socket.send(socketClosingNotice(channel, `The socket closes in ${Math.round(noticeMs / 1000)} seconds.`));
        const timer = clock.setTimeout(() => {
          closeTimers.delete(timer);
          if (channel.socket !== socket) return;
          detachSocket(channel, socket);
          socket.close(1001, 'going away');
        }, noticeMs);
        closeTimers.add(timer);
      }
      return open.length;
    },
    expireChannel(channelId) {
      const channel = channels.get(channelId);
      if (!channel) throw new SimHttpError(404, 'not.found', 'The channel {channelId} was not found.', { messageParams: { channelId } });
      removeChannel(channel, 'channel expired');
    },
    listChannels() {
      return [...channels.values()].map(summary);
    },
  };

  const routes: RouteDef[] = [
    {
      method: 'POST',
      pattern: '/api/v2/notifications/channels',
      auth: 'token',
      handler: (req) => {
        const auth = requireAuth(req);
        const owner = ownerOf(auth);
        evictIfFull(owner);
        const now = clock.now();
        const channel: Channel = {
          id: `streaming-0-${randomUUID().replace(/-/g, '')}`,
          ...owner,
          token: auth.token,
          expiresAt: now + config.channelTtlMs,
          lastUsedAt: now,
          topics: new Map(),
        };
        channels.set(channel.id, channel);
        scheduleExpiry(channel);
        return { status: 200, body: channelView(channel) };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/notifications/channels',
      auth: 'token',
      handler: (req) => {
        const auth = requireAuth(req);
        const scope = req.query.get('includechannels') ?? 'token';
        if (scope !== 'token' && scope !== 'oauthclient') {
          throw new SimHttpError(400, 'bad.request', "includechannels must be 'token' or 'oauthclient'.");
        }
        const visible = [...channels.values()].filter((c) =>
          scope === 'token' ? c.token === auth.token : c.clientId === auth.clientId,
        );
        const listing: Models.ChannelEntityListing = { entities: visible.map(channelView) };
        return { status: 200, body: listing };
      },
    },
    {
      method: 'HEAD',
      pattern: '/api/v2/notifications/channels/:channelId',
      auth: 'token',
      handler: (req) => ({ status: channels.has(req.params.channelId ?? '') ? 200 : 404 }),
    },
    {
      method: 'GET',
      pattern: '/api/v2/notifications/channels/:channelId/subscriptions',
      auth: 'token',
      handler: (req) => ({ status: 200, body: topicsListing(ownChannel(req)) }),
    },
    {
      method: 'PUT',
      pattern: '/api/v2/notifications/channels/:channelId/subscriptions',
      auth: 'token',
      handler: (req) => ({ status: 200, body: changeSubscriptions(req, 'replace') }),
    },
    {
      method: 'POST',
      pattern: '/api/v2/notifications/channels/:channelId/subscriptions',
      auth: 'token',
      handler: (req) => ({ status: 200, body: changeSubscriptions(req, 'add') }),
    },
    {
      method: 'DELETE',
      pattern: '/api/v2/notifications/channels/:channelId/subscriptions',
      auth: 'token',
      handler: (req) => {
        setTopics(ownChannel(req), new Map());
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: '/__sim/notifications/channels',
      auth: 'none',
      handler: () => ({ status: 200, body: controls.listChannels() }),
    },
    {
      method: 'POST',
      pattern: '/__sim/notifications/drop-sockets',
      auth: 'none',
      handler: () => ({ status: 200, body: { dropped: controls.dropSockets() } }),
    },
    {
      method: 'POST',
      pattern: '/__sim/notifications/close-sockets',
      auth: 'none',
      handler: (req) => {
        const noticeMs = (req.body as { noticeMs?: unknown } | undefined)?.noticeMs;
        if (noticeMs !== undefined && typeof noticeMs !== 'number') {
          throw new SimHttpError(400, 'bad.request', 'noticeMs must be a number of milliseconds.');
        }
        return { status: 200, body: { notified: controls.closeSocketsWithNotice(noticeMs) } };
      },
    },
    {
      method: 'POST',
      pattern: '/__sim/notifications/channels/:channelId/expire',
      auth: 'none',
      handler: (req) => {
        controls.expireChannel(req.params.channelId ?? '');
        return { status: 204 };
      },
    },
  ];

  return {
    routes,
    bus,
    handleUpgrade,
    controls,
    async close() {
      for (const timer of closeTimers) clock.clearTimeout(timer);
      closeTimers.clear();
      for (const channel of [...channels.values()]) {
        const socket = channel.socket;
        removeChannel(channel, 'simulator stopping');
        socket?.terminate();
      }
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function isPing(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && (parsed as { message?: unknown }).message === 'ping';
  } catch {
    return false;
  }
}
