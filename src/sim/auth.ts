import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Models } from 'purecloud-platform-client-v2';
import type { SimConfig } from './config';
import { SimHttpError, type RouteDef, type SimClock, type SimRequest, type SimResult, type TokenContext } from './kernel';
import type { Org } from './org';
import type { TokenLookup } from './server';

export interface DemoClients {
  clientCredentials: { clientId: string; clientSecret: string };
  pkceClient: { clientId: string; redirectUriRule: string };
  codeClient: { clientId: string; clientSecret: string; redirectUri: string };
}

type ClientKind = 'clientCredentials' | 'pkce' | 'code';
interface OAuthClient {
  id: string;
  name: string;
  kind: ClientKind;
  secret?: string;
  allowsRedirect(uri: string): boolean;
}

interface IssuedToken extends TokenContext {
  refreshToken?: string;
}

interface AuthCode {
  clientId: string;
  userId: string;
  redirectUri: string;
  codeChallenge?: string;
  expiresAt: number;
  used: boolean;
  /** Tokens issued from this code: revoked if the code is replayed (RFC 6749 §4.1.2). */
  issued: string[];
}

/**
 * The permissions an endpoint checks, keyed by `METHOD pattern`; each list is ANY-of (one is
 * enough). From the SDK's API docs as quoted in the fact sheet; entries marked UNCONFIRMED in
 * README.md are our guesses. Routes not listed check none.
 */
const ROUTE_PERMISSIONS: ReadonlyMap<string, readonly string[]> = new Map([
  ['POST /api/v2/users/search', ['directory:user:view']],
  ['GET /api/v2/users/search', ['directory:user:view']],
  ['GET /api/v2/users/:userId/station', ['telephony:otherStationAssociation:view']],
  ['GET /api/v2/presence/definitions', ['presence:presenceDefinition:view']],
  ['GET /api/v2/presence/definitions/:definitionId', ['presence:presenceDefinition:view']],
  ['POST /api/v2/conversations/calls', ['conversation:conference:add']],
  ['POST /api/v2/conversations/calls/user/:userId', ['conversation:agentlessCall:add', 'conversation:call:add']],
  ['PATCH /api/v2/conversations/calls/:conversationId', ['conversation:communication:disconnect']],
  [
    'PATCH /api/v2/conversations/calls/:conversationId/participants/:participantId',
    ['conversation:participant:wrapup', 'conversation:call:record', 'conversation:communication:disconnect'],
  ],
  [
    'PATCH /api/v2/conversations/calls/:conversationId/participants/:participantId/user/:userId',
    ['conversation:participant:wrapup', 'conversation:call:record', 'conversation:communication:disconnect', 'conversation:agentlessCall:add'],
  ],
]);

/** The ANY-of permissions a route checks, or undefined when it checks none. */
export function routePermissions(route: Pick<RouteDef, 'method' | 'pattern'>): readonly string[] | undefined {
  return ROUTE_PERMISSIONS.get(`${route.method} ${route.pattern}`);
}

export const LOOPBACK_REDIRECT_RULE = 'http://127.0.0.1:<any port>/<any path>';

/** PKCE clients of a desktop app redirect to a loopback listener on whatever port it got. */
function isLoopbackRedirect(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && url.hostname === '127.0.0.1' && url.username === '' && url.hash === '';
  } catch {
    return false;
  }
}

function oauthError(status: number, error: string, description: string): SimHttpError {
  // OAuth answers use the {error, description, error_description} body, not ErrorBody; the server
  // unwraps this marker (see oauthResult).
  return Object.assign(new SimHttpError(status, error, description), { oauth: true as const });
}

function oauthResult(status: number, error: string, description: string): SimResult {
  return { status, body: { error, description, error_description: description } };
}

export class AuthService {
  readonly demo: DemoClients;
  private readonly clients = new Map<string, OAuthClient>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, { clientId: string; userId: string }>();
  private readonly codes = new Map<string, AuthCode>();

