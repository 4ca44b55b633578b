import type { Models } from 'purecloud-platform-client-v2';
import { badRequest, invalidValue, notFound, userNotFound } from './errors';
import type { EventBus, SimClock } from './kernel';
import { routingStatuses, type AnswerMode, type RoutingStatusValue, type SeedData } from './seed';

/** System presence definitions with the ids a real org reports (captured /api/v2/presencedefinitions payload). */
export const SYSTEM_PRESENCES = [
  { id: '6a3af858-942f-489d-9700-5f9bcdcdae9b', systemPresence: 'Available' },
  { id: '5e5c5c66-ea97-4e7f-ac41-6424784829f2', systemPresence: 'Away' },
  { id: '31fe3bac-dea6-44b7-bed7-47f91660a1a0', systemPresence: 'Busy' },
  { id: 'ccf3c10a-aa2c-4845-8e8d-f59fa48c58e5', systemPresence: 'Offline' },
  { id: '7ffa01cd-7866-4ad7-8faa-31e11b42f51f', systemPresence: 'Idle' },
  { id: 'e08eaf1b-ee47-4fa9-a231-1200e284798f', systemPresence: 'On Queue' },
  { id: '3fd96123-badb-4f69-bc03-1b1ccc6d8014', systemPresence: 'Meal' },
  { id: 'd2390a99-8546-bad9-8f0a-219548e8aeb0', systemPresence: 'Training' },
  { id: 'bbdff279-7ae1-48ea-bade-7831d7234c64', systemPresence: 'Meeting' },
  { id: '227b37e2-f1d0-4dd0-8f50-badd7cf6d158', systemPresence: 'Break' },
] as const;

/** Org-defined secondary presences, as every real org has a few. */
const ORG_PRESENCES = [
  { id: '992c2437-1833-4737-9ff4-eafdc4a360c8', systemPresence: 'Break', label: 'Coffee' },
  { id: '2fa68d50-5edb-4e01-9390-522615f12243', systemPresence: 'Away', label: 'Away From Keyboard' },
  { id: '09dd6ff4-ff90-4d98-a3de-88a63db56e64', systemPresence: 'Busy', label: 'Coaching' },
];

export interface PresenceDefinitionRecord {
  id: string;
  systemPresence: string;
  label: string;
  primary: boolean;
}

/** Presence names arrive as "On Queue", "ON_QUEUE", "onqueue": compare without case, spaces or underscores. */
export function normalisePresence(name: string): string {
  return name.replace(/[\s_]/g, '').toLowerCase();
}

/** Notifications spell system presences upper-case with underscores ("ON_QUEUE"). */
export function notificationPresence(systemPresence: string): string {
  return systemPresence.toUpperCase().replace(/\s+/g, '_');
}

export interface OrgUser {
  id: string;
  name: string;
  email: string;
  title: string;
  department: string;
  phone?: string;
  extension?: string;
  answerMode: AnswerMode;
  presenceId: string;
  presenceMessage: string;
  presenceModified: number;
  routingStatus: RoutingStatusValue;
  routingStatusStart: number;
  stationId: string | null;
  stationAssociatedAt: number;
  version: number;
}

export interface OrgStation {
  id: string;
  name: string;
  userId: string | null;
}

export interface OrgCollection {
  id: string;
  name: string;
  description?: string;
  memberIds: string[];
  createdAt: number;
}

export const ROUTING_STATUSES_SET: ReadonlySet<string> = new Set(routingStatuses);

const EDGE = { id: 'a7d1d6bd-5e6e-4a49-8d93-4f4be2f6d2c1', name: 'Simulated Edge', selfUri: '/api/v2/telephony/providers/edges/a7d1d6bd-5e6e-4a49-8d93-4f4be2f6d2c1' };

/**
 * The org's mutable state. Every change the REST API would show is published on the bus, so
 * notifications subscribers see exactly what a later GET returns.
 */
/** What an OAuth client's roles grant: every permission, or exactly these (`domain:entity:action`, `*` allowed in the last two). */
export type PermissionGrant = 'all' | ReadonlySet<string>;

