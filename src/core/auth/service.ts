/**
 * Sign-in, owned by the main process: saved connections, client credentials (renewed before
 * they expire), browser sign-in with PKCE and a loopback redirect, the one-click demo org, and
 * sign-out. The session it produces is the only way other services reach Genesys.
 *
 * Secrets: a client secret is written to the keychain once, when a connection is saved, and read
 * back only to log in. A PKCE user token is kept in the keychain with its expiry so a restart can
 * reuse it; there is no refresh token for PKCE, so an expired one means signing in again.
 * Signing out revokes a user token and removes every keychain entry of the connection, client
 * secret included (issue 4); the connection stays listed with `hasSecret: false`, so signing in
 * again asks for the secret. Deleting a connection removes its entries too.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Models } from 'purecloud-platform-client-v2';
import type { ConnectionSummary, Principal, SessionState } from '../../shared/domain';
import type { ConnectionDraft } from '../../shared/ipc/contract';
import { CUSTOM_REGION_ID, regionLabel } from '../../shared/regions';
import { AppError, type FieldIssue } from '../../shared/result';
import type { Logger } from '../logging/logger';
import type { Clock } from '../clock';
import type { StateHub } from '../state/hub';
import { createRequestBudget, type ManagedRequestBudget } from '../genesys/budget';
import { createSdkClient, resolveEndpoint, type GenesysEndpoint, type SdkClient } from '../genesys/client';
import { GenesysRequestError, normaliseRejection } from '../genesys/errors';
import { createGenesysSession, type AccessToken, type GenesysSession, type ManagedGenesysSession } from '../genesys/session';
import { connectionSecretPrefix, secretAccount, type SecretStore } from '../secrets/store';
import { createConnectionsStore } from './connections';
import { signInApiError, tokenEndpointError, type SignInContext } from './errors';
import { CALLBACK_PATH, startLoopbackListener } from './loopback';
import { authorizeUrl, createPkcePair, createState } from './pkce';

export const DEMO_CONNECTION_ID = 'demo';

export interface DemoOrg {
  host: string;
  port: number;
  clientId: string;
  clientSecret: string;
}

export interface AuthDeps {
  secrets: SecretStore;
  /** The app's data folder; connections.json is written here. */
  dataDir: string;
  hub: StateHub;
  /** Opens the system browser (Electron's shell.openExternal in the app). */
  openExternal(url: string): Promise<void>;
  /** Starts (or returns the running) built-in simulator. */
  startDemoOrg(): Promise<DemoOrg>;
  /** Time and timers: token renewal and the browser timeout run on it. */
  clock: Clock;
  log: Logger;
  newId?(): string;
  /** Per-token request budget; defaults 300/min with 80% headroom. */
  budget?: { limitPerMinute?: number; headroom?: number };
  /** How long to wait for the browser sign-in (default 5 minutes). */
  browserTimeoutMs?: number;
  /** A fixed loopback port for the PKCE redirect; default 0 = any free port (RFC 8252 §7.3). */
  loopbackPort?: number;
  /** Per-request HTTP timeout of the SDK (default 16 s). */
  requestTimeoutMs?: number;
  /** Share of a client-credentials token's lifetime after which it is renewed (default 0.9). */
  renewAtShare?: number;
}

export interface AuthService {
  /** Silent sign-in to the last-used connection: client credentials, the demo org, or an unexpired stored user token. */
  start(): Promise<void>;
  signIn(connectionId: string): Promise<SessionState>;
  signInDemo(): Promise<SessionState>;
  cancelSignIn(): void;
  signOut(): Promise<void>;
  saveConnection(draft: ConnectionDraft): Promise<ConnectionSummary>;
  deleteConnection(id: string): Promise<void>;
  testConnection(draft: ConnectionDraft): Promise<{ orgName: string; principal: string }>;
  session(): GenesysSession | null;
  onSessionChange(cb: (s: GenesysSession | null) => void): () => void;
  /** The redirect URI an org registers on its PKCE client. */
  pkceRedirectUri(): string;
}

interface StoredUserToken extends AccessToken {
  clientId: string;
}

