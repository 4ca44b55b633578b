/**
 * The dialer's decisions with a scripted Genesys: the paths the simulator cannot produce on
 * demand (a POST that fails with no call behind it, a second 429, REST-only reconciliation) and
 * the pure warning rules. Time is a fake clock; Genesys is a fake session.
 */
import { describe, expect, it } from 'vitest';
import type { Models } from 'purecloud-platform-client-v2';
import type { GenesysApis, GenesysSession } from '../genesys/session';
import { createMemoryLogger } from '../logging/logger';
import type { Principal, RecentCall } from '../../shared/domain';
import { agentWarnings, createDialer } from './service';
import { createFakeClock, settle } from '../test-support/fake-clock';
import { createTestStateHub } from '../test-support/fakes';


const AGENT = 'agent-ada';
const ME = 'user-me';

function requestError(status: number, code: string, extra: { retryAfterSeconds?: number } = {}): Error {
  return Object.assign(new Error(`${code} (${status})`), { status, code, outcomeUnknown: status >= 500, ...extra });
}

function conversation(id: string, number: string, agentState: string, userId = AGENT): Models.CallConversation {
  return {
    id,
    participants: [{ id: `${id}-agent`, purpose: 'agent', state: agentState, user: { id: userId }, dnis: `tel:${number}` }],
  };
}

function setup(options: { principal?: Principal; posts: Array<() => Promise<Models.CreateCallResponse>>; active?: Models.CallConversation[] }) {
  const clock = createFakeClock();
  const log = createMemoryLogger();
  const requests: string[] = [];
  const user: Models.User = {
    version: 1,
    id: AGENT,
    name: 'Ada Lovelace',
    presence: { presenceDefinition: { systemPresence: 'Available' } },
    routingStatus: { status: 'OFF_QUEUE' },
    station: { associatedStation: { id: 'station-1' } },
  };
  const conversations = new Map<string, Models.CallConversation>();
  const faults: { readError?: Error } = {};
  const api = {
    users: {
      getUser: async (id: string) => ({ ...user, id, name: id === ME ? 'Me Myself' : user.name }),
    },
    conversations: {
      postConversationsCallsUserUserId: async () => {
        const next = options.posts.shift();
        if (!next) throw new Error('unexpected POST');
        return next();
      },
      postConversationsCalls: async () => {
        const next = options.posts.shift();
        if (!next) throw new Error('unexpected POST');
        return next();
      },
      getConversationsCalls: async (): Promise<Models.CallConversationEntityListing> => ({ entities: options.active ?? [] }),
      getConversationsCall: async (id: string) => {
        if (faults.readError) throw faults.readError;
        const found = conversations.get(id) ?? options.active?.find((c) => c.id === id);
        if (!found) throw requestError(404, 'conversation.error.conversation.not.found');
        return found;
      },
      patchConversationsCallParticipantUserUserId: async () => undefined,
      patchConversationsCallParticipant: async () => undefined,
    },
  };
  const session = {
    connectionId: 'conn-1',
    connectionName: 'Test org',
    principal: options.principal ?? { kind: 'client', clientId: 'client-1' },
    request<T>(opts: { label: string }, run: (apis: GenesysApis) => Promise<T>): Promise<T> {
      requests.push(opts.label);
      return run(api as unknown as GenesysApis);
    },
  } as unknown as GenesysSession;
  const hub = createTestStateHub();
  const recents = new Map<string, RecentCall>();
  let ids = 0;
  const dialer = createDialer({
    session: () => session,
    notifications: () => null,
    settings: { get: () => hub.app().settings },
    recents: {
      async add(entry) {
        recents.set(entry.id, entry);
      },
      async update(id, patch) {
        const entry = recents.get(id);
        if (entry) recents.set(id, { ...entry, ...patch });
      },
    },
    audit: { record: async () => undefined },
    hub,
    clock,
    log,
    newId: () => `call-${++ids}`,
  });
  return { clock, dialer, hub, requests, recents, conversations, faults, log };
}

