/**
 * The dial path end to end against the simulator with the real SDK: every outcome, the agent
 * checks, and hang-up in each phase. Calls move only when a test advances them (the simulator's
 * clock is manual), so every wait here is for an event, bounded by a timeout.
 */
import { describe, expect, it } from 'vitest';
import type { CallEndReason, CallPhase, CallSnapshot } from '../../../src/shared/domain';
import { useDialerHarnesses, type DialerHarness, type HarnessOptions } from './support';

const files = useDialerHarnesses();
const harness = (options: HarnessOptions = {}): Promise<DialerHarness> => files.harness(options);

async function placed(h: DialerHarness, number: string, agentName: string | undefined, confirmWarnings = false): Promise<CallSnapshot> {
  const outcome = await h.dialer.place({ number, agentId: agentName && h.userId(agentName), source: 'dialpad', confirmWarnings });
  if (outcome.status !== 'placed') throw new Error(`expected the call to be placed, got ${JSON.stringify(outcome)}`);
  return outcome.call;
}

const reach = (h: DialerHarness, call: CallSnapshot, phase: CallPhase): Promise<CallSnapshot> =>
  h.waitForCall(call.id, `phase ${phase}`, (current) => current.phase === phase);

function phases(h: DialerHarness, callId: string): CallPhase[] {
  return h.history(callId).map((snapshot) => snapshot.phase).filter((phase, index, all) => index === 0 || all[index - 1] !== phase);
}

function conversationOf(call: CallSnapshot): string {
  if (!call.conversationId) throw new Error('the call has no conversation id');
  return call.conversationId;
}

const postsFor = (h: DialerHarness, from: number) => h.requests('POST', /^\/api\/v2\/conversations\/calls(\/user\/[^/]+)?$/, from);

describe('a normal call', () => {
  it('rings the agent, dials the customer, connects and ends, pushed, recorded in recents and the audit trail', async () => {
    const h = await harness();
    const from = files.sim.requestLog.length;
    const call = await placed(h, '+1 317-555-0000', 'Amara Okafor');
    expect(call).toMatchObject({ e164: '+13175550000', agent: { id: h.userId('Amara Okafor'), name: 'Amara Okafor' }, source: 'dialpad' });
    const conversationId = conversationOf(call);
    await reach(h, call, 'ringingAgent');
    files.sim.control.advanceCall(conversationId); // the agent answers
    await reach(h, call, 'dialingCustomer');
    files.sim.control.advanceCall(conversationId); // the customer answers
    const connected = await reach(h, call, 'connected');
    expect(connected.connectedAt).toBeTypeOf('number');
    expect(connected.monitoring).toBe('push');
    files.sim.control.advanceCall(conversationId); // …0000: the customer hangs up
    const ended = await reach(h, call, 'ended');

    expect(ended).toMatchObject({ endReason: 'hungUp', endMessage: 'The call was answered and has ended.', monitoring: 'none' });
    expect(phases(h, call.id)).toEqual(['placing', 'ringingAgent', 'dialingCustomer', 'connected', 'ended']);
    expect(postsFor(h, from).map((r) => [r.path, r.status])).toEqual([[`/api/v2/conversations/calls/user/${h.userId('Amara Okafor')}`, 200]]);
    // Push carried it: the call was never read over REST.
    expect(h.requests('GET', new RegExp(`/conversations/calls/${conversationId}$`), from)).toEqual([]);

    await h.waitFor('the recents entry to be final', () => h.recent(call.id)?.outcome === 'hungUp');
    expect(h.recent(call.id)).toMatchObject({ e164: '+13175550000', conversationId, connectedAt: connected.connectedAt, endedAt: ended.endedAt });
    const audit = await h.audit();
    expect(audit.map((entry) => entry.event)).toEqual(['call.placed', 'call.ended']);
    expect(audit[1]).toMatchObject({
      connectionId: 'conn-sim',
      connectionName: 'Simulator',
      principal: `client ${files.sim.demo.clientCredentials.clientId}`,
      agentId: h.userId('Amara Okafor'),
      agentName: 'Amara Okafor',
      e164: '+13175550000',
      conversationId,
      outcome: 'hungUp',
    });
    // Numbers are masked to the last four digits in the log.
    expect(h.log.lines.join('\n')).not.toContain('3175550000');
  });
});