const PERMISSION = /^[A-Za-z]+:(?:[A-Za-z]+|\*):(?:[A-Za-z]+|\*)$/;

/** True when `grant` covers `permission`, honouring `*` in the entity or action of a granted one. */
export function grants(grant: PermissionGrant, permission: string): boolean {
  if (grant === 'all' || grant.has(permission)) return true;
  const [domain, entity, action] = permission.split(':');
  return grant.has(`${domain}:${entity}:*`) || grant.has(`${domain}:*:*`) || grant.has(`${domain}:*:${action}`);
}

export class Org {
  readonly organization: { id: string; name: string };
  readonly definitions: PresenceDefinitionRecord[];
  private readonly definitionsById = new Map<string, PresenceDefinitionRecord>();
  private readonly primaryBySystem = new Map<string, PresenceDefinitionRecord>();
  readonly users = new Map<string, OrgUser>();
  /** Sorted by name, then id: the order of GET /api/v2/users. */
  readonly usersByName: OrgUser[];
  readonly stations = new Map<string, OrgStation>();
  readonly stationsByName: OrgStation[];
  /** userId → the station they used last, for UserStations.lastAssociatedStation without a scan. */
  private readonly lastStationOf = new Map<string, OrgStation>();
  readonly queues: OrgCollection[];
  readonly queuesById = new Map<string, OrgCollection>();
  readonly groups: OrgCollection[];
  readonly groupsById = new Map<string, OrgCollection>();
  private readonly divisionId: string;
  /** OAuth client id → what its roles grant (for user tokens it stands in for the user's roles too). */
  private readonly clientGrants = new Map<string, PermissionGrant>();

  constructor(
    seed: SeedData,
    private readonly clock: SimClock,
    private readonly bus: EventBus,
  ) {
    const now = clock.now();
    this.organization = seed.organization;
    this.divisionId = seed.organization.id;
    this.definitions = [
      ...SYSTEM_PRESENCES.map((d) => ({ id: d.id, systemPresence: d.systemPresence, label: d.systemPresence, primary: true })),
      ...ORG_PRESENCES.map((d) => ({ ...d, primary: false })),
    ];
    for (const definition of this.definitions) {
      this.definitionsById.set(definition.id, definition);
      if (definition.primary) this.primaryBySystem.set(normalisePresence(definition.systemPresence), definition);
    }
    for (const station of seed.stations) this.stations.set(station.id, { id: station.id, name: station.name, userId: null });
    seed.users.forEach((user, index) => {
      const definition = this.resolveDefinition(user.presence);
      if (!definition) throw new Error(`seed: user ${user.id} has unknown presence ${user.presence}`);
      // Spread the seed's "since" times over the last hours so durations look lived-in.
      const since = now - ((index * 7919) % 14_400) * 1000;
      this.users.set(user.id, {
        id: user.id,
        name: user.name,
        email: user.email,
        title: user.title,
        department: user.department,
        phone: user.phone,
        extension: user.extension,
        answerMode: user.answerMode,
        presenceId: definition.id,
        presenceMessage: '',
        presenceModified: since,
        routingStatus: user.routingStatus,
        routingStatusStart: since,
        stationId: user.stationId,
        stationAssociatedAt: since,
        version: 1,
      });
      if (user.stationId) {
        const station = this.stations.get(user.stationId);
        if (station) {
          station.userId = user.id;
          this.lastStationOf.set(user.id, station);
        }
      }
    });
    this.usersByName = [...this.users.values()].sort(byName);
    this.stationsByName = [...this.stations.values()].sort(byName);
    const collection = (entry: SeedData['queues'][number], i: number): OrgCollection => ({
      id: entry.id,
      name: entry.name,
      description: entry.description,
      memberIds: [...new Set(entry.memberIds)],
      createdAt: now - (i + 30) * 86_400_000,
    });
    this.queues = seed.queues.map(collection).sort(byName);
    for (const queue of this.queues) this.queuesById.set(queue.id, queue);
    this.groups = seed.groups.map(collection).sort(byName);
    for (const group of this.groups) this.groupsById.set(group.id, group);
  }

