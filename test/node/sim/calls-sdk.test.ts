import type { Models } from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, createManualClock, type ManualClock, type SimHandle } from '../../../src/sim';
import {
  callConversationListingSchema,
  callConversationSchema,
  callHistoryListingSchema,
  conversationSchema,
  createCallResponseSchema,
} from '../../../src/sim/calls/schemas';
import { createSdkClient, loginClientCredentials, sdkApis, type SdkApis, type SdkClient } from '../../support/sdk';

/**
 * The calls endpoints through the real SDK (purecloud-platform-client-v2 via setGateway) against
 * a running simulator on a manual clock. Every live answer is parsed with the runtime schemas.
 */

interface SdkErrorBody {
  status: number;
  code: string;
  message: string;
}

let sim: SimHandle;
let clock: ManualClock;
let service: SdkApis;
let agentId: string;
let otherAgentId: string;
let noStationId: string;

async function sdkError(promise: Promise<unknown>): Promise<SdkErrorBody> {
  const error = await promise.then(
    () => {
      throw new Error('expected the SDK to reject');
    },
    (caught: unknown) => caught,
  );
  return error as SdkErrorBody;
}

/** Signs a user in through the confidential code client: the sign-in form, then the SDK's code exchange. */
async function loginAsUser(userId: string): Promise<{ client: SdkClient; apis: SdkApis }> {
  const { clientId, clientSecret, redirectUri } = sim.demo.codeClient;
  const form = new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, response_type: 'code', state: 's1', userId });
  const response = await fetch(`${sim.url}/oauth/authorize`, {
    method: 'POST',
    body: form,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  const location = new URL(response.headers.get('location') ?? '', sim.url);
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`sign-in did not return a code (status ${response.status})`);
  const client = createSdkClient(sim.url);
  await client.loginCodeAuthorizationGrant(clientId, clientSecret, code, redirectUri);
  return { client, apis: sdkApis(client) };
}

async function states(conversationId: string): Promise<string[]> {
  const conversation = callConversationSchema.parse(await service.conversations.getConversationsCall(conversationId));
  return conversation.participants.map((p) => `${p.purpose}:${p.state}${p.disconnectType ? `/${p.disconnectType}` : ''}`);
}

async function dialAs(userId: string, phoneNumber: string): Promise<string> {
  const created = createCallResponseSchema.parse(await service.conversations.postConversationsCallsUserUserId(userId, { phoneNumber }));
  return created.id;
}

beforeAll(async () => {
  clock = createManualClock();
  sim = await startSimulator({ clock });
  const client = createSdkClient(sim.url);
  await loginClientCredentials(client, sim);
  service = sdkApis(client);
  const users = await service.users.getUsers({ pageSize: 100, expand: ['station'] });
  const entities = users.entities ?? [];
  const withStation = entities.filter((user) => user.station?.associatedStation?.id);
  const [first, second] = withStation;
  const missing = entities.find((user) => !user.station?.associatedStation?.id);
  if (!first?.id || !second?.id || !missing?.id) throw new Error('the small seed needs two agents with stations and one without');
  agentId = first.id;
  otherAgentId = second.id;
  noStationId = missing.id;
  sim.control.setAnswerMode(agentId, 'auto');
  sim.control.setAnswerMode(otherAgentId, 'auto');
});

afterAll(async () => {
  await sim?.stop();
});