describe('outcomes of the customer leg and the agent leg', () => {
  const cases: [string, string, string, number, CallEndReason, RegExp][] = [
    ['busy', '+13175551111', 'Hannah Schmidt', 2, 'busy', /is busy/],
    ['no answer', '+13175552222', 'Hannah Schmidt', 2, 'noAnswer', /did not answer/],
    ['unreachable', '+13175553333', 'Hannah Schmidt', 2, 'unreachable', /could not be reached/],
    ['agent never answers', '+13175550123', 'Oscar Reyes', 1, 'agentNoAnswer', /Oscar Reyes did not answer their phone/],
  ];

  it.each(cases)('%s', async (_label, number, agent, steps, reason, message) => {
    const h = await harness();
    const call = await placed(h, number, agent);
    await reach(h, call, 'ringingAgent');
    for (let step = 0; step < steps; step++) files.sim.control.advanceCall(conversationOf(call));
    const ended = await reach(h, call, 'ended');
    expect(ended.endReason).toBe(reason);
    expect(ended.endMessage).toMatch(message);
    expect(ended.connectedAt).toBeUndefined();
    await h.waitFor('the recents outcome', () => h.recent(call.id)?.outcome === reason);
  });
});

describe('agent checks before dialing', () => {
  it('refuses an agent without a station, in words, without a POST', async () => {
    const h = await harness();
    const from = files.sim.requestLog.length;
    await expect(h.dialer.place({ number: '+13175550123', agentId: h.userId('Noah Fischer'), source: 'dialpad' })).rejects.toMatchObject({
      code: 'dial.noStation',
      message: 'Noah Fischer has no Genesys phone (station) assigned, so Genesys cannot ring them. Ask an admin to assign one, or pick another agent.',
    });
    expect(postsFor(h, from)).toEqual([]);
    await h.waitFor('a not-placed recents entry', () => h.recents.snapshot().entries.some((entry) => entry.outcome === 'notPlaced'));
    expect((await h.audit()).at(-1)).toMatchObject({ event: 'call.failed', agentName: 'Noah Fischer', outcome: 'notPlaced' });
  });

  it('warns about an Offline agent and dials only when told to', async () => {
    const h = await harness();
    const from = files.sim.requestLog.length;
    const first = await h.dialer.place({ number: '+13175550123', agentId: h.userId('Grace Muller'), source: 'dialpad' });
    expect(first).toEqual({
      status: 'needsConfirmation',
      warnings: [{ code: 'agentOffline', message: 'Grace Muller is Offline in Genesys, so their phone may not ring.' }],
    });
    expect(postsFor(h, from)).toEqual([]);
    expect(h.stateHub.app().calls).toEqual([]);
    const call = await placed(h, '+13175550123', 'Grace Muller', true);
    await reach(h, call, 'ringingAgent');
    expect(postsFor(h, from)).toHaveLength(1);
    await h.dialer.hangUp(call.id);
    await reach(h, call, 'ended');
  });

  it('says which agent and why for an unknown agent id, and needs an agent for client credentials', async () => {
    const h = await harness();
    await expect(h.dialer.place({ number: '+13175550123', agentId: '00000000-0000-4000-8000-000000000000', source: 'dialpad' })).rejects.toMatchObject({
      code: 'dial.agentNotFound',
    });
    await expect(h.dialer.place({ number: '+13175550123', source: 'tray' })).rejects.toMatchObject({ code: 'dial.agentRequired' });
    await expect(h.dialer.place({ number: 'call me maybe', agentId: h.userId('Amara Okafor'), source: 'dialpad' })).rejects.toMatchObject({
      code: 'dial.invalidNumber',
    });
  });

  it('refuses a second identical intent while the first is in flight', async () => {
    const h = await harness();
    const from = files.sim.requestLog.length;
    const intent = { number: '+13175550123', agentId: h.userId('Priya Raman'), source: 'dialpad' as const };
    const [first, second] = await Promise.allSettled([h.dialer.place(intent), h.dialer.place({ ...intent, number: '(317) 555-0123', source: 'link' })]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'dial.duplicate' } });
    expect(postsFor(h, from)).toHaveLength(1);
    if (first.status !== 'fulfilled' || first.value.status !== 'placed') throw new Error('first dial failed');
    await reach(h, first.value.call, 'ringingAgent');
    await expect(h.dialer.place(intent)).rejects.toMatchObject({ code: 'dial.duplicate' });
    await h.dialer.hangUp(first.value.call.id);
    await reach(h, first.value.call, 'ended');
    // Once it is over the same call may be placed again on purpose.
    const again = await placed(h, intent.number, 'Priya Raman');
    await reach(h, again, 'ringingAgent');
    await h.dialer.hangUp(again.id);
    await reach(h, again, 'ended');
  });
});

