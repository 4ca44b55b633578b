import { describe, expect, it } from 'vitest';
import { createCallsModule, type CallDirectoryUser, type CallsModule } from '../../../src/sim/calls';
import { createManualClock, type ManualClock } from '../../../src/sim/clock';
import { SimHttpError, type SimRequest, type SimResult, type TokenContext } from '../../../src/sim/kernel';
import { Router } from '../../../src/sim/router';

/**
 * The calls module on its own: route handlers driven directly with a manual clock and a fake
 * directory, so every test number and answer mode is stepped exactly.
 */

interface Published {
  topicName: string;
  eventBody: unknown;
}

interface Participant {
  id: string;
  purpose: string;
  state: string;
  disconnectType?: string;
  connectedTime?: string;
  endTime?: string;
  startTime?: string;
  ani?: string;
  dnis?: string;
  address?: string;
  direction?: string;
  user?: { id: string; name: string };
  held?: boolean;
  muted?: boolean;
  attributes?: Record<string, string>;
}

const AGENT: CallDirectoryUser = { id: 'agent-1', name: 'Ada Agent', stationId: 'station-1', answerMode: 'auto' };
const SUPERVISOR: CallDirectoryUser = { id: 'sup-1', name: 'Sam Supervisor', stationId: 'station-2', answerMode: 'auto' };

function setup(users: CallDirectoryUser[] = [AGENT, SUPERVISOR]) {
  const clock: ManualClock = createManualClock();
  const published: Published[] = [];
  let nextId = 0;
  const directory = new Map(users.map((user) => [user.id, { ...user }]));
  const calls: CallsModule = createCallsModule({
    clock,
    bus: { publish: (topicName, eventBody) => published.push({ topicName, eventBody: structuredClone(eventBody) }) },
    directory: { findUser: (id) => directory.get(id) },
    ids: () => `id-${++nextId}`,
  });
  const router = new Router(calls.routes);
  const clientToken: TokenContext = { token: 't-cc', clientId: 'client', grant: 'client_credentials', expiresAt: Infinity };
  const userToken = (userId: string): TokenContext => ({
    token: `t-${userId}`,
    clientId: 'client',
    userId,
    grant: 'authorization_code',
    expiresAt: Infinity,
  });

  async function call(method: string, url: string, body?: unknown, auth: TokenContext = clientToken): Promise<SimResult> {
    const parsed = new URL(url, 'http://sim');
    const match = router.match(method, parsed.pathname);
    if (match.kind !== 'found') throw new Error(`no route for ${method} ${url}`);
    if (match.route.requiresUser && !auth.userId) throw new SimHttpError(400, 'not.a.user', 'requires a user');
    const req: SimRequest = {
      method,
      path: parsed.pathname,
      params: match.params,
      query: parsed.searchParams,
      headers: {},
      body,
      auth: match.route.auth === 'token' ? auth : undefined,
    };
    return match.route.handler(req);
  }

  async function failure(promise: Promise<unknown>): Promise<SimHttpError> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!(error instanceof SimHttpError)) throw new Error(`expected a SimHttpError, got ${String(error)}`);
    return error;
  }

  async function dial(phoneNumber: string, agentId = AGENT.id): Promise<string> {
    const result = await call('POST', `/api/v2/conversations/calls/user/${agentId}`, { phoneNumber });
    expect(result.status).toBe(200);
    return (result.body as { id: string }).id;
  }

  async function participants(conversationId: string): Promise<Participant[]> {
    const result = await call('GET', `/api/v2/conversations/calls/${conversationId}`);
    return (result.body as { participants: Participant[] }).participants;
  }

  async function states(conversationId: string): Promise<string[]> {
    return (await participants(conversationId)).map((p) => `${p.purpose}:${p.state}${p.disconnectType ? `/${p.disconnectType}` : ''}`);
  }

  return { clock, published, directory, calls, call, failure, dial, participants, states, userToken };
}