describe('calls through the SDK: placing', () => {
  it('postConversationsCallsUserUserId places a call on behalf of an agent', async () => {
    const id = await dialAs(agentId, '+13175550123');
    expect(await states(id)).toEqual(['agent:contacting']);
    clock.advance(3_000);
    expect(await states(id)).toEqual(['agent:connected', 'customer:connected']);
  });

  it('postConversationsCalls places a call as the signed-in user', async () => {
    const { apis } = await loginAsUser(otherAgentId);
    const created = createCallResponseSchema.parse(await apis.conversations.postConversationsCalls({ phoneNumber: '317-555-0199' }));
    const conversation = callConversationSchema.parse(await apis.conversations.getConversationsCall(created.id));
    expect(conversation.participants[0]).toMatchObject({ purpose: 'agent', user: { id: otherAgentId }, dnis: 'tel:+13175550199' });
  });

  it('client credentials on postConversationsCalls: 400 not.a.user', async () => {
    const error = await sdkError(service.conversations.postConversationsCalls({ phoneNumber: '+13175550123' }));
    expect([error.status, error.code]).toEqual([400, 'not.a.user']);
  });

  it('an agent without a station: 400 conversation.error.no.user.station (both endpoints)', async () => {
    const onBehalf = await sdkError(service.conversations.postConversationsCallsUserUserId(noStationId, { phoneNumber: '+13175550123' }));
    expect([onBehalf.status, onBehalf.code, onBehalf.message]).toEqual([400, 'conversation.error.no.user.station', 'A station is required to place a call.']);
    const { apis } = await loginAsUser(noStationId);
    const own = await sdkError(apis.conversations.postConversationsCalls({ phoneNumber: '+13175550123' }));
    expect([own.status, own.code]).toEqual([400, 'conversation.error.no.user.station']);
  });

  it('unknown user, two destinations, malformed body, unparseable number', async () => {
    const unknown = await sdkError(service.conversations.postConversationsCallsUserUserId('00000000-0000-4000-8000-000000000000', { phoneNumber: '+13175550123' }));
    expect([unknown.status, unknown.code]).toEqual([404, 'general.resource.not.found']);
    const twoDestinations = await sdkError(
      service.conversations.postConversationsCallsUserUserId(agentId, { phoneNumber: '+13175550123', callUserId: otherAgentId }),
    );
    expect([twoDestinations.status, twoDestinations.code]).toEqual([400, 'too.many.create.conversation.parameters']);
    const malformed = await sdkError(
      service.conversations.postConversationsCallsUserUserId(agentId, { phoneNumber: 3175550123 } as unknown as Models.CreateCallRequest),
    );
    expect([malformed.status, malformed.code]).toEqual([400, 'bad.request']);
    const unparseable = await sdkError(service.conversations.postConversationsCallsUserUserId(agentId, { phoneNumber: 'not a number' }));
    expect([unparseable.status, unparseable.code]).toEqual([400, 'invalid.value']);
  });
});

describe('calls through the SDK: watching and hanging up', () => {
  it('getConversationsCall: 404 conversation.error.conversation.not.found', async () => {
    const error = await sdkError(service.conversations.getConversationsCall('00000000-0000-4000-8000-000000000000'));
    expect([error.status, error.code]).toEqual([404, 'conversation.error.conversation.not.found']);
  });

  it('patchConversationsCallParticipantUserUserId hangs up on behalf (202, no body); again → call.disconnected', async () => {
    const id = await dialAs(agentId, '+13175550123');
    clock.advance(3_000);
    const conversation = callConversationSchema.parse(await service.conversations.getConversationsCall(id));
    const agent = conversation.participants.find((p) => p.purpose === 'agent');
    if (!agent) throw new Error('no agent participant');
    const result: unknown = await service.conversations.patchConversationsCallParticipantUserUserId(id, agent.id, agentId, { state: 'disconnected' });
    expect(result === undefined || result === '' || result === null).toBe(true);
    expect(await states(id)).toEqual(['agent:disconnected/client', 'customer:disconnected/peer']);
    const again = await sdkError(service.conversations.patchConversationsCallParticipantUserUserId(id, agent.id, agentId, { state: 'disconnected' }));
    expect([again.status, again.code]).toEqual([400, 'conversation.error.call.disconnected']);
    const stranger = await sdkError(service.conversations.patchConversationsCallParticipantUserUserId(id, 'nope', agentId, { state: 'disconnected' }));
    expect([stranger.status, stranger.code]).toEqual([404, 'conversation.error.not.conversation.participant']);
  });

  it('user context: getConversationsCalls, patchConversationsCallParticipant, patchConversationsCall', async () => {
    const { apis } = await loginAsUser(agentId);
    const first = await dialAs(agentId, '+13175550123');
    const second = await dialAs(agentId, '+13175555555');
    clock.advance(1_000);
    const listing = callConversationListingSchema.parse(await apis.conversations.getConversationsCalls());
    expect(listing.entities.map((c) => c.id)).toEqual(expect.arrayContaining([first, second]));

    const customer = callConversationSchema.parse(await apis.conversations.getConversationsCall(second)).participants.find((p) => p.purpose === 'customer');
    if (!customer) throw new Error('no customer participant');
    await apis.conversations.patchConversationsCallParticipant(second, customer.id, { state: 'disconnected' });
    expect(await states(second)).toEqual(['agent:disconnected/peer', 'customer:disconnected/client']);

    // The SDK types the body as a full Conversation (startTime and participants required); the API takes {state}.
    const ended = conversationSchema.parse(
      await apis.conversations.patchConversationsCall(first, { state: 'disconnected' } as unknown as Models.Conversation),
    );
    expect(ended.participants.map((p) => p.calls[0]?.state)).toEqual(['disconnected', 'disconnected']);
    const after = callConversationListingSchema.parse(await apis.conversations.getConversationsCalls());
    expect(after.entities.map((c) => c.id)).not.toContain(first);
    const clientCredentials = await sdkError(service.conversations.getConversationsCalls());
    expect(clientCredentials.code).toBe('not.a.user');
  });

  it('getConversationsCallsHistory lists ended calls; pageSize over 50 is refused', async () => {
    const { apis } = await loginAsUser(agentId);
    const id = await dialAs(agentId, '+13175551111');
    clock.advance(5_000);
    const history = callHistoryListingSchema.parse(await apis.conversations.getConversationsCallsHistory({ pageSize: 50 }));
    const entry = history.entities.find((c) => c.id === id);
    expect(entry?.participants.map((p) => `${p.purpose}/${p.disconnectType}`)).toEqual(['agent/peer', 'customer/endpoint']);
    const tooBig = await sdkError(apis.conversations.getConversationsCallsHistory({ pageSize: 51 }));
    expect([tooBig.status, tooBig.code]).toEqual([400, 'bad.request']);
  });
});

