import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, startSimulator, type SimHandle } from '../../../src/sim/index';
import { createSdkClient, loginClientCredentials, sdkApis } from '../../support/sdk';
import { rawApi, rejectionOf } from './helpers';
import { errorBodySchema } from './schemas';

let sim: SimHandle | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function start(options: Parameters<typeof startSimulator>[0] = {}): Promise<{ sim: SimHandle; token: string }> {
  sim = await startSimulator(options);
  const client = createSdkClient(sim.url);
  return { sim, token: await loginClientCredentials(client, sim) };
}

describe('request budget', () => {
  it('answers 429 with Retry-After and too.many.requests.retry.after once the per-token budget is spent, and recovers after the window', async () => {
    const clock = createManualClock();
    const { sim: handle } = await start({ clock, config: { requestsPerMinute: 5 } });
    const client = createSdkClient(handle.url);
    await loginClientCredentials(client, handle);
    const users = sdkApis(client).users;
    for (let i = 0; i < 5; i++) await users.getUsers({ pageSize: 1 });
    clock.advance(18_000);

    client.setReturnExtendedResponses(true);
    const limited = (await rejectionOf(users.getUsers({ pageSize: 1 }))) as { status: number; headers: Record<string, string>; body: unknown };
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('42');
    expect(limited.headers['inin-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(errorBodySchema.parse(limited.body)).toEqual({
      message: 'Rate limit exceeded the maximum. Retry the request in [42] seconds',
      code: 'too.many.requests.retry.after',
      status: 429,
      contextId: limited.headers['inin-correlation-id'],
      details: [],
      errors: [],
    });

    // Another token has its own budget.
    const other = createSdkClient(handle.url);
    await loginClientCredentials(other, handle);
    await expect(sdkApis(other).users.getUsers({ pageSize: 1 })).resolves.toBeDefined();

    clock.advance(42_000);
    const again = (await users.getUsers({ pageSize: 1 })) as { status: number };
    expect(again.status).toBe(200);
  });

  it('changes the budget through the control', async () => {
    const { sim: handle, token } = await start({ config: { requestsPerMinute: 300 } });
    handle.control.setRequestsPerMinute(1);
    expect((await rawApi(handle, '/api/v2/users?pageSize=1', { token })).status).toBe(200);
    expect((await rawApi(handle, '/api/v2/users?pageSize=1', { token })).status).toBe(429);
  });
});

describe('request bodies', () => {
  const bodyOfSize = (bytes: number): string => {
    const prefix = '{"query":[{"type":"MATCH_ALL"}],"pad":"';
    return `${prefix}${'x'.repeat(bytes - prefix.length - 2)}"}`;
  };

  it('accepts 512,000 bytes and rejects 512,001 with 413 before reading the handler', async () => {
    const { sim: handle, token } = await start();
    const post = (body: string): Promise<Response> =>
      rawApi(handle, '/api/v2/users/search', { method: 'POST', token, headers: { 'Content-Type': 'application/json' }, body });
    const atLimit = await post(bodyOfSize(512_000));
    expect(atLimit.status).toBe(200);
    const over = await post(bodyOfSize(512_001));
    expect(over.status).toBe(413);
    expect(errorBodySchema.parse(await over.json()).code).toBe('request.entity.too.large');
  });

  it('answers malformed JSON with 400 bad.request and a non-JSON body with 415', async () => {
    const { sim: handle, token } = await start();
    const malformed = await rawApi(handle, '/api/v2/users/search', { method: 'POST', token, headers: { 'Content-Type': 'application/json' }, body: '{"query":' });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()) as unknown).toMatchObject({ code: 'bad.request' });
    const wrongType = await rawApi(handle, '/api/v2/users/search', { method: 'POST', token, headers: { 'Content-Type': 'text/plain' }, body: 'hello' });
    expect(wrongType.status).toBe(415);
    expect(errorBodySchema.parse(await wrongType.json()).code).toBe('unsupported.media.type');
  });
});

describe('every answer', () => {
  it('carries ININ-Correlation-ID equal to the error body contextId, for 404 and 405 too', async () => {
    const { sim: handle, token } = await start();
    for (const [path, method, status] of [
      ['/api/v2/users', 'GET', 200],
      ['/api/v2/nothing-here', 'GET', 404],
      ['/api/v2/users', 'DELETE', 405],
      ['/oauth/token', 'POST', 400],
    ] as const) {
      const response = await rawApi(handle, path, { method, token });
      expect(response.status).toBe(status);
      const id = response.headers.get('inin-correlation-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      if (status >= 400 && path.startsWith('/api/')) expect(errorBodySchema.parse(await response.json()).contextId).toBe(id);
    }
  });
});

describe('faults', () => {
  it('fails the configured share of API requests with 503 service.unavailable', async () => {
    const { sim: handle, token } = await start({ config: { failureRate: 1 } });
    const failed = await rawApi(handle, '/api/v2/users', { token });
    expect(failed.status).toBe(503);
    expect(errorBodySchema.parse(await failed.json()).code).toBe('service.unavailable');
    handle.control.setFailureRate(0.5);
    const statuses = await Promise.all(Array.from({ length: 40 }, () => rawApi(handle, '/api/v2/users?pageSize=1', { token }).then((r) => r.status)));
    const share = statuses.filter((s) => s === 503).length / statuses.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.8);
    expect(() => handle.control.setFailureRate(2)).toThrow(/between 0 and 1/);
  });

  it('delays answers by the configured latency', async () => {
    const { sim: handle, token } = await start();
    handle.control.setLatency(120);
    const started = performance.now();
    expect((await rawApi(handle, '/api/v2/users?pageSize=1', { token })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('serves the same controls over /__sim/* and hides them when httpControls is off', async () => {
    const { sim: handle, token } = await start();
    const userId = (await (await rawApi(handle, '/api/v2/users?pageSize=1', { token })).json()) as { entities: Array<{ id: string }> };
    const id = userId.entities[0]?.id ?? '';
    const post = (path: string, body: unknown): Promise<Response> =>
      fetch(`${handle.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post(`/__sim/users/${id}/presence`, { presence: 'Busy' })).status).toBe(200);
    const presence = (await (await rawApi(handle, `/api/v2/users/${id}/presences/purecloud`, { token })).json()) as { presenceDefinition: { systemPresence: string } };
    expect(presence.presenceDefinition.systemPresence).toBe('Busy');
    expect((await post(`/__sim/users/${id}/presence`, { presence: 'Sleeping' })).status).toBe(400);
    expect((await post('/__sim/failure-rate', { share: 3 })).status).toBe(400);
    expect((await post('/__sim/tokens/expire', {})).status).toBe(200);
    expect((await rawApi(handle, '/api/v2/users', { token })).status).toBe(401);
    const log = (await (await fetch(`${handle.url}/__sim/requests`)).json()) as Array<Record<string, unknown>>;
    expect(log.some((entry) => 'token' in entry)).toBe(false);
    expect(log.some((entry) => typeof entry.tokenId === 'string')).toBe(true);

    await handle.stop();
    sim = await startSimulator({ config: { httpControls: false } });
    expect((await fetch(`${sim.url}/__sim/restart`, { method: 'POST' })).status).toBe(404);
  });
});