describe('calls: placing a call', () => {
  it('answers CreateCallResponse with the conversation id and selfUri', async () => {
    const sim = setup();
    const result = await sim.call('POST', `/api/v2/conversations/calls/user/${AGENT.id}`, { phoneNumber: '+13175550123' });
    expect(result.status).toBe(200);
    const body = result.body as { id: string; selfUri: string };
    expect(body.selfUri).toBe(`/api/v2/conversations/calls/${body.id}`);
    expect(await sim.states(body.id)).toEqual(['agent:contacting']);
  });

  it('places a call as the token user on POST /conversations/calls', async () => {
    const sim = setup();
    const result = await sim.call('POST', '/api/v2/conversations/calls', { phoneNumber: '3175550123' }, sim.userToken(SUPERVISOR.id));
    const [agent] = await sim.participants((result.body as { id: string }).id);
    expect(agent?.user).toMatchObject({ id: SUPERVISOR.id, name: SUPERVISOR.name });
    expect(agent?.dnis).toBe('tel:+13175550123');
  });

  it('needs a station: 400 conversation.error.no.user.station', async () => {
    const sim = setup([{ id: 'nostation', name: 'No Station', answerMode: 'auto' }]);
    const error = await sim.failure(sim.call('POST', '/api/v2/conversations/calls/user/nostation', { phoneNumber: '+13175550123' }));
    expect([error.status, error.code, error.message]).toEqual([400, 'conversation.error.no.user.station', 'A station is required to place a call.']);
  });

  it('answers 404 for an unknown agent', async () => {
    const sim = setup();
    const error = await sim.failure(sim.call('POST', '/api/v2/conversations/calls/user/nobody', { phoneNumber: '+13175550123' }));
    expect([error.status, error.code]).toEqual([404, 'general.resource.not.found']);
  });

  it('rejects more than one destination with too.many.create.conversation.parameters', async () => {
    const sim = setup();
    const error = await sim.failure(
      sim.call('POST', `/api/v2/conversations/calls/user/${AGENT.id}`, {
        phoneNumber: '+13175550123',
        participants: [{ address: '+13175550124' }],
      }),
    );
    expect([error.status, error.code]).toEqual([400, 'too.many.create.conversation.parameters']);
  });

  it.each([
    ['no body', undefined],
    ['an array', [{ phoneNumber: '+13175550123' }]],
    ['a number as phoneNumber', { phoneNumber: 3175550123 }],
    ['attributes that are not strings', { phoneNumber: '+13175550123', attributes: { a: 1 } }],
    ['no destination', { callerId: '+13175550100' }],
    ['a queue destination', { callQueueId: 'queue-1' }],
  ])('rejects %s with 400 bad.request', async (_name, body) => {
    const sim = setup();
    const error = await sim.failure(sim.call('POST', `/api/v2/conversations/calls/user/${AGENT.id}`, body));
    expect([error.status, error.code]).toEqual([400, 'bad.request']);
  });

  it.each(['call me', '+1 (317) 555-01x3', '12', '+1234567890123456'])('rejects the unparseable number %j with 400 invalid.value', async (phoneNumber) => {
    const sim = setup();
    const error = await sim.failure(sim.call('POST', `/api/v2/conversations/calls/user/${AGENT.id}`, { phoneNumber }));
    expect([error.status, error.code, error.extra.messageParams]).toEqual([400, 'invalid.value', { field: 'phoneNumber' }]);
  });

  it('accepts visual separators, tel: and a participants[] destination', async () => {
    const sim = setup();
    const viaParticipants = await sim.call('POST', `/api/v2/conversations/calls/user/${AGENT.id}`, {
      participants: [{ address: 'tel:+44 20 7946 0958', name: 'London office' }],
      attributes: { ticket: '42' },
    });
    const conversationId = (viaParticipants.body as { id: string }).id;
    sim.clock.advance(1_000);
    const customer = (await sim.participants(conversationId)).find((p) => p.purpose === 'customer');
    expect(customer).toMatchObject({ address: 'tel:+442079460958', dnis: 'tel:+442079460958', attributes: { ticket: '42' } });
  });
});