  constructor(
    private readonly clock: SimClock,
    private readonly config: SimConfig,
    private readonly org: Org,
    ids: { clientId(name: string): string; secret(name: string): string },
  ) {
    const codeRedirect = 'http://127.0.0.1/oauth/callback';
    this.demo = {
      clientCredentials: { clientId: ids.clientId('client-credentials'), clientSecret: ids.secret('client-credentials') },
      pkceClient: { clientId: ids.clientId('pkce'), redirectUriRule: LOOPBACK_REDIRECT_RULE },
      codeClient: { clientId: ids.clientId('code'), clientSecret: ids.secret('code'), redirectUri: codeRedirect },
    };
    this.addClient({
      id: this.demo.clientCredentials.clientId,
      name: 'Demo org integration (client credentials)',
      kind: 'clientCredentials',
      secret: this.demo.clientCredentials.clientSecret,
      allowsRedirect: () => false,
    });
    this.addClient({ id: this.demo.pkceClient.clientId, name: 'Softphone Companion (PKCE)', kind: 'pkce', allowsRedirect: isLoopbackRedirect });
    this.addClient({
      id: this.demo.codeClient.clientId,
      name: 'Demo org web app (code authorization)',
      kind: 'code',
      secret: this.demo.codeClient.clientSecret,
      allowsRedirect: (uri) => uri === codeRedirect,
    });
  }

  private addClient(client: OAuthClient): void {
    this.clients.set(client.id, client);
    this.org.addOAuthClient(client.id);
  }

  /** The token's caller, with what its client's roles grant right now (a control may change it mid-token). */
  lookupToken(token: string): TokenLookup {
    const issued = this.tokens.get(token);
    if (!issued || issued.expiresAt <= this.clock.now()) return { kind: 'invalid' };
    const { refreshToken: _hidden, ...context } = issued;
    return { kind: 'valid', context, permissions: this.org.permissionsOf(context.clientId) };
  }

  /** Makes every issued access token, refresh token and code unusable (the expireTokens control). */
  expireAll(): void {
    const now = this.clock.now();
    for (const token of this.tokens.values()) token.expiresAt = Math.min(token.expiresAt, now);
    this.refreshTokens.clear();
    this.codes.clear();
  }

  revoke(token: string): void {
    const issued = this.tokens.get(token);
    this.tokens.delete(token);
    if (issued?.refreshToken) this.refreshTokens.delete(issued.refreshToken);
  }

  tokenInfo(context: TokenContext): Models.TokenInfo {
    const client = this.clients.get(context.clientId);
    const organization = { id: this.org.organization.id, name: this.org.organization.name };
    return {
      organization,
      homeOrganization: organization,
      authorizedScope: context.grant === 'client_credentials' ? [] : ['users', 'presence', 'conversations', 'notifications', 'routing', 'stations', 'groups'],
      OAuthClient: {
        id: context.clientId,
        name: client?.name ?? 'unknown',
        authorizedGrantType: client?.kind === 'clientCredentials' ? 'CLIENT-CREDENTIALS' : 'CODE',
        organization,
      },
    };
  }

  routes(): RouteDef[] {
    return [
      { method: 'POST', pattern: '/oauth/token', auth: 'none', handler: (req) => this.handleToken(req) },
      { method: 'GET', pattern: '/oauth/authorize', auth: 'none', handler: (req) => this.handleAuthorizePage(req) },
      { method: 'POST', pattern: '/oauth/authorize', auth: 'none', handler: (req) => this.handleAuthorizeDecision(req) },
      {
        method: 'GET',
        pattern: '/api/v2/tokens/me',
        auth: 'token',
        handler: ({ auth }) => {
          if (!auth) throw new Error('token route without a token context');
          return { status: 200, body: this.tokenInfo(auth) };
        },
      },
      {
        method: 'DELETE',
        pattern: '/api/v2/tokens/me',
        auth: 'token',
        handler: ({ auth }) => {
          if (auth) this.revoke(auth.token);
          return { status: 204 };
        },
      },
    ];
  }

  private handleToken(req: SimRequest): SimResult {
    try {
      const form = asForm(req.body);
      const grant = form.grant_type;
      if (grant === 'client_credentials') return this.clientCredentialsGrant(req);
      if (grant === 'authorization_code') return this.authorizationCodeGrant(req, form);
      if (grant === 'refresh_token') return this.refreshGrant(req, form);
      if (!grant) throw oauthError(400, 'invalid_request', 'grant_type is required');
      throw oauthError(400, 'unsupported_grant_type', `grant type ${grant} is not supported`);
    } catch (error) {
      if (error instanceof SimHttpError && 'oauth' in error) return oauthResult(error.status, error.code, error.message);
      throw error;
    }
  }