describe('an unknown POST outcome', () => {
  it('waits the 20 s grace window, never re-POSTs, and fails with an instruction when no call appears', async () => {
    const t = setup({ posts: [() => Promise.reject(requestError(503, 'service.unavailable'))] });
    let settled: unknown;
    const placing = t.dialer.place({ number: '+13175550123', agentId: AGENT, source: 'dialpad' }).catch((error: unknown) => {
      settled = error;
    });
    await t.clock.advance(19_000);
    expect(settled).toBeUndefined();
    expect(t.hub.app().calls[0]).toMatchObject({ phase: 'placing', reconciling: true });
    await t.clock.advance(1_000);
    await placing;
    expect(settled).toMatchObject({
      code: 'dial.outcomeUnknown',
      message: "We could not confirm the call was placed; check Ada Lovelace's phone before retrying.",
    });
    expect(t.requests.filter((label) => label === 'dial.place')).toHaveLength(1);
    expect(t.hub.app().calls[0]).toMatchObject({ phase: 'ended', endReason: 'failed' });
    expect(t.hub.app().calls[0]?.reconciling).toBeUndefined();
    await settle();
    // It may have been placed, so recents says failed, not notPlaced.
    expect(t.recents.get('call-1')).toMatchObject({ outcome: 'failed' });
  });

  it("finds the call in a user's own active calls over REST and adopts it", async () => {
    const t = setup({
      principal: { kind: 'user', userId: ME, name: 'Me Myself' },
      posts: [() => Promise.reject(requestError(504, 'request.timeout'))],
      active: [conversation('old-call', '+13175550999', 'connected', ME), conversation('the-call', '+13175550123', 'contacting', ME)],
    });
    const placing = t.dialer.place({ number: '(317) 555-0123', source: 'recent' });
    await t.clock.advance(0);
    const outcome = await placing;
    expect(outcome).toMatchObject({ status: 'placed', call: { conversationId: 'the-call', agent: null } });
    expect(t.requests.filter((label) => label === 'dial.place')).toHaveLength(1);
    expect(t.requests).toContain('dial.reconcile');
  });
});

describe('rate limits', () => {
  it('retries exactly once after Retry-After and fails with the wait when Genesys is still limiting', async () => {
    const t = setup({
      posts: [
        () => Promise.reject(requestError(429, 'too.many.requests.retry.after', { retryAfterSeconds: 7 })),
        () => Promise.reject(requestError(429, 'too.many.requests.retry.after', { retryAfterSeconds: 12 })),
      ],
    });
    let settled: unknown;
    const placing = t.dialer.place({ number: '+13175550123', agentId: AGENT, source: 'dialpad' }).catch((error: unknown) => {
      settled = error;
    });
    await t.clock.advance(0);
    const waiting = t.hub.app().calls[0];
    expect(waiting?.retryAt).toBe(t.clock.now() + 7_000);
    await t.clock.advance(6_999);
    expect(t.requests.filter((label) => label === 'dial.place')).toHaveLength(1);
    await t.clock.advance(1);
    await placing;
    expect(t.requests.filter((label) => label === 'dial.place')).toHaveLength(2);
    expect(settled).toMatchObject({ code: 'dial.rateLimited', message: expect.stringContaining('Try again in 12 s') });
    expect(t.hub.app().calls[0]?.retryAt).toBeUndefined();
  });
});

