/**
 * Sign-in failures as the sentences a supervisor needs: what happened and what to do. Genesys'
 * token endpoint answers with OAuth error bodies; the API with ErrorBody codes.
 */
import { AppError } from '../../shared/result';
import { type GenesysRequestError, normaliseRejection } from '../genesys/errors';

export interface SignInContext {
  connectionName: string;
  /** "EMEA (Dublin) — mypurecloud.ie" or "Custom host — http://127.0.0.1:4010". */
  where: string;
  method: 'clientCredentials' | 'pkce';
  /** The redirect URI the org registers on its PKCE client (the auth service's `pkceRedirectUri()`). */
  redirectUri: string;
}

function asRequestError(error: unknown, now: number): GenesysRequestError | AppError {
  return normaliseRejection(error, now);
}

function networkError(error: GenesysRequestError, ctx: SignInContext): AppError | undefined {
  if (error.code === 'network.unreachable') {
    return new AppError('networkUnreachable', `Cannot reach Genesys Cloud at ${ctx.where}. Check your network connection, proxy or VPN, and that the region or custom host of "${ctx.connectionName}" is right.`);
  }
  if (error.code === 'request.timeout' || error.code === 'network.error') {
    return new AppError('networkTimeout', `Genesys Cloud at ${ctx.where} did not answer in time. Check your network connection and try again.`);
  }
  return undefined;
}

const CLIENT_NOT_FOUND = /not found|unknown client|does not exist|no such client/i;

/** A failure at /oauth/token (client-credentials login or the PKCE code exchange). */
export function tokenEndpointError(raw: unknown, ctx: SignInContext, now: number): AppError {
  const error = asRequestError(raw, now);
  if (error instanceof AppError) return error;
  const network = networkError(error, ctx);
  if (network) return network;
  const description = error.message;
  // Genesys keeps OAuth clients per region. An answer that says the client does not exist means the
  // org lives elsewhere; "authentication failed" is also what a client of another region gets, so it
  // cannot tell a wrong secret from a wrong region, and that message names both (docs/SIGN-IN.md).
  if (error.status === 404 || (error.code === 'invalid_client' && CLIENT_NOT_FOUND.test(description))) {
    return new AppError('wrongRegion', `Genesys Cloud in ${ctx.where} does not know this client ID. The org is probably in another region: check the region of "${ctx.connectionName}" (it is in the address you use for Genesys Cloud, e.g. mypurecloud.ie for Dublin).`);
  }
  if (error.code === 'invalid_client') {
    return ctx.method === 'clientCredentials'
      ? new AppError(
          'invalidClient',
          `Genesys Cloud rejected the client ID or secret of "${ctx.connectionName}", or the org is not in ${ctx.where}: Genesys gives the same answer for both. Check the client ID and secret in Admin → Integrations → OAuth (a lost secret can be regenerated there) and enter the secret again. If they are right, pick the org's region (it is in the address you use for Genesys Cloud, e.g. mypurecloud.ie for Dublin).`,
        )
      : new AppError(
          'invalidClient',
          `Genesys Cloud rejected the client ID of "${ctx.connectionName}", or the org is not in ${ctx.where}: Genesys gives the same answer for both. The client must be an OAuth client of type "Code Authorization" with PKCE; if it is, pick the org's region (it is in the address you use for Genesys Cloud).`,
        );
  }
  if (error.code === 'unauthorized_client' || error.code === 'unsupported_grant_type') {
    return new AppError(
      'wrongGrantType',
      ctx.method === 'clientCredentials'
        ? `The OAuth client of "${ctx.connectionName}" does not allow the Client Credentials grant. In Admin → Integrations → OAuth, use a client whose grant type is "Client Credentials".`
        : `The OAuth client of "${ctx.connectionName}" does not allow the code grant with PKCE. Use a "Code Authorization" client with PKCE enabled.`,
    );
  }
  if (error.code === 'invalid_grant') {
    if (/already been used|reused|replay/i.test(description)) {
      return new AppError('codeReused', 'This sign-in code was already used, so Genesys Cloud refused it (and revoked anything issued with it). Sign in again from the app; do not reload or reuse the browser page.');
    }
    if (/code_verifier|code verifier|challenge/i.test(description)) {
      return new AppError('pkceMismatch', 'Genesys Cloud could not verify this sign-in (the PKCE check failed), so it was refused. Sign in again; if it keeps happening, something between the browser and this app is changing the sign-in request.');
    }
    if (/expired/i.test(description)) {
      return new AppError('codeExpired', 'The sign-in took too long and its code expired. Sign in again.');
    }
    if (/redirect/i.test(description)) {
      return new AppError('redirectMismatch', `Genesys Cloud refused the redirect address. Register ${ctx.redirectUri} as a redirect URI of the OAuth client of "${ctx.connectionName}" and sign in again.`);
    }
  }
  return new AppError('signInFailed', `Genesys Cloud refused the sign-in (${error.code}: ${description})${error.correlationId ? `, correlation id ${error.correlationId}` : ''}. Check the connection settings and try again.`);
}

/** A failure of an API call made while signing in (identity, organisation). */
export function signInApiError(raw: unknown, ctx: SignInContext, now: number): AppError {
  const error = asRequestError(raw, now);
  if (error instanceof AppError) return error;
  const network = networkError(error, ctx);
  if (network) return network;
  if (error.status === 403) {
    const list = error.missingPermissions?.join(', ');
    return new AppError(
      'missingPermissions',
      list
        ? `The OAuth client of "${ctx.connectionName}" is missing permission(s) the app needs: ${list}. Give its role these permissions (Admin → Roles / Permissions, then the client's Roles tab) and sign in again.`
        : `Genesys Cloud refused a request for lack of permission (${error.message}). Check the roles of the OAuth client (or user) of "${ctx.connectionName}"; docs/SIGN-IN.md lists what each feature needs.`,
    );
  }
  if (error.status === 401) {
    return new AppError('tokenRejected', `Genesys Cloud did not accept the sign-in for "${ctx.connectionName}" (${error.message}). Sign in again.`);
  }
  return new AppError('signInFailed', `Signing in to "${ctx.connectionName}" failed while reading the account (${error.code}: ${error.message}). Try again.`);
}