describe('calls: lifecycle per test number (manual clock)', () => {
  it('default number: agent contacting → connected after 1 s, customer dialing → connected after 2 s, stays up', async () => {
    const sim = setup();
    const id = await sim.dial('+13175550123');
    expect(await sim.states(id)).toEqual(['agent:contacting']);
    sim.clock.advance(999);
    expect(await sim.states(id)).toEqual(['agent:contacting']);
    sim.clock.advance(1);
    expect(await sim.states(id)).toEqual(['agent:connected', 'customer:dialing']);
    sim.clock.advance(2_000);
    expect(await sim.states(id)).toEqual(['agent:connected', 'customer:connected']);
    sim.clock.advance(60 * 60 * 1000);
    expect(await sim.states(id)).toEqual(['agent:connected', 'customer:connected']);
    const [agent, customer] = await sim.participants(id);
    expect(agent).toMatchObject({ direction: 'outbound', ani: `sip:${AGENT.id}@localhost`, dnis: 'tel:+13175550123' });
    expect(customer).toMatchObject({ direction: 'outbound', address: 'tel:+13175550123', ani: 'tel:+13175550100' });
    expect(Date.parse(customer?.connectedTime ?? '') - Date.parse(agent?.connectedTime ?? '')).toBe(2_000);
  });

  it('…0000: the customer hangs up 10 s after connecting (endpoint), the agent follows (peer)', async () => {
    const sim = setup();
    const id = await sim.dial('+13175550000');
    sim.clock.advance(3_000);
    expect(await sim.states(id)).toEqual(['agent:connected', 'customer:connected']);
    sim.clock.advance(9_999);
    expect(await sim.states(id)).toEqual(['agent:connected', 'customer:connected']);
    sim.clock.advance(1);
    expect(await sim.states(id)).toEqual(['agent:disconnected/peer', 'customer:disconnected/endpoint']);
    const [agent, customer] = await sim.participants(id);
    expect(Date.parse(customer?.endTime ?? '') - Date.parse(customer?.connectedTime ?? '')).toBe(10_000);
    expect(agent?.endTime).toBe(customer?.endTime);
  });

  it('…1111: busy after a 3 s ring, endpoint, never connected', async () => {
    const sim = setup();
    const id = await sim.dial('+13175551111');
    sim.clock.advance(1_000 + 2_999);
    expect(await sim.states(id)).toEqual(['agent:connected', 'customer:dialing']);
    sim.clock.advance(1);
    expect(await sim.states(id)).toEqual(['agent:disconnected/peer', 'customer:disconnected/endpoint']);
    const customer = (await sim.participants(id))[1];
    expect(customer?.connectedTime).toBeUndefined();
  });

  it('…2222: rings 30 s, then ends with system', async () => {
    const sim = setup();
    const id = await sim.dial('+13175552222');
    sim.clock.advance(1_000 + 29_999);
    expect(await sim.states(id)).toEqual(['agent:connected', 'customer:dialing']);
    sim.clock.advance(1);
    expect(await sim.states(id)).toEqual(['agent:disconnected/peer', 'customer:disconnected/system']);
  });

  it('…3333: unreachable, fails at once with transport.failure', async () => {
    const sim = setup();
    const id = await sim.dial('+13175553333');
    sim.clock.advance(1_000 + 100);
    expect(await sim.states(id)).toEqual(['agent:disconnected/peer', 'customer:disconnected/transport.failure']);
  });

  it('…4444: answers, hangs up 5 s later', async () => {
    const sim = setup();
    const id = await sim.dial('+13175554444');
    sim.clock.advance(3_000 + 4_999);
    expect(await sim.states(id)).toEqual(['agent:connected', 'customer:connected']);
    sim.clock.advance(1);
    expect(await sim.states(id)).toEqual(['agent:disconnected/peer', 'customer:disconnected/endpoint']);
  });

  it('…5555: slow answer after 8 s, stays connected', async () => {
    const sim = setup();
    const id = await sim.dial('+13175555555');
    sim.clock.advance(1_000 + 7_999);
    expect(await sim.states(id)).toEqual(['agent:connected', 'customer:dialing']);
    sim.clock.advance(1);
    expect(await sim.states(id)).toEqual(['agent:connected', 'customer:connected']);
    sim.clock.advance(60 * 60 * 1000);
    expect(await sim.states(id)).toEqual(['agent:connected', 'customer:connected']);
  });
});