describe('definite refusals and cancelling in flight', () => {
  it('explains a missing station reported by the POST itself', async () => {
    const t = setup({ posts: [() => Promise.reject(requestError(400, 'conversation.error.no.user.station'))] });
    const placing = t.dialer.place({ number: '+13175550123', agentId: AGENT, source: 'dialpad' });
    await expect(placing).rejects.toMatchObject({
      code: 'dial.noStation',
      message: 'Ada Lovelace has no Genesys phone (station) assigned, so Genesys cannot ring them. Ask an admin to assign one, or pick another agent.',
    });
    await settle();
    expect(t.recents.get('call-1')).toMatchObject({ outcome: 'notPlaced' });
  });

  it('hangs up as soon as the POST answers when the user hung up while it was in flight', async () => {
    let answer: (value: Models.CreateCallResponse) => void = () => undefined;
    const t = setup({ posts: [() => new Promise((resolve) => (answer = resolve))] });
    t.conversations.set('conv-1', conversation('conv-1', '+13175550123', 'contacting'));
    const placing = t.dialer.place({ number: '+13175550123', agentId: AGENT, source: 'dialpad' });
    await t.clock.advance(0);
    await t.dialer.hangUp('call-1');
    expect(t.requests).not.toContain('calls.hangUp');
    answer({ id: 'conv-1' });
    await placing;
    await t.clock.advance(0);
    expect(t.requests).toContain('calls.hangUp');
  });

  it('still hangs up, once Genesys shows the call, when the new conversation 404s at first', async () => {
    let answer: (value: Models.CreateCallResponse) => void = () => undefined;
    const t = setup({ posts: [() => new Promise((resolve) => (answer = resolve))] });
    const placing = t.dialer.place({ number: '+13175550123', agentId: AGENT, source: 'dialpad' });
    await t.clock.advance(0);
    await t.dialer.hangUp('call-1');
    answer({ id: 'conv-1' });
    await placing;
    await t.clock.advance(0);
    expect(t.requests).toContain('calls.read'); // answered 404: nothing to hang up yet
    expect(t.requests).not.toContain('calls.hangUp');
    t.conversations.set('conv-1', conversation('conv-1', '+13175550123', 'contacting'));
    await t.clock.advance(1_000); // the next poll shows the agent's ringing leg
    expect(t.requests).toContain('calls.hangUp');
    t.conversations.set('conv-1', {
      id: 'conv-1',
      participants: [{ id: 'conv-1-agent', purpose: 'agent', state: 'disconnected', disconnectType: 'client', user: { id: AGENT } }],
    });
    await t.clock.advance(5_000);
    expect(t.hub.app().calls[0]).toMatchObject({ phase: 'ended', endReason: 'cancelled' });
    expect(t.recents.get('call-1')).toMatchObject({ outcome: 'cancelled', conversationId: 'conv-1' });
  });

  it('keeps a pushed end when a late read says the call is still ringing', async () => {
    const t = setup({ posts: [async () => ({ id: 'conv-1' })] });
    t.conversations.set('conv-1', conversation('conv-1', '+13175550123', 'contacting'));
    await t.dialer.place({ number: '+13175550123', agentId: AGENT, source: 'dialpad' });
    await t.clock.advance(1_000); // first poll: ringing
    expect(t.hub.app().calls[0]?.phase).toBe('ringingAgent');
    t.conversations.set('conv-1', {
      id: 'conv-1',
      participants: [{ id: 'conv-1-agent', purpose: 'agent', state: 'disconnected', disconnectType: 'system', user: { id: AGENT } }],
    });
    await t.clock.advance(2_000);
    expect(t.hub.app().calls[0]).toMatchObject({ phase: 'ended', endReason: 'agentNoAnswer' });
    t.conversations.set('conv-1', conversation('conv-1', '+13175550123', 'contacting'));
    await t.clock.advance(10_000);
    expect(t.hub.app().calls[0]).toMatchObject({ phase: 'ended', endReason: 'agentNoAnswer' });
  });
});