describe('calls: the HTTP controls', () => {
  async function control(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${sim.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  it('GET /__sim/calls, POST …/advance and …/outcome drive a call', async () => {
    const id = await dialAs(agentId, '+13175555555');
    const listed = await control('GET', '/__sim/calls');
    expect(listed.body).toEqual(expect.arrayContaining([expect.objectContaining({ conversationId: id, testNumber: '5555' })]));
    const advanced = await control('POST', `/__sim/calls/${id}/advance`);
    expect(advanced.status).toBe(200);
    expect(await states(id)).toEqual(['agent:connected', 'customer:dialing']);
    await control('POST', `/__sim/calls/${id}/outcome`, { outcome: 'busy' });
    expect(await states(id)).toEqual(['agent:disconnected/peer', 'customer:disconnected/endpoint']);
    const refused = await control('POST', `/__sim/calls/${id}/outcome`, { outcome: 'explode' });
    expect(refused.status).toBe(400);
  });

  it('fail-next-create serverError: the SDK sees 503 while the agent phone already rings', async () => {
    const before = sim.control.listCalls().length;
    expect((await control('POST', '/__sim/calls/fail-next-create', { kind: 'serverError', status: 503 })).status).toBe(204);
    const error = await sdkError(service.conversations.postConversationsCallsUserUserId(agentId, { phoneNumber: '+13175550123' }));
    expect([error.status, error.code]).toEqual([503, 'service.unavailable']);
    const calls = sim.control.listCalls();
    expect(calls).toHaveLength(before + 1);
    expect(calls.at(-1)).toMatchObject({ agentUserId: agentId, ended: false, placedBy: { clientId: sim.demo.clientCredentials.clientId } });
  });

  it('fail-next-create slowResponse: the SDK times out while the call exists', async () => {
    const client = createSdkClient(sim.url);
    await loginClientCredentials(client, sim);
    client.getHttpClient().setTimeout(300);
    const before = sim.control.listCalls().length;
    sim.control.failNextCallCreation({ kind: 'slowResponse', delayMs: 60_000 });
    const error = (await sdkError(sdkApis(client).conversations.postConversationsCallsUserUserId(agentId, { phoneNumber: '+13175550123' }))) as unknown as {
      code?: string;
      message?: string;
    };
    expect(`${error.code} ${error.message}`).toMatch(/ECONNABORTED|timeout/i);
    expect(sim.control.listCalls()).toHaveLength(before + 1);
    clock.advance(60_000);
  });
});
