/**
 * PKCE (RFC 7636) for the browser sign-in. Generated with Node's crypto in the main process;
 * the SDK's helpers need a browser `window`.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  /** 86 characters of [A-Za-z0-9_-]: inside the 43–128 range RFC 7636 §4.1 allows. */
  verifier: string;
  challenge: string;
}

export function createPkcePair(): PkcePair {
  const verifier = randomBytes(64).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** An unguessable `state`, so a redirect this app did not ask for is recognised (RFC 6749 §10.12). */
export function createState(): string {
  return randomBytes(24).toString('base64url');
}

export function authorizeUrl(loginBaseUrl: string, params: { clientId: string; redirectUri: string; challenge: string; state: string }): string {
  const url = new URL(`${loginBaseUrl.replace(/\/+$/, '')}/oauth/authorize`);
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('code_challenge', params.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', params.state);
  return url.toString();
}