describe('a call that can no longer be read', () => {
  it('ends as failed, saying so, when the session is signed out mid-call', async () => {
    const t = setup({ posts: [async () => ({ id: 'conv-1' })] });
    t.conversations.set('conv-1', conversation('conv-1', '+13175550123', 'contacting'));
    await t.dialer.place({ number: '+13175550123', agentId: AGENT, source: 'dialpad' });
    await t.clock.advance(1_000);
    expect(t.hub.app().calls[0]?.phase).toBe('ringingAgent');
    t.faults.readError = Object.assign(new Error('Signed out'), { code: 'session.closed', outcomeUnknown: false });
    await t.clock.advance(2_000);
    expect(t.hub.app().calls[0]).toMatchObject({ phase: 'ended', endReason: 'failed', endMessage: expect.stringContaining('Signed out of Genesys') });
    const reads = t.requests.filter((label) => label === 'calls.read').length;
    await t.clock.advance(60_000);
    expect(t.requests.filter((label) => label === 'calls.read')).toHaveLength(reads); // polling stopped
  });

  it('gives up after three 404s in a row', async () => {
    const t = setup({ posts: [async () => ({ id: 'conv-gone' })] });
    await t.dialer.place({ number: '+13175550123', agentId: AGENT, source: 'dialpad' });
    await t.clock.advance(1_000 + 2_000);
    expect(t.hub.app().calls[0]?.phase).toBe('placing');
    await t.clock.advance(3_000);
    expect(t.hub.app().calls[0]).toMatchObject({ phase: 'ended', endReason: 'failed', endMessage: expect.stringContaining('no longer shows this call') });
  });
});

describe('preview', () => {
  it('formats the number as typed in the default country, whether or not it is complete yet', () => {
    const t = setup({ posts: [] });
    expect(t.dialer.preview('2015550')).toEqual({ valid: false, code: 'tooShort', problem: expect.any(String), formatted: '(201) 555-0' });
    expect(t.dialer.preview('2015550123')).toMatchObject({ valid: true, e164: '+12015550123', formatted: '(201) 555-0123' });
    t.hub.updateApp((app) => ({ settings: { ...app.settings, defaultCountry: 'GB' } }));
    expect(t.dialer.preview('02079460958')).toMatchObject({ valid: true, e164: '+442079460958', formatted: '020 7946 0958' });
  });

  it('returns text it cannot format as typed, next to the problem', () => {
    const t = setup({ posts: [] });
    expect(t.dialer.preview('*67')).toMatchObject({ valid: false, code: 'keypadSymbol', formatted: '*67' });
  });
});

describe('agentWarnings', () => {
  const user = (systemPresence: string, status: string): Models.User => ({
    version: 1,
    presence: { presenceDefinition: { systemPresence } },
    routingStatus: { status },
  });

  it.each([
    ['Available', 'OFF_QUEUE', []],
    ['On Queue', 'IDLE', []],
    ['Offline', 'OFF_QUEUE', ['agentOffline']],
    ['OFFLINE', 'OFF_QUEUE', ['agentOffline']],
    ['Away', 'OFF_QUEUE', ['agentAway']],
    ['Meal', 'OFF_QUEUE', ['agentAway']],
    ['Busy', 'OFF_QUEUE', ['agentBusy']],
    ['On Queue', 'INTERACTING', ['agentBusy']],
    ['Busy', 'COMMUNICATING', ['agentBusy']],
    ['On Queue', 'NOT_RESPONDING', ['agentNotRouting']],
    // Push events spell them differently from REST: the agents module reads both.
    ['ON_QUEUE', 'IDLE', []],
    ['MEAL', 'OFF_QUEUE', ['agentAway']],
    ['Idle', 'OFF_QUEUE', ['agentAway']],
    ['Available', 'Not Responding', ['agentNotRouting']],
    ['Lunch', 'WRAPUP', []],
  ] as const)('%s / %s → %j', (presence, routing, codes) => {
    expect(agentWarnings(user(presence, routing), 'Ada').map((w) => w.code)).toEqual(codes);
  });

  it('names the presence as Genesys labels it, however the event spelled it', () => {
    expect(agentWarnings(user('MEAL', 'OFF_QUEUE'), 'Ada')).toEqual([{ code: 'agentAway', message: 'Ada is Meal (away from their desk), so they may not answer.' }]);
  });
});