describe('calls: agent answer modes', () => {
  it("'noAnswer': the agent leg rings 30 s and ends with system; the customer is never dialled", async () => {
    const sim = setup([{ ...AGENT, answerMode: 'noAnswer' }]);
    const id = await sim.dial('+13175550123');
    sim.clock.advance(29_999);
    expect(await sim.states(id)).toEqual(['agent:contacting']);
    sim.clock.advance(1);
    expect(await sim.states(id)).toEqual(['agent:disconnected/system']);
  });

  it("'reject': the agent leg ends quickly with endpoint", async () => {
    const sim = setup([{ ...AGENT, answerMode: 'reject' }]);
    const id = await sim.dial('+13175550123');
    sim.clock.advance(500);
    expect(await sim.states(id)).toEqual(['agent:disconnected/endpoint']);
  });

  it("'reject' agent that answers by PATCH first is not rejected afterwards", async () => {
    const sim = setup([{ ...AGENT, answerMode: 'reject' }]);
    const id = await sim.dial('+13175555555');
    const [agent] = await sim.participants(id);
    await sim.call('PATCH', `/api/v2/conversations/calls/${id}/participants/${agent?.id}/user/${AGENT.id}`, { state: 'connected' });
    sim.clock.advance(500);
    expect(await sim.states(id)).toEqual(['agent:connected', 'customer:dialing']);
  });

  it("'noAnswer' agent can still answer by PATCHing its leg connected", async () => {
    const sim = setup([{ ...AGENT, answerMode: 'noAnswer' }]);
    const id = await sim.dial('+13175550123');
    const [agent] = await sim.participants(id);
    const result = await sim.call('PATCH', `/api/v2/conversations/calls/${id}/participants/${agent?.id}/user/${AGENT.id}`, { state: 'connected' });
    expect(result.status).toBe(202);
    expect(await sim.states(id)).toEqual(['agent:connected', 'customer:dialing']);
  });
});

