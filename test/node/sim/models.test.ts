import type { Models } from 'purecloud-platform-client-v2';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createManualClock } from '../../../src/sim/clock';
import { Org } from '../../../src/sim/org';
import { smallSeed } from '../../../src/sim/seed';
import { groupSchema, queueSchema, routingStatusSchema, stationSchema, ucUserPresenceSchema, userPresenceSchema, userSchema, userStationsSchema } from './schemas';

/**
 * The response builders are typed against the SDK's models, so a renamed or mistyped field fails
 * `npm run typecheck` (expectTypeOf is checked by tsc); the runtime half checks required fields.
 */
describe('response builders match the SDK models', () => {
  const events: Array<{ topic: string; body: unknown }> = [];
  const org = new Org(smallSeed(3), createManualClock(), { publish: (topic, body) => events.push({ topic, body }) });
  const user = org.usersByName[0];
  if (!user) throw new Error('seed has no users');

  it('at compile time', () => {
    expectTypeOf(org.user(user, new Set())).toEqualTypeOf<Models.User>();
    expectTypeOf(org.userPresence(user)).toEqualTypeOf<Models.UserPresence>();
    expectTypeOf(org.ucUserPresence(user)).toEqualTypeOf<Models.UcUserPresence>();
    expectTypeOf(org.routingStatusOf(user)).toEqualTypeOf<Models.RoutingStatus>();
    expectTypeOf(org.userStations(user)).toEqualTypeOf<Models.UserStations>();
    expectTypeOf(org.station).returns.toEqualTypeOf<Models.Station>();
    expectTypeOf(org.queue).returns.toEqualTypeOf<Models.Queue>();
    expectTypeOf(org.group).returns.toEqualTypeOf<Models.Group>();
  });

  it('at run time, with every expand', () => {
    userSchema.parse(org.user(user, new Set(['presence', 'routingstatus', 'station'])));
    userPresenceSchema.parse(org.userPresence(user));
    ucUserPresenceSchema.parse(org.ucUserPresence(user));
    routingStatusSchema.parse(org.routingStatusOf(user));
    userStationsSchema.parse(org.userStations(user));
    for (const station of org.stationsByName) stationSchema.parse(org.station(station));
    for (const queue of org.queues) queueSchema.parse(org.queue(queue));
    for (const group of org.groups) groupSchema.parse(org.group(group));
  });

  it('publishes what a later GET shows', () => {
    const agent = org.usersByName.find((u) => u.routingStatus === 'OFF_QUEUE');
    if (!agent) throw new Error('seed has no off-queue agent');
    events.length = 0;
    org.setPresence(agent.id, 'On Queue');
    org.setPresence(agent.id, 'Busy');
    expect(events.map((e) => e.topic)).toEqual(['presence', 'routingStatus', 'presence', 'routingStatus'].map((suffix) => `v2.users.${agent.id}.${suffix}`));
    expect(events.map((e) => JSON.stringify(e.body))).toEqual([
      expect.stringContaining('"systemPresence":"ON_QUEUE"'),
      expect.stringContaining('"status":"IDLE"'),
      expect.stringContaining('"systemPresence":"BUSY"'),
      expect.stringContaining('"status":"OFF_QUEUE"'),
    ]);
    expect(events[2]?.body).toMatchObject({ presenceDefinition: { id: org.userPresence(agent).presenceDefinition?.id } });
  });
});
