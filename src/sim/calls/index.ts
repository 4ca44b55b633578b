import type { Models } from 'purecloud-platform-client-v2';
import type { EventBus, RouteDef, SimClock, SimRequest, SimResult } from '../kernel';
import { SimHttpError, queryList } from '../kernel';
import { CallEngine, FORCED_OUTCOMES, agentLeg, type ForcedOutcome, type SimCall } from './engine';
import { parseCreateCallRequest, parseParticipantChange, requireDisconnectAll } from './requests';
import { planForNumber, type AnswerMode } from './scenarios';
import { callConversation, callConversationEvent, callHistoryConversation, callSelfUri, conversation, conversationEvent } from './views';

export type { AnswerMode } from './scenarios';
export type { ForcedOutcome } from './engine';
export { FORCED_OUTCOMES } from './engine';
export { TEST_NUMBERS, AGENT_TIMINGS } from './scenarios';

export interface CallDirectoryUser {
  id: string;
  name: string;
  stationId?: string;
  answerMode: AnswerMode;
}

export interface CallDirectory {
  findUser(id: string): CallDirectoryUser | undefined;
}

export interface CallsDeps {
  clock: SimClock;
  bus: EventBus;
  directory: CallDirectory;
  /** A fresh uuid per call. */
  ids(): string;
}

/**
 * Makes the next call-creating POST "accept then fail to answer": the call is placed (the agent's
 * phone rings) but the HTTP answer is a 5xx, or arrives only after `delayMs` on the simulator's
 * clock (past the client's timeout). Lets the app prove it never dials twice.
 */
export type CreateFailurePlan = { kind: 'serverError'; status?: 500 | 503 | 504 } | { kind: 'slowResponse'; delayMs: number };

export interface SimCallSummary {
  conversationId: string;
  agentUserId: string;
  phoneNumber: string;
  /** The test-number suffix that chose the customer's behaviour, or 'default'. */
  testNumber: string;
  answerMode: AnswerMode;
  /** The OAuth client (and user, for user tokens) whose request placed the call. */
  placedBy: { clientId: string; userId?: string };
  ended: boolean;
  /** The next scheduled transition, if any. */
  pending?: { label: string; dueAt: string };
  participants: Array<{ id: string; purpose: 'agent' | 'customer'; state: string; disconnectType?: string }>;
}

export interface CallControls {
  /** Runs the call's next scheduled transition now. */
  advanceCall(conversationId: string): SimCallSummary;
  forceOutcome(conversationId: string, outcome: ForcedOutcome): SimCallSummary;
  listCalls(): SimCallSummary[];
  failNextCallCreation(plan: CreateFailurePlan): void;
}

export interface CallsModule {
  /** The Genesys endpoints plus the `/__sim/calls…` control endpoints (auth 'none'). */
  routes: RouteDef[];
  controls: CallControls;
  close(): void;
}

/** Caller id shown to the customer when the request has none (UNCONFIRMED: real orgs use their own). */
export const DEFAULT_CALLER_ID = '+13175550100';
const HISTORY_MAX_PAGE_SIZE = 50;
const HISTORY_DEFAULT_PAGE_SIZE = 25;
const HISTORY_EXPANDS = new Set(['externalorganization', 'externalcontact', 'user', 'queue', 'group']);

const CREATE_FAILURES: Record<500 | 503 | 504, { code: string; message: string }> = {
  500: { code: 'internal.server.error', message: 'The server encountered an unexpected condition which prevented it from fulfilling the request.' },
  503: { code: 'service.unavailable', message: 'Service Unavailable - The server is currently unavailable (because it is overloaded or down for maintenance).' },
  504: { code: 'request.timeout', message: 'The request timed out.' },
};

