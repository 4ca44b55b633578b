import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { smallSeed } from '../../../src/sim/seed';
import { startSimulator, type SimHandle } from '../../../src/sim/index';
import { createSdkClient, loginClientCredentials, sdkApis, type SdkApis } from '../../support/sdk';
import { rejectionOf } from './helpers';
import {
  errorBodySchema,
  listingOf,
  organizationPresenceDefinitionSchema,
  routingStatusSchema,
  stationSchema,
  ucUserPresenceSchema,
  userPresenceSchema,
  userSchema,
  userStationsSchema,
  usersSearchResponseSchema,
} from './schemas';

let sim: SimHandle;
let api: SdkApis;
const seed = smallSeed(1);
const byName = (name: string): string => {
  const user = seed.users.find((u) => u.name === name);
  if (!user) throw new Error(`seed has no ${name}`);
  return user.id;
};

beforeAll(async () => {
  sim = await startSimulator({ seed: 'small' });
  const client = createSdkClient(sim.url);
  await loginClientCredentials(client, sim);
  api = sdkApis(client);
});
afterAll(async () => {
  await sim.stop();
});

describe('GET /api/v2/users', () => {
  it('pages the directory in name order with the UserEntityListing fields', async () => {
    const first = listingOf(userSchema).parse(await api.users.getUsers({ pageSize: 10 }));
    expect(first).toMatchObject({ pageSize: 10, pageNumber: 1, total: 25, pageCount: 3 });
    expect(first.nextUri).toBe('/api/v2/users?pageSize=10&pageNumber=2');
    expect(first.previousUri).toBeUndefined();
    const last = listingOf(userSchema).parse(await api.users.getUsers({ pageSize: 10, pageNumber: 3 }));
    expect(last.entities).toHaveLength(5);
    expect(last.nextUri).toBeUndefined();
    const names = [...first.entities, ...last.entities].map((u) => u.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('fetches by comma-joined id list and expands presence, routing status and station', async () => {
    const ids = [byName('Lukas Becker'), byName('Noah Fischer')];
    const listing = listingOf(userSchema).parse(await api.users.getUsers({ id: ids, expand: ['presence', 'routingStatus', 'station'] }));
    expect(listing.entities.map((u) => u.id).sort()).toEqual([...ids].sort());
    const lukas = listing.entities.find((u) => u.name === 'Lukas Becker');
    expect(lukas?.presence?.presenceDefinition.systemPresence).toBe('On Queue');
    expect(lukas?.routingStatus?.status).toBe('IDLE');
    expect(lukas?.station?.associatedStation?.associatedUser.id).toBe(lukas?.id);
    const noah = listing.entities.find((u) => u.name === 'Noah Fischer');
    expect(noah?.station?.associatedStation).toBeUndefined();
  });

  it('leaves expansions out unless asked', async () => {
    const listing = await api.users.getUsers({ pageSize: 1 });
    expect(listing.entities?.[0]?.presence).toBeUndefined();
  });

  it('answers more than 100 ids with 400 max.user.ids and a bad pageSize with 400', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect(errorBodySchema.parse(await rejectionOf(api.users.getUsers({ id: ids })))).toMatchObject({ status: 400, code: 'max.user.ids' });
    expect(await rejectionOf(api.users.getUsers({ pageSize: 501 }))).toMatchObject({ status: 400, code: 'invalid.value' });
  });
});

describe('GET /api/v2/users/{id}', () => {
  it('returns a User with expands', async () => {
    const user = userSchema.parse(await api.users.getUser(byName('Sofia Marquez'), { expand: ['routingStatus'] }));
    expect(user.routingStatus?.status).toBe('INTERACTING');
  });

  it('answers an unknown id with 404 general.resource.not.found', async () => {
    const error = errorBodySchema.parse(await rejectionOf(api.users.getUser('5a1b2c3d-0000-4000-8000-000000000000')));
    expect(error).toMatchObject({ status: 404, code: 'general.resource.not.found', message: 'Unable to find a user with that userId' });
  });
});

describe('users search', () => {
  it('finds by partial name and pages on with q64', async () => {
    const first = usersSearchResponseSchema.parse(
      await api.users.postUsersSearch({ pageSize: 2, query: [{ type: 'CONTAINS', fields: ['name', 'email'], value: 'an' }], expand: ['presence'] }),
    );
    expect(first.total).toBeGreaterThan(2);
    expect(first.types).toEqual(['users']);
    expect(first.results.every((u) => u.presence !== undefined)).toBe(true);
    expect(first.results.every((u) => /an/i.test(u.name) || /an/i.test(u.email))).toBe(true);
    const q64 = new URL(first.nextPage ?? '', sim.url).searchParams.get('q64') ?? '';
    const second = usersSearchResponseSchema.parse(await api.users.getUsersSearch(q64, { expand: ['routingStatus'] }));
    expect(second.pageNumber).toBe(2);
    expect(second.previousPage).toBeDefined();
    expect(second.results[0]?.id).not.toBe(first.results[0]?.id);
    expect(second.results.every((u) => u.routingStatus !== undefined)).toBe(true);
  });

  it('combines AND / OR / NOT criteria and EXACT email match', async () => {
    const exact = await api.users.postUsersSearch({ query: [{ type: 'EXACT', fields: ['email'], value: 'priya.raman@demo-org.example' }] });
    expect(exact.results.map((u) => u.name)).toEqual(['Priya Raman']);
    const either = await api.users.postUsersSearch({
      query: [
        { type: 'STARTS_WITH', fields: ['name'], value: 'Lukas', operator: 'OR' },
        { type: 'STARTS_WITH', fields: ['name'], value: 'Mei', operator: 'OR' },
        { type: 'CONTAINS', fields: ['name'], value: 'Becker', operator: 'NOT' },
      ],
    });
    expect(either.results.map((u) => u.name)).toEqual(['Mei Lin']);
  });

  it('rejects an unknown search type or field with 400', async () => {
    expect(await rejectionOf(api.users.postUsersSearch({ query: [{ type: 'FUZZY', fields: ['name'], value: 'x' }] }))).toMatchObject({ status: 400, code: 'invalid.value' });
    expect(await rejectionOf(api.users.postUsersSearch({ query: [{ type: 'EXACT', fields: ['shoeSize'], value: 'x' }] }))).toMatchObject({ status: 400 });
    expect(await rejectionOf(api.users.getUsersSearch('not base64 json'))).toMatchObject({ status: 400, code: 'bad.request' });
  });
});

describe('presence', () => {
  it('reads and patches a presence; going On Queue makes the agent IDLE, leaving it OFF_QUEUE', async () => {
    const userId = byName('Hannah Schmidt');
    const before = userPresenceSchema.parse(await api.presence.getUserPresencesPurecloud(userId));
    expect(before.presenceDefinition.systemPresence).toBe('Available');
    const definitions = z.object({ entities: z.array(organizationPresenceDefinitionSchema), total: z.number() }).parse(await api.presence.getPresenceDefinitions0());
    const onQueue = definitions.entities.find((d) => d.systemPresence === 'On Queue' && d.type === 'System');
    const patched = userPresenceSchema.parse(await api.presence.patchUserPresencesPurecloud(userId, { presenceDefinition: { id: onQueue?.id }, message: 'queue time' }));
    expect(patched).toMatchObject({ presenceDefinition: { id: onQueue?.id, systemPresence: 'On Queue' }, message: 'queue time' });
    expect((await api.users.getUserRoutingstatus(userId)).status).toBe('IDLE');
    await api.presence.patchUserPresence(userId, 'PURECLOUD', { presenceDefinition: { id: definitions.entities.find((d) => d.systemPresence === 'Break')?.id } });
    expect((await api.users.getUserRoutingstatus(userId)).status).toBe('OFF_QUEUE');
  });

  it('rejects an unknown presence definition with 400', async () => {
    const error = await rejectionOf(api.presence.patchUserPresencesPurecloud(byName('Hannah Schmidt'), { presenceDefinition: { id: 'nope' } }));
    expect(errorBodySchema.parse(error).status).toBe(400);
  });

  it('serves the bulk endpoint as an array for up to 50 ids and answers 400 beyond', async () => {
    const ids = seed.users.slice(0, 20).map((u) => u.id);
    const presences = z.array(ucUserPresenceSchema).parse(await api.presence.getUsersPresencesPurecloudBulk({ id: ids }));
    expect(presences.map((p) => p.userId).sort()).toEqual([...ids].sort());
    const tooMany = [...ids, ...Array.from({ length: 31 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)];
    expect(tooMany).toHaveLength(51);
    expect(errorBodySchema.parse(await rejectionOf(api.presence.getUsersPresencesPurecloudBulk({ id: tooMany })))).toMatchObject({ status: 400, code: 'bad.request' });
  });

  it('serves single definitions and the deprecated paged /api/v2/presencedefinitions the tutorial uses', async () => {
    const all = await api.presence.getPresenceDefinitions0();
    const first = all.entities?.[0];
    expect(organizationPresenceDefinitionSchema.parse(await api.presence.getPresenceDefinition0(first?.id ?? ''))).toMatchObject({ id: first?.id });
    const legacy = await api.presence.getPresencedefinitions({ pageSize: 100 });
    expect(legacy).toMatchObject({ total: 13, pageSize: 100, pageCount: 1 });
    expect(legacy.entities?.filter((d) => d.primary).map((d) => d.languageLabels.en_US).sort()).toEqual([
      'Available', 'Away', 'Break', 'Busy', 'Idle', 'Meal', 'Meeting', 'Offline', 'On Queue', 'Training',
    ]);
    expect(legacy.entities?.every((d) => !('type' in d))).toBe(true);
    expect(await rejectionOf(api.presence.getPresencedefinition('5a1b2c3d-0000-4000-8000-000000000000'))).toMatchObject({ status: 404 });
  });

  it('lists the ten system presences', async () => {
    const system = await api.presence.getSystempresences();
    expect(system.map((s) => s.name).sort()).toEqual(['Available', 'Away', 'Break', 'Busy', 'Idle', 'Meal', 'Meeting', 'Offline', 'On Queue', 'Training']);
  });
});

describe('routing status', () => {
  it('reads a RoutingStatus and answers OFF_QUEUE for unknown users, as documented', async () => {
    routingStatusSchema.parse(await api.users.getUserRoutingstatus(byName('Kwame Mensah')));
    expect(await api.users.getUserRoutingstatus('5a1b2c3d-0000-4000-8000-000000000000')).toMatchObject({ status: 'OFF_QUEUE' });
  });

  it('accepts IDLE / OFF_QUEUE and refuses engine-driven states with 400 general.bad.request', async () => {
    const userId = byName('Aisha Bello');
    expect((await api.users.putUserRoutingstatus(userId, { status: 'OFF_QUEUE' })).status).toBe('OFF_QUEUE');
    expect((await api.users.putUserRoutingstatus(userId, { status: 'IDLE' })).status).toBe('IDLE');
    expect(await rejectionOf(api.users.putUserRoutingstatus(userId, { status: 'INTERACTING' }))).toMatchObject({ status: 400, code: 'general.bad.request' });
  });
});

describe('stations', () => {
  it('shows the associated station of a user, none for the agent without one', async () => {
    const stations = userStationsSchema.parse(await api.users.getUserStation(byName('Emma Wilson')));
    expect(stations.associatedStation?.name).toBe('WebRTC - Emma Wilson');
    expect(userStationsSchema.parse(await api.users.getUserStation(byName('Noah Fischer'))).associatedStation).toBeUndefined();
  });

  it('pages stations, filters by name and id, and serves one by id', async () => {
    const listing = listingOf(stationSchema).parse(await api.stations.getStations({ pageSize: 100 }));
    expect(listing.total).toBe(27);
    expect(listing.entities.filter((s) => s.status === 'AVAILABLE').map((s) => s.name)).toEqual(['Spare WebRTC phone 1', 'Spare WebRTC phone 2', 'Spare WebRTC phone 3']);
    const named = await api.stations.getStations({ name: 'Spare*' });
    expect(named.total).toBe(3);
    const one = stationSchema.parse(await api.stations.getStation(listing.entities[0]?.id ?? ''));
    expect(one.id).toBe(listing.entities[0]?.id);
    expect(await rejectionOf(api.stations.getStation('5a1b2c3d-0000-4000-8000-000000000000'))).toMatchObject({ status: 404 });
  });
});
