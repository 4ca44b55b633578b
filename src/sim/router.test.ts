import { describe, expect, it } from 'vitest';
import type { RouteDef } from './kernel';
import { Router } from './router';

const route = (method: RouteDef['method'], pattern: string): RouteDef => ({ method, pattern, auth: 'none', handler: () => ({ status: 200 }) });

describe('Router', () => {
  const router = new Router([
    route('GET', '/api/v2/users/:userId'),
    route('GET', '/api/v2/users/me'),
    route('GET', '/api/v2/users/:userId/presences/purecloud'),
    route('GET', '/api/v2/users/:userId/presences/:sourceId'),
    route('POST', '/api/v2/users/search'),
    route('GET', '/api/v2/users/search'),
  ]);

  it('prefers literal segments over parameters', () => {
    expect(router.match('GET', '/api/v2/users/me')).toMatchObject({ kind: 'found', route: { pattern: '/api/v2/users/me' } });
    expect(router.match('GET', '/api/v2/users/abc')).toMatchObject({ kind: 'found', params: { userId: 'abc' } });
    expect(router.match('GET', '/api/v2/users/abc/presences/PURECLOUD')).toMatchObject({ route: { pattern: '/api/v2/users/:userId/presences/purecloud' } });
    expect(router.match('GET', '/api/v2/users/abc/presences/MSTEAMS')).toMatchObject({ params: { userId: 'abc', sourceId: 'MSTEAMS' } });
  });

  it('decodes parameters, answers wrong methods with the allowed ones, and lets HEAD use GET routes', () => {
    expect(router.match('GET', '/api/v2/users/a%20b')).toMatchObject({ params: { userId: 'a b' } });
    expect(router.match('DELETE', '/api/v2/users/search')).toEqual({ kind: 'wrongMethod', allowed: ['GET', 'POST'] });
    expect(router.match('HEAD', '/api/v2/users/abc')).toMatchObject({ kind: 'found' });
    expect(router.match('GET', '/api/v2/nothing')).toEqual({ kind: 'none' });
    expect(router.match('GET', '/api/v2/users/%E0%A4%A')).toEqual({ kind: 'none' });
  });

  it('refuses duplicate routes', () => {
    expect(() => new Router([route('GET', '/a/:x'), route('GET', '/A/:x')])).toThrow(/Duplicate simulator route/);
  });
});
