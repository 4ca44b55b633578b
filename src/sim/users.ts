import type { Models } from 'purecloud-platform-client-v2';
import { badRequest, invalidValue, notFound } from './errors';
import { queryList, type RouteDef, SimHttpError } from './kernel';
import type { Org, OrgUser, PresenceDefinitionRecord } from './org';
import { pageOf, readExpand, readPage } from './paging';

/** UNCONFIRMED maxima (documented in README): the real ones are not in the SDK. */
export const MAX_USERS_PAGE_SIZE = 500;
export const MAX_SEARCH_PAGE_SIZE = 100;
export const MAX_STATIONS_PAGE_SIZE = 100;
export const MAX_PRESENCE_DEFINITIONS_PAGE_SIZE = 100;
/** "Limit 50" (SDK doc of getUsersPresencesPurecloudBulk). */
export const MAX_BULK_PRESENCE_IDS = 50;
/** 400 max.user.ids beyond 100 ids [SW18]. */
export const MAX_USER_IDS = 100;

export function userRoutes(org: Org): RouteDef[] {
  return [
    {
      method: 'GET',
      pattern: '/api/v2/users',
      auth: 'token',
      handler: ({ query, path }) => {
        const ids = queryList(query, 'id');
        if (ids.length > MAX_USER_IDS) throw new SimHttpError(400, 'max.user.ids', `A maximum of ${MAX_USER_IDS} user ids can be requested at a time.`);
        if (ids.length > 0 && queryList(query, 'jabberId').length > 0) throw badRequest('id and jabberId cannot be used together.');
        const page = readPage(query, MAX_USERS_PAGE_SIZE);
        const expand = readExpand(query);
        const state = (query.get('state') ?? 'active').toLowerCase();
        if (!['active', 'inactive', 'deleted', 'any'].includes(state)) throw invalidValue(`state must be active, inactive, deleted or any, got ${state}`);
        let users: readonly OrgUser[] = state === 'active' || state === 'any' ? org.usersByName : [];
        if (ids.length > 0) {
          const wanted = new Set(ids);
          users = users.filter((user) => wanted.has(user.id));
        }
        const jabberIds = queryList(query, 'jabberId');
        if (jabberIds.length > 0) {
          const wanted = new Set(jabberIds.map((jid) => jid.split('@')[0]));
          users = users.filter((user) => wanted.has(user.id));
        }
        if ((query.get('sortOrder') ?? 'ASC').toUpperCase() === 'DESC') users = [...users].reverse();
        const listing: Models.UserEntityListing = pageOf(users, page, path, query, (user) => org.user(user, expand));
        return { status: 200, body: listing };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/users/me',
      auth: 'token',
      requiresUser: true,
      handler: ({ auth, query }) => {
        const me: Models.UserMe = org.user(org.requireUser(auth?.userId ?? ''), readExpand(query));
        return { status: 200, body: me };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/users/:userId',
      auth: 'token',
      handler: ({ params, query }) => {
        const state = (query.get('state') ?? 'active').toLowerCase();
        const user = org.requireUser(params.userId ?? '');
        if (state === 'deleted') throw notFound('Unable to find a user with that userId', 'general.resource.not.found');
        return { status: 200, body: org.user(user, readExpand(query)) satisfies Models.User };
      },
    },
    {
      method: 'POST',
      pattern: '/api/v2/users/search',
      auth: 'token',
      handler: ({ body }) => ({ status: 200, body: searchUsers(org, parseSearchRequest(body), new Set()) }),
    },
    {
      method: 'GET',
      pattern: '/api/v2/users/search',
      auth: 'token',
      handler: ({ query }) => {
        const q64 = query.get('q64');
        if (!q64) throw badRequest('The q64 parameter is required.');
        let decoded: unknown;
        try {
          decoded = JSON.parse(Buffer.from(q64, 'base64').toString('utf8'));
        } catch {
          throw badRequest('The q64 parameter is not a valid encoded search.');
        }
        return { status: 200, body: searchUsers(org, parseSearchRequest(decoded), readExpand(query)) };
      },
    },
    ...presenceRoutes(org),
    {
      method: 'GET',
      pattern: '/api/v2/users/:userId/routingstatus',
      auth: 'token',
      handler: ({ params }) => {
        const user = org.findUser(params.userId ?? '');
        // "OFF_QUEUE will be returned if the specified user does not exist." (SDK model doc)
        const body: Models.RoutingStatus = user ? org.routingStatusOf(user) : { userId: params.userId, status: 'OFF_QUEUE' };
        return { status: 200, body };
      },
    },
    {
      method: 'PUT',
      pattern: '/api/v2/users/:userId/routingstatus',
      auth: 'token',
      handler: ({ params, body }) => {
        const status = isRecord(body) ? body.status : undefined;
        if (typeof status !== 'string') throw badRequest('The request body must be a RoutingStatus with a status.');
        // Agents (or their supervisors) can only move between the user-set states; the others are
        // driven by the routing engine (UNCONFIRMED exact rule).
        if (status !== 'IDLE' && status !== 'OFF_QUEUE') {
          throw new SimHttpError(400, 'general.bad.request', `Routing status cannot be set to ${status}; only IDLE or OFF_QUEUE can be requested.`);
        }
        const user = org.setRoutingStatus(params.userId ?? '', status);
        return { status: 200, body: org.routingStatusOf(user) };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/users/:userId/station',
      auth: 'token',
      handler: ({ params }) => ({ status: 200, body: org.userStations(org.requireUser(params.userId ?? '')) }),
    },
    {
      method: 'GET',
      pattern: '/api/v2/stations',
      auth: 'token',
      handler: ({ query, path }) => {
        const page = readPage(query, MAX_STATIONS_PAGE_SIZE);
        let stations = org.stationsByName;
        const name = query.get('name');
        if (name) stations = stations.filter((s) => matchesWildcard(s.name, name));
        const ids = queryList(query, 'id');
        if (ids.length > 0) stations = stations.filter((s) => ids.includes(s.id));
        const webRtcUserId = query.get('webRtcUserId');
        if (webRtcUserId) stations = stations.filter((s) => s.userId === webRtcUserId);
        const listing = pageOf(stations, page, path, query, (station) => org.station(station));
        const body: Models.StationEntityListing = { ...listing, totalNumberOfEntities: listing.total };
        return { status: 200, body };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/stations/:stationId',
      auth: 'token',
      handler: ({ params }) => {
        const station = org.stations.get(params.stationId ?? '');
        if (!station) throw notFound(`Station ${params.stationId ?? ''} was not found.`);
        return { status: 200, body: org.station(station) };
      },
    },
  ];
}

function presenceRoutes(org: Org): RouteDef[] {
  const requireDefinition = (id: string | undefined): PresenceDefinitionRecord => {
    const definition = id ? org.resolveDefinition(id) : undefined;
    if (!definition || definition.id !== id) throw notFound(`Presence definition ${id ?? ''} was not found.`);
    return definition;
  };
  const organizationDefinition = (d: PresenceDefinitionRecord): Models.OrganizationPresenceDefinition => ({
    id: d.id,
    name: d.label,
    type: d.primary ? 'System' : 'User',
    languageLabels: { en_US: d.label },
    systemPresence: d.systemPresence,
    divisionId: '*',
    deactivated: false,
    selfUri: `/api/v2/presence/definitions/${d.id}`,
  });
  // The deprecated listing has `primary` and no `type`, as a payload captured from a real org shows.
  const legacyDefinition = (d: PresenceDefinitionRecord): Models.OrganizationPresence => ({
    id: d.id,
    name: d.label,
    languageLabels: { en_US: d.label },
    systemPresence: d.systemPresence,
    deactivated: false,
    primary: d.primary,
    selfUri: `/api/v2/presencedefinitions/${d.id}`,
  });
  const checkSource = (sourceId: string | undefined): void => {
    if ((sourceId ?? '').toUpperCase() !== 'PURECLOUD') throw notFound(`Presence source ${sourceId ?? ''} was not found.`);
  };
  const getPresence = (userId: string): Models.UserPresence => org.userPresence(org.requireUser(userId));
  const patchPresence = (userId: string, body: unknown): Models.UserPresence => {
    if (!isRecord(body)) throw badRequest('The request body must be a UserPresence object.');
    const definition = body.presenceDefinition;
    const message = body.message;
    if (message !== undefined && typeof message !== 'string') throw invalidValue('message must be a string.');
    if (definition !== undefined) {
      const id = isRecord(definition) ? definition.id : undefined;
      if (typeof id !== 'string' || id.length === 0) throw invalidValue('presenceDefinition.id is required.');
      if (!org.resolveDefinition(id) || org.resolveDefinition(id)?.id !== id) throw invalidValue(`The presence definition ${id} does not exist.`);
      org.setPresence(userId, id, message);
    } else if (message !== undefined) org.setPresenceMessage(userId, message);
    else if (body.primary !== true) throw badRequest('Provide presenceDefinition, message or primary=true.');
    return getPresence(userId);
  };
  return [
    { method: 'GET', pattern: '/api/v2/users/:userId/presences/purecloud', auth: 'token', handler: ({ params }) => ({ status: 200, body: getPresence(params.userId ?? '') }) },
    {
      method: 'PATCH',
      pattern: '/api/v2/users/:userId/presences/purecloud',
      auth: 'token',
      handler: ({ params, body }) => ({ status: 200, body: patchPresence(params.userId ?? '', body) }),
    },
    {
      method: 'GET',
      pattern: '/api/v2/users/:userId/presences/:sourceId',
      auth: 'token',
      handler: ({ params }) => {
        checkSource(params.sourceId);
        return { status: 200, body: getPresence(params.userId ?? '') };
      },
    },
    {
      method: 'PATCH',
      pattern: '/api/v2/users/:userId/presences/:sourceId',
      auth: 'token',
      handler: ({ params, body }) => {
        checkSource(params.sourceId);
        return { status: 200, body: patchPresence(params.userId ?? '', body) };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/users/presences/purecloud/bulk',
      auth: 'token',
      handler: ({ query }) => {
        const ids = queryList(query, 'id');
        if (ids.length === 0) throw badRequest('At least one user id is required.');
        if (ids.length > MAX_BULK_PRESENCE_IDS) {
          throw badRequest(`A maximum of ${MAX_BULK_PRESENCE_IDS} user ids can be requested at a time; ${ids.length} were given.`);
        }
        const body: Models.UcUserPresence[] = [];
        for (const id of new Set(ids)) {
          const user = org.findUser(id);
          if (user) body.push(org.ucUserPresence(user));
        }
        return { status: 200, body };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/presence/definitions',
      auth: 'token',
      handler: ({ query }) => {
        const deactivated = (query.get('deactivated') ?? 'false').toLowerCase() === 'true';
        const entities = deactivated ? [] : org.definitions.map(organizationDefinition);
        const body: Models.OrganizationPresenceDefinitionEntityListing = { total: entities.length, entities, selfUri: '/api/v2/presence/definitions' };
        return { status: 200, body };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/presence/definitions/:definitionId',
      auth: 'token',
      handler: ({ params }) => ({ status: 200, body: organizationDefinition(requireDefinition(params.definitionId)) }),
    },
    {
      // Deprecated but still in the SDK (getPresencedefinitions) and used by Genesys' presence tutorial.
      method: 'GET',
      pattern: '/api/v2/presencedefinitions',
      auth: 'token',
      handler: ({ query, path }) => {
        const page = readPage(query, MAX_PRESENCE_DEFINITIONS_PAGE_SIZE);
        const deleted = (query.get('deleted') ?? 'false').toLowerCase();
        const definitions = deleted === 'true' ? [] : org.definitions;
        const body: Models.OrganizationPresenceEntityListing = pageOf(definitions, page, path, query, legacyDefinition);
        return { status: 200, body };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/presencedefinitions/:definitionId',
      auth: 'token',
      handler: ({ params }) => ({ status: 200, body: legacyDefinition(requireDefinition(params.definitionId)) }),
    },
    {
      method: 'GET',
      pattern: '/api/v2/systempresences',
      auth: 'token',
      handler: () => {
        const body: Models.SystemPresence[] = org.definitions
          .filter((d) => d.primary)
          .map((d) => ({ id: d.systemPresence.toUpperCase().replace(/\s+/g, '_'), name: d.systemPresence, selfUri: `/api/v2/systempresences/${d.systemPresence.toUpperCase().replace(/\s+/g, '_')}` }));
        return { status: 200, body };
      },
    },
  ];
}

// ---- Users search ----

interface Criteria {
  type: string;
  fields: string[];
  values: string[];
  operator: 'AND' | 'OR' | 'NOT';
  group: Criteria[];
}

interface SearchRequest {
  sortOrder: 'ASC' | 'DESC' | 'SCORE';
  sortBy: string;
  pageSize: number;
  pageNumber: number;
  expand: string[];
  query: Criteria[];
}

const SEARCH_TYPES = new Set(['EXACT', 'CONTAINS', 'STARTS_WITH', 'TERM', 'TERMS', 'MATCH_ALL', 'QUERY_STRING', 'REQUIRED_FIELDS']);

function parseCriteria(raw: unknown, where: string): Criteria {
  if (!isRecord(raw)) throw badRequest(`${where} must be an object.`);
  const type = typeof raw.type === 'string' ? raw.type.toUpperCase() : '';
  if (!SEARCH_TYPES.has(type)) throw invalidValue(`${where}.type ${String(raw.type)} is not supported; use one of ${[...SEARCH_TYPES].join(', ')}.`);
  const fields = Array.isArray(raw.fields) ? raw.fields.filter((f): f is string => typeof f === 'string') : [];
  for (const field of fields) if (!(field in FIELD_VALUES)) throw invalidValue(`${where}.fields: ${field} is not a searchable user field.`);
  const values = [
    ...(typeof raw.value === 'string' ? [raw.value] : []),
    ...(Array.isArray(raw.values) ? raw.values.filter((v): v is string => typeof v === 'string') : []),
  ];
  const operator = typeof raw.operator === 'string' ? raw.operator.toUpperCase() : 'AND';
  if (operator !== 'AND' && operator !== 'OR' && operator !== 'NOT') throw invalidValue(`${where}.operator must be AND, OR or NOT.`);
  const group = Array.isArray(raw.group) ? raw.group.map((g, i) => parseCriteria(g, `${where}.group[${i}]`)) : [];
  if (type !== 'MATCH_ALL' && type !== 'REQUIRED_FIELDS' && group.length === 0 && (fields.length === 0 || values.length === 0)) {
    throw badRequest(`${where} needs fields and a value.`);
  }
  return { type, fields, values, operator, group };
}

function parseSearchRequest(raw: unknown): SearchRequest {
  if (!isRecord(raw)) throw badRequest('The request body must be a UserSearchRequest.');
  const sortOrder = typeof raw.sortOrder === 'string' ? raw.sortOrder.toUpperCase() : 'ASC';
  if (sortOrder !== 'ASC' && sortOrder !== 'DESC' && sortOrder !== 'SCORE') throw invalidValue('sortOrder must be ASC, DESC or SCORE.');
  const pageSize = raw.pageSize === undefined ? 25 : raw.pageSize;
  const pageNumber = raw.pageNumber === undefined ? 1 : raw.pageNumber;
  if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_SEARCH_PAGE_SIZE) {
    throw invalidValue(`pageSize must be between 1 and ${MAX_SEARCH_PAGE_SIZE}.`);
  }
  if (typeof pageNumber !== 'number' || !Number.isInteger(pageNumber) || pageNumber < 1) throw invalidValue('pageNumber must be 1 or more.');
  const sortBy = typeof raw.sortBy === 'string' ? raw.sortBy : 'name';
  if (!(sortBy in FIELD_VALUES)) throw invalidValue(`sortBy ${sortBy} is not a sortable user field.`);
  const query = Array.isArray(raw.query) ? raw.query.map((c, i) => parseCriteria(c, `query[${i}]`)) : [];
  const expand = Array.isArray(raw.expand) ? raw.expand.filter((e): e is string => typeof e === 'string') : [];
  return { sortOrder, sortBy, pageSize, pageNumber, expand, query };
}

const FIELD_VALUES: Record<string, (user: OrgUser) => string[]> = {
  id: (u) => [u.id],
  name: (u) => [u.name],
  email: (u) => [u.email],
  username: (u) => [u.email],
  'primaryContactInfo.address': (u) => [u.email],
  addresses: (u) => [u.phone ?? '', u.extension ?? ''].filter(Boolean),
  'addresses.address': (u) => [u.phone ?? ''].filter(Boolean),
  'addresses.extension': (u) => [u.extension ?? ''].filter(Boolean),
  department: (u) => [u.department],
  title: (u) => [u.title],
  state: () => ['active'],
};

function matchOne(criteria: Criteria, user: OrgUser): boolean {
  if (criteria.group.length > 0) return combine(criteria.group, user);
  if (criteria.type === 'MATCH_ALL') return true;
  const values = criteria.fields.flatMap((field) => FIELD_VALUES[field]?.(user) ?? []).map((v) => v.toLowerCase());
  if (criteria.type === 'REQUIRED_FIELDS') return values.length > 0;
  const wanted = criteria.values.map((v) => v.toLowerCase());
  return wanted.some((w) => {
    switch (criteria.type) {
      case 'EXACT':
      case 'TERM':
      case 'TERMS':
        return values.includes(w);
      case 'CONTAINS':
        return values.some((v) => v.includes(w));
      case 'STARTS_WITH':
        return values.some((v) => v.startsWith(w) || v.split(/[\s.@-]+/).some((word) => word.startsWith(w)));
      default: {
        const words = w.split(/\s+/).filter(Boolean);
        return values.some((v) => words.every((word) => v.includes(word.replace(/\*/g, ''))));
      }
    }
  });
}

/** AND criteria must all match, NOT criteria must not, and when OR criteria exist one of them must. */
function combine(criteria: Criteria[], user: OrgUser): boolean {
  const ors = criteria.filter((c) => c.operator === 'OR');
  for (const c of criteria) {
    if (c.operator === 'AND' && !matchOne(c, user)) return false;
    if (c.operator === 'NOT' && matchOne(c, user)) return false;
  }
  return ors.length === 0 || ors.some((c) => matchOne(c, user));
}

function searchUsers(org: Org, request: SearchRequest, extraExpand: ReadonlySet<string>): Models.UsersSearchResponse {
  let matches = request.query.length === 0 ? [...org.usersByName] : org.usersByName.filter((user) => combine(request.query, user));
  if (request.sortBy !== 'name') {
    const key = FIELD_VALUES[request.sortBy];
    if (key) matches.sort((a, b) => (key(a)[0] ?? '').localeCompare(key(b)[0] ?? ''));
  }
  if (request.sortOrder === 'DESC') matches = matches.reverse();
  const total = matches.length;
  const pageCount = Math.ceil(total / request.pageSize);
  const start = (request.pageNumber - 1) * request.pageSize;
  const expand = new Set([...request.expand.map((e) => e.toLowerCase()), ...extraExpand]);
  const pageUri = (pageNumber: number): string => {
    const q64 = Buffer.from(JSON.stringify({ ...request, pageNumber })).toString('base64');
    return `/api/v2/users/search?q64=${encodeURIComponent(q64)}`;
  };
  const response: Models.UsersSearchResponse = {
    total,
    pageCount,
    pageSize: request.pageSize,
    pageNumber: request.pageNumber,
    currentPage: pageUri(request.pageNumber),
    types: ['users'],
    results: matches.slice(start, start + request.pageSize).map((user) => org.user(user, expand)),
  };
  if (request.pageNumber > 1) response.previousPage = pageUri(request.pageNumber - 1);
  if (request.pageNumber < pageCount) response.nextPage = pageUri(request.pageNumber + 1);
  return response;
}

export function matchesWildcard(value: string, pattern: string): boolean {
  const v = value.toLowerCase();
  const p = pattern.toLowerCase();
  const leading = p.startsWith('*');
  const trailing = p.endsWith('*') && p.length > 1;
  const core = p.replace(/^\*+|\*+$/g, '');
  if (leading && trailing) return v.includes(core);
  if (trailing) return v.startsWith(core);
  if (leading) return v.endsWith(core);
  return v === core;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
