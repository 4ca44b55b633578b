/**
 * Shared set-up for the sign-in integration tests: the real simulator, the real SDK, the auth
 * service with an in-memory keychain, a memory logger, and a stand-in for the system browser
 * that records the URLs the app opens and can play the user on the simulator's sign-in page.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuthService, type AuthDeps, type AuthService } from '../../../src/core/auth/service';
import type { Clock } from '../../../src/core/clock';
import { createMemorySecretStore, type MemorySecretStore } from '../../../src/core/secrets/memory';
import type { StateHub } from '../../../src/core/state/hub';
import { createTestStateHub } from '../../../src/core/test-support/fakes';
import { createMemoryLogger } from '../../../src/core/logging/logger';
import { createManualClock, startSimulator, type ManualClock, type SimConfig, type SimHandle } from '../../../src/sim';
import type { ConnectionDraft } from '../../../src/shared/ipc/contract';

/** Resolves with the next URL the app asks the browser to open. */
function createBrowser() {
  const opened: string[] = [];
  const waiters: Array<(url: string) => void> = [];
  return {
    opened,
    openExternal: async (url: string): Promise<void> => {
      opened.push(url);
      waiters.shift()?.(url);
    },
    nextUrl(timeoutMs = 5_000): Promise<string> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the app never opened a browser URL')), timeoutMs);
        waiters.push((url) => {
          clearTimeout(timer);
          resolve(url);
        });
      });
    },
  };
}

export interface Harness {
  sim: SimHandle;
  clock: ManualClock;
  auth: AuthService;
  hub: StateHub;
  log: ReturnType<typeof createMemoryLogger>;
  secrets: MemorySecretStore;
  dataDir: string;
  browser: ReturnType<typeof createBrowser>;
  clientCredentialsDraft(overrides?: Partial<ConnectionDraft>): ConnectionDraft;
  pkceDraft(overrides?: Partial<ConnectionDraft>): ConnectionDraft;
  /** A second auth service on the same data folder and keychain: the app after a restart. */
  restart(): AuthService;
  close(): Promise<void>;
}

export async function createHarness(options: { simConfig?: Partial<SimConfig>; auth?: Partial<AuthDeps> } = {}): Promise<Harness> {
  const clock = createManualClock();
  const sim = await startSimulator({ clock, ...(options.simConfig ? { config: options.simConfig } : {}) });
  const dataDir = await mkdtemp(join(tmpdir(), 'auth-test-'));
  // No redirect URI yet: the auth service is what sets it, and the connection tests check that it does.
  const hub = createTestStateHub({ pkceRedirectUri: '' });
  const log = createMemoryLogger();
  const secrets = createMemorySecretStore();
  const browser = createBrowser();
  const build = (): AuthService =>
    createAuthService({
      secrets,
      dataDir,
      hub,
      openExternal: browser.openExternal,
      startDemoOrg: async () => ({ host: '127.0.0.1', port: sim.port, ...sim.demo.clientCredentials }),
      clock: clock as Clock,
      log,
      ...options.auth,
    });
  const services: AuthService[] = [];
  const make = (): AuthService => {
    const service = build();
    services.push(service);
    return service;
  };
  const auth = make();
  return {
    sim,
    clock,
    auth,
    hub,
    log,
    secrets,
    dataDir,
    browser,
    clientCredentialsDraft: (overrides = {}) => ({
      name: 'Test org',
      region: 'custom',
      customHost: sim.url,
      method: 'clientCredentials',
      clientId: sim.demo.clientCredentials.clientId,
      clientSecret: sim.demo.clientCredentials.clientSecret,
      ...overrides,
    }),
    pkceDraft: (overrides = {}) => ({ name: 'Browser org', region: 'custom', customHost: sim.url, method: 'pkce', clientId: sim.demo.pkceClient.clientId, ...overrides }),
    restart: make,
    async close() {
      for (const service of services) {
        service.cancelSignIn();
        if (service.session()) await service.signOut().catch(() => undefined);
      }
      await sim.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SignInPage {
  action: string;
  fields: Record<string, string>;
  userIds: string[];
}

/** Reads the simulator's sign-in page the way a browser would: the form, its hidden fields, the user buttons. */
export async function readSignInPage(authorizeUrl: string): Promise<SignInPage> {
  const response = await fetch(authorizeUrl);
  const html = await response.text();
  if (response.status !== 200) throw new Error(`sign-in page answered ${response.status}: ${html.slice(0, 200)}`);
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('no form on the sign-in page');
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[match[1] ?? ''] = decodeHtml(match[2] ?? '');
  const userIds = [...html.matchAll(/<button type="submit" name="userId" value="([^"]+)"/g)].map((m) => decodeHtml(m[1] ?? ''));
  return { action: new URL(action, authorizeUrl).toString(), fields, userIds };
}

function decodeHtml(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');
}

/** Submits the sign-in form as the user would; returns where the simulator redirects the browser. */
export async function submitSignIn(page: SignInPage, choice: { userId: string } | { decision: 'deny' }, fieldOverrides: Record<string, string> = {}): Promise<string> {
  const body = new URLSearchParams({ ...page.fields, ...fieldOverrides, ...choice });
  const response = await fetch(page.action, { method: 'POST', body, redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`expected a redirect, got ${response.status}: ${(await response.text()).slice(0, 200)}`);
  return location;
}

/** The browser following the redirect to the app's loopback listener. */
export async function followRedirect(location: string): Promise<{ status: number; text: string }> {
  const response = await fetch(location);
  return { status: response.status, text: await response.text() };
}