describe('calls: hanging up', () => {
  it('cancels while the agent phone rings (on behalf): client, then nothing more happens', async () => {
    const sim = setup();
    const id = await sim.dial('+13175550123');
    const [agent] = await sim.participants(id);
    const result = await sim.call('PATCH', `/api/v2/conversations/calls/${id}/participants/${agent?.id}/user/${AGENT.id}`, { state: 'disconnected' });
    expect(result).toEqual({ status: 202 });
    expect(await sim.states(id)).toEqual(['agent:disconnected/client']);
    sim.clock.runAll();
    expect(await sim.states(id)).toEqual(['agent:disconnected/client']);
    expect(sim.clock.pendingTimers()).toBe(0);
  });

  it('hangs up the customer while dialing (user context PATCH)', async () => {
    const sim = setup();
    const id = await sim.dial('+13175555555');
    sim.clock.advance(1_000);
    const customer = (await sim.participants(id))[1];
    await sim.call('PATCH', `/api/v2/conversations/calls/${id}/participants/${customer?.id}`, { state: 'disconnected' }, sim.userToken(SUPERVISOR.id));
    expect(await sim.states(id)).toEqual(['agent:disconnected/peer', 'customer:disconnected/client']);
  });

  it('hangs up a connected call and then answers call.disconnected', async () => {
    const sim = setup();
    const id = await sim.dial('+13175550123');
    sim.clock.advance(3_000);
    const [agent] = await sim.participants(id);
    const url = `/api/v2/conversations/calls/${id}/participants/${agent?.id}/user/${AGENT.id}`;
    await sim.call('PATCH', url, { state: 'disconnected' });
    expect(await sim.states(id)).toEqual(['agent:disconnected/client', 'customer:disconnected/peer']);
    const error = await sim.failure(sim.call('PATCH', url, { state: 'disconnected' }));
    expect([error.status, error.code]).toEqual([400, 'conversation.error.call.disconnected']);
  });

  it('PATCH the conversation {state:disconnected} ends every leg and returns a Conversation', async () => {
    const sim = setup();
    const id = await sim.dial('+13175550123');
    sim.clock.advance(3_000);
    const result = await sim.call('PATCH', `/api/v2/conversations/calls/${id}`, { state: 'disconnected' }, sim.userToken(AGENT.id));
    expect(result.status).toBe(200);
    const body = result.body as { id: string; startTime: string; endTime: string; participants: Array<{ calls: Array<{ state: string }> }> };
    expect(body.id).toBe(id);
    expect(body.participants.map((p) => p.calls[0]?.state)).toEqual(['disconnected', 'disconnected']);
    expect(await sim.states(id)).toEqual(['agent:disconnected/client', 'customer:disconnected/client']);
  });

  it('answers the participant and conversation 404s', async () => {
    const sim = setup();
    const id = await sim.dial('+13175550123');
    const unknownConversation = await sim.failure(sim.call('GET', '/api/v2/conversations/calls/nope'));
    expect([unknownConversation.status, unknownConversation.code]).toEqual([404, 'conversation.error.conversation.not.found']);
    const unknownParticipant = await sim.failure(
      sim.call('PATCH', `/api/v2/conversations/calls/${id}/participants/nope/user/${AGENT.id}`, { state: 'disconnected' }),
    );
    expect([unknownParticipant.status, unknownParticipant.code]).toEqual([404, 'conversation.error.not.conversation.participant']);
    const [agent] = await sim.participants(id);
    const notInCall = await sim.failure(
      sim.call('PATCH', `/api/v2/conversations/calls/${id}/participants/${agent?.id}/user/${SUPERVISOR.id}`, { state: 'disconnected' }),
    );
    expect([notInCall.status, notInCall.code]).toEqual([404, 'not.found']);
  });

  it.each([
    [{ state: 'ringing' }],
    [{ wrapup: { code: 'x' } }],
    [{}],
    [{ muted: 'yes' }],
  ])('rejects the participant body %j with bad.request', async (body) => {
    const sim = setup();
    const id = await sim.dial('+13175550123');
    const [agent] = await sim.participants(id);
    const error = await sim.failure(sim.call('PATCH', `/api/v2/conversations/calls/${id}/participants/${agent?.id}/user/${AGENT.id}`, body));
    expect([error.status, error.code]).toEqual([400, 'bad.request']);
  });

  it('mutes and holds a connected leg; holding a ringing leg is conversation.error.hold.alerting', async () => {
    const sim = setup();
    const id = await sim.dial('+13175550123');
    const [agent] = await sim.participants(id);
    const url = `/api/v2/conversations/calls/${id}/participants/${agent?.id}/user/${AGENT.id}`;
    const error = await sim.failure(sim.call('PATCH', url, { held: true }));
    expect(error.code).toBe('conversation.error.hold.alerting');
    sim.clock.advance(3_000);
    await sim.call('PATCH', url, { held: true, muted: true });
    expect((await sim.participants(id))[0]).toMatchObject({ held: true, muted: true });
  });
});

