import { readFile, readdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keychainLocked, keychainUnavailable } from '../../../src/core/secrets/errors';
import { secretAccount } from '../../../src/core/secrets/store';
import { AppError } from '../../../src/shared/result';
import { createHarness, followRedirect, readSignInPage, submitSignIn, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

describe('saved connections', () => {
  it('keeps only metadata in connections.json and the secret in the keychain', async () => {
    const saved = await h.auth.saveConnection(h.clientCredentialsDraft());
    const file = JSON.parse(await readFile(join(h.dataDir, 'connections.json'), 'utf8')) as { connections: Array<Record<string, unknown>> };
    expect(file.connections).toEqual([{ id: saved.id, name: 'Test org', region: 'custom', customHost: h.sim.url, method: 'clientCredentials', clientId: h.sim.demo.clientCredentials.clientId, hasSecret: true }]);
    expect(await h.secrets.get(secretAccount(saved.id, 'clientSecret'))).toBe(h.sim.demo.clientCredentials.clientSecret);
    expect(h.hub.app().connections).toEqual([saved]);
    expect(h.hub.app().pkceRedirectUri).toBe('http://127.0.0.1/oauth/callback');
  });

  it('keeps the stored secret when an edit leaves the secret field empty', async () => {
    const saved = await h.auth.saveConnection(h.clientCredentialsDraft());
    const edited = await h.auth.saveConnection({ ...h.clientCredentialsDraft({ name: 'Renamed' }), id: saved.id, clientSecret: undefined });
    expect(edited).toMatchObject({ id: saved.id, name: 'Renamed', hasSecret: true });
    await expect(h.auth.signIn(saved.id)).resolves.toMatchObject({ status: 'signedIn', connectionName: 'Renamed' });
  });

  it('never sends a stored secret to a host, region or client ID the draft changed', async () => {
    const hits: string[] = [];
    const elsewhere = createServer((req, res) => {
      hits.push(`${req.method ?? ''} ${req.url ?? ''} ${req.headers.authorization ? 'with credentials' : 'anonymous'}`);
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    try {
      const otherHost = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
      const saved = await h.auth.saveConnection(h.clientCredentialsDraft());
      const keepStored = { id: saved.id, clientSecret: undefined };
      const changes = [{ customHost: otherHost }, { clientId: 'another-client-id' }, { region: 'eu_west_1', customHost: undefined }];
      for (const change of changes) {
        const draft = { ...h.clientCredentialsDraft(change), ...keepStored };
        for (const attempt of [h.auth.testConnection(draft), h.auth.saveConnection(draft)]) {
          const error = await attempt.catch((e: unknown) => e);
          expect(error).toBeInstanceOf(AppError);
          expect(error).toMatchObject({
            code: 'secretReentryRequired',
            issues: [{ path: 'clientSecret', message: 'Enter the client secret again: the host/region/client ID changed, so the stored one is not sent anywhere new.' }],
          });
        }
      }
      expect(hits).toEqual([]);
      // A refused edit leaves the saved connection and its secret as they were, and usable.
      expect(h.hub.app().connections).toEqual([saved]);
      await expect(h.auth.testConnection({ ...h.clientCredentialsDraft({ name: 'Renamed only' }), ...keepStored })).resolves.toMatchObject({ orgName: expect.any(String) });
      // With the secret typed again, the change is saved and the new secret replaces the old one.
      const moved = await h.auth.saveConnection({ ...h.clientCredentialsDraft({ customHost: otherHost }), id: saved.id, clientSecret: 'the-new-hosts-secret' });
      expect(moved).toMatchObject({ id: saved.id, customHost: otherHost, hasSecret: true });
      expect(await h.secrets.get(secretAccount(saved.id, 'clientSecret'))).toBe('the-new-hosts-secret');
    } finally {
      await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
    }
  });

  it('refuses bad input with field-level issues', async () => {
    const error = await h.auth.saveConnection({ name: ' ', region: 'mars_north_1', method: 'clientCredentials', clientId: 'has space', clientSecret: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalidInput');
    expect((error as AppError).issues?.map((i) => i.path).sort()).toEqual(['clientId', 'name', 'region']);
    await expect(h.auth.saveConnection(h.clientCredentialsDraft({ customHost: 'http://example.com' }))).rejects.toMatchObject({ code: 'invalidInput', issues: [{ path: 'customHost' }] });
    await expect(h.auth.saveConnection(h.clientCredentialsDraft({ clientSecret: '' }))).rejects.toMatchObject({ issues: [{ path: 'clientSecret' }] });
    expect(h.hub.app().connections).toEqual([]);
  });

  it('saves nothing when the keychain is unavailable, and says how to fix it', async () => {
    h.secrets.setUnavailable(keychainUnavailable('linux', 'Cannot autolaunch D-Bus without X11 $DISPLAY'));
    const error = await h.auth.saveConnection(h.clientCredentialsDraft()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'keychainUnavailable', message: expect.stringMatching(/GNOME Keyring/) });
    expect(h.hub.app().connections).toEqual([]);
    await expect(readFile(join(h.dataDir, 'connections.json'), 'utf8')).rejects.toThrow();
  });

  it('reports a locked keychain at sign-in', async () => {
    const saved = await h.auth.saveConnection(h.clientCredentialsDraft());
    h.secrets.setUnavailable(keychainLocked('linux'));
    await expect(h.auth.signIn(saved.id)).rejects.toMatchObject({ code: 'keychainLocked' });
    expect(h.hub.app().session).toMatchObject({ status: 'error', code: 'keychainLocked' });
  });

  it('signing out removes the client secret from the keychain and keeps the connection, which then asks for the secret', async () => {
    const saved = await h.auth.saveConnection(h.clientCredentialsDraft());
    const other = await h.auth.saveConnection(h.clientCredentialsDraft({ name: 'Other' }));
    await h.auth.signIn(saved.id);
    await h.auth.signOut();
    expect(await h.secrets.list(`${saved.id}:`)).toEqual([]);
    expect(await h.secrets.list(`${other.id}:`)).toEqual([secretAccount(other.id, 'clientSecret')]);
    expect(h.hub.app().connections).toEqual([{ ...saved, hasSecret: false, lastUsedAt: expect.any(Number) }, other]);
    const file = JSON.parse(await readFile(join(h.dataDir, 'connections.json'), 'utf8')) as { connections: Array<{ id: string; hasSecret: boolean }> };
    expect(file.connections.find((c) => c.id === saved.id)?.hasSecret).toBe(false);
    await expect(h.auth.signIn(saved.id)).rejects.toMatchObject({ code: 'missingSecret', issues: [{ path: 'clientSecret' }], message: expect.stringMatching(/signing out removes it/) });
    await expect(h.auth.saveConnection({ ...h.clientCredentialsDraft(), id: saved.id, clientSecret: undefined })).rejects.toMatchObject({ issues: [{ path: 'clientSecret' }] });
    await h.auth.saveConnection({ ...h.clientCredentialsDraft(), id: saved.id });
    await expect(h.auth.signIn(saved.id)).resolves.toMatchObject({ status: 'signedIn' });
  });

  it('signs out even when the keychain is locked, and says the entries are still there', async () => {
    const saved = await h.auth.saveConnection(h.clientCredentialsDraft());
    await h.auth.signIn(saved.id);
    h.secrets.setUnavailable(keychainLocked('linux'));
    await h.auth.signOut();
    expect(h.auth.session()).toBeNull();
    expect(h.hub.app().session).toEqual({ status: 'signedOut' });
    expect(h.hub.app().connections).toEqual([expect.objectContaining({ id: saved.id, hasSecret: true })]);
    expect(h.hub.app().notices).toEqual([expect.objectContaining({ level: 'warning', message: expect.stringMatching(/^Signed out of "Test org", but its keychain entries could not be removed/) })]);
    h.secrets.setUnavailable(null);
    expect(await h.secrets.list(`${saved.id}:`)).toEqual([secretAccount(saved.id, 'clientSecret')]);
  });

  it('deleting a connection removes every keychain entry', async () => {
    const saved = await h.auth.saveConnection(h.clientCredentialsDraft());
    await h.secrets.set(secretAccount(saved.id, 'userToken'), '{"stale":true}');
    await h.auth.deleteConnection(saved.id);
    expect(await h.secrets.list(`${saved.id}:`)).toEqual([]);
    expect(h.hub.app().connections).toEqual([]);
  });

  it('deleting the connection in use signs out first; a PKCE connection loses its stored token', async () => {
    const saved = await h.auth.saveConnection(h.pkceDraft());
    const opened = h.browser.nextUrl();
    const signing = h.auth.signIn(saved.id);
    const page = await readSignInPage(await opened);
    await followRedirect(await submitSignIn(page, { userId: page.userIds[0] ?? '' }));
    await signing;
    expect(await h.secrets.list(`${saved.id}:`)).toEqual([secretAccount(saved.id, 'userToken')]);
    await h.auth.deleteConnection(saved.id);
    expect(h.auth.session()).toBeNull();
    expect(h.hub.app().session).toEqual({ status: 'signedOut' });
    expect(await h.secrets.list(`${saved.id}:`)).toEqual([]);
  });

  it('signs in silently at start to the last-used client-credentials connection, and not after a sign-out', async () => {
    const saved = await h.auth.saveConnection(h.clientCredentialsDraft());
    await h.auth.signIn(saved.id);
    const restarted = h.restart();
    await restarted.start();
    expect(restarted.session()?.connectionId).toBe(saved.id);
    await restarted.signOut();
    const again = h.restart();
    await again.start();
    expect(again.session()).toBeNull();
    expect(h.hub.app().session).toEqual({ status: 'signedOut' });
  });

  it('switching connections ends the first session', async () => {
    const first = await h.auth.saveConnection(h.clientCredentialsDraft({ name: 'First' }));
    const second = await h.auth.saveConnection(h.clientCredentialsDraft({ name: 'Second' }));
    await h.auth.signIn(first.id);
    const firstSession = h.auth.session();
    const changes: Array<string | null> = [];
    h.auth.onSessionChange((s) => changes.push(s?.connectionId ?? null));
    await h.auth.signIn(second.id);
    expect(changes).toEqual([null, second.id]);
    await expect(firstSession?.request({ label: 'test', priority: 'normal', idempotent: true }, (api) => api.users.getUsers({}))).rejects.toMatchObject({ code: 'session.closed' });
  });

  it('sets a corrupt connections file aside and starts empty, with a notice', async () => {
    await writeFile(join(h.dataDir, 'connections.json'), '{"version":1,"connections":[{"id":', 'utf8');
    await h.auth.start();
    expect(h.hub.app().connections).toEqual([]);
    expect(h.hub.app().notices).toEqual([expect.objectContaining({ level: 'warning', message: expect.stringMatching(/set aside as connections\.corrupt-\d+\.json/) })]);
    expect((await readdir(h.dataDir)).some((f) => /^connections\.corrupt-\d+\.json$/.test(f))).toBe(true);
  });
});

describe('demo org', () => {
  it('signs in with one call, shown as "Demo org" on a custom host, with no secret in the keychain', async () => {
    const state = await h.auth.signInDemo();
    expect(state).toMatchObject({ status: 'signedIn', connectionId: 'demo', connectionName: 'Demo org', regionLabel: `the demo org (${h.sim.url})` });
    expect(h.hub.app().connections).toEqual([expect.objectContaining({ id: 'demo', name: 'Demo org', method: 'demo', region: 'custom', customHost: h.sim.url, hasSecret: false })]);
    expect(await h.secrets.list('')).toEqual([]);
    await expect(h.auth.saveConnection({ ...h.clientCredentialsDraft(), id: 'demo' })).rejects.toMatchObject({ code: 'demoReadOnly' });
    const restarted = h.restart();
    await restarted.start();
    expect(restarted.session()?.connectionName).toBe('Demo org');
  });
});