export function createCallsModule(deps: CallsDeps): CallsModule {
  const engine = new CallEngine({
    clock: deps.clock,
    ids: deps.ids,
    onChange(call) {
      const agentId = call.agent.id;
      deps.bus.publish(`v2.users.${agentId}.conversations.calls`, callConversationEvent(call));
      deps.bus.publish(`v2.users.${agentId}.conversations`, conversationEvent(call));
    },
  });
  let nextCreateFailure: CreateFailurePlan | undefined;
  const heldResponses = new Set<() => void>();

  function findCall(conversationId: string): SimCall {
    const call = engine.get(conversationId);
    if (!call) {
      throw new SimHttpError(404, 'conversation.error.conversation.not.found', 'The conversation does not exist.', {
        entityId: conversationId,
      });
    }
    return call;
  }

  function findUser(userId: string): CallDirectoryUser {
    const user = deps.directory.findUser(userId);
    if (!user) {
      throw new SimHttpError(404, 'general.resource.not.found', 'Unable to find a user with that userId', { entityId: userId });
    }
    return user;
  }

  async function placeCall(req: SimRequest, agentUserId: string): Promise<SimResult> {
    const user = findUser(agentUserId);
    const request = parseCreateCallRequest(req.body);
    if (!user.stationId) {
      throw new SimHttpError(400, 'conversation.error.no.user.station', 'A station is required to place a call.');
    }
    const call = engine.place({
      agent: { id: user.id, name: user.name },
      answerMode: user.answerMode,
      phoneNumber: request.number.normalized,
      plan: planForNumber(request.number.digits),
      callerId: request.callerId?.normalized ?? DEFAULT_CALLER_ID,
      callerIdName: request.callerIdName,
      destinationName: request.destinationName,
      attributes: request.attributes,
      placedBy: { clientId: req.auth?.clientId ?? '', userId: req.auth?.userId },
    });
    const body: Models.CreateCallResponse = { id: call.id, selfUri: callSelfUri(call.id) };
    const failure = nextCreateFailure;
    nextCreateFailure = undefined;
    if (failure?.kind === 'serverError') {
      const { code, message } = CREATE_FAILURES[failure.status ?? 503];
      throw new SimHttpError(failure.status ?? 503, code, message);
    }
    if (failure?.kind === 'slowResponse') await holdResponse(failure.delayMs);
    return { status: 200, body };
  }

  function holdResponse(delayMs: number): Promise<void> {
    return new Promise((resolve) => {
      const release = (): void => {
        heldResponses.delete(release);
        deps.clock.clearTimeout(timer);
        resolve();
      };
      const timer = deps.clock.setTimeout(release, delayMs);
      heldResponses.add(release);
    });
  }

  function changeParticipant(call: SimCall, participantId: string, body: unknown): SimResult {
    const change = parseParticipantChange(body);
    switch (change.kind) {
      case 'disconnect':
        engine.disconnectLeg(call, participantId, 'client');
        break;
      case 'answer':
        engine.answerLeg(call, participantId);
        break;
      case 'flags':
        engine.setLegFlags(call, participantId, change);
        break;
    }
    return { status: 202 };
  }

  function userCalls(userId: string): SimCall[] {
    return engine.all().filter((call) => agentLeg(call).user?.id === userId);
  }

  function history(req: SimRequest, userId: string): SimResult {
    const pageSize = positiveInt(req.query.get('pageSize'), 'pageSize', HISTORY_DEFAULT_PAGE_SIZE);
    if (pageSize > HISTORY_MAX_PAGE_SIZE) {
      throw new SimHttpError(400, 'bad.request', 'pageSize must be between 1 and {max}.', {
        messageParams: { max: String(HISTORY_MAX_PAGE_SIZE) },
      });
    }
    const pageNumber = positiveInt(req.query.get('pageNumber'), 'pageNumber', 1);
    const interval = parseInterval(req.query.get('interval'));
    const expand = queryList(req.query, 'expand');
    const unknownExpand = expand.find((value) => !HISTORY_EXPANDS.has(value));
    if (unknownExpand) throw new SimHttpError(400, 'bad.request', `expand does not accept '${unknownExpand}'.`);
    const ended = userCalls(userId)
      .filter((call) => call.endTime !== undefined)
      .filter((call) => !interval || (call.startTime >= interval.start && call.startTime < interval.end))
      .sort((a, b) => b.startTime - a.startTime);
    const pageCount = Math.ceil(ended.length / pageSize);
    const pageUri = (page: number): string => {
      const params = new URLSearchParams({ pageSize: String(pageSize), pageNumber: String(page) });
      if (req.query.get('interval')) params.set('interval', req.query.get('interval') ?? '');
      return `/api/v2/conversations/calls/history?${params.toString()}`;
    };
    const listing: Models.CallHistoryConversationEntityListing = {
      entities: ended
        .slice((pageNumber - 1) * pageSize, pageNumber * pageSize)
        .map((call) => callHistoryConversation(call, expand.includes('user'))),
      pageSize,
      pageNumber,
      total: ended.length,
      firstUri: pageUri(1),
      selfUri: pageUri(pageNumber),
      lastUri: pageUri(Math.max(pageCount, 1)),
      ...(pageNumber < pageCount ? { nextUri: pageUri(pageNumber + 1) } : {}),
      ...(pageNumber > 1 ? { previousUri: pageUri(pageNumber - 1) } : {}),
      pageCount,
    };
    return { status: 200, body: listing };
  }

  function summary(call: SimCall): SimCallSummary {
    return {
      conversationId: call.id,
      agentUserId: call.agent.id,
      phoneNumber: call.phoneNumber,
      testNumber: call.plan.key,
      answerMode: call.answerMode,
      placedBy: { ...call.placedBy },
      ended: call.endTime !== undefined,
      ...(call.pending ? { pending: { label: call.pending.label, dueAt: new Date(call.pending.dueAt).toISOString() } } : {}),
      participants: call.legs.map((leg) => ({
        id: leg.id,
        purpose: leg.purpose,
        state: leg.state,
        ...(leg.disconnectType ? { disconnectType: leg.disconnectType } : {}),
      })),
    };
  }

  const controls: CallControls = {
    advanceCall(conversationId) {
      const call = findCall(conversationId);
      engine.advance(call);
      return summary(call);
    },
    forceOutcome(conversationId, outcome) {
      if (!FORCED_OUTCOMES.includes(outcome)) {
        throw new SimHttpError(400, 'bad.request', `outcome must be one of ${FORCED_OUTCOMES.join(', ')}.`);
      }
      const call = findCall(conversationId);
      engine.forceOutcome(call, outcome);
      return summary(call);
    },
    listCalls() {
      return engine.all().map(summary);
    },
    failNextCallCreation(plan) {
      nextCreateFailure = validateFailurePlan(plan);
    },
  };

  const requireUserId = (req: SimRequest): string => {
    // The server rejects client-credentials tokens on requiresUser routes before we get here.
    const userId = req.auth?.userId;
    if (!userId) throw new SimHttpError(400, 'not.a.user', 'This request requires a user context. Client credentials cannot be used for requests to this resource.');
    return userId;
  };

  const routes: RouteDef[] = [
    {
      method: 'POST',
      pattern: '/api/v2/conversations/calls',
      auth: 'token',
      requiresUser: true,
      handler: (req) => placeCall(req, requireUserId(req)),
    },
    {
      method: 'POST',
      pattern: '/api/v2/conversations/calls/user/:userId',
      auth: 'token',
      handler: (req) => placeCall(req, param(req, 'userId')),
    },
    {
      method: 'GET',
      pattern: '/api/v2/conversations/calls',
      auth: 'token',
      requiresUser: true,
      handler: (req) => {
        const active = userCalls(requireUserId(req)).filter((call) => call.endTime === undefined);
        const listing: Models.CallConversationEntityListing = {
          entities: active.map(callConversation),
          pageSize: Math.max(active.length, HISTORY_DEFAULT_PAGE_SIZE),
          pageNumber: 1,
          total: active.length,
          firstUri: '/api/v2/conversations/calls?pageNumber=1',
          selfUri: '/api/v2/conversations/calls?pageNumber=1',
          lastUri: '/api/v2/conversations/calls?pageNumber=1',
          pageCount: 1,
        };
        return { status: 200, body: listing };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/conversations/calls/history',
      auth: 'token',
      requiresUser: true,
      handler: (req) => history(req, requireUserId(req)),
    },
    {
      method: 'GET',
      pattern: '/api/v2/conversations/calls/:conversationId',
      auth: 'token',
      handler: (req) => ({ status: 200, body: callConversation(findCall(param(req, 'conversationId'))) }),
    },
    {
      method: 'PATCH',
      pattern: '/api/v2/conversations/calls/:conversationId',
      auth: 'token',
      requiresUser: true,
      handler: (req) => {
        const call = findCall(param(req, 'conversationId'));
        requireDisconnectAll(req.body);
        engine.disconnectAll(call);
        return { status: 200, body: conversation(call) };
      },
    },
    {
      method: 'PATCH',
      pattern: '/api/v2/conversations/calls/:conversationId/participants/:participantId',
      auth: 'token',
      requiresUser: true,
      handler: (req) => changeParticipant(findCall(param(req, 'conversationId')), param(req, 'participantId'), req.body),
    },
    {
      method: 'PATCH',
      pattern: '/api/v2/conversations/calls/:conversationId/participants/:participantId/user/:userId',
      auth: 'token',
      handler: (req) => {
        const call = findCall(param(req, 'conversationId'));
        const userId = param(req, 'userId');
        findUser(userId);
        if (!call.legs.some((leg) => leg.user?.id === userId)) {
          // The wording of the real 404 from the sibling POST …/participants/user/{userId} (fact sheet §2).
          throw new SimHttpError(404, 'not.found', `User ${userId} is not a participant in the conversation.`, { entityId: userId });
        }
        return changeParticipant(call, param(req, 'participantId'), req.body);
      },
    },
    {
      method: 'GET',
      pattern: '/__sim/calls',
      auth: 'none',
      handler: () => ({ status: 200, body: controls.listCalls() }),
    },
    {
      method: 'POST',
      pattern: '/__sim/calls/fail-next-create',
      auth: 'none',
      handler: (req) => {
        controls.failNextCallCreation(req.body as CreateFailurePlan);
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      pattern: '/__sim/calls/:conversationId/advance',
      auth: 'none',
      handler: (req) => ({ status: 200, body: controls.advanceCall(param(req, 'conversationId')) }),
    },
    {
      method: 'POST',
      pattern: '/__sim/calls/:conversationId/outcome',
      auth: 'none',
      handler: (req) => {
        const outcome = (req.body as { outcome?: unknown } | undefined)?.outcome;
        return { status: 200, body: controls.forceOutcome(param(req, 'conversationId'), outcome as ForcedOutcome) };
      },
    },
  ];

  return {
    routes,
    controls,
    close() {
      engine.close();
      for (const release of [...heldResponses]) release();
    },
  };
}

function param(req: SimRequest, name: string): string {
  const value = req.params[name];
  if (!value) throw new SimHttpError(400, 'bad.request', `The path parameter ${name} is required.`);
  return value;
}

function positiveInt(raw: string | null, name: string, fallback: number): number {
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new SimHttpError(400, 'bad.request', `${name} must be a positive integer.`);
  }
  return value;
}

/** ISO-8601 `start/end`, as the history endpoint's `interval` parameter. */
function parseInterval(raw: string | null): { start: number; end: number } | undefined {
  if (raw === null || raw === '') return undefined;
  const [startText, endText, ...rest] = raw.split('/');
  const start = Date.parse(startText ?? '');
  const end = Date.parse(endText ?? '');
  if (rest.length > 0 || Number.isNaN(start) || Number.isNaN(end) || end < start) {
    throw new SimHttpError(400, 'invalid.date', '{field} must be two ISO-8601 date-times, start/end, with start before end.', {
      messageParams: { field: 'interval' },
    });
  }
  return { start, end };
}

function validateFailurePlan(plan: unknown): CreateFailurePlan {
  const candidate = plan as Partial<Record<string, unknown>> | undefined;
  if (candidate?.kind === 'serverError') {
    const status = candidate.status ?? 503;
    if (status !== 500 && status !== 503 && status !== 504) {
      throw new SimHttpError(400, 'bad.request', 'status must be 500, 503 or 504.');
    }
    return { kind: 'serverError', status };
  }
  if (candidate?.kind === 'slowResponse') {
    const { delayMs } = candidate;
    if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0) {
      throw new SimHttpError(400, 'bad.request', 'delayMs must be a non-negative number of milliseconds.');
    }
    return { kind: 'slowResponse', delayMs };
  }
  throw new SimHttpError(400, 'bad.request', "kind must be 'serverError' or 'slowResponse'.");
}
