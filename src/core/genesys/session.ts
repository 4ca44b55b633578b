/**
 * A signed-in Genesys session: the one way every Genesys request is made. Each request goes
 * through the session's budget; every failure comes out as a GenesysRequestError; a 401 triggers
 * one shared re-authentication (ten requests failing together renew the token once), and the
 * request is repeated only if the caller declared it idempotent — a POST that placed a call must
 * not place it twice. A 429 is never retried here: the caller decides, and the budget holds
 * every other request for the Retry-After.
 */
import type { Principal } from '../../shared/domain';
import { AppError } from '../../shared/result';
import type { Logger } from '../logging/logger';
import type { ManagedRequestBudget, RequestBudget, RequestPriority } from './budget';
import type { GenesysApis, SdkClient } from './client';
import { GenesysRequestError, normaliseRejection } from './errors';

export type { RequestPriority } from './budget';
export type { GenesysApis } from './client';
export { GenesysRequestError } from './errors';

export interface RequestOptions {
  /** Names the request in logs, e.g. 'dial.place'. */
  label: string;
  priority: RequestPriority;
  /** Safe to send twice (GET, PUT of a state): repeated once after a re-authentication. */
  idempotent: boolean;
}

export interface GenesysSession {
  readonly connectionId: string;
  readonly connectionName: string;
  readonly principal: Principal;
  request<T>(options: RequestOptions, run: (api: GenesysApis) => Promise<T>): Promise<T>;
  readonly budget: RequestBudget;
}

export interface AccessToken {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
}

export interface ManagedGenesysSession extends GenesysSession {
  /** Expiry of the token in use. */
  expiresAt(): number;
  /** A fresh token now (before expiry, or after a 401); concurrent callers share one attempt. */
  renew(): Promise<void>;
  /** Rejects queued requests and refuses new ones. */
  close(): void;
  readonly closed: boolean;
  /** For the auth service: the SDK client, to revoke the token on sign-out. */
  readonly sdk: SdkClient;
}

export interface SessionDeps {
  connectionId: string;
  connectionName: string;
  principal: Principal;
  sdk: SdkClient;
  token: AccessToken;
  /**
   * Gets a new token (client credentials: log in again). Rejects — typically with an AppError such
   * as sessionExpired — when it cannot, e.g. a PKCE user token with no refresh token.
   */
  obtainToken(): Promise<AccessToken>;
  /** Told about every new token (the auth service re-arms its renewal timer and stores it). */
  onTokenChanged?(token: AccessToken): void;
  budget: ManagedRequestBudget;
  now(): number;
  log: Logger;
}

export function createGenesysSession(deps: SessionDeps): ManagedGenesysSession {
  const { sdk, budget, log } = deps;
  let token = deps.token;
  /** Bumped per token, so a 401 seen after someone else already renewed does not renew again. */
  let generation = 0;
  let renewing: Promise<void> | null = null;
  let closed = false;

  const install = (next: AccessToken): void => {
    token = next;
    generation += 1;
    sdk.client.setAccessToken(next.accessToken);
    budget.tokenChanged();
    deps.onTokenChanged?.(next);
  };
  sdk.client.setAccessToken(token.accessToken);

  const renew = (): Promise<void> => {
    renewing ??= deps
      .obtainToken()
      .then(install)
      .finally(() => {
        renewing = null;
      });
    return renewing;
  };

  const closedError = (): GenesysRequestError =>
    new GenesysRequestError({ code: 'session.closed', message: 'Signed out of Genesys Cloud; sign in again to continue.', outcomeUnknown: false });

  /** A failed re-authentication as a request error, keeping an AppError's user-facing sentence. */
  const renewalFailure = (error: unknown): GenesysRequestError => {
    if (error instanceof AppError) return new GenesysRequestError({ status: 401, code: error.code, message: error.message, outcomeUnknown: false });
    const normalised = normaliseRejection(error, deps.now());
    return normalised instanceof GenesysRequestError
      ? normalised
      : new GenesysRequestError({ status: 401, code: normalised.code, message: normalised.message, outcomeUnknown: false });
  };

  const attempt = async <T>(options: RequestOptions, run: (api: GenesysApis) => Promise<T>): Promise<T> => {
    if (closed) throw closedError();
    try {
      return await budget.schedule(options.priority, () => run(sdk.apis));
    } catch (raw) {
      const error = normaliseRejection(raw, deps.now());
      if (error instanceof GenesysRequestError && error.status === 429 && error.retryAfterSeconds !== undefined) {
        budget.noteRetryAfter(error.retryAfterSeconds);
        log.warn('Genesys rate-limited a request', { label: options.label, retryAfterSeconds: error.retryAfterSeconds, correlationId: error.correlationId });
      }
      throw error;
    }
  };

  return {
    connectionId: deps.connectionId,
    connectionName: deps.connectionName,
    principal: deps.principal,
    budget,
    sdk,
    get closed() {
      return closed;
    },
    expiresAt: () => token.expiresAt,
    renew,
    async request<T>(options: RequestOptions, run: (api: GenesysApis) => Promise<T>): Promise<T> {
      const startedWith = generation;
      try {
        return await attempt(options, run);
      } catch (error) {
        if (!(error instanceof GenesysRequestError) || error.status !== 401 || closed) throw error;
        log.info('Genesys answered 401; re-authenticating', { label: options.label, idempotent: options.idempotent });
        // Another request may already have renewed the token this one was sent with.
        if (generation === startedWith) {
          try {
            await renew();
          } catch (renewError) {
            throw renewalFailure(renewError);
          }
        }
        if (!options.idempotent) {
          throw new GenesysRequestError({
            status: 401,
            code: error.code,
            message: 'The Genesys sign-in had expired and has been renewed, but this request was not repeated because repeating it could act twice. Try it again.',
            ...(error.correlationId !== undefined ? { correlationId: error.correlationId } : {}),
            outcomeUnknown: false,
          });
        }
        return attempt(options, run);
      }
    },
    close() {
      if (closed) return;
      closed = true;
      budget.close(closedError());
    },
  };
}
