import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { GenesysRequestError, fromHttpFailure, fromTransportFailure, normaliseRejection, parseRetryAfter } from './errors';

const NOW = Date.parse('2026-01-05T09:00:00Z');

describe('Genesys error normalisation', () => {
  it('reads a 429 ErrorBody with Retry-After and the correlation id header', () => {
    const error = fromHttpFailure(
      {
        status: 429,
        headers: { 'retry-after': '42', 'inin-correlation-id': 'corr-1' },
        body: { message: 'Rate limit exceeded the maximum. Retry the request in [42] seconds', code: 'too.many.requests.retry.after', status: 429, contextId: 'ctx' },
      },
      NOW,
    );
    expect(error).toMatchObject({ status: 429, code: 'too.many.requests.retry.after', retryAfterSeconds: 42, correlationId: 'corr-1', outcomeUnknown: false });
  });

  it('falls back to the body for Retry-After and the correlation id', () => {
    const error = fromHttpFailure({ status: 429, headers: {}, body: { message: 'Retry the request in [7] seconds', code: 'too.many.requests', contextId: 'ctx-2' } }, NOW);
    expect(error).toMatchObject({ retryAfterSeconds: 7, correlationId: 'ctx-2' });
  });

  it('accepts Retry-After as an HTTP date', () => {
    expect(parseRetryAfter(new Date(NOW + 12_000).toUTCString(), undefined, NOW)).toBe(12);
    expect(parseRetryAfter(undefined, 'nothing here', NOW)).toBeUndefined();
  });

  it('reads OAuth error bodies from the token endpoint', () => {
    const error = fromHttpFailure({ status: 401, headers: {}, body: { error: 'invalid_client', description: 'authentication failed', error_description: 'authentication failed' } }, NOW);
    expect(error).toMatchObject({ status: 401, code: 'invalid_client', message: 'authentication failed', outcomeUnknown: false });
  });

  it('lists missing permissions from a 403', () => {
    const error = fromHttpFailure(
      { status: 403, headers: {}, body: { code: 'missing.permissions', message: 'You are missing the following permission(s): conversation:call:add, directory:user:view', status: 403 } },
      NOW,
    );
    expect(error.missingPermissions).toEqual(['conversation:call:add', 'directory:user:view']);
  });

  it('marks 5xx, timeouts and broken connections as outcome unknown, refused connections as not sent', () => {
    expect(fromHttpFailure({ status: 503, headers: {}, body: undefined, }, NOW)).toMatchObject({ code: 'http.503', outcomeUnknown: true });
    expect(fromTransportFailure('ECONNABORTED', 'timeout of 16000ms exceeded')).toMatchObject({ code: 'request.timeout', outcomeUnknown: true });
    expect(fromTransportFailure('ECONNRESET', 'socket hang up')).toMatchObject({ code: 'network.error', outcomeUnknown: true });
    expect(fromTransportFailure('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9')).toMatchObject({ code: 'network.unreachable', outcomeUnknown: false });
    expect(fromTransportFailure('ENOTFOUND', 'getaddrinfo ENOTFOUND api.example')).toMatchObject({ code: 'network.unreachable', outcomeUnknown: false });
  });

  it('normalises every shape the SDK rejects with', () => {
    expect(normaliseRejection({ message: 'Invalid login credentials.', code: 'bad.credentials', status: 401 }, NOW)).toMatchObject({ status: 401, code: 'bad.credentials' });
    expect(normaliseRejection('<html>Bad gateway</html>', NOW)).toMatchObject({ code: 'unknown', outcomeUnknown: true });
    expect(normaliseRejection(undefined, NOW)).toMatchObject({ code: 'unknown', outcomeUnknown: true });
    const axiosLike = Object.assign(new Error('Request failed with status code 404'), {
      config: { headers: { Authorization: 'Bearer secret-token' } },
      response: { status: 404, headers: {}, data: { code: 'not.found', message: 'The requested resource was not found.' } },
    });
    const normalised = normaliseRejection(axiosLike, NOW);
    expect(normalised).toMatchObject({ status: 404, code: 'not.found' });
    expect(JSON.stringify({ ...normalised, message: normalised.message })).not.toContain('secret-token');
    expect(normaliseRejection(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), NOW)).toMatchObject({ code: 'network.unreachable' });
    expect(normaliseRejection(new TypeError('x is not a function'), NOW)).toMatchObject({ code: 'client.error' });
  });

  it('passes GenesysRequestError and AppError through untouched', () => {
    const own = new GenesysRequestError({ code: 'x', message: 'y', outcomeUnknown: false });
    const app = new AppError('agentOffline', 'The agent is offline.');
    expect(normaliseRejection(own, NOW)).toBe(own);
    expect(normaliseRejection(app, NOW)).toBe(app);
  });
});
