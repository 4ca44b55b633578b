import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { keychainLocked } from './errors';
import { classifyKeychainError, createKeytarSecretStore } from './keytar';
import { createMemorySecretStore } from './memory';
import { connectionSecretPrefix, secretAccount } from './store';

describe('secret accounts', () => {
  it('names one account per connection and kind, and refuses ids that would blur the prefix', () => {
    expect(secretAccount('c1', 'clientSecret')).toBe('c1:clientSecret');
    expect(secretAccount('c1', 'userToken')).toBe('c1:userToken');
    expect(() => secretAccount('a:b', 'userToken')).toThrow(/free of ':'/);
    expect(() => secretAccount('', 'userToken')).toThrow();
    expect('c10:clientSecret'.startsWith(connectionSecretPrefix('c1'))).toBe(false);
  });
});

describe('memory secret store', () => {
  it('sets, gets, lists by prefix and deletes', async () => {
    const store = createMemorySecretStore();
    await store.set('c1:clientSecret', 'a');
    await store.set('c1:userToken', 'b');
    await store.set('c10:clientSecret', 'c');
    expect(await store.get('c1:clientSecret')).toBe('a');
    expect(await store.list(connectionSecretPrefix('c1'))).toEqual(['c1:clientSecret', 'c1:userToken']);
    expect(await store.delete('c1:userToken')).toBe(true);
    expect(await store.delete('c1:userToken')).toBe(false);
    expect(await store.get('c1:userToken')).toBeNull();
  });

  it('fails every call while marked unavailable', async () => {
    const store = createMemorySecretStore({ 'c1:clientSecret': 'a' });
    store.setUnavailable(keychainLocked('linux'));
    await expect(store.get('c1:clientSecret')).rejects.toMatchObject({ code: 'keychainLocked' });
    store.setUnavailable(null);
    expect(await store.get('c1:clientSecret')).toBe('a');
  });
});

describe('keytar error classification', () => {
  // Messages observed from keytar 7.9 / libsecret on this Debian machine.
  it('maps "no D-Bus" to keychainUnavailable with the Linux fix', () => {
    const error = classifyKeychainError(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'), 'linux');
    expect(error.code).toBe('keychainUnavailable');
    expect(error.message).toMatch(/never|only in/);
    expect(error.message).toMatch(/GNOME Keyring/);
  });

  it('maps a locked collection to keychainLocked', () => {
    expect(classifyKeychainError(new Error('Cannot create an item in a locked collection'), 'linux').code).toBe('keychainLocked');
  });

  it('names the platform keychain on macOS and Windows', () => {
    expect(classifyKeychainError(new Error('Could not connect'), 'darwin').message).toMatch(/macOS Keychain/);
    expect(classifyKeychainError(new Error('Could not connect'), 'win32').message).toMatch(/Credential Manager/);
  });

  it('reports a keychain module that cannot load as unavailable, and retries the load next time', async () => {
    let attempts = 0;
    const store = createKeytarSecretStore({
      platform: 'linux',
      load: async () => {
        attempts += 1;
        throw new Error('libsecret-1.so.0: cannot open shared object file');
      },
    });
    const error = await store.get('c1:clientSecret').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('keychainUnavailable');
    await store.get('c1:clientSecret').catch(() => undefined);
    expect(attempts).toBe(2);
  });
});