  private authenticateClient(req: SimRequest, kinds: ClientKind[]): OAuthClient {
    const basic = parseBasic(req.headers.authorization);
    const client = basic ? this.clients.get(basic.id) : undefined;
    if (!basic || !client || !client.secret || !kinds.includes(client.kind) || !safeEqual(client.secret, basic.secret)) {
      throw oauthError(401, 'invalid_client', 'authentication failed');
    }
    return client;
  }

  private clientCredentialsGrant(req: SimRequest): SimResult {
    const client = this.authenticateClient(req, ['clientCredentials']);
    const token = this.issue({ clientId: client.id, grant: 'client_credentials' });
    return { status: 200, body: { access_token: token.token, token_type: 'bearer', expires_in: this.config.tokenLifetimeSeconds } };
  }

  private authorizationCodeGrant(req: SimRequest, form: Record<string, string>): SimResult {
    const hasBasic = parseBasic(req.headers.authorization) !== undefined;
    let client: OAuthClient;
    if (hasBasic) client = this.authenticateClient(req, ['code']);
    else {
      const pkce = form.client_id ? this.clients.get(form.client_id) : undefined;
      if (!pkce || pkce.kind !== 'pkce') throw oauthError(401, 'invalid_client', 'authentication failed');
      client = pkce;
    }
    const code = form.code ? this.codes.get(form.code) : undefined;
    if (!code || code.clientId !== client.id) throw oauthError(400, 'invalid_grant', 'authorization code is invalid');
    if (code.used) {
      for (const issued of code.issued) this.revoke(issued);
      throw oauthError(400, 'invalid_grant', 'authorization code has already been used');
    }
    code.used = true;
    if (code.expiresAt <= this.clock.now()) throw oauthError(400, 'invalid_grant', 'authorization code has expired');
    if (form.redirect_uri !== code.redirectUri) throw oauthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
    if (client.kind === 'pkce') {
      const verifier = form.code_verifier ?? '';
      if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) throw oauthError(400, 'invalid_request', 'code_verifier must be 43-128 characters of [A-Za-z0-9-._~]');
      if (s256(verifier) !== code.codeChallenge) throw oauthError(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
    }
    const token = this.issue({ clientId: client.id, userId: code.userId, grant: 'authorization_code' }, client.kind === 'code');
    code.issued.push(token.token);
    return { status: 200, body: this.tokenResponse(token) };
  }

  private refreshGrant(req: SimRequest, form: Record<string, string>): SimResult {
    const client = this.authenticateClient(req, ['code']);
    const stored = form.refresh_token ? this.refreshTokens.get(form.refresh_token) : undefined;
    if (!stored || stored.clientId !== client.id || !form.refresh_token) throw oauthError(400, 'invalid_grant', 'refresh token is invalid');
    this.refreshTokens.delete(form.refresh_token);
    const token = this.issue({ clientId: client.id, userId: stored.userId, grant: 'authorization_code' }, true);
    return { status: 200, body: this.tokenResponse(token) };
  }

  private tokenResponse(token: IssuedToken): Record<string, string | number> {
    const body: Record<string, string | number> = { access_token: token.token, token_type: 'bearer', expires_in: this.config.tokenLifetimeSeconds };
    if (token.refreshToken) body.refresh_token = token.refreshToken;
    return body;
  }

  private issue(context: Omit<TokenContext, 'token' | 'expiresAt'>, withRefresh = false): IssuedToken {
    const token: IssuedToken = {
      ...context,
      token: randomBytes(48).toString('base64url'),
      expiresAt: this.clock.now() + this.config.tokenLifetimeSeconds * 1000,
    };
    if (withRefresh && context.userId) {
      token.refreshToken = randomBytes(48).toString('base64url');
      this.refreshTokens.set(token.refreshToken, { clientId: context.clientId, userId: context.userId });
    }
    this.tokens.set(token.token, token);
    return token;
  }