describe('calls: listing and history', () => {
  it("GET /conversations/calls lists the token user's active calls only", async () => {
    const sim = setup();
    const active = await sim.dial('+13175550123');
    const ended = await sim.dial('+13175553333');
    await sim.dial('+13175550123', SUPERVISOR.id);
    sim.clock.advance(1_100);
    const result = await sim.call('GET', '/api/v2/conversations/calls', undefined, sim.userToken(AGENT.id));
    const body = result.body as { entities: Array<{ id: string }>; total: number };
    expect(body.entities.map((c) => c.id)).toEqual([active]);
    expect(body.total).toBe(1);
    expect(ended).not.toBe(active);
  });

  it('history pages ended calls newest first, honours interval, caps pageSize at 50', async () => {
    const sim = setup();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await sim.dial('+13175553333'));
      sim.clock.advance(60_000);
    }
    const token = sim.userToken(AGENT.id);
    const page1 = (await sim.call('GET', '/api/v2/conversations/calls/history?pageSize=2', undefined, token)).body as {
      entities: Array<{ id: string; participants: Array<{ purpose: string; disconnectType?: string; sipResponseCodes?: number[] }> }>;
      total: number;
      pageCount: number;
      nextUri?: string;
    };
    expect(page1.entities.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    expect([page1.total, page1.pageCount]).toEqual([3, 2]);
    expect(page1.nextUri).toContain('pageNumber=2');
    expect(page1.entities[0]?.participants[1]).toMatchObject({ purpose: 'customer', disconnectType: 'transport.failure', sipResponseCodes: [503] });

    const start = new Date(sim.clock.now() - 3 * 60_000).toISOString();
    const end = new Date(sim.clock.now() - 2 * 60_000).toISOString(); // exclusive: the second call starts here
    const inInterval = (await sim.call('GET', `/api/v2/conversations/calls/history?interval=${start}/${end}`, undefined, token)).body as {
      entities: Array<{ id: string }>;
    };
    expect(inInterval.entities.map((c) => c.id)).toEqual([ids[0]]);

    const tooBig = await sim.failure(sim.call('GET', '/api/v2/conversations/calls/history?pageSize=51', undefined, token));
    expect([tooBig.status, tooBig.code]).toEqual([400, 'bad.request']);
    const badInterval = await sim.failure(sim.call('GET', '/api/v2/conversations/calls/history?interval=yesterday', undefined, token));
    expect([badInterval.status, badInterval.code]).toEqual([400, 'invalid.date']);
  });
});

describe('calls: events on the bus', () => {
  it('publishes every state change to the agent topics, in order, in both shapes', async () => {
    const sim = setup();
    const id = await sim.dial('+13175550000');
    sim.clock.runAll();
    const flat = sim.published.filter((event) => event.topicName === `v2.users.${AGENT.id}.conversations.calls`);
    const nested = sim.published.filter((event) => event.topicName === `v2.users.${AGENT.id}.conversations`);
    const flatStates = flat.map((event) =>
      (event.eventBody as { participants: Participant[] }).participants.map((p) => `${p.purpose}:${p.state}`).join(' '),
    );
    expect(flatStates).toEqual([
      'agent:contacting',
      'agent:connected',
      'agent:connected customer:dialing',
      'agent:connected customer:connected',
      'agent:disconnected customer:disconnected',
    ]);
    const nestedStates = nested.map((event) =>
      (event.eventBody as { participants: Array<{ purpose: string; calls: Array<{ state: string }> }> }).participants
        .map((p) => `${p.purpose}:${p.calls[0]?.state}`)
        .join(' '),
    );
    expect(nestedStates).toEqual(flatStates);
    expect(sim.published.every((event) => (event.eventBody as { id: string }).id === id)).toBe(true);
    // Alternating flat/nested per change keeps the two topics in lockstep.
    expect(sim.published.map((event) => event.topicName.endsWith('.calls'))).toEqual([true, false, true, false, true, false, true, false, true, false]);
  });
});

