import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, startSimulator, type ManualClock, type SimHandle } from '../../../src/sim';
import { callConversationSchema, createCallResponseSchema } from '../../../src/sim/calls/schemas';
import { createSdkClient, loginClientCredentials, sdkApis, type SdkApis } from '../../support/sdk';

/**
 * The seed tutorial's click-to-dial flow in its corrected form (fact sheet §8 trap 1): client
 * credentials cannot use POST /conversations/calls, so a supervisor tool dials on behalf of an
 * agent and hangs up through the on-behalf participant PATCH.
 */

let sim: SimHandle;
let clock: ManualClock;
let api: SdkApis;

beforeAll(async () => {
  clock = createManualClock();
  sim = await startSimulator({ clock });
  const client = createSdkClient(sim.url);
  await loginClientCredentials(client, sim);
  api = sdkApis(client);
});

afterAll(async () => {
  await sim?.stop();
});

describe('tutorial: dial on behalf of an agent with client credentials', () => {
  it('login → find an agent → dial → both legs connect → hang up on behalf → ended states', async () => {
    // Find an agent who can take a call: one with a station.
    const users = await api.users.getUsers({ pageSize: 100, expand: ['station'] });
    const agent = (users.entities ?? []).find((user) => user.station?.associatedStation?.id);
    if (!agent?.id) throw new Error('the small seed has no agent with a station');
    sim.control.setAnswerMode(agent.id, 'auto');

    const created = createCallResponseSchema.parse(await api.conversations.postConversationsCallsUserUserId(agent.id, { phoneNumber: '+13175550123' }));

    // Watch the participants until both are connected, stepping the simulator's clock between polls.
    const seen: string[] = [];
    for (let step = 0; step < 10; step++) {
      const conversation = callConversationSchema.parse(await api.conversations.getConversationsCall(created.id));
      const summary = conversation.participants.map((p) => `${p.purpose}:${p.state}`).join(' ');
      if (seen.at(-1) !== summary) seen.push(summary);
      if (conversation.participants.length === 2 && conversation.participants.every((p) => p.state === 'connected')) break;
      clock.advance(500);
    }
    expect(seen).toEqual(['agent:contacting', 'agent:connected customer:dialing', 'agent:connected customer:connected']);

    const connected = callConversationSchema.parse(await api.conversations.getConversationsCall(created.id));
    const agentLeg = connected.participants.find((p) => p.purpose === 'agent');
    const customerLeg = connected.participants.find((p) => p.purpose === 'customer');
    expect(agentLeg).toMatchObject({ user: { id: agent.id, name: agent.name }, direction: 'outbound' });
    expect(customerLeg).toMatchObject({ address: 'tel:+13175550123', dnis: 'tel:+13175550123' });
    expect(customerLeg?.connectedTime).toBeDefined();
    if (!agentLeg) throw new Error('no agent leg');

    // Hang up the agent's leg on the agent's behalf: 202 with no body.
    await api.conversations.patchConversationsCallParticipantUserUserId(created.id, agentLeg.id, agent.id, { state: 'disconnected' });

    const ended = callConversationSchema.parse(await api.conversations.getConversationsCall(created.id));
    expect(ended.participants.map((p) => [p.purpose, p.state, p.disconnectType])).toEqual([
      ['agent', 'disconnected', 'client'],
      ['customer', 'disconnected', 'peer'],
    ]);
    // The call is over when every participant is disconnected, each with an end time.
    expect(ended.participants.every((p) => p.endTime !== undefined && Date.parse(p.endTime) >= Date.parse(p.startTime))).toBe(true);
    expect(sim.control.listCalls().find((call) => call.conversationId === created.id)?.ended).toBe(true);
  });

  it('the uncorrected tutorial step fails as the real service does: postConversationsCalls needs a user', async () => {
    const error = (await api.conversations.postConversationsCalls({ phoneNumber: '+13175550123' }).then(
      () => undefined,
      (caught: unknown) => caught,
    )) as { status?: number; code?: string } | undefined;
    expect([error?.status, error?.code]).toEqual([400, 'not.a.user']);
  });
});
