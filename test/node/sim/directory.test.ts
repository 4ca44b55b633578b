import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallSeed } from '../../../src/sim/seed';
import { startSimulator, type SimHandle } from '../../../src/sim/index';
import { createSdkClient, loginClientCredentials, sdkApis, type SdkApis } from '../../support/sdk';
import { rejectionOf } from './helpers';
import { errorBodySchema, groupSchema, listingOf, queueMemberListingSchema, queueSchema, userSchema } from './schemas';

let sim: SimHandle;
let api: SdkApis;
const seed = smallSeed(1);
const care = seed.queues.find((q) => q.name === 'Customer Care');

beforeAll(async () => {
  sim = await startSimulator();
  const client = createSdkClient(sim.url);
  await loginClientCredentials(client, sim);
  api = sdkApis(client);
});
afterAll(async () => {
  await sim.stop();
});

describe('GET /api/v2/routing/queues', () => {
  it('pages queues by name with member counts', async () => {
    const listing = listingOf(queueSchema).parse(await api.routing.getRoutingQueues({ pageSize: 2 }));
    expect(listing).toMatchObject({ total: 4, pageCount: 2, pageSize: 2 });
    expect(listing.entities.map((q) => q.name)).toEqual(['Billing', 'Customer Care']);
    expect(listing.entities[1]?.memberCount).toBe(care?.memberIds.length);
    expect(listing.nextUri).toBe('/api/v2/routing/queues?pageSize=2&pageNumber=2');
  });

  it('filters by name with wildcards and by id', async () => {
    expect((await api.routing.getRoutingQueues({ name: 'Ret*' })).entities?.map((q) => q.name)).toEqual(['Retention']);
    expect((await api.routing.getRoutingQueues({ name: 'sales' })).entities?.map((q) => q.name)).toEqual(['Sales']);
    expect((await api.routing.getRoutingQueues({ id: [care?.id ?? ''] })).total).toBe(1);
  });
});

describe('GET /api/v2/routing/queues/{id}/members', () => {
  it('lists QueueMembers with user presence and routing status when expanded', async () => {
    const listing = queueMemberListingSchema.parse(await api.routing.getRoutingQueueMembers(care?.id ?? '', { pageSize: 100, expand: ['presence', 'routingStatus'] }));
    expect(listing.entities.map((m) => m.id).sort()).toEqual([...(care?.memberIds ?? [])].sort());
    for (const member of listing.entities) {
      expect(member.user.presence?.presenceDefinition.systemPresence).toBeDefined();
      expect(member.routingStatus?.userId).toBe(member.id);
    }
    const plain = queueMemberListingSchema.parse(await api.routing.getRoutingQueueMembers(care?.id ?? ''));
    expect(plain.entities[0]?.user.presence).toBeUndefined();
    expect(plain.entities[0]?.routingStatus).toBeUndefined();
  });

  it('filters members by presence, routing status and name, and pages without a total (the model has none)', async () => {
    const onQueue = await api.routing.getRoutingQueueMembers(care?.id ?? '', { presence: ['On Queue'], expand: ['presence'] });
    expect(onQueue.entities?.length).toBeGreaterThan(0);
    expect(onQueue.entities?.every((m) => m.user?.presence?.presenceDefinition?.systemPresence === 'On Queue')).toBe(true);
    const idle = await api.routing.getRoutingQueueMembers(care?.id ?? '', { routingStatus: ['IDLE'], expand: ['routingStatus'] });
    expect(idle.entities?.every((m) => m.routingStatus?.status === 'IDLE')).toBe(true);
    const named = await api.routing.getRoutingQueueMembers(care?.id ?? '', { name: 'okafor' });
    expect(named.entities?.map((m) => m.name)).toEqual(['Amara Okafor']);
    const paged = queueMemberListingSchema.parse(await api.routing.getRoutingQueueMembers(care?.id ?? '', { pageSize: 5 }));
    expect(paged.entities).toHaveLength(5);
    expect(paged.nextUri).toContain('pageNumber=2');
    expect('total' in paged).toBe(false);
  });

  it('caps the page size at 100 and answers unknown queues with 404', async () => {
    expect(await rejectionOf(api.routing.getRoutingQueueMembers(care?.id ?? '', { pageSize: 101 }))).toMatchObject({ status: 400 });
    expect(errorBodySchema.parse(await rejectionOf(api.routing.getRoutingQueueMembers('5a1b2c3d-0000-4000-8000-000000000000'))).status).toBe(404);
  });
});

describe('groups', () => {
  it('pages groups and lists a group’s members as a UserEntityListing', async () => {
    const groups = listingOf(groupSchema).parse(await api.groups.getGroups({ pageSize: 25 }));
    expect(groups.entities.map((g) => g.name)).toEqual(['Supervisors', 'Team North', 'Team South']);
    const north = groups.entities.find((g) => g.name === 'Team North');
    expect(north?.memberCount).toBe(8);
    const members = listingOf(userSchema).parse(await api.groups.getGroupMembers(north?.id ?? '', { pageSize: 5, expand: ['presence'] }));
    expect(members).toMatchObject({ total: 8, pageCount: 2 });
    expect(members.entities.every((u) => u.presence !== undefined)).toBe(true);
    expect(await rejectionOf(api.groups.getGroupMembers('5a1b2c3d-0000-4000-8000-000000000000'))).toMatchObject({ status: 404 });
  });
});
