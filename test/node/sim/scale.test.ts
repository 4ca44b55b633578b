import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimHandle } from '../../../src/sim/index';
import { createSdkClient, loginClientCredentials, sdkApis, type SdkApis } from '../../support/sdk';
import { listingOf, queueMemberListingSchema, userSchema } from './schemas';

/** The large seed through the real SDK. Timings are printed for the report, never asserted. */
let sim: SimHandle;
let api: SdkApis;
let startMs = 0;

beforeAll(async () => {
  const started = performance.now();
  sim = await startSimulator({ seed: 'large', config: { requestsPerMinute: 10_000 } });
  startMs = performance.now() - started;
  const client = createSdkClient(sim.url);
  await loginClientCredentials(client, sim);
  api = sdkApis(client);
}, 30_000);
afterAll(async () => {
  await sim.stop();
});

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

describe('large seed', () => {
  it('loads 10,000 agents in pages of 500', async () => {
    console.log(`[measure] startSimulator large seed: ${startMs.toFixed(0)} ms`);
    const times: number[] = [];
    const ids = new Set<string>();
    for (let page = 1; page <= 20; page++) {
      const started = performance.now();
      const listing = await api.users.getUsers({ pageSize: 500, pageNumber: page, expand: ['presence', 'routingStatus'] });
      times.push(performance.now() - started);
      for (const user of listing.entities ?? []) ids.add(user.id ?? '');
      if (page === 1) expect(listingOf(userSchema).parse(listing)).toMatchObject({ total: 10_000, pageCount: 20 });
    }
    expect(ids.size).toBe(10_000);
    console.log(`[measure] 500-user page via SDK (expand presence,routingStatus): median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`);
  });

  it('serves about 200 queues and their members with presence', async () => {
    const queues = await api.routing.getRoutingQueues({ pageSize: 500 });
    expect(queues.total).toBe(200);
    const biggest = [...(queues.entities ?? [])].sort((a, b) => (b.memberCount ?? 0) - (a.memberCount ?? 0))[0];
    const started = performance.now();
    const members = queueMemberListingSchema.parse(await api.routing.getRoutingQueueMembers(biggest?.id ?? '', { pageSize: 100, expand: ['presence', 'routingStatus'] }));
    console.log(`[measure] 100 queue members with presence: ${(performance.now() - started).toFixed(1)} ms (queue of ${biggest?.memberCount ?? 0})`);
    expect(members.entities).toHaveLength(100);
    expect(members.nextUri).toBeDefined();
  });

  it('finds an agent by partial name among 10,000', async () => {
    const target = (await api.users.getUsers({ pageSize: 1, pageNumber: 7_777 })).entities?.[0];
    const fragment = (target?.name ?? '').slice(0, 6);
    const started = performance.now();
    const found = await api.users.postUsersSearch({ pageSize: 100, query: [{ type: 'CONTAINS', fields: ['name'], value: fragment }] });
    console.log(`[measure] users search over 10,000: ${(performance.now() - started).toFixed(1)} ms (${found.total} hits)`);
    expect(found.total).toBeGreaterThan(0);
    expect(found.results.every((u) => u.name?.toLowerCase().includes(fragment.toLowerCase()))).toBe(true);
  });
});