describe('hang-up in each phase', () => {
  it("cancels while the agent's phone still rings, on behalf of the agent", async () => {
    const h = await harness();
    const call = await placed(h, '+13175550123', 'Oscar Reyes');
    await reach(h, call, 'ringingAgent');
    const from = files.sim.requestLog.length;
    await h.dialer.hangUp(call.id);
    const ended = await reach(h, call, 'ended');
    expect(ended.endReason).toBe('cancelled');
    expect(h.requests('PATCH', /\/participants\/[^/]+\/user\/[^/]+$/, from).map((r) => r.status)).toEqual([202]);
  });

  it('cancels while the customer is being dialled', async () => {
    const h = await harness();
    const call = await placed(h, '+13175552222', 'Hannah Schmidt');
    await reach(h, call, 'ringingAgent');
    files.sim.control.advanceCall(conversationOf(call));
    await reach(h, call, 'dialingCustomer');
    await h.dialer.hangUp(call.id);
    expect((await reach(h, call, 'ended')).endReason).toBe('cancelled');
  });

  it('hangs up a connected call, then refuses to hang up again and dismisses it', async () => {
    const h = await harness();
    const call = await placed(h, '+13175550123', 'Ahmed Hassan');
    await reach(h, call, 'ringingAgent');
    files.sim.control.advanceCall(conversationOf(call));
    files.sim.control.advanceCall(conversationOf(call));
    await reach(h, call, 'connected');
    expect(() => h.dialer.dismiss(call.id)).toThrowError(expect.objectContaining({ code: 'call.notEnded' }));
    await h.dialer.hangUp(call.id);
    const ended = await reach(h, call, 'ended');
    expect(ended.endReason).toBe('hungUp');
    await expect(h.dialer.hangUp(call.id)).rejects.toMatchObject({ code: 'call.alreadyEnded', message: 'This call has already ended; there is nothing to hang up.' });
    h.dialer.dismiss(call.id);
    expect(h.stateHub.app().calls).toEqual([]);
    await h.waitFor('the recents outcome', () => h.recent(call.id)?.outcome === 'hungUp');
  });

  it('as a signed-in user with no agent: dials with the plain endpoint and hangs up our own leg', async () => {
    const h = await harness({ asUser: 'Emma Wilson' });
    const from = files.sim.requestLog.length;
    const call = await placed(h, '+13175550123', undefined);
    expect(call.agent).toBeNull();
    expect(postsFor(h, from).map((r) => r.path)).toEqual(['/api/v2/conversations/calls']);
    await reach(h, call, 'ringingAgent');
    files.sim.control.advanceCall(conversationOf(call));
    files.sim.control.advanceCall(conversationOf(call));
    await reach(h, call, 'connected');
    const beforeHangUp = files.sim.requestLog.length;
    await h.dialer.hangUp(call.id);
    expect((await reach(h, call, 'ended')).endReason).toBe('hungUp');
    expect(h.requests('PATCH', /\/participants\/[^/]+$/, beforeHangUp).map((r) => r.status)).toEqual([202]);
    expect((await h.audit()).at(-1)).toMatchObject({ principal: 'user Emma Wilson', agentId: h.userId('Emma Wilson') });
  });
});