  /** Registers an OAuth client of the org; it starts with every permission the app needs (and any other). */
  addOAuthClient(clientId: string): void {
    this.clientGrants.set(clientId, 'all');
  }

  hasOAuthClient(clientId: string): boolean {
    return this.clientGrants.has(clientId);
  }

  permissionsOf(clientId: string): PermissionGrant {
    return this.clientGrants.get(clientId) ?? new Set();
  }

  /** The setClientPermissions control: replaces what the client's roles grant. */
  setClientPermissions(clientId: string, permissions: readonly string[] | 'all'): void {
    if (!this.clientGrants.has(clientId)) throw new RangeError(`no OAuth client ${clientId} in this org`);
    if (permissions === 'all') {
      this.clientGrants.set(clientId, 'all');
      return;
    }
    if (!Array.isArray(permissions)) throw new RangeError(`permissions must be 'all' or an array of domain:entity:action strings`);
    const bad = permissions.filter((p) => typeof p !== 'string' || !PERMISSION.test(p));
    if (bad.length > 0) throw new RangeError(`permissions must look like domain:entity:action, got ${bad.map((p) => JSON.stringify(p)).join(', ')}`);
    this.clientGrants.set(clientId, new Set(permissions));
  }

  findUser(id: string): OrgUser | undefined {
    return this.users.get(id);
  }

  requireUser(id: string): OrgUser {
    const user = this.users.get(id);
    if (!user) throw userNotFound();
    return user;
  }

  /** Users for the sign-in page: those matching the login hint first, then the rest in name order. */
  signInCandidates(hint: string | undefined, limit: number): OrgUser[] {
    const matching = hint ? this.usersByName.filter((u) => u.email.toLowerCase().includes(hint) || u.name.toLowerCase().includes(hint)) : [];
    if (matching.length >= limit) return matching.slice(0, limit);
    const listed = new Set(matching);
    return [...matching, ...this.usersByName.filter((u) => !listed.has(u)).slice(0, limit - matching.length)];
  }

  resolveDefinition(idOrName: string): PresenceDefinitionRecord | undefined {
    return this.definitionsById.get(idOrName) ?? this.primaryBySystem.get(normalisePresence(idOrName));
  }

  definitionOf(user: OrgUser): PresenceDefinitionRecord {
    const definition = this.definitionsById.get(user.presenceId);
    if (!definition) throw new Error(`user ${user.id} has unknown presence definition ${user.presenceId}`);
    return definition;
  }

  /**
   * Presence drives routing the way Genesys does: going On Queue makes an off-queue agent IDLE,
   * leaving On Queue takes the agent OFF_QUEUE.
   */
  setPresence(userId: string, idOrName: string, message?: string): OrgUser {
    const user = this.requireUser(userId);
    const definition = this.resolveDefinition(idOrName);
    if (!definition) throw badRequest(`The presence definition ${idOrName} does not exist.`, 'invalid.value');
    user.presenceId = definition.id;
    if (message !== undefined) user.presenceMessage = message;
    user.presenceModified = this.clock.now();
    user.version++;
    this.bus.publish(`v2.users.${user.id}.presence`, this.presenceEvent(user));
    const onQueue = normalisePresence(definition.systemPresence) === 'onqueue';
    if (onQueue && user.routingStatus === 'OFF_QUEUE') this.setRoutingStatus(user.id, 'IDLE');
    if (!onQueue && user.routingStatus !== 'OFF_QUEUE') this.setRoutingStatus(user.id, 'OFF_QUEUE');
    return user;
  }

  setPresenceMessage(userId: string, message: string): OrgUser {
    const user = this.requireUser(userId);
    user.presenceMessage = message;
    user.presenceModified = this.clock.now();
    this.bus.publish(`v2.users.${user.id}.presence`, this.presenceEvent(user));
    return user;
  }

