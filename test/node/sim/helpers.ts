import { createHash, randomBytes } from 'node:crypto';
import type { SimHandle } from '../../../src/sim/index';

/** The SDK rejects API calls with the parsed error body and logins with an axios error; both land here. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to be rejected, but it resolved');
}

/** The HTTP answer of an axios error thrown by the SDK's login helpers. */
export function loginFailure(error: unknown): { status: number; data: unknown } {
  const response = (error as { response?: { status: number; data: unknown } }).response;
  if (!response) throw new Error(`expected an HTTP error response, got ${String(error)}`);
  return response;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(64).toString('base64url').slice(0, 86);
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  state?: string;
  challenge?: string;
  userId?: string;
  decision?: 'deny';
}

/** What a browser does on the sign-in page: submit the form, and stop at the redirect. */
export async function submitSignIn(sim: SimHandle, params: AuthorizeParams): Promise<{ status: number; location: URL | undefined; body: string }> {
  const form = new URLSearchParams({ client_id: params.clientId, redirect_uri: params.redirectUri, response_type: 'code' });
  if (params.state !== undefined) form.set('state', params.state);
  if (params.challenge !== undefined) {
    form.set('code_challenge', params.challenge);
    form.set('code_challenge_method', 'S256');
  }
  if (params.userId) form.set('userId', params.userId);
  if (params.decision) form.set('decision', params.decision);
  const response = await fetch(`${sim.url}/oauth/authorize`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  const location = response.headers.get('location');
  return { status: response.status, location: location ? new URL(location) : undefined, body: await response.text() };
}

/** Signs `userId` in through the page and returns the authorization code. */
export async function authorizationCode(sim: SimHandle, params: AuthorizeParams & { userId: string }): Promise<string> {
  const answer = await submitSignIn(sim, params);
  const code = answer.location?.searchParams.get('code');
  if (answer.status !== 302 || !code) throw new Error(`sign-in did not redirect with a code: ${answer.status} ${answer.body}`);
  return code;
}

export async function rawApi(sim: SimHandle, path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  return fetch(`${sim.url}${path}`, { ...init, headers });
}