describe('calls: controls', () => {
  it('advanceCall runs the next transition now; listCalls shows what is pending', async () => {
    const sim = setup();
    const id = await sim.dial('+13175552222');
    expect(sim.calls.controls.listCalls()).toEqual([
      expect.objectContaining({ conversationId: id, testNumber: '2222', ended: false, pending: expect.objectContaining({ label: 'agent answers' }) }),
    ]);
    sim.calls.controls.advanceCall(id);
    const summary = sim.calls.controls.advanceCall(id);
    expect(summary.participants.map((p) => `${p.purpose}:${p.state}/${p.disconnectType}`)).toEqual([
      'agent:disconnected/peer',
      'customer:disconnected/system',
    ]);
    expect(() => sim.calls.controls.advanceCall(id)).toThrow(SimHttpError);
  });

  it.each([
    ['busy', 'endpoint'],
    ['noAnswer', 'system'],
    ['unreachable', 'transport.failure'],
  ] as const)('forceOutcome %s ends the customer leg with %s', async (outcome, disconnectType) => {
    const sim = setup();
    const id = await sim.dial('+13175550123');
    sim.calls.controls.forceOutcome(id, outcome);
    expect(await sim.states(id)).toEqual(['agent:disconnected/peer', `customer:disconnected/${disconnectType}`]);
  });

  it('forceOutcome customerAnswer then customerHangUp; inapplicable outcomes are refused without side effects', async () => {
    const sim = setup();
    const id = await sim.dial('+13175555555');
    expect(() => sim.calls.controls.forceOutcome(id, 'customerHangUp')).toThrow(/not connected/);
    expect(sim.calls.controls.listCalls()[0]?.pending?.label).toBe('agent answers');
    sim.calls.controls.forceOutcome(id, 'customerAnswer');
    expect(await sim.states(id)).toEqual(['agent:connected', 'customer:connected']);
    sim.calls.controls.forceOutcome(id, 'customerHangUp');
    expect(await sim.states(id)).toEqual(['agent:disconnected/peer', 'customer:disconnected/endpoint']);
    expect(() => sim.calls.controls.forceOutcome(id, 'busy')).toThrow(SimHttpError);
  });

  it('failNextCallCreation serverError: the call exists although the POST answered 503', async () => {
    const sim = setup();
    sim.calls.controls.failNextCallCreation({ kind: 'serverError' });
    const error = await sim.failure(sim.call('POST', `/api/v2/conversations/calls/user/${AGENT.id}`, { phoneNumber: '+13175550123' }));
    expect([error.status, error.code]).toEqual([503, 'service.unavailable']);
    expect(sim.calls.controls.listCalls()).toHaveLength(1);
    await sim.dial('+13175550123');
    expect(sim.calls.controls.listCalls()).toHaveLength(2);
  });

  it('failNextCallCreation slowResponse: the agent phone rings before the POST answers', async () => {
    const sim = setup();
    sim.calls.controls.failNextCallCreation({ kind: 'slowResponse', delayMs: 20_000 });
    let answered: SimResult | undefined;
    const pending = sim.call('POST', `/api/v2/conversations/calls/user/${AGENT.id}`, { phoneNumber: '+13175550123' }).then((result) => {
      answered = result;
    });
    await Promise.resolve();
    expect(sim.calls.controls.listCalls()).toHaveLength(1);
    sim.clock.advance(19_999);
    await Promise.resolve();
    expect(answered).toBeUndefined();
    sim.clock.advance(1);
    await pending;
    expect(answered?.status).toBe(200);
  });

  it('close() releases held responses and stops every timer', async () => {
    const sim = setup();
    sim.calls.controls.failNextCallCreation({ kind: 'slowResponse', delayMs: 60_000 });
    const pending = sim.call('POST', `/api/v2/conversations/calls/user/${AGENT.id}`, { phoneNumber: '+13175550123' });
    await Promise.resolve();
    sim.calls.close();
    await expect(pending).resolves.toMatchObject({ status: 200 });
    expect(sim.clock.pendingTimers()).toBe(0);
  });

  it('validates control input', () => {
    const sim = setup();
    expect(() => sim.calls.controls.failNextCallCreation({ kind: 'serverError', status: 418 as 500 })).toThrow(/500, 503 or 504/);
    expect(() => sim.calls.controls.forceOutcome('x', 'explode' as 'busy')).toThrow(/outcome must be one of/);
  });
});
