/**
 * An OAuth client whose roles lack a permission: the simulator answers Genesys' 403
 * missing.permissions, and the app, through the real SDK and its own session, names exactly the
 * permission that is missing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signInApiError } from '../../../src/core/auth/errors';
import { GenesysRequestError } from '../../../src/core/genesys/errors';
import type { GenesysSession } from '../../../src/core/genesys/session';
import { AppError } from '../../../src/shared/result';
import { createHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

/** Everything the app uses, so a test can take exactly one away. */
const APP_PERMISSIONS = [
  'directory:user:view',
  'presence:presenceDefinition:view',
  'telephony:otherStationAssociation:view',
  'conversation:agentlessCall:add',
  'conversation:call:add',
  'conversation:communication:disconnect',
  'routing:queue:view',
];

async function signedInSession(): Promise<GenesysSession> {
  const saved = await h.auth.saveConnection(h.clientCredentialsDraft());
  await h.auth.signIn(saved.id);
  const session = h.auth.session();
  if (!session) throw new Error('not signed in');
  return session;
}

const without = (...removed: string[]): string[] => APP_PERMISSIONS.filter((p) => !removed.includes(p));

async function firstUserId(session: GenesysSession): Promise<string> {
  const page = await session.request({ label: 'test.users', priority: 'normal', idempotent: true }, (api) => api.users.getUsers({ pageSize: 1 }));
  const id = page.entities?.[0]?.id;
  if (!id) throw new Error('the simulator has no users');
  return id;
}

describe('a client lacking a permission', () => {
  it('gets the missingPermissions message naming directory:user:view when searching users', async () => {
    const session = await signedInSession();
    const search = () =>
      session.request({ label: 'test.search', priority: 'normal', idempotent: true }, (api) => api.users.postUsersSearch({ query: [{ type: 'CONTAINS', fields: ['name'], value: 'a' }] }));
    await expect(search()).resolves.toMatchObject({ total: expect.any(Number) });

    h.sim.control.setClientPermissions(h.sim.demo.clientCredentials.clientId, without('directory:user:view'));
    const error = await search().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenesysRequestError);
    expect(error).toMatchObject({ status: 403, code: 'missing.permissions', outcomeUnknown: false, missingPermissions: ['directory:user:view'] });
    const shown = signInApiError(error, { connectionName: 'Test org', where: 'Custom host', method: 'clientCredentials', redirectUri: h.auth.pkceRedirectUri() }, h.clock.now());
    expect(shown).toBeInstanceOf(AppError);
    expect(shown.code).toBe('missingPermissions');
    expect(shown.message).toContain('is missing permission(s) the app needs: directory:user:view.');
    // Other endpoints are unaffected, and the 403 costs no re-authentication.
    await expect(firstUserId(session)).resolves.toEqual(expect.any(String));
    expect(h.sim.requestLog.filter((r) => r.path === '/oauth/token')).toHaveLength(1);
  });

  it('is refused the on-behalf call only when it has neither conversation:agentlessCall:add nor conversation:call:add', async () => {
    const session = await signedInSession();
    const agentId = await firstUserId(session);
    const dial = () =>
      session.request({ label: 'test.dial', priority: 'urgent', idempotent: false }, (api) => api.conversations.postConversationsCallsUserUserId(agentId, { phoneNumber: '+13175550100' }));
    h.sim.control.setClientPermissions(h.sim.demo.clientCredentials.clientId, without('conversation:agentlessCall:add'));
    await expect(dial()).resolves.toMatchObject({ id: expect.any(String) });
    h.sim.control.setClientPermissions(h.sim.demo.clientCredentials.clientId, without('conversation:agentlessCall:add', 'conversation:call:add'));
    await expect(dial()).rejects.toMatchObject({ status: 403, code: 'missing.permissions', missingPermissions: ['conversation:agentlessCall:add', 'conversation:call:add'] });
  });

  it('is refused presence definitions and agents\' stations without their view permissions', async () => {
    const session = await signedInSession();
    const agentId = await firstUserId(session);
    h.sim.control.setClientPermissions(h.sim.demo.clientCredentials.clientId, without('presence:presenceDefinition:view', 'telephony:otherStationAssociation:view'));
    await expect(session.request({ label: 'test.definitions', priority: 'normal', idempotent: true }, (api) => api.presence.getPresenceDefinitions0())).rejects.toMatchObject({
      status: 403,
      missingPermissions: ['presence:presenceDefinition:view'],
    });
    await expect(session.request({ label: 'test.station', priority: 'normal', idempotent: true }, (api) => api.users.getUserStation(agentId))).rejects.toMatchObject({
      status: 403,
      missingPermissions: ['telephony:otherStationAssociation:view'],
    });
    h.sim.control.setClientPermissions(h.sim.demo.clientCredentials.clientId, 'all');
    await expect(session.request({ label: 'test.station', priority: 'normal', idempotent: true }, (api) => api.users.getUserStation(agentId))).resolves.toBeDefined();
  });
});

