/**
 * The agent directory: the org's whole user list (10,000 agents is normal for the supervisors
 * we build for), its queues and groups, and live presence for the agents that matter.
 *
 * - The list from the last session is shown at once (cache), then reloaded in the background
 *   with the largest page size Genesys takes, at `background` priority so a dial never waits.
 * - Presence is kept live only for favourites, the selected queue or group and what is on
 *   screen (`watch`), by push; see live-presence.ts for the polling fallback.
 * - Row changes go to the renderer as batched `pushPresence` updates, never as a whole list.
 *
 * Call `start()` whenever the session changes (sign-in, switching org, sign-out): it shows that
 * connection's cache, or empties the directory when signed out.
 */
import type { Models } from 'purecloud-platform-client-v2';
import type { Logger } from '../logging/logger';
import type { Agent, DirectorySnapshot, GroupSummary, PresenceUpdate, QueueSummary, Settings } from '../../shared/domain';
import { AppError } from '../../shared/result';
import type { Clock } from '../clock';
import type { GenesysSession } from '../genesys/session';
import type { NotificationHub } from '../notifications/hub';
import type { SettingsStore } from '../settings/store';
import type { StateHub } from '../state/hub';
import { createBatcher } from './batcher';
import { createDirectoryCache } from './cache';
import { createLivePresence, type LivePresenceMode } from './live-presence';
import { agentFromUser, changeFromMember, groupSummary, labelsFromDefinitions, queueSummary } from './map';
import type { PresenceChange, PresenceLabels } from './presence';

/**
 * 500 is the maximum most third-party write-ups quote for GET /api/v2/users (UNCONFIRMED: the
 * SDK documents none; the simulator enforces 500). If Genesys refuses it with a 400, the load
 * restarts with USERS_SAFE_PAGE_SIZE.
 */
export const USERS_PAGE_SIZE = 500;
export const USERS_SAFE_PAGE_SIZE = 100;
/** A few pages in flight at once; the budget still orders them behind urgent work. */
export const USERS_PAGE_CONCURRENCY = 3;
/** "Max value is 100" (SDK doc of getRoutingQueueMembers). */
export const QUEUE_MEMBERS_PAGE_SIZE = 100;
/** UNCONFIRMED maxima for queues, groups and group members: 100 is accepted everywhere we know of. */
export const QUEUES_PAGE_SIZE = 100;
export const GROUPS_PAGE_SIZE = 100;
export const GROUP_MEMBERS_PAGE_SIZE = 100;
/** Guards against a listing that never ends (a server bug must not loop us forever). */
const MAX_PAGES = 1_000;

/**
 * Two topics per agent: 2,500 agents take 5 of the 20 channels, leaving the rest to calls.
 * Beyond it, the least important agents (the tail of the selected queue) keep load-time presence.
 */
export const MAX_LIVE_AGENTS = 2_500;
/** More rows than any screen shows: a renderer sending more is asking for the whole org. */
export const MAX_SCREEN_IDS = 500;
/** Scrolling sends many `watch` calls; the topic set follows at most this often. */
export const WATCH_SETTLE_MS = 250;

const PRESENCE_EXPANDS = ['presence', 'routingStatus'];
const USER_EXPANDS = ['presence', 'routingStatus', 'station'];

export interface Directory {
  /** Shows the current connection's cache at once and reloads in the background. */
  start(): Promise<void>;
  /** Reloads everything; resolves when the fresh list is shown (an in-flight reload is shared). */
  refresh(): Promise<void>;
  /** The agents on screen now, so they get live presence (with favourites and the selected queue). */
  watch(ids: string[]): void;
  /** Member ids of the queue, with their presence refreshed; the queue becomes the selected one. */
  queueMembers(queueId: string): Promise<string[]>;
  groupMembers(groupId: string): Promise<string[]>;
  toggleFavorite(agentId: string): Promise<Settings>;
  find(agentId: string): Agent | undefined;
  /** How presence is followed right now (for the bench and diagnostics). */
  presenceMode(): LivePresenceMode;
  /** Releases topics and timers (sign-out of the app, tests). */
  stop(): void;
}

export interface DirectoryDeps {
  session(): GenesysSession | null;
  notifications(): NotificationHub | null;
  settings: SettingsStore;
  hub: StateHub;
  cacheFile: string;
  clock: Clock;
  log: Logger;
}

