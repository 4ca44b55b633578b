import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/result';
import { GenesysRequestError } from '../../../src/core/genesys/errors';
import { createHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const tokenRequests = (): number => h.sim.requestLog.filter((r) => r.method === 'POST' && r.path === '/oauth/token').length;

describe('client-credentials sign-in against the simulator', () => {
  it('signs in, shows who and where, and makes requests through the session', async () => {
    const saved = await h.auth.saveConnection(h.clientCredentialsDraft());
    expect(saved).toMatchObject({ method: 'clientCredentials', hasSecret: true, region: 'custom', customHost: h.sim.url });
    const state = await h.auth.signIn(saved.id);
    expect(state).toMatchObject({ status: 'signedIn', connectionId: saved.id, connectionName: 'Test org', principal: { kind: 'client', clientId: h.sim.demo.clientCredentials.clientId } });
    if (state.status !== 'signedIn') throw new Error('not signed in');
    expect(state.orgName.length).toBeGreaterThan(0);
    expect(state.regionLabel).toBe(`Custom host — ${h.sim.url}`);
    expect(h.hub.app().session).toEqual(state);
    expect(h.hub.app().connections).toEqual([expect.objectContaining({ id: saved.id, lastUsedAt: h.clock.now() })]);

    const session = h.auth.session();
    if (!session) throw new Error('no session');
    const users = await session.request({ label: 'test.users', priority: 'normal', idempotent: true }, (api) => api.users.getUsers({ pageSize: 5 }));
    expect(users.entities?.length).toBe(5);
  });

  it('rejects a wrong secret with invalidClient and a sentence that says what to check', async () => {
    const saved = await h.auth.saveConnection(h.clientCredentialsDraft({ clientSecret: 'not-the-secret' }));
    const error = await h.auth.signIn(saved.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalidClient');
    expect((error as AppError).message).toMatch(/client ID or secret.*OAuth/);
    expect(h.hub.app().session).toMatchObject({ status: 'error', connectionId: saved.id, code: 'invalidClient' });
    expect(h.auth.session()).toBeNull();
  });

  it('renews an expired token transparently and repeats the GET once', async () => {
    const saved = await h.auth.saveConnection(h.clientCredentialsDraft());
    await h.auth.signIn(saved.id);
    const session = h.auth.session();
    if (!session) throw new Error('no session');
    const before = tokenRequests();
    h.sim.control.expireTokens();
    const mark = h.sim.requestLog.length;
    const me = await session.request({ label: 'test.queues', priority: 'normal', idempotent: true }, (api) => api.routing.getRoutingQueues({ pageSize: 1 }));
    expect(me.entities?.length).toBe(1);
    const after = h.sim.requestLog.slice(mark).map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(after).toEqual(['GET /api/v2/routing/queues 401', 'POST /oauth/token 200', 'GET /api/v2/routing/queues 200']);
    expect(tokenRequests()).toBe(before + 1);
  });

  it('never repeats a POST after a 401, but renews the token for the next request', async () => {
    const saved = await h.auth.saveConnection(h.clientCredentialsDraft());
    await h.auth.signIn(saved.id);
    const session = h.auth.session();
    if (!session) throw new Error('no session');
    h.sim.control.expireTokens();
    const mark = h.sim.requestLog.length;
    const error = await session
      .request({ label: 'test.search', priority: 'urgent', idempotent: false }, (api) => api.users.postUsersSearch({ query: [{ type: 'CONTAINS', fields: ['name'], value: 'a' }] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenesysRequestError);
    expect(error).toMatchObject({ status: 401, outcomeUnknown: false });
    expect((error as Error).message).toMatch(/not repeated/);
    const after = h.sim.requestLog.slice(mark).map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(after).toEqual(['POST /api/v2/users/search 401', 'POST /oauth/token 200']);
    const retried = await session.request({ label: 'test.search', priority: 'urgent', idempotent: false }, (api) =>
      api.users.postUsersSearch({ query: [{ type: 'CONTAINS', fields: ['name'], value: 'a' }] }),
    );
    expect(retried.total).toBeGreaterThan(0);
  });

  it('renews once for many requests that fail together', async () => {
    const saved = await h.auth.saveConnection(h.clientCredentialsDraft());
    await h.auth.signIn(saved.id);
    const session = h.auth.session();
    if (!session) throw new Error('no session');
    h.sim.control.expireTokens();
    const before = tokenRequests();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => session.request({ label: 'test.users', priority: 'background', idempotent: true }, (api) => api.users.getUsers({ pageSize: 1 }))),
    );
    expect(results).toHaveLength(6);
    expect(tokenRequests()).toBe(before + 1);
  });

  it('renews the token on the clock before it expires', async () => {
    const saved = await h.auth.saveConnection(h.clientCredentialsDraft());
    const first = await h.auth.signIn(saved.id);
    if (first.status !== 'signedIn') throw new Error('not signed in');
    const before = tokenRequests();
    h.clock.advance(0.9 * 86_400_000 - 1_000);
    expect(tokenRequests()).toBe(before);
    h.clock.advance(1_000);
    await expect.poll(() => tokenRequests(), { timeout: 5_000 }).toBe(before + 1);
    await expect.poll(() => (h.hub.app().session.status === 'signedIn' ? (h.hub.app().session as { expiresAt: number }).expiresAt : 0), { timeout: 5_000 }).toBeGreaterThan(first.expiresAt);
  });

  it('reports a 429 with its Retry-After and holds the budget', async () => {
    const saved = await h.auth.saveConnection(h.clientCredentialsDraft());
    await h.auth.signIn(saved.id);
    const session = h.auth.session();
    if (!session) throw new Error('no session');
    h.sim.control.setRequestsPerMinute(1);
    const get = () => session.request({ label: 'test.users', priority: 'normal', idempotent: true }, (api) => api.users.getUsers({ pageSize: 1 }));
    // The sign-in's own requests already spent the new, tiny budget.
    const error = await get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenesysRequestError);
    expect(error).toMatchObject({ status: 429, code: 'too.many.requests.retry.after', outcomeUnknown: false });
    const seconds = (error as GenesysRequestError).retryAfterSeconds ?? 0;
    expect(seconds).toBeGreaterThan(0);
    expect(session.budget.state().throttled?.message).toMatch(/^Genesys is rate-limiting us; requests paused for \d+ s$/);
    expect(h.hub.app().budget.throttled).toBeDefined();
  });

  it('marks a 5xx as outcome unknown and keeps its correlation id', async () => {
    const saved = await h.auth.saveConnection(h.clientCredentialsDraft());
    await h.auth.signIn(saved.id);
    const session = h.auth.session();
    if (!session) throw new Error('no session');
    h.sim.control.setFailureRate(1);
    const error = await session.request({ label: 'test.users', priority: 'normal', idempotent: true }, (api) => api.users.getUsers({ pageSize: 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenesysRequestError);
    expect(error).toMatchObject({ status: 503, code: 'service.unavailable', outcomeUnknown: true, correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('says the network is unreachable when nothing listens at the host', async () => {
    const saved = await h.auth.saveConnection(h.clientCredentialsDraft({ customHost: 'http://127.0.0.1:9' }));
    const error = await h.auth.signIn(saved.id).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'networkUnreachable' });
    expect((error as AppError).message).toMatch(/Cannot reach Genesys Cloud at Custom host — http:\/\/127\.0\.0\.1:9/);
  });

  it('tests a draft without signing in or saving it', async () => {
    const result = await h.auth.testConnection(h.clientCredentialsDraft());
    expect(result.orgName.length).toBeGreaterThan(0);
    expect(result.principal.length).toBeGreaterThan(0);
    expect(h.auth.session()).toBeNull();
    expect(h.hub.app().connections).toEqual([]);
    await expect(h.auth.testConnection(h.clientCredentialsDraft({ clientSecret: 'wrong' }))).rejects.toMatchObject({ code: 'invalidClient' });
  });
});