  setRoutingStatus(userId: string, status: string): OrgUser {
    const user = this.requireUser(userId);
    if (!ROUTING_STATUSES_SET.has(status)) throw invalidValue(`Invalid routing status ${status}; expected one of ${routingStatuses.join(', ')}`);
    if (user.routingStatus === status) return user;
    user.routingStatus = status as RoutingStatusValue;
    user.routingStatusStart = this.clock.now();
    this.bus.publish(`v2.users.${user.id}.routingStatus`, {
      id: user.id,
      routingStatus: { status: user.routingStatus, startTime: iso(user.routingStatusStart) },
    });
    return user;
  }

  setAnswerMode(userId: string, mode: AnswerMode): OrgUser {
    const user = this.requireUser(userId);
    user.answerMode = mode;
    return user;
  }

  /** Associates a station (taking it from whoever had it) or, with null, leaves the user without one. */
  setStation(userId: string, stationId: string | null): OrgUser {
    const user = this.requireUser(userId);
    const next = stationId === null ? undefined : this.stations.get(stationId);
    if (stationId !== null && !next) throw notFound(`Station ${stationId} was not found.`);
    if (user.stationId === stationId) return user;
    const previous = user.stationId ? this.stations.get(user.stationId) : undefined;
    if (previous) previous.userId = null;
    if (next?.userId && next.userId !== user.id) {
      const other = this.users.get(next.userId);
      if (other) {
        other.stationId = null;
        this.publishStation(other);
      }
    }
    if (next) {
      next.userId = user.id;
      this.lastStationOf.set(user.id, next);
    }
    user.stationId = next ? next.id : null;
    user.stationAssociatedAt = this.clock.now();
    this.publishStation(user);
    return user;
  }

  private publishStation(user: OrgUser): void {
    const station = user.stationId ? this.stations.get(user.stationId) : undefined;
    this.bus.publish(`v2.users.${user.id}.station`, {
      associatedStation: station ? { id: station.id, name: station.name, associatedUser: { id: user.id } } : {},
    });
  }

  presenceEvent(user: OrgUser): Record<string, unknown> {
    const definition = this.definitionOf(user);
    return {
      source: 'PURECLOUD',
      presenceDefinition: { id: definition.id, systemPresence: notificationPresence(definition.systemPresence) },
      primary: true,
      message: user.presenceMessage,
      modifiedDate: iso(user.presenceModified),
    };
  }

  // ---- Response builders, typed against the SDK's models ----

  presenceDefinitionRef(definition: PresenceDefinitionRecord): Models.PresenceDefinition {
    return { id: definition.id, systemPresence: definition.systemPresence, selfUri: `/api/v2/presencedefinitions/${definition.id}` };
  }

  userPresence(user: OrgUser): Models.UserPresence {
    return {
      source: 'PURECLOUD',
      primary: true,
      presenceDefinition: this.presenceDefinitionRef(this.definitionOf(user)),
      message: user.presenceMessage,
      modifiedDate: iso(user.presenceModified),
      selfUri: `/api/v2/users/${user.id}/presences/PURECLOUD`,
    };
  }

  ucUserPresence(user: OrgUser): Models.UcUserPresence {
    return {
      userId: user.id,
      source: 'PURECLOUD',
      sourceId: 'PURECLOUD',
      presenceDefinition: this.presenceDefinitionRef(this.definitionOf(user)),
      message: user.presenceMessage,
      modifiedDate: iso(user.presenceModified),
    };
  }

  routingStatusOf(user: OrgUser): Models.RoutingStatus {
    return { userId: user.id, status: user.routingStatus, startTime: iso(user.routingStatusStart) };
  }