/** Thrown inside a load that a newer session made pointless. */
class Superseded extends Error {}

export function createDirectory(deps: DirectoryDeps): Directory {
  const log = deps.log.child('directory');
  const cache = createDirectoryCache(deps.cacheFile);
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

  let connectionId: string | null = null;
  /** Bumped on every session change; loads check it so a late answer cannot fill the wrong org. */
  let generation = 0;
  let agentsById = new Map<string, Agent>();
  let orderedIds: string[] = [];
  let queues: QueueSummary[] = [];
  let groups: GroupSummary[] = [];
  let labels: PresenceLabels = new Map();
  let status: DirectorySnapshot['status'] = 'empty';
  let loadedAt: number | undefined;
  let fromCache = false;
  let error: string | undefined;
  let refreshing: Promise<void> | null = null;
  /** Live changes that arrive while a load runs win over the (older) loaded state. */
  let changesDuringLoad: Map<string, PresenceChange> | null = null;

  let screenIds: string[] = [];
  let selectedIds: string[] = [];
  let watchTimer: unknown = null;
  let stopSettings: (() => void) | null = null;
  let lastWatchKey = '';
  let lastWatchHub: NotificationHub | null = null;

  const batcher = createBatcher<PresenceUpdate>({ clock: deps.clock, send: (updates) => deps.hub.pushPresence(updates) });

  const live = createLivePresence({
    notifications: deps.notifications,
    session: deps.session,
    clock: deps.clock,
    log,
    labels: () => labels,
    onChange: (change) => applyChange(change),
  });

  function snapshot(): DirectorySnapshot {
    const agents: Agent[] = [];
    for (const id of orderedIds) {
      const agent = agentsById.get(id);
      if (agent) agents.push(agent);
    }
    const result: DirectorySnapshot = { status, agents, queues, groups, fromCache };
    if (loadedAt !== undefined) result.loadedAt = loadedAt;
    if (error !== undefined) result.error = error;
    return result;
  }

  function publish(): void {
    // The whole list carries the latest presence, so pending row updates are sent first, in order.
    batcher.flush();
    deps.hub.setDirectory(snapshot());
  }

  function setAgents(agents: Agent[]): void {
    agentsById = new Map(agents.map((agent) => [agent.id, agent]));
    orderedIds = [...agentsById.values()].sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((a) => a.id);
  }

  function applyChange(change: PresenceChange): void {
    if (changesDuringLoad) changesDuringLoad.set(change.id, { ...changesDuringLoad.get(change.id), ...change });
    const agent = agentsById.get(change.id);
    if (!agent) return;
    const next: Agent = {
      ...agent,
      presence: change.presence ?? agent.presence,
      presenceLabel: change.presenceLabel ?? agent.presenceLabel,
      routingStatus: change.routingStatus ?? agent.routingStatus,
    };
    if (next.presence === agent.presence && next.presenceLabel === agent.presenceLabel && next.routingStatus === agent.routingStatus) return;
    agentsById.set(agent.id, next);
    batcher.add({ id: next.id, presence: next.presence, presenceLabel: next.presenceLabel, routingStatus: next.routingStatus });
  }

  // ---------------------------------------------------------------- which agents are live

  function favourites(): string[] {
    return deps.settings.get().favoriteAgentIds;
  }

  function watchedIds(): string[] {
    // Only agents of this org: favourites are kept across orgs, and a topic for a user the org
    // does not have is refused. Before the first load nothing is known, so nothing is watched.
    const ordered = new Set<string>();
    for (const list of [favourites(), screenIds, selectedIds]) {
      for (const id of list) {
        if (ordered.size >= MAX_LIVE_AGENTS) break;
        if (agentsById.has(id)) ordered.add(id);
      }
    }
    return [...ordered];
  }

  function applyWatch(): void {
    if (watchTimer !== null) deps.clock.clearTimeout(watchTimer);
    watchTimer = null;
    if (!deps.session()) return;
    const ids = watchedIds();
    const key = ids.join(',');
    // A new session brings a new hub: the same ids must then be subscribed there.
    const hubNow = deps.notifications();
    if (key === lastWatchKey && hubNow === lastWatchHub) return;
    lastWatchKey = key;
    lastWatchHub = hubNow;
    live.setWatched(ids);
  }

  function scheduleWatch(): void {
    // Throttle, not debounce: a long scroll still updates every WATCH_SETTLE_MS.
    if (watchTimer === null) watchTimer = deps.clock.setTimeout(applyWatch, WATCH_SETTLE_MS);
  }

  // ---------------------------------------------------------------- loading

  function requireSession(): GenesysSession {
    const session = deps.session();
    if (!session) throw new AppError('auth.signedOut', 'Sign in to a Genesys Cloud org to see its agents.');
    return session;
  }

  function guard(expected: number): void {
    if (expected !== generation) throw new Superseded('the session changed');
  }

  async function loadUsers(session: GenesysSession, gen: number): Promise<Models.User[]> {
    const page = (pageNumber: number, pageSize: number): Promise<Models.UserEntityListing> => {
      guard(gen);
      return session.request({ label: 'users.list', priority: 'background', idempotent: true }, (api) =>
        api.users.getUsers({ pageSize, pageNumber, expand: USER_EXPANDS, state: 'active' }),
      );
    };
    let pageSize = USERS_PAGE_SIZE;
    let first: Models.UserEntityListing;
    try {
      first = await page(1, pageSize);
    } catch (failure) {
      if (statusOf(failure) !== 400) throw failure;
      log.warn('the org refused the large page size; loading users in smaller pages', { pageSize, fallback: USERS_SAFE_PAGE_SIZE });
      pageSize = USERS_SAFE_PAGE_SIZE;
      first = await page(1, pageSize);
    }
    const pages: Models.User[][] = [first.entities ?? []];
    const pageCount = first.pageCount ?? (first.total !== undefined ? Math.ceil(first.total / (first.pageSize ?? pageSize)) : undefined);
    if (pageCount !== undefined) {
      const numbers = Array.from({ length: Math.min(pageCount, MAX_PAGES) - 1 }, (_, i) => i + 2);
      const rest = await mapLimited(numbers, USERS_PAGE_CONCURRENCY, (n) => page(n, pageSize));
      for (const listing of rest) pages.push(listing.entities ?? []);
    } else {
      // No count: follow the listing until it says there is no next page.
      let listing = first;
      for (let n = 2; listing.nextUri && (listing.entities?.length ?? 0) > 0 && n <= MAX_PAGES; n++) {
        listing = await page(n, pageSize);
        pages.push(listing.entities ?? []);
      }
    }
    return pages.flat();
  }

  async function loadQueues(session: GenesysSession, gen: number): Promise<QueueSummary[]> {
    const all: QueueSummary[] = [];
    for (let n = 1, pageCount = 1; n <= pageCount && n <= MAX_PAGES; n++) {
      guard(gen);
      const listing = await session.request({ label: 'queues.list', priority: 'background', idempotent: true }, (api) =>
        api.routing.getRoutingQueues({ pageSize: QUEUES_PAGE_SIZE, pageNumber: n }),
      );
      for (const queue of listing.entities ?? []) {
        const item = queueSummary(queue);
        if (item) all.push(item);
      }
      pageCount = listing.pageCount ?? (listing.nextUri ? n + 1 : n);
    }
    return all.sort((a, b) => collator.compare(a.name, b.name));
  }

  async function loadGroups(session: GenesysSession, gen: number): Promise<GroupSummary[]> {
    const all: GroupSummary[] = [];
    for (let n = 1, pageCount = 1; n <= pageCount && n <= MAX_PAGES; n++) {
      guard(gen);
      const listing = await session.request({ label: 'groups.list', priority: 'background', idempotent: true }, (api) =>
        api.groups.getGroups({ pageSize: GROUPS_PAGE_SIZE, pageNumber: n }),
      );
      for (const group of listing.entities ?? []) {
        const item = groupSummary(group);
        if (item) all.push(item);
      }
      pageCount = listing.pageCount ?? (listing.nextUri ? n + 1 : n);
    }
    return all.sort((a, b) => collator.compare(a.name, b.name));
  }

  async function loadLabels(session: GenesysSession): Promise<PresenceLabels> {
    const listing = await session.request({ label: 'presence.definitions', priority: 'background', idempotent: true }, (api) =>
      api.presence.getPresenceDefinitions0({}),
    );
    return labelsFromDefinitions(listing.entities ?? []);
  }

  /** Secondary lists fail softly: a missing permission for queues must not hide the agents. */
  async function optional<T>(what: string, fallback: T, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (failure) {
      if (failure instanceof Superseded) throw failure;
      log.warn(`could not load ${what}`, { error: messageOf(failure) });
      return fallback;
    }
  }

  async function reload(): Promise<void> {
    const session = requireSession();
    const gen = generation;
    status = agentsById.size > 0 ? 'refreshing' : 'loading';
    error = undefined;
    publish();
    changesDuringLoad = new Map();
    const startedAt = deps.clock.now();
    let savedAt: number;
    try {
      const [nextLabels, users, nextQueues, nextGroups] = await Promise.all([
        optional('presence labels', labels, () => loadLabels(session)),
        loadUsers(session, gen),
        optional('queues', queues, () => loadQueues(session, gen)),
        optional('groups', groups, () => loadGroups(session, gen)),
      ]);
      guard(gen);
      labels = nextLabels;
      const agents: Agent[] = [];
      for (const user of users) {
        const agent = agentFromUser(user, labels);
        if (agent) agents.push(agent);
      }
      setAgents(agents);
      const late = changesDuringLoad;
      changesDuringLoad = null;
      for (const change of late.values()) applyChange(change);
      queues = nextQueues;
      groups = nextGroups;
      status = 'ready';
      fromCache = false;
      loadedAt = savedAt = deps.clock.now();
      publish();
      log.info('directory loaded', { agents: agentsById.size, queues: queues.length, groups: groups.length, ms: savedAt - startedAt });
      // Ids on screen or in favourites that were unknown before the load can be watched now.
      applyWatch();
    } catch (failure) {
      if (gen === generation) changesDuringLoad = null;
      if (failure instanceof Superseded || gen !== generation) return;
      status = 'error';
      error = `The agent list could not be loaded: ${messageOf(failure)}`;
      publish();
      log.warn('directory load failed', { error: messageOf(failure) });
      throw new AppError('agents.loadFailed', error);
    }
    const id = connectionId;
    if (id !== null) {
      await cache.write(id, { savedAt, agents: snapshot().agents, queues, groups }).catch((failure: unknown) => {
        log.warn('directory cache could not be saved', { error: messageOf(failure) });
      });
    }
  }

  // ---------------------------------------------------------------- members

  async function members(kind: 'queue' | 'group', id: string): Promise<string[]> {
    if (typeof id !== 'string' || id.trim() === '') throw new AppError('agents.invalidId', `Choose a ${kind} to see its members.`);
    const session = requireSession();
    const gen = generation;
    const collected: Array<{ id?: string; user?: Models.User; routingStatus?: Models.RoutingStatus }> = [];
    try {
      if (kind === 'queue') {
        for (let n = 1; n <= MAX_PAGES; n++) {
          guard(gen);
          const listing = await session.request({ label: 'queues.members', priority: 'normal', idempotent: true }, (api) =>
            api.routing.getRoutingQueueMembers(id, { pageSize: QUEUE_MEMBERS_PAGE_SIZE, pageNumber: n, expand: PRESENCE_EXPANDS }),
          );
          const entities = listing.entities ?? [];
          collected.push(...entities);
          // The queue member listing has no count (SDK model): a short page or no next link ends it.
          if (entities.length < QUEUE_MEMBERS_PAGE_SIZE || !listing.nextUri) break;
        }
      } else {
        for (let n = 1, pageCount = 1; n <= pageCount && n <= MAX_PAGES; n++) {
          guard(gen);
          const listing = await session.request({ label: 'groups.members', priority: 'normal', idempotent: true }, (api) =>
            api.groups.getGroupMembers(id, { pageSize: GROUP_MEMBERS_PAGE_SIZE, pageNumber: n, expand: PRESENCE_EXPANDS }),
          );
          collected.push(...(listing.entities ?? []).map((user) => ({ id: user.id, user })));
          pageCount = listing.pageCount ?? (listing.nextUri ? n + 1 : n);
        }
      }
    } catch (failure) {
      if (failure instanceof Superseded) throw new AppError('auth.sessionChanged', 'The org changed while the members were loading; choose the queue again.');
      if (statusOf(failure) === 404) throw new AppError(`agents.${kind}NotFound`, `That ${kind} no longer exists in Genesys Cloud. Refresh the directory to update the list.`);
      throw new AppError('agents.membersFailed', `The ${kind}'s members could not be loaded: ${messageOf(failure)}`);
    }
    if (gen !== generation) throw new AppError('auth.sessionChanged', 'The org changed while the members were loading; choose the queue again.');
    const ids: string[] = [];
    const seen = new Set<string>();
    let added = false;
    for (const member of collected) {
      const change = changeFromMember(member, labels);
      if (!change || seen.has(change.id)) continue;
      seen.add(change.id);
      ids.push(change.id);
      // Someone added to the org since the last load: show them rather than hide a member.
      if (!agentsById.has(change.id) && member.user) {
        const agent = agentFromUser(member.user, labels);
        if (agent) {
          setAgents([...agentsById.values(), agent]);
          added = true;
        }
      }
      applyChange(change);
    }
    if (added) publish();
    selectedIds = ids;
    applyWatch();
    return ids;
  }

  // ---------------------------------------------------------------- the API

  function reset(): void {
    generation++;
    refreshing = null;
    changesDuringLoad = null;
    batcher.cancel();
    setAgents([]);
    queues = [];
    groups = [];
    labels = new Map();
    selectedIds = [];
    screenIds = [];
    loadedAt = undefined;
    fromCache = false;
    error = undefined;
    status = 'empty';
    lastWatchKey = '';
  }

  const directory: Directory = {
    async start() {
      stopSettings ??= deps.settings.onChange(() => applyWatch());
      const session = deps.session();
      if (!session) {
        if (connectionId !== null) {
          connectionId = null;
          reset();
          live.setWatched([]);
          publish();
        }
        return;
      }
      if (session.connectionId !== connectionId) {
        reset();
        connectionId = session.connectionId;
        const gen = generation;
        const cached = await cache.read(session.connectionId).catch((failure: unknown) => {
          log.warn('directory cache could not be read', { error: messageOf(failure) });
          return { status: 'missing' } as const;
        });
        if (gen !== generation) return;
        if (cached.status === 'corrupt') log.warn('directory cache is corrupt; it will be rewritten after the load', { error: cached.error });
        if (cached.status === 'ok') {
          setAgents(cached.directory.agents);
          queues = cached.directory.queues;
          groups = cached.directory.groups;
          loadedAt = cached.directory.savedAt;
          fromCache = true;
        }
      }
      applyWatch();
      // Same connection again (a re-authenticated session): the loaded list is still good.
      if (status === 'ready' || refreshing) return;
      directory.refresh().catch((failure: unknown) => {
        // The snapshot already says what failed; the renderer shows it.
        if (!(failure instanceof AppError)) log.warn('directory refresh failed', { error: messageOf(failure) });
      });
    },

    refresh() {
      if (!refreshing) {
        const current = reload().finally(() => {
          if (refreshing === current) refreshing = null;
        });
        refreshing = current;
      }
      return refreshing;
    },

    watch(ids) {
      if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) throw new AppError('agents.invalidIds', 'The agents to watch must be a list of agent ids.');
      screenIds = ids.slice(0, MAX_SCREEN_IDS);
      // Ids not loaded yet are kept: applyWatch filters them, and picks them up after the load.
      scheduleWatch();
    },

    queueMembers: (queueId) => members('queue', queueId),
    groupMembers: (groupId) => members('group', groupId),

    async toggleFavorite(agentId) {
      if (typeof agentId !== 'string' || agentId.trim() === '') throw new AppError('agents.invalidId', 'Choose an agent to add to or remove from favourites.');
      const current = favourites();
      if (current.includes(agentId)) return deps.settings.update({ favoriteAgentIds: current.filter((id) => id !== agentId) });
      if (agentsById.size > 0 && !agentsById.has(agentId)) {
        throw new AppError('agents.unknown', 'That agent is not in the directory; refresh it and try again.');
      }
      const settings = await deps.settings.update({ favoriteAgentIds: [...current, agentId] });
      applyWatch();
      return settings;
    },

    find: (agentId) => agentsById.get(agentId),
    presenceMode: () => live.mode(),

    stop() {
      generation++;
      if (watchTimer !== null) deps.clock.clearTimeout(watchTimer);
      watchTimer = null;
      stopSettings?.();
      stopSettings = null;
      batcher.flush();
      live.stop();
    },
  };
  return directory;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
