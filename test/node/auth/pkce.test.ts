/**
 * Browser sign-in with PKCE, end to end: the test plays the browser. It takes the authorize URL
 * the app opened, loads the simulator's sign-in page, submits it as a user would, and follows the
 * redirect to the app's loopback listener.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pkceChallenge } from '../../../src/core/auth/pkce';
import { secretAccount } from '../../../src/core/secrets/store';
import type { SessionState } from '../../../src/shared/domain';
import { AppError } from '../../../src/shared/result';
import { createHarness, followRedirect, readSignInPage, submitSignIn, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

async function startBrowserSignIn(): Promise<{ id: string; signing: Promise<SessionState>; url: URL }> {
  const saved = await h.auth.saveConnection(h.pkceDraft());
  const opened = h.browser.nextUrl();
  const signing = h.auth.signIn(saved.id);
  // Keep a rejection from being reported before the test awaits it.
  signing.catch(() => undefined);
  return { id: saved.id, signing, url: new URL(await opened) };
}

describe('PKCE browser sign-in against the simulator', () => {
  it('signs in end to end through the loopback redirect, and keeps the token in the keychain', async () => {
    const { id, signing, url } = await startBrowserSignIn();
    expect(h.hub.app().session).toEqual({ status: 'signingIn', connectionId: id, waitingForBrowser: true });
    expect(`${url.origin}${url.pathname}`).toBe(`${h.sim.url}/oauth/authorize`);
    expect(url.searchParams.get('client_id')).toBe(h.sim.demo.pkceClient.clientId);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    expect(url.searchParams.get('state')?.length).toBeGreaterThanOrEqual(32);

    const page = await readSignInPage(url.toString());
    const userId = page.userIds[0] ?? '';
    const landing = await followRedirect(await submitSignIn(page, { userId }));
    expect(landing.status).toBe(200);
    expect(landing.text).toMatch(/signed in/i);

    const state = await signing;
    expect(state).toMatchObject({ status: 'signedIn', connectionId: id, principal: { kind: 'user', userId } });
    const session = h.auth.session();
    if (!session) throw new Error('no session');
    const me = await session.request({ label: 'test.me', priority: 'normal', idempotent: true }, (api) => api.users.getUsersMe());
    expect(me.id).toBe(userId);
    const stored = JSON.parse((await h.secrets.get(secretAccount(id, 'userToken'))) ?? '{}') as { expiresAt?: number };
    expect(stored.expiresAt).toBe(h.clock.now() + 86_400_000);
  });

  it('reuses the stored, unexpired token after a restart without opening the browser', async () => {
    const { signing, url } = await startBrowserSignIn();
    const page = await readSignInPage(url.toString());
    await followRedirect(await submitSignIn(page, { userId: page.userIds[1] ?? '' }));
    const first = await signing;
    const openedBefore = h.browser.opened.length;

    const restarted = h.restart();
    await restarted.start();
    expect(h.browser.opened.length).toBe(openedBefore);
    expect(h.hub.app().session).toMatchObject({ status: 'signedIn', principal: first.status === 'signedIn' ? first.principal : {} });
    expect(restarted.session()).not.toBeNull();
  });

  it('drops a stored token Genesys no longer accepts and opens the browser instead', async () => {
    const { id, signing, url } = await startBrowserSignIn();
    const page = await readSignInPage(url.toString());
    await followRedirect(await submitSignIn(page, { userId: page.userIds[0] ?? '' }));
    await signing;
    h.sim.control.expireTokens(); // e.g. revoked by an admin, or the org's idle timeout

    const restarted = h.restart();
    await restarted.start();
    expect(h.hub.app().session).toMatchObject({ status: 'expired', connectionId: id });
    expect(await h.secrets.get(secretAccount(id, 'userToken'))).toBeNull();
    const opened = h.browser.nextUrl();
    const again = restarted.signIn(id);
    again.catch(() => undefined);
    expect(new URL(await opened).pathname).toBe('/oauth/authorize');
    restarted.cancelSignIn();
    await expect(again).rejects.toMatchObject({ code: 'signInCancelled' });
  });

  it('asks to sign in again when the user token expires, and forgets it', async () => {
    const { id, signing, url } = await startBrowserSignIn();
    const page = await readSignInPage(url.toString());
    await followRedirect(await submitSignIn(page, { userId: page.userIds[0] ?? '' }));
    await signing;
    h.clock.advance(86_400_000);
    expect(h.hub.app().session).toMatchObject({ status: 'expired', connectionId: id, message: expect.stringMatching(/expired\. Sign in again/) });
    expect(h.auth.session()).toBeNull();
    await expect.poll(() => h.secrets.get(secretAccount(id, 'userToken'))).toBeNull();

    const restarted = h.restart();
    await restarted.start();
    expect(h.hub.app().session).toMatchObject({ status: 'expired', connectionId: id });
  });

  it('treats a 401 on a user token as expiry: no silent retry, the user is asked to sign in', async () => {
    const { id, signing, url } = await startBrowserSignIn();
    const page = await readSignInPage(url.toString());
    await followRedirect(await submitSignIn(page, { userId: page.userIds[0] ?? '' }));
    await signing;
    const session = h.auth.session();
    if (!session) throw new Error('no session');
    h.sim.control.expireTokens();
    const error = await session.request({ label: 'test.me', priority: 'normal', idempotent: true }, (api) => api.users.getUsersMe()).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, code: 'sessionExpired' });
    expect(h.hub.app().session).toMatchObject({ status: 'expired', connectionId: id });
  });

  it('refuses the exchange when the code challenge was tampered with (wrong verifier)', async () => {
    const { signing, url } = await startBrowserSignIn();
    const page = await readSignInPage(url.toString());
    const forged = pkceChallenge('an-attacker-chosen-verifier-that-is-long-enough-0123456789');
    await followRedirect(await submitSignIn(page, { userId: page.userIds[0] ?? '' }, { code_challenge: forged }));
    const error = await signing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'pkceMismatch' });
    expect(h.hub.app().session).toMatchObject({ status: 'error', code: 'pkceMismatch' });
  });

  it('reports a reused code when the code was redeemed before the app got it', async () => {
    const { signing, url } = await startBrowserSignIn();
    const page = await readSignInPage(url.toString());
    const location = await submitSignIn(page, { userId: page.userIds[0] ?? '' });
    const code = new URL(location).searchParams.get('code') ?? '';
    // Someone intercepts the redirect and tries the code first.
    const stolen = await fetch(`${h.sim.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: h.sim.demo.pkceClient.clientId, redirect_uri: url.searchParams.get('redirect_uri') ?? '', code_verifier: 'x'.repeat(43) }),
    });
    expect(stolen.status).toBe(400);
    await followRedirect(location);
    await expect(signing).rejects.toMatchObject({ code: 'codeReused', message: expect.stringMatching(/already used/) });
  });

  it('refuses a redirect whose state does not match', async () => {
    const { signing, url } = await startBrowserSignIn();
    const page = await readSignInPage(url.toString());
    const location = new URL(await submitSignIn(page, { userId: page.userIds[0] ?? '' }));
    location.searchParams.set('state', 'not-the-state-the-app-sent');
    const landing = await followRedirect(location.toString());
    expect(landing.status).toBe(400);
    await expect(signing).rejects.toMatchObject({ code: 'stateMismatch' });
  });

  it('says the sign-in was cancelled or denied when the user denies it in the browser', async () => {
    const { signing, url } = await startBrowserSignIn();
    const page = await readSignInPage(url.toString());
    await followRedirect(await submitSignIn(page, { decision: 'deny' }));
    await expect(signing).rejects.toMatchObject({ code: 'signInDenied', message: expect.stringMatching(/cancelled or denied in the browser/) });
  });

  it('ignores stray requests to the loopback listener and still completes', async () => {
    const { signing, url } = await startBrowserSignIn();
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    const origin = new URL(redirectUri).origin;
    expect((await fetch(`${origin}/favicon.ico`)).status).toBe(404);
    expect((await fetch(redirectUri)).status).toBe(404);
    const page = await readSignInPage(url.toString());
    await followRedirect(await submitSignIn(page, { userId: page.userIds[0] ?? '' }));
    await expect(signing).resolves.toMatchObject({ status: 'signedIn' });
  });

  it('gives up after the browser timeout with a sentence about the redirect URI', async () => {
    const { signing, url } = await startBrowserSignIn();
    h.clock.advance(5 * 60_000);
    await expect(signing).rejects.toMatchObject({ code: 'signInTimeout', message: expect.stringMatching(/redirect URI/) });
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    await expect(fetch(`${redirectUri}?code=x&state=y`)).rejects.toThrow();
  });

  it('can be cancelled while waiting for the browser, closing the listener', async () => {
    const { signing, url } = await startBrowserSignIn();
    h.auth.cancelSignIn();
    await expect(signing).rejects.toMatchObject({ code: 'signInCancelled' });
    expect(h.hub.app().session).toEqual({ status: 'signedOut' });
    await expect(fetch(`${url.searchParams.get('redirect_uri') ?? ''}?code=x&state=y`)).rejects.toThrow();
  });

  it('signs out by revoking the user token at Genesys and removing it from the keychain', async () => {
    const { id, signing, url } = await startBrowserSignIn();
    const page = await readSignInPage(url.toString());
    await followRedirect(await submitSignIn(page, { userId: page.userIds[0] ?? '' }));
    await signing;
    const mark = h.sim.requestLog.length;
    await h.auth.signOut();
    expect(h.sim.requestLog.slice(mark).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['DELETE /api/v2/tokens/me 204']);
    expect(await h.secrets.list(`${id}:`)).toEqual([]);
    expect(h.hub.app().session).toEqual({ status: 'signedOut' });
    expect(h.auth.session()).toBeNull();
    expect(h.hub.app().connections).toEqual([expect.objectContaining({ id, method: 'pkce', hasSecret: false })]);
  });
});