  userStations(user: OrgUser): Models.UserStations {
    const station = user.stationId ? this.stations.get(user.stationId) : undefined;
    const result: Models.UserStations = {};
    if (station) {
      const ref: Models.UserStation = {
        id: station.id,
        name: station.name,
        type: 'inin_webrtc_softphone',
        associatedUser: { id: user.id, name: user.name, version: user.version, selfUri: `/api/v2/users/${user.id}` },
        associatedDate: iso(user.stationAssociatedAt),
        webRtcCallAppearances: 100,
      };
      result.associatedStation = ref;
      result.effectiveStation = ref;
      result.defaultStation = ref;
      result.lastAssociatedStation = ref;
    } else {
      const last = this.lastStationOf.get(user.id);
      if (last) result.lastAssociatedStation = { id: last.id, name: last.name, type: 'inin_webrtc_softphone' };
    }
    return result;
  }

  station(station: OrgStation): Models.Station {
    const result: Models.Station = {
      id: station.id,
      name: station.name,
      status: station.userId ? 'ASSOCIATED' : 'AVAILABLE',
      type: 'inin_webrtc_softphone',
      primaryEdge: EDGE,
      lineAppearanceId: station.id,
      webRtcMediaDscp: 46,
      webRtcPersistentEnabled: false,
      webRtcForceTurn: false,
      webRtcCallAppearances: 100,
      selfUri: `/api/v2/stations/${station.id}`,
    };
    if (station.userId) {
      result.userId = station.userId;
      result.webRtcUserId = station.userId;
    }
    return result;
  }

  /** `expand` entries outside presence/routingStatus/station are accepted and ignored: Genesys calls expands best effort. */
  user(user: OrgUser, expand: ReadonlySet<string>): Models.User {
    const result: Models.User = {
      id: user.id,
      name: user.name,
      division: { id: this.divisionId, name: 'Home', selfUri: `/api/v2/authorization/divisions/${this.divisionId}` },
      chat: { jabberId: `${user.id}@${this.organization.id}.orgspan.com` },
      department: user.department,
      email: user.email,
      primaryContactInfo: [{ address: user.email, mediaType: 'EMAIL', type: 'PRIMARY' }],
      addresses: user.phone
        ? [{ address: user.phone, display: user.phone, mediaType: 'PHONE', type: 'WORK', ...(user.extension ? { extension: user.extension } : {}) }]
        : [],
      state: 'active',
      title: user.title,
      username: user.email,
      images: [],
      version: user.version,
      acdAutoAnswer: false,
      selfUri: `/api/v2/users/${user.id}`,
    };
    if (expand.has('presence')) result.presence = this.userPresence(user);
    if (expand.has('routingstatus')) result.routingStatus = this.routingStatusOf(user);
    if (expand.has('station')) result.station = this.userStations(user);
    return result;
  }

  queue(queue: OrgCollection): Models.Queue {
    const joined = queue.memberIds.length;
    return {
      id: queue.id,
      name: queue.name,
      division: { id: this.divisionId, name: 'Home', selfUri: `/api/v2/authorization/divisions/${this.divisionId}` },
      description: queue.description,
      dateCreated: iso(queue.createdAt),
      dateModified: iso(queue.createdAt),
      memberCount: queue.memberIds.length,
      userMemberCount: queue.memberIds.length,
      joinedMemberCount: joined,
      acwSettings: { wrapupPrompt: 'OPTIONAL', timeoutMs: 30_000 },
      skillEvaluationMethod: 'ALL',
      autoAnswerOnly: false,
      enableTranscription: false,
      enableAudioMonitoring: false,
      enableManualAssignment: false,
      callingPartyName: this.organization.name,
      suppressInQueueCallRecording: true,
      selfUri: `/api/v2/routing/queues/${queue.id}`,
    };
  }

  group(group: OrgCollection): Models.Group {
    return {
      id: group.id,
      name: group.name,
      description: group.description,
      dateModified: iso(group.createdAt),
      memberCount: group.memberIds.length,
      state: 'active',
      version: 1,
      type: 'official',
      images: [],
      addresses: [],
      rulesVisible: true,
      visibility: 'public',
      rolesEnabled: false,
      includeOwners: false,
      callsEnabled: false,
      owners: [],
      selfUri: `/api/v2/groups/${group.id}`,
    };
  }
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

const collator = new Intl.Collator('en');

export function byName(a: { name: string; id: string }, b: { name: string; id: string }): number {
  return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
