import { assertFailureRate, assertLatency, type SimConfig } from './config';
import { badRequest, invalidValue } from './errors';
import type { RouteDef } from './kernel';
import type { Org } from './org';
import { answerModes, type AnswerMode } from './seed';
import { isRecord } from './users';

/** The org-side controls; index.ts adds the calls and notifications modules' controls to them. */
export interface OrgControls {
  setPresence(userId: string, systemPresenceOrDefinitionId: string): void;
  setRoutingStatus(userId: string, status: string): void;
  setStation(userId: string, stationId: string | null): void;
  setAnswerMode(userId: string, mode: AnswerMode): void;
  /** Every issued token, refresh token and authorization code stops working (401 bad.credentials). */
  expireTokens(): void;
  setLatency(ms: number): void;
  setFailureRate(share: number): void;
  setRequestsPerMinute(n: number): void;
  /** A service restart: WebSockets and idle HTTP connections drop, rate windows reset; data survives. */
  restart(): void;
  /**
   * What an OAuth client's roles grant, from its next request on: 'all' (every demo client's
   * default) or exactly these permissions; endpoints that check one it lacks answer 403 missing.permissions.
   */
  setClientPermissions(clientId: string, permissions: readonly string[] | 'all'): void;
  clientPermissions(clientId: string): string[] | 'all';
}

export function createOrgControls(deps: {
  org: Org;
  config: SimConfig;
  expireTokens(): void;
  restart(): void;
}): OrgControls {
  const { org, config } = deps;
  return {
    setPresence: (userId, presence) => void org.setPresence(userId, presence),
    setRoutingStatus: (userId, status) => void org.setRoutingStatus(userId, status),
    setStation: (userId, stationId) => void org.setStation(userId, stationId),
    setAnswerMode(userId, mode) {
      if (!answerModes.includes(mode)) throw invalidValue(`answer mode must be one of ${answerModes.join(', ')}, got ${String(mode)}`);
      org.setAnswerMode(userId, mode);
    },
    expireTokens: deps.expireTokens,
    setLatency(ms) {
      assertLatency(ms);
      config.latencyMs = ms;
    },
    setFailureRate(share) {
      assertFailureRate(share);
      config.failureRate = share;
    },
    setRequestsPerMinute(n) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`requests per minute must be a positive integer, got ${String(n)}`);
      config.requestsPerMinute = n;
    },
    restart: deps.restart,
    setClientPermissions: (clientId, permissions) => org.setClientPermissions(clientId, permissions),
    clientPermissions(clientId) {
      if (!org.hasOAuthClient(clientId)) throw new RangeError(`no OAuth client ${clientId} in this org`);
      const grant = org.permissionsOf(clientId);
      return grant === 'all' ? 'all' : [...grant].sort();
    },
  };
}

function field<T>(body: unknown, name: string, check: (value: unknown) => value is T, expected: string): T {
  const value = isRecord(body) ? body[name] : undefined;
  if (!check(value)) throw badRequest(`Body field "${name}" must be ${expected}.`);
  return value;
}
const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStationId = (v: unknown): v is string | null => v === null || isString(v);
const isPermissions = (v: unknown): v is string[] | 'all' => v === 'all' || (Array.isArray(v) && v.every((p) => typeof p === 'string'));

/** Wraps a control so a RangeError (bad argument) becomes a 400 with its message. */
function run(action: () => void): { status: number; body: { ok: true } } {
  try {
    action();
  } catch (error) {
    if (error instanceof RangeError) throw badRequest(error.message);
    throw error;
  }
  return { status: 200, body: { ok: true } };
}

/** `/__sim/*`: the same controls over HTTP (JSON bodies, no auth), for the CLI and e2e tests. */
export function orgControlRoutes(controls: OrgControls, requestLog: () => unknown): RouteDef[] {
  return [
    {
      method: 'POST',
      pattern: '/__sim/users/:userId/presence',
      auth: 'none',
      handler: ({ params, body }) => run(() => controls.setPresence(params.userId ?? '', field(body, 'presence', isString, 'a system presence or definition id'))),
    },
    {
      method: 'POST',
      pattern: '/__sim/users/:userId/routing-status',
      auth: 'none',
      handler: ({ params, body }) => run(() => controls.setRoutingStatus(params.userId ?? '', field(body, 'status', isString, 'a routing status'))),
    },
    {
      method: 'POST',
      pattern: '/__sim/users/:userId/station',
      auth: 'none',
      handler: ({ params, body }) => run(() => controls.setStation(params.userId ?? '', field(body, 'stationId', isStationId, 'a station id or null'))),
    },
    {
      method: 'POST',
      pattern: '/__sim/users/:userId/answer-mode',
      auth: 'none',
      handler: ({ params, body }) =>
        run(() => controls.setAnswerMode(params.userId ?? '', field(body, 'mode', (v): v is AnswerMode => answerModes.includes(v as AnswerMode), `one of ${answerModes.join(', ')}`))),
    },
    { method: 'POST', pattern: '/__sim/tokens/expire', auth: 'none', handler: () => run(() => controls.expireTokens()) },
    { method: 'POST', pattern: '/__sim/latency', auth: 'none', handler: ({ body }) => run(() => controls.setLatency(field(body, 'ms', isNumber, 'a number of milliseconds'))) },
    { method: 'POST', pattern: '/__sim/failure-rate', auth: 'none', handler: ({ body }) => run(() => controls.setFailureRate(field(body, 'share', isNumber, 'a share between 0 and 1'))) },
    {
      method: 'POST',
      pattern: '/__sim/requests-per-minute',
      auth: 'none',
      handler: ({ body }) => run(() => controls.setRequestsPerMinute(field(body, 'requestsPerMinute', isNumber, 'a positive integer'))),
    },
    { method: 'POST', pattern: '/__sim/restart', auth: 'none', handler: () => run(() => controls.restart()) },
    {
      method: 'POST',
      pattern: '/__sim/clients/:clientId/permissions',
      auth: 'none',
      handler: ({ params, body }) =>
        run(() => controls.setClientPermissions(params.clientId ?? '', field(body, 'permissions', isPermissions, `"all" or an array of permission strings`))),
    },
    {
      method: 'GET',
      pattern: '/__sim/clients/:clientId/permissions',
      auth: 'none',
      handler: ({ params }) => {
        try {
          return { status: 200, body: { permissions: controls.clientPermissions(params.clientId ?? '') } };
        } catch (error) {
          if (error instanceof RangeError) throw badRequest(error.message);
          throw error;
        }
      },
    },
    { method: 'GET', pattern: '/__sim/requests', auth: 'none', handler: () => ({ status: 200, body: requestLog() }) },
  ];
}