interface Established {
  session: ManagedGenesysSession;
  budget: ManagedRequestBudget;
  connection: ConnectionSummary;
  orgName: string;
  kind: 'client' | 'user';
}

interface Current extends Established {
  timer: unknown;
  unsubscribeBudget: () => void;
}

interface AttemptContext {
  /** False once the attempt was cancelled or superseded by another sign-in. */
  isCurrent(): boolean;
  onCancel(cancel: () => void): void;
}

/** Renew a minute before expiry at the latest, whatever the share says. */
const RENEW_MARGIN_MS = 60_000;
/** A stored user token with less than this left is not worth reusing. */
const MIN_REUSE_MS = 60_000;
const RENEW_RETRY_MS = 30_000;

const cancelled = (): AppError => new AppError('signInCancelled', 'Sign-in was cancelled.');

export function createAuthService(deps: AuthDeps): AuthService {
  const { clock, secrets, log } = deps;
  const newId = deps.newId ?? randomUUID;
  const store = createConnectionsStore({ file: path.join(deps.dataDir, 'connections.json'), now: () => clock.now() });
  const browserTimeoutMs = deps.browserTimeoutMs ?? 5 * 60_000;
  const renewAtShare = deps.renewAtShare ?? 0.9;
  const redirectUriToRegister = `http://127.0.0.1${deps.loopbackPort ? `:${deps.loopbackPort}` : ''}${CALLBACK_PATH}`;

  let state: SessionState = { status: 'signedOut' };
  let current: Current | null = null;
  let attempt: { seq: number; cancel: (() => void) | null } | null = null;
  let attemptSeq = 0;
  const sessionListeners = new Set<(s: GenesysSession | null) => void>();

  const publish = (): void => {
    deps.hub.updateApp({ session: state, connections: store.list(), pkceRedirectUri: redirectUriToRegister });
  };
  const setState = (next: SessionState): void => {
    state = next;
    publish();
  };
  const notifySession = (): void => {
    const session = current?.session ?? null;
    for (const listener of sessionListeners) listener(session);
  };
  const notice = (level: 'info' | 'warning' | 'error', message: string): void => {
    deps.hub.updateApp((app) => ({ notices: [...app.notices, { id: newId(), level, message }] }));
  };

  const where = (connection: ConnectionSummary): string =>
    connection.method === 'demo' ? `the demo org (${connection.customHost ?? 'local'})` : regionLabel(connection.region, connection.customHost);
  const contextFor = (connection: ConnectionSummary): SignInContext => ({
    connectionName: connection.name,
    where: where(connection),
    method: connection.method === 'pkce' ? 'pkce' : 'clientCredentials',
    redirectUri: redirectUriToRegister,
  });

  /** The SDK reports expiry on the wall clock; our timers run on the injected clock. */
  const toAccessToken = (authData: { accessToken: string; tokenExpiryTime?: number }): AccessToken => {
    // expires_in is whole seconds; rounding removes the milliseconds that passed since the SDK read it.
    const lifetimeMs = authData.tokenExpiryTime !== undefined ? Math.max(0, Math.round((authData.tokenExpiryTime - Date.now()) / 1000) * 1000) : 86_400_000;
    return { accessToken: authData.accessToken, expiresAt: clock.now() + lifetimeMs };
  };

  const newBudget = (): ManagedRequestBudget => createRequestBudget({ clock, ...deps.budget });
  const idleBudget = newBudget().state();

  const sdkFor = async (endpoint: GenesysEndpoint): Promise<SdkClient> =>
    createSdkClient(endpoint, { now: () => clock.now(), ...(deps.requestTimeoutMs !== undefined ? { timeoutMs: deps.requestTimeoutMs } : {}) });

  /** Calls made while signing in, before the session exists: through the budget, errors mapped for the user. */
  const identityCall = async <T>(budget: ManagedRequestBudget, ctx: SignInContext, run: () => Promise<T>): Promise<T> => {
    try {
      return await budget.schedule('urgent', run);
    } catch (error) {
      throw signInApiError(error, ctx, clock.now());
    }
  };

  /** The org's name: /organizations/me where it exists (and the client may read it), else the token's organization. */
  const readOrgName = async (sdk: SdkClient, budget: ManagedRequestBudget, ctx: SignInContext, tokenInfo?: Models.TokenInfo): Promise<string> => {
    try {
      const org = await budget.schedule('urgent', () => sdk.apis.organization.getOrganizationsMe());
      if (org.name) return org.name;
    } catch (raw) {
      const error = normaliseRejection(raw, clock.now());
      if (error instanceof GenesysRequestError && (error.status === undefined || error.status === 401)) throw signInApiError(error, ctx, clock.now());
    }
    const info = tokenInfo ?? (await identityCall(budget, ctx, () => sdk.apis.tokens.getTokensMe()));
    return info.organization?.name ?? info.homeOrganization?.name ?? 'Genesys Cloud org';
  };

  const clientCredentialsSession = async (connection: ConnectionSummary, secret: string): Promise<Established> => {
    const ctx = contextFor(connection);
    const sdk = await sdkFor(resolveEndpoint(connection.region, connection.customHost));
    const login = async (): Promise<AccessToken> => {
      try {
        return toAccessToken(await sdk.client.loginClientCredentialsGrant(connection.clientId, secret));
      } catch (error) {
        throw tokenEndpointError(error, ctx, clock.now());
      }
    };
    const token = await login();
    const budget = newBudget();
    sdk.client.setAccessToken(token.accessToken);
    const info = await identityCall(budget, ctx, () => sdk.apis.tokens.getTokensMe());
    const orgName = await readOrgName(sdk, budget, ctx, info);
    const principal: Principal = { kind: 'client', clientId: connection.clientId, ...(info.OAuthClient?.name ? { clientName: info.OAuthClient.name } : {}) };
    const session = createGenesysSession({
      connectionId: connection.id,
      connectionName: connection.name,
      principal,
      sdk,
      token,
      obtainToken: login,
      onTokenChanged: (next) => onTokenChanged(connection.id, next),
      budget,
      now: () => clock.now(),
      log: log.child('genesys'),
    });
    return { session, budget, connection, orgName, kind: 'client' };
  };

  const userSession = async (connection: ConnectionSummary, sdk: SdkClient, token: AccessToken): Promise<Established> => {
    const ctx = contextFor(connection);
    const budget = newBudget();
    sdk.client.setAccessToken(token.accessToken);
    const me = await identityCall(budget, ctx, () => sdk.apis.users.getUsersMe());
    const orgName = await readOrgName(sdk, budget, ctx);
    const principal: Principal = { kind: 'user', userId: me.id ?? '', name: me.name ?? me.email ?? 'Genesys user', ...(me.email ? { email: me.email } : {}) };
    const session = createGenesysSession({
      connectionId: connection.id,
      connectionName: connection.name,
      principal,
      sdk,
      token,
      // PKCE gives no refresh token: a rejected user token means the user signs in again.
      obtainToken: async () => {
        expireUserSession(connection.id);
        throw new AppError('sessionExpired', expiredMessage(connection));
      },
      budget,
      now: () => clock.now(),
      log: log.child('genesys'),
    });
    return { session, budget, connection, orgName, kind: 'user' };
  };

  const expiredMessage = (connection: ConnectionSummary): string =>
    `Your Genesys Cloud sign-in to "${connection.name}" has expired. Sign in again to continue; nothing you were doing is lost.`;

  const readStoredUserToken = async (connection: ConnectionSummary): Promise<StoredUserToken | null> => {
    const raw = await secrets.get(secretAccount(connection.id, 'userToken')).catch((error: unknown) => {
      log.warn('Could not read the stored user token', { connectionId: connection.id, errorCode: error instanceof AppError ? error.code : 'unknown' });
      return null;
    });
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as Partial<StoredUserToken>;
      if (typeof parsed.accessToken === 'string' && typeof parsed.expiresAt === 'number' && parsed.clientId === connection.clientId) {
        return { accessToken: parsed.accessToken, expiresAt: parsed.expiresAt, clientId: parsed.clientId };
      }
    } catch {
      // Unreadable: treated as absent and replaced at the next sign-in.
    }
    return null;
  };

  const dropStoredUserToken = async (connectionId: string): Promise<void> => {
    await secrets.delete(secretAccount(connectionId, 'userToken')).catch((error: unknown) => {
      log.warn('Could not remove the stored user token', { connectionId, errorCode: error instanceof AppError ? error.code : 'unknown' });
    });
  };

  /** An unexpired user token from the keychain, checked against Genesys; null when there is none or it was refused. */
  const reuseUserToken = async (connection: ConnectionSummary, ctx: AttemptContext): Promise<Established | null> => {
    const stored = await readStoredUserToken(connection);
    if (!stored) return null;
    if (stored.expiresAt - clock.now() < MIN_REUSE_MS) {
      await dropStoredUserToken(connection.id);
      return null;
    }
    const sdk = await sdkFor(resolveEndpoint(connection.region, connection.customHost));
    try {
      return await userSession(connection, sdk, stored);
    } catch (error) {
      if (!ctx.isCurrent()) throw cancelled();
      if (error instanceof AppError && error.code === 'tokenRejected') {
        // Revoked or expired early (the org's idle timeout): forget it and sign in afresh.
        await dropStoredUserToken(connection.id);
        return null;
      }
      throw error;
    }
  };

  const browserSignIn = async (connection: ConnectionSummary, ctx: AttemptContext): Promise<Established> => {
    const sdk = await sdkFor(resolveEndpoint(connection.region, connection.customHost));
    const pkce = createPkcePair();
    const expectedState = createState();
    const listener = await startLoopbackListener({ expectedState, clock, timeoutMs: browserTimeoutMs, ...(deps.loopbackPort ? { port: deps.loopbackPort } : {}) });
    ctx.onCancel(() => listener.cancel());
    if (!ctx.isCurrent()) listener.cancel();
    const url = authorizeUrl(sdk.loginBaseUrl, { clientId: connection.clientId, redirectUri: listener.redirectUri, challenge: pkce.challenge, state: expectedState });
    try {
      await deps.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- deps.openExternal is the ShellPort from services.ts, which checks openExternalAllowed
    } catch (error) {
      listener.cancel();
      throw new AppError('browserUnavailable', `The system browser could not be opened for sign-in (${error instanceof Error ? error.message : String(error)}). Set a default browser and try again.`);
    }
    const code = await listener.code;
    if (!ctx.isCurrent()) throw cancelled();
    let token: AccessToken;
    try {
      token = toAccessToken(await sdk.client.authorizePKCEGrant(connection.clientId, pkce.verifier, code, listener.redirectUri));
    } catch (error) {
      throw tokenEndpointError(error, contextFor(connection), clock.now());
    }
    const established = await userSession(connection, sdk, token);
    const stored: StoredUserToken = { ...token, clientId: connection.clientId };
    await secrets.set(secretAccount(connection.id, 'userToken'), JSON.stringify(stored)).catch((error: unknown) => {
      // Signed in all the same; only the restart without the browser is lost.
      log.warn('Could not keep the user token in the keychain', { connectionId: connection.id, errorCode: error instanceof AppError ? error.code : 'unknown' });
      notice('warning', `Signed in, but the keychain could not keep the sign-in, so you will sign in again after a restart. ${error instanceof AppError ? error.message : ''}`.trim());
    });
    return established;
  };

  const clientSecretFor = async (connection: ConnectionSummary): Promise<string> => {
    const secret = await secrets.get(secretAccount(connection.id, 'clientSecret'));
    if (!secret) {
      throw new AppError('missingSecret', `No client secret is stored for "${connection.name}" (signing out removes it from the keychain). Edit the connection and enter the client secret to sign in.`, [
        { path: 'clientSecret', message: 'Enter the client secret' },
      ]);
    }
    return secret;
  };

  /** Removes every keychain entry of one connection (client secret, user token). */
  const clearKeychainEntries = async (connectionId: string): Promise<void> => {
    for (const account of await secrets.list(connectionSecretPrefix(connectionId))) await secrets.delete(account);
  };

  /** Sign-out's share of the keychain: all of the connection's entries go; the metadata stays. */
  const forgetSecretsOnSignOut = async (connectionId: string): Promise<void> => {
    const connection = store.get(connectionId);
    // The demo org's secret is the simulator's public value, held in memory only.
    if (!connection || connection.method === 'demo') return;
    try {
      await clearKeychainEntries(connection.id);
    } catch (error) {
      const reason = error instanceof AppError ? error.message : String(error);
      log.warn('Could not clear keychain entries at sign-out', { connectionId, errorCode: error instanceof AppError ? error.code : 'unknown' });
      notice('warning', `Signed out of "${connection.name}", but its keychain entries could not be removed: ${reason} Sign out again once the keychain is available, or delete the connection.`);
      return;
    }
    if (connection.hasSecret) await store.upsert({ ...connection, hasSecret: false });
  };

  // ------------------------------------------------------------------ session lifecycle

  const clearTimer = (): void => {
    if (current?.timer !== undefined && current.timer !== null) clock.clearTimeout(current.timer);
    if (current) current.timer = null;
  };

  const armTimer = (): void => {
    if (!current) return;
    clearTimer();
    const { session, kind, connection } = current;
    const remaining = session.expiresAt() - clock.now();
    if (kind === 'user') {
      current.timer = clock.setTimeout(() => expireUserSession(connection.id), Math.max(0, remaining));
      return;
    }
    const delay = Math.max(0, Math.min(remaining * renewAtShare, remaining - RENEW_MARGIN_MS));
    current.timer = clock.setTimeout(() => renewNow(session), delay);
  };

  /** Renewal before expiry; on failure it retries until it works, the secret is refused, or the session ends. */
  const renewNow = (session: ManagedGenesysSession): void => {
    if (current?.session !== session) return;
    session.renew().catch((error: unknown) => {
      if (current?.session !== session) return;
      const code = error instanceof AppError ? error.code : 'unknown';
      if (code === 'invalidClient' || code === 'wrongGrantType' || code === 'wrongRegion') {
        const { connection } = current;
        endCurrent();
        setState({ status: 'error', connectionId: connection.id, code, message: (error as AppError).message });
        return;
      }
      log.warn('Renewing the Genesys token failed; retrying', { connectionId: session.connectionId, errorCode: code });
      clearTimer();
      current.timer = clock.setTimeout(() => renewNow(session), RENEW_RETRY_MS);
    });
  };

  function onTokenChanged(connectionId: string, token: AccessToken): void {
    if (!current || current.connection.id !== connectionId) return;
    log.info('Genesys token renewed', { connectionId });
    armTimer();
    if (state.status === 'signedIn') setState({ ...state, expiresAt: token.expiresAt });
  }

  function expireUserSession(connectionId: string): void {
    if (!current || current.connection.id !== connectionId || current.kind !== 'user') return;
    const { connection } = current;
    endCurrent();
    void dropStoredUserToken(connectionId);
    log.info('User sign-in expired', { connectionId });
    setState({ status: 'expired', connectionId, message: expiredMessage(connection) });
  }

  /** Ends the current session locally (switching, expiry); signOut also revokes. */
  function endCurrent(): void {
    if (!current) return;
    clearTimer();
    current.unsubscribeBudget();
    current.session.close();
    current = null;
    deps.hub.updateApp({ budget: idleBudget });
    notifySession();
  }

  const adopt = async (established: Established): Promise<SessionState> => {
    const { session, budget, connection, orgName } = established;
    const unsubscribeBudget = budget.onChange((s) => deps.hub.updateApp({ budget: s }));
    current = { ...established, timer: null, unsubscribeBudget };
    armTimer();
    await store.setLastUsed(connection.id, clock.now()).catch((error: unknown) => log.warn('Could not record the last-used connection', { error: String(error) }));
    log.info('Signed in to Genesys Cloud', { connectionId: connection.id, method: connection.method, principal: session.principal.kind });
    setState({
      status: 'signedIn',
      connectionId: connection.id,
      connectionName: connection.name,
      principal: session.principal,
      orgName,
      regionLabel: where(connection),
      expiresAt: session.expiresAt(),
    });
    notifySession();
    return state;
  };

  /** One sign-in at a time: a new one supersedes (cancels) the one in progress, and switching ends the current session. */
  const runAttempt = async (connectionId: string, waitingForBrowser: boolean, work: (ctx: AttemptContext) => Promise<Established>): Promise<SessionState> => {
    attempt?.cancel?.();
    endCurrent();
    const seq = ++attemptSeq;
    const mine = { seq, cancel: null as (() => void) | null };
    attempt = mine;
    const ctx: AttemptContext = {
      isCurrent: () => attemptSeq === seq,
      onCancel: (cancel) => {
        mine.cancel = cancel;
      },
    };
    setState({ status: 'signingIn', connectionId, waitingForBrowser });
    try {
      const established = await work(ctx);
      if (!ctx.isCurrent()) {
        established.session.close();
        throw cancelled();
      }
      attempt = null;
      return await adopt(established);
    } catch (raw) {
      const error = raw instanceof AppError ? raw : new AppError('signInFailed', `Signing in failed unexpectedly (${raw instanceof Error ? raw.message : String(raw)}). Try again.`);
      if (ctx.isCurrent()) {
        attempt = null;
        log.warn('Sign-in failed', { connectionId, errorCode: error.code });
        setState(error.code === 'signInCancelled' ? { status: 'signedOut' } : { status: 'error', connectionId, code: error.code, message: error.message });
      }
      throw error;
    }
  };

  // ------------------------------------------------------------------ connections

  const secretRequired = (): AppError =>
    new AppError('invalidInput', 'Enter the client secret of the OAuth client.', [{ path: 'clientSecret', message: 'Enter the client secret' }]);
  const secretForChangedTarget = (): AppError => {
    const sentence = 'Enter the client secret again: the host/region/client ID changed, so the stored one is not sent anywhere new.';
    return new AppError('secretReentryRequired', sentence, [{ path: 'clientSecret', message: sentence }]);
  };

  /**
   * Whether the secret stored for `existing` may be used for `target`. A draft comes from the
   * renderer, so a stored secret goes only to the region, host and client it was saved for:
   * otherwise an edited host would receive it in the Basic auth header.
   */
  const storedSecretFor = (existing: ConnectionSummary | undefined, target: { region: string; customHost?: string; clientId: string }): 'usable' | 'none' | 'targetChanged' => {
    if (!existing?.hasSecret || existing.method !== 'clientCredentials') return 'none';
    const same = existing.region === target.region && (existing.customHost ?? undefined) === (target.customHost ?? undefined) && existing.clientId === target.clientId;
    return same ? 'usable' : 'targetChanged';
  };

  const validateDraft = (draft: ConnectionDraft): { name: string; region: string; customHost?: string; clientId: string } => {
    const issues: FieldIssue[] = [];
    const name = draft.name.trim();
    if (!name) issues.push({ path: 'name', message: 'Give the connection a name' });
    else if (name.length > 80) issues.push({ path: 'name', message: 'Keep the name under 80 characters' });
    const clientId = draft.clientId.trim();
    if (!clientId) issues.push({ path: 'clientId', message: 'Enter the OAuth client ID' });
    else if (/\s/.test(clientId) || clientId.length > 128) issues.push({ path: 'clientId', message: 'A client ID has no spaces (it looks like 0a1b2c3d-…)' });
    if (draft.method !== 'clientCredentials' && draft.method !== 'pkce') issues.push({ path: 'method', message: 'Choose client credentials or browser sign-in' });
    const customHost = draft.region === CUSTOM_REGION_ID ? draft.customHost?.trim() : undefined;
    try {
      resolveEndpoint(draft.region, customHost);
    } catch (error) {
      if (error instanceof AppError && error.issues) issues.push(...error.issues);
      else throw error;
    }
    if (issues.length > 0) throw new AppError('invalidInput', `Check the connection: ${issues.map((i) => i.message.toLowerCase()).join('; ')}.`, issues);
    return { name, region: draft.region, ...(customHost ? { customHost } : {}), clientId };
  };

  const service: AuthService = {
    async start() {
      const loaded = await store.load();
      if (loaded.recoveredFrom) notice('warning', `The saved connections could not be read and were set aside as ${loaded.recoveredFrom}; add your connections again.`);
      publish();
      const id = store.lastUsedId();
      const connection = id ? store.get(id) : undefined;
      if (!connection) return;
      const quietly = (run: () => Promise<SessionState>): Promise<void> =>
        run().then(
          () => undefined,
          (error: unknown) => log.warn('Silent sign-in at start failed', { connectionId: connection.id, errorCode: error instanceof AppError ? error.code : 'unknown' }),
        );
      if (connection.method === 'demo') return quietly(() => service.signInDemo());
      if (connection.method === 'clientCredentials') return quietly(() => service.signIn(connection.id));
      // Browser sign-in: never open a browser unasked at start; reuse a stored token or ask.
      await quietly(() =>
        runAttempt(connection.id, false, async (ctx) => {
          const reused = await reuseUserToken(connection, ctx);
          if (reused) return reused;
          throw new AppError('sessionExpired', expiredMessage(connection));
        }),
      );
      if (state.status === 'error' && state.code === 'sessionExpired') setState({ status: 'expired', connectionId: connection.id, message: state.message });
    },

    async signIn(connectionId) {
      const connection = store.get(connectionId);
      if (!connection) throw new AppError('connectionNotFound', 'That connection no longer exists. Choose another one or add it again.');
      if (connection.method === 'demo') return service.signInDemo();
      if (connection.method === 'clientCredentials') {
        return runAttempt(connection.id, false, async () => clientCredentialsSession(connection, await clientSecretFor(connection)));
      }
      return runAttempt(connection.id, true, async (ctx) => (await reuseUserToken(connection, ctx)) ?? browserSignIn(connection, ctx));
    },

    signInDemo() {
      return runAttempt(DEMO_CONNECTION_ID, false, async () => {
        let demo: DemoOrg;
        try {
          demo = await deps.startDemoOrg();
        } catch (error) {
          throw new AppError('demoUnavailable', `The demo org could not be started (${error instanceof Error ? error.message : String(error)}). Restart the app and try again.`);
        }
        const connection: ConnectionSummary = {
          id: DEMO_CONNECTION_ID,
          name: 'Demo org',
          region: CUSTOM_REGION_ID,
          customHost: `http://${demo.host}:${demo.port}`,
          method: 'demo',
          clientId: demo.clientId,
          // The simulator's public demo secret is held in memory for this run only, never in the keychain.
          hasSecret: false,
        };
        const lastUsedAt = store.get(DEMO_CONNECTION_ID)?.lastUsedAt;
        if (lastUsedAt !== undefined) connection.lastUsedAt = lastUsedAt;
        await store.upsert(connection);
        return clientCredentialsSession(connection, demo.clientSecret);
      });
    },

    cancelSignIn() {
      if (!attempt) return;
      const pending = attempt;
      attempt = null;
      attemptSeq += 1;
      pending.cancel?.();
      setState({ status: 'signedOut' });
    },

    async signOut() {
      // The connection being left: the signed-in one, or the one being signed in to, expired or failed.
      const leavingId = current?.connection.id ?? ('connectionId' in state ? state.connectionId : undefined);
      service.cancelSignIn();
      const ending = current;
      if (ending) {
        if (ending.kind === 'user') {
          // Revoke at Genesys so the token is dead even if a copy survived somewhere.
          await ending.session
            .request({ label: 'auth.revoke', priority: 'urgent', idempotent: true }, (api) => api.tokens.deleteTokensMe())
            .catch((error: unknown) => log.warn('Revoking the user token failed', { errorCode: error instanceof GenesysRequestError ? error.code : 'unknown' }));
        }
        endCurrent();
        log.info('Signed out', { connectionId: ending.connection.id });
      }
      if (leavingId) await forgetSecretsOnSignOut(leavingId);
      await store.setLastUsed(undefined);
      setState({ status: 'signedOut' });
    },

    async saveConnection(draft) {
      const valid = validateDraft(draft);
      const existing = draft.id ? store.get(draft.id) : undefined;
      if (draft.id && !existing) throw new AppError('connectionNotFound', 'That connection no longer exists; add it again.');
      if (existing?.method === 'demo' || draft.id === DEMO_CONNECTION_ID) throw new AppError('demoReadOnly', 'The demo org cannot be edited; add a connection of your own instead.');
      const id = existing?.id ?? newId();
      const secret = draft.clientSecret?.trim();
      let hasSecret = false;
      if (draft.method === 'clientCredentials') {
        if (secret) {
          // Keychain first: if it refuses, nothing is saved and the user sees how to fix the keychain.
          await secrets.set(secretAccount(id, 'clientSecret'), secret);
          hasSecret = true;
        } else {
          const stored = storedSecretFor(existing, valid);
          if (stored === 'targetChanged') throw secretForChangedTarget();
          if (stored === 'none') throw secretRequired();
          hasSecret = true;
        }
      } else if (existing?.hasSecret) {
        await secrets.delete(secretAccount(id, 'clientSecret'));
      }
      // A token belongs to one client in one org: a changed client or region makes a stored one useless.
      if (existing && (existing.clientId !== valid.clientId || existing.region !== valid.region || existing.customHost !== valid.customHost || existing.method !== draft.method)) {
        await dropStoredUserToken(id);
      }
      const summary: ConnectionSummary = {
        id,
        name: valid.name,
        region: valid.region,
        ...(valid.customHost ? { customHost: valid.customHost } : {}),
        method: draft.method,
        clientId: valid.clientId,
        hasSecret,
        ...(existing?.lastUsedAt !== undefined ? { lastUsedAt: existing.lastUsedAt } : {}),
      };
      await store.upsert(summary);
      publish();
      log.info('Connection saved', { connectionId: id, method: summary.method, region: summary.region });
      return summary;
    },

    async deleteConnection(id) {
      const connection = store.get(id);
      if (!connection) return;
      if (current?.connection.id === id || (attempt && state.status === 'signingIn' && state.connectionId === id)) await service.signOut();
      try {
        await clearKeychainEntries(id);
      } catch (error) {
        // A connection without a stored secret may go even when the keychain is unreachable; one with a secret may not, or the secret would be orphaned.
        if (connection.hasSecret) throw error;
        log.warn('Could not clear keychain entries of a deleted connection', { connectionId: id, errorCode: error instanceof AppError ? error.code : 'unknown' });
      }
      await store.remove(id);
      if (state.status !== 'signedIn' && state.status !== 'signingIn' && 'connectionId' in state && state.connectionId === id) state = { status: 'signedOut' };
      publish();
      log.info('Connection deleted', { connectionId: id });
    },

    async testConnection(draft) {
      const valid = validateDraft(draft);
      if (draft.method === 'pkce') {
        throw new AppError('testNeedsBrowser', 'Browser sign-in is checked by signing in: save the connection and choose Sign in.');
      }
      const existing = draft.id ? store.get(draft.id) : undefined;
      let secret = draft.clientSecret?.trim();
      if (!secret) {
        const stored = storedSecretFor(existing, valid);
        if (stored === 'targetChanged') throw secretForChangedTarget();
        if (stored === 'none' || !existing) throw new AppError('invalidInput', 'Enter the client secret to test the connection.', [{ path: 'clientSecret', message: 'Enter the client secret' }]);
        secret = await clientSecretFor(existing);
      }
      const probe: ConnectionSummary = { id: existing?.id ?? 'test', name: valid.name, region: valid.region, ...(valid.customHost ? { customHost: valid.customHost } : {}), method: 'clientCredentials', clientId: valid.clientId, hasSecret: true };
      const established = await clientCredentialsSession(probe, secret);
      established.session.close();
      const principal = established.session.principal;
      return { orgName: established.orgName, principal: principal.kind === 'client' ? (principal.clientName ?? principal.clientId) : principal.name };
    },

    session: () => current?.session ?? null,
    onSessionChange(cb) {
      sessionListeners.add(cb);
      return () => sessionListeners.delete(cb);
    },
    pkceRedirectUri: () => redirectUriToRegister,
  };
  return service;
}
