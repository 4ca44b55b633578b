/**
 * The keytar adapter against a real keychain. `npm test` runs this file under dbus-run-session
 * with an unlocked GNOME Keyring; without a session bus the keychain tests cannot run and are
 * reported as skipped with that reason, while the no-keychain error is checked for real instead.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeytarSecretStore } from '../../../src/core/secrets/keytar';
import { connectionSecretPrefix, secretAccount } from '../../../src/core/secrets/store';

const run = promisify(execFile);
const hasSessionBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
// A service of the test's own, so a developer's real entries are never touched.
const service = `com.softphone-companion.genesys.test-${randomUUID()}`;
const store = createKeytarSecretStore({ service });
const first = `conn-${randomUUID()}`;
const second = `conn-${randomUUID()}`;

describe('keytar secret store (GNOME Keyring over D-Bus)', () => {
  afterAll(async () => {
    if (!hasSessionBus) return;
    for (const account of await store.list('')) await store.delete(account);
  });

  it.skipIf(!hasSessionBus)(
    hasSessionBus ? 'sets, gets, lists and deletes entries of one connection' : 'sets, gets, lists and deletes entries — skipped: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset); run under dbus-run-session with an unlocked gnome-keyring-daemon',
    async () => {
      const secretAcc = secretAccount(first, 'clientSecret');
      const tokenAcc = secretAccount(first, 'userToken');
      expect(await store.get(secretAcc)).toBeNull();
      await store.set(secretAcc, 's3cret-value');
      await store.set(tokenAcc, JSON.stringify({ accessToken: 'tok', expiresAt: 1 }));
      expect(await store.get(secretAcc)).toBe('s3cret-value');
      expect(await store.list(connectionSecretPrefix(first))).toEqual([secretAcc, tokenAcc].sort());
      await store.set(secretAcc, 'rotated');
      expect(await store.get(secretAcc)).toBe('rotated');
      expect(await store.delete(tokenAcc)).toBe(true);
      expect(await store.delete(tokenAcc)).toBe(false);
      expect(await store.list(connectionSecretPrefix(first))).toEqual([secretAcc]);
    },
  );

  it.skipIf(!hasSessionBus)(
    hasSessionBus ? 'keeps a second connection separate' : 'keeps a second connection separate — skipped: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset)',
    async () => {
      await store.set(secretAccount(first, 'clientSecret'), 'first-secret');
      await store.set(secretAccount(second, 'clientSecret'), 'second-secret');
      expect(await store.get(secretAccount(second, 'clientSecret'))).toBe('second-secret');
      expect(await store.list(connectionSecretPrefix(second))).toEqual([secretAccount(second, 'clientSecret')]);
      await store.delete(secretAccount(second, 'clientSecret'));
      expect(await store.get(secretAccount(first, 'clientSecret'))).toBe('first-secret');
      expect(await store.list(connectionSecretPrefix(second))).toEqual([]);
    },
  );

  it('without a reachable Secret Service, refuses with keychainUnavailable and says how to fix it', async () => {
    // A child process whose session bus points at nothing: the real keytar adapter must refuse,
    // never store the secret elsewhere. It runs whether or not this process has a keychain.
    const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'no-keychain-probe.ts')], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/softphone-test-bus' },
      timeout: 15_000,
    });
    const outcome = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { code?: string; message?: string };
    expect(outcome.code).toBe('keychainUnavailable');
    if (process.platform === 'linux') expect(outcome.message).toMatch(/GNOME Keyring.*KWallet/);
  });
});
