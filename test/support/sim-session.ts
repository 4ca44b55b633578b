/**
 * The app's Genesys session signed in to the simulator the way AUTH signs in (real SDK, real
 * budget), and a simulator on a manual clock: the set-up every integration harness starts from.
 */
import { realClock, type Clock } from '../../src/core/clock';
import { createRequestBudget } from '../../src/core/genesys/budget';
import { createSdkClient, resolveEndpoint } from '../../src/core/genesys/client';
import { createGenesysSession, type ManagedGenesysSession } from '../../src/core/genesys/session';
import type { Logger } from '../../src/core/logging/logger';
import type { Principal } from '../../src/shared/domain';
import { createManualClock, startSimulator, type ManualClock, type SimConfig, type SimHandle } from '../../src/sim/index';

export interface SimSessionOptions {
  log: Logger;
  /** The app's clock, for the SDK, the budget and token expiry; real time unless given. */
  clock?: Clock;
  /** The SDK's HTTP timeout (real ms); the default is AUTH's. */
  sdkTimeoutMs?: number;
  limitPerMinute?: number;
  /** Sign in as this seeded user with the code grant instead of with client credentials. */
  asUser?: { id: string; name: string };
}

/** A small seed on a manual clock, so calls and heartbeats move only when a test says so. */
export async function startManualSim(config?: Partial<SimConfig>): Promise<{ sim: SimHandle; simClock: ManualClock }> {
  const simClock = createManualClock(Date.now());
  return { sim: await startSimulator({ seed: 'small', clock: simClock, config }), simClock };
}

export async function startSimSession(sim: SimHandle, options: SimSessionOptions): Promise<ManagedGenesysSession> {
  const clock = options.clock ?? realClock;
  const sdk = await createSdkClient(resolveEndpoint('custom', sim.url), { now: () => clock.now(), timeoutMs: options.sdkTimeoutMs });
  let principal: Principal;
  let login: () => Promise<{ accessToken: string; expiresAt: number }>;
  const { asUser } = options;
  if (asUser) {
    const { clientId, clientSecret, redirectUri } = sim.demo.codeClient;
    login = async () => {
      const auth = await sdk.client.loginCodeAuthorizationGrant(clientId, clientSecret, await userCode(sim, asUser.id), redirectUri);
      return { accessToken: auth.accessToken, expiresAt: clock.now() + 3_600_000 };
    };
    principal = { kind: 'user', userId: asUser.id, name: asUser.name };
  } else {
    const { clientId, clientSecret } = sim.demo.clientCredentials;
    login = async () => {
      const auth = await sdk.client.loginClientCredentialsGrant(clientId, clientSecret);
      return { accessToken: auth.accessToken, expiresAt: clock.now() + 3_600_000 };
    };
    principal = { kind: 'client', clientId };
  }
  return createGenesysSession({
    connectionId: 'conn-sim',
    connectionName: 'Simulator',
    principal,
    sdk,
    token: await login(),
    obtainToken: login,
    budget: createRequestBudget({ clock, limitPerMinute: options.limitPerMinute }),
    now: () => clock.now(),
    log: options.log,
  });
}

/** Plays the user on the simulator's sign-in page and returns the authorization code it redirects with. */
async function userCode(sim: SimHandle, userId: string): Promise<string> {
  const { clientId, redirectUri } = sim.demo.codeClient;
  const form = new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, response_type: 'code', state: 's1', userId });
  const response = await fetch(`${sim.url}/oauth/authorize`, {
    method: 'POST',
    body: form,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  const code = new URL(response.headers.get('location') ?? '', sim.url).searchParams.get('code');
  if (!code) throw new Error(`sign-in did not return a code (status ${response.status})`);
  return code;
}
