import { describe, expect, it } from 'vitest';
import { GenesysRequestError } from '../genesys/errors';
import { signInApiError, tokenEndpointError, type SignInContext } from './errors';

const ctx: SignInContext = { connectionName: 'Acme', where: 'EMEA (Dublin) — mypurecloud.ie', method: 'clientCredentials', redirectUri: 'http://127.0.0.1:53682/oauth/callback' };
const oauth = (status: number, error: string, description: string): GenesysRequestError =>
  new GenesysRequestError({ status, code: error, message: description, outcomeUnknown: false });

describe('sign-in error sentences', () => {
  it('tells a wrong region from a wrong secret when Genesys says the client does not exist', () => {
    expect(tokenEndpointError(oauth(400, 'invalid_client', 'client not found'), ctx, 0)).toMatchObject({ code: 'wrongRegion', message: expect.stringMatching(/another region/) });
    expect(tokenEndpointError(oauth(404, 'not.found', 'The requested resource was not found.'), ctx, 0).code).toBe('wrongRegion');
    const secret = tokenEndpointError(oauth(401, 'invalid_client', 'authentication failed'), ctx, 0);
    expect(secret.code).toBe('invalidClient');
    expect(secret.message).toMatch(/client ID or secret/);
    expect(secret.message).toContain('or the org is not in EMEA (Dublin) — mypurecloud.ie');
  });

  it('names both causes of "authentication failed", the secret or client ID and the region, with the region label', () => {
    const rejected = oauth(401, 'invalid_client', 'authentication failed');
    const viaSecret = tokenEndpointError(rejected, ctx, 0).message;
    expect(viaSecret).toMatch(/client ID or secret of "Acme", or the org is not in EMEA \(Dublin\) — mypurecloud\.ie: Genesys gives the same answer for both/);
    expect(viaSecret).toMatch(/pick the org's region/);
    const viaBrowser = tokenEndpointError(rejected, { ...ctx, method: 'pkce', where: 'Americas (US East) — mypurecloud.com' }, 0).message;
    expect(viaBrowser).toMatch(/client ID of "Acme", or the org is not in Americas \(US East\) — mypurecloud\.com/);
    expect(viaBrowser).toMatch(/pick the org's region/);
  });

  it('explains a client of the wrong grant type', () => {
    expect(tokenEndpointError(oauth(400, 'unauthorized_client', 'grant not allowed'), ctx, 0)).toMatchObject({ code: 'wrongGrantType', message: expect.stringMatching(/Client Credentials/) });
    expect(tokenEndpointError(oauth(400, 'unsupported_grant_type', 'nope'), { ...ctx, method: 'pkce' }, 0).message).toMatch(/PKCE/);
  });

  it('names the PKCE failures', () => {
    const pkce = { ...ctx, method: 'pkce' as const };
    expect(tokenEndpointError(oauth(400, 'invalid_grant', 'authorization code has already been used'), pkce, 0).code).toBe('codeReused');
    expect(tokenEndpointError(oauth(400, 'invalid_grant', 'code_verifier does not match the code_challenge'), pkce, 0).code).toBe('pkceMismatch');
    expect(tokenEndpointError(oauth(400, 'invalid_grant', 'authorization code has expired'), pkce, 0).code).toBe('codeExpired');
    const redirect = tokenEndpointError(oauth(400, 'invalid_grant', 'redirect_uri does not match the authorization request'), pkce, 0);
    expect(redirect.code).toBe('redirectMismatch');
    expect(redirect.message).toContain('Register http://127.0.0.1:53682/oauth/callback as a redirect URI');
  });

  it('turns network failures into what to check', () => {
    const refused = new GenesysRequestError({ code: 'network.unreachable', message: 'x', outcomeUnknown: false });
    expect(tokenEndpointError(refused, ctx, 0)).toMatchObject({ code: 'networkUnreachable', message: expect.stringMatching(/network connection, proxy or VPN/) });
    const slow = new GenesysRequestError({ code: 'request.timeout', message: 'x', outcomeUnknown: true });
    expect(signInApiError(slow, ctx, 0).code).toBe('networkTimeout');
  });

  it('lists the permissions a 403 names', () => {
    const denied = new GenesysRequestError({ status: 403, code: 'missing.permissions', message: 'You are missing…', outcomeUnknown: false, missingPermissions: ['directory:user:view', 'routing:queue:view'] });
    const error = signInApiError(denied, ctx, 0);
    expect(error.code).toBe('missingPermissions');
    expect(error.message).toContain('directory:user:view, routing:queue:view');
  });

  it('keeps an unknown answer specific, with its code and correlation id', () => {
    const odd = new GenesysRequestError({ status: 400, code: 'weird.thing', message: 'Something odd', correlationId: 'c-1', outcomeUnknown: false });
    expect(tokenEndpointError(odd, ctx, 0).message).toMatch(/weird\.thing: Something odd\), correlation id c-1/);
  });
});