  /** Checks the parameters both the page and the form post carry; bad client or redirect never redirects. */
  private validateAuthorize(params: Record<string, string>): { client: OAuthClient; redirect: URL } | { page: SimResult } | { redirectError: SimResult } {
    const client = params.client_id ? this.clients.get(params.client_id) : undefined;
    if (!client || client.kind === 'clientCredentials') return { page: htmlPage(400, 'Unknown OAuth client', 'The client_id is not an authorization-code client of this org.') };
    const redirectUri = params.redirect_uri ?? '';
    if (!client.allowsRedirect(redirectUri)) {
      return { page: htmlPage(400, 'Redirect URI not allowed', `The redirect_uri is not registered for this client. Allowed: ${client.kind === 'pkce' ? LOOPBACK_REDIRECT_RULE : this.demo.codeClient.redirectUri}`) };
    }
    const redirect = new URL(redirectUri);
    const fail = (error: string, description: string): { redirectError: SimResult } => ({
      redirectError: redirectTo(redirect, { error, error_description: description, state: params.state }),
    });
    if (params.response_type !== 'code') return fail('unsupported_response_type', 'response_type must be code');
    if (client.kind === 'pkce') {
      if (!params.code_challenge) return fail('invalid_request', 'code_challenge is required for this client');
      if (params.code_challenge_method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
    }
    return { client, redirect };
  }

  private handleAuthorizePage(req: SimRequest): SimResult {
    const params = Object.fromEntries(req.query);
    const checked = this.validateAuthorize(params);
    if ('page' in checked) return checked.page;
    if ('redirectError' in checked) return checked.redirectError;
    const hidden = ['client_id', 'redirect_uri', 'response_type', 'state', 'code_challenge', 'code_challenge_method']
      .filter((name) => params[name] !== undefined)
      .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params[name] ?? '')}">`)
      .join('');
    const hint = params.login_hint?.toLowerCase();
    const listed = this.org.signInCandidates(hint, 50);
    const buttons = listed
      .map((user) => `<li><button type="submit" name="userId" value="${escapeHtml(user.id)}">Sign in as ${escapeHtml(user.name)}</button> <span>${escapeHtml(user.email)} · ${escapeHtml(user.title)}</span></li>`)
      .join('');
    const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in to ${escapeHtml(this.org.organization.name)}</title></head><body>
<main><h1>Sign in to ${escapeHtml(this.org.organization.name)}</h1><p>Simulated Genesys Cloud org. ${escapeHtml(checked.client.name)} asks to act as the user you choose.</p>
<form method="post" action="/oauth/authorize">${hidden}<ul>${buttons}</ul><button type="submit" name="decision" value="deny">Deny</button></form></main></body></html>`;
    return { status: 200, body, contentType: 'text/html; charset=utf-8' };
  }

  private handleAuthorizeDecision(req: SimRequest): SimResult {
    const form = asForm(req.body);
    const checked = this.validateAuthorize(form);
    if ('page' in checked) return checked.page;
    if ('redirectError' in checked) return checked.redirectError;
    if (form.decision === 'deny') return redirectTo(checked.redirect, { error: 'access_denied', error_description: 'The user denied the request', state: form.state });
    const user = form.userId ? this.org.findUser(form.userId) : undefined;
    if (!user) return htmlPage(400, 'Unknown user', 'Choose one of the listed users.');
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, {
      clientId: checked.client.id,
      userId: user.id,
      redirectUri: form.redirect_uri ?? '',
      codeChallenge: form.code_challenge,
      expiresAt: this.clock.now() + this.config.authCodeLifetimeSeconds * 1000,
      used: false,
      issued: [],
    });
    return redirectTo(checked.redirect, { code, state: form.state });
  }
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function asForm(body: unknown): Record<string, string> {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw oauthError(400, 'invalid_request', 'expected a form-encoded body');
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') form[key] = value;
  return form;
}

function parseBasic(header: string | string[] | undefined): { id: string; secret: string } | undefined {
  const match = typeof header === 'string' ? /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

function safeEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function redirectTo(base: URL, params: Record<string, string | undefined>): SimResult {
  const target = new URL(base.toString());
  for (const [key, value] of Object.entries(params)) if (value !== undefined) target.searchParams.set(key, value);
  return { status: 302, headers: { Location: target.toString() } };
}

function htmlPage(status: number, title: string, text: string): SimResult {
  return {
    status,
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>`,
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