describe('the simulator\'s permission control', () => {
  it('answers the Genesys 403 body and is reachable over /__sim', async () => {
    const { clientId } = h.sim.demo.clientCredentials;
    const control = `${h.sim.url}/__sim/clients/${clientId}/permissions`;
    expect(await (await fetch(control)).json()).toEqual({ permissions: 'all' });
    const set = await fetch(control, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ permissions: ['directory:*:*'] }) });
    expect(set.status).toBe(200);
    expect(h.sim.control.clientPermissions(clientId)).toEqual(['directory:*:*']);

    const session = await signedInSession();
    // A wildcard grant covers the search; presence definitions are now missing.
    await expect(session.request({ label: 'test.search', priority: 'normal', idempotent: true }, (api) => api.users.postUsersSearch({ query: [{ type: 'CONTAINS', fields: ['name'], value: 'a' }] }))).resolves.toBeDefined();
    const token = h.sim.requestLog.find((r) => r.path === '/api/v2/users/search')?.token;
    const response = await fetch(`${h.sim.url}/api/v2/presence/definitions`, { headers: { authorization: `Bearer ${token ?? ''}` } });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      message: 'You are missing the following permission(s): presence:presenceDefinition:view',
      code: 'missing.permissions',
      status: 403,
      messageWithParams: 'You are missing the following permission(s): %s',
      messageParams: { permissions: 'presence:presenceDefinition:view' },
      contextId: response.headers.get('inin-correlation-id'),
      details: [],
      errors: [],
    });

    // Every endpoint the simulator checks, refused to a client with no permissions at all (the check runs before the handler, so ids need not exist).
    h.sim.control.setClientPermissions(clientId, []);
    const checked: Array<[string, string, string]> = [
      ['POST', '/api/v2/users/search', 'directory:user:view'],
      ['GET', '/api/v2/users/search?q64=e30', 'directory:user:view'],
      ['GET', '/api/v2/users/u-1/station', 'telephony:otherStationAssociation:view'],
      ['GET', '/api/v2/presence/definitions', 'presence:presenceDefinition:view'],
      ['GET', '/api/v2/presence/definitions/d-1', 'presence:presenceDefinition:view'],
      ['POST', '/api/v2/conversations/calls/user/u-1', 'conversation:agentlessCall:add, conversation:call:add'],
      ['PATCH', '/api/v2/conversations/calls/c-1/participants/p-1/user/u-1', 'conversation:participant:wrapup, conversation:call:record, conversation:communication:disconnect, conversation:agentlessCall:add'],
    ];
    for (const [method, path, listed] of checked) {
      const answer = await fetch(`${h.sim.url}${path}`, { method, headers: { authorization: `Bearer ${token ?? ''}`, 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { body: '{}' }) });
      expect({ method, path, status: answer.status, body: await answer.json() }).toMatchObject({ method, path, status: 403, body: { code: 'missing.permissions', messageParams: { permissions: listed } } });
    }
    expect((await fetch(`${h.sim.url}/api/v2/users?pageSize=1`, { headers: { authorization: `Bearer ${token ?? ''}` } })).status).toBe(200);

    const refuse = async (body: unknown, id = clientId): Promise<{ status: number; message: string }> => {
      const answer = await fetch(`${h.sim.url}/__sim/clients/${id}/permissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: answer.status, message: ((await answer.json()) as { message: string }).message };
    };
    expect(await refuse({ permissions: ['not a permission'] })).toEqual({ status: 400, message: 'permissions must look like domain:entity:action, got "not a permission"' });
    expect(await refuse({ permissions: 'some' })).toMatchObject({ status: 400 });
    expect(await refuse({ permissions: [] }, 'no-such-client')).toEqual({ status: 400, message: 'no OAuth client no-such-client in this org' });
    expect(() => h.sim.control.setClientPermissions(clientId, 'everything' as never)).toThrow(RangeError);
  });
});
