/**
 * The OS keychain through keytar: macOS Keychain, Windows Credential Manager, or the Secret
 * Service (GNOME Keyring, KWallet) on Linux. keytar is a native module that talks to D-Bus on
 * Linux, so it is imported on first use: a machine without a keychain still starts, and the
 * user gets a specific error with the fix when a secret is first needed.
 */
import { AppError } from '../../shared/result';
import { keychainLocked, keychainUnavailable, type KeychainPlatform } from './errors';
import { SECRET_SERVICE, type SecretStore } from './store';

/** The part of keytar this adapter uses. */
export interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export interface KeytarStoreOptions {
  /** Keychain service name; tests use their own so they never touch the app's entries. */
  service?: string;
  platform?: KeychainPlatform;
  /** How keytar is loaded; the default is a dynamic import. */
  load?: () => Promise<KeytarModule>;
}

async function importKeytar(): Promise<KeytarModule> {
  const loaded = (await import('keytar')) as KeytarModule & { default?: KeytarModule };
  return loaded.default ?? loaded;
}

// Secret Service failures as libsecret/D-Bus word them when there is no keychain to reach.
const NO_SERVICE = /autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|org\.freedesktop\.secrets|ServiceUnknown|not provided by any \.service|Could not connect|Failed to connect|No such file or directory|Connection refused/i;
const LOCKED = /locked|prompt|dismissed|cancel+ed|user interaction is not allowed|denied/i;

export function classifyKeychainError(error: unknown, platform: KeychainPlatform): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (LOCKED.test(message)) return keychainLocked(platform);
  if (NO_SERVICE.test(message)) return keychainUnavailable(platform, message);
  return new AppError('keychainError', `The system keychain refused the request (${message}). Check that it is unlocked and working, then try again.`);
}

export function createKeytarSecretStore(options: KeytarStoreOptions = {}): SecretStore {
  const service = options.service ?? SECRET_SERVICE;
  const platform = options.platform ?? process.platform;
  const load = options.load ?? importKeytar;
  let loaded: Promise<KeytarModule> | null = null;

  const keytar = (): Promise<KeytarModule> => {
    // Only a successful load is kept: a failed one is retried, so installing a keyring helps without a restart.
    loaded ??= load().catch((error: unknown) => {
      loaded = null;
      const detail = error instanceof Error ? error.message : String(error);
      throw keychainUnavailable(platform, `the keychain module could not be loaded: ${detail}`);
    });
    return loaded;
  };

  const call = async <T>(run: (k: KeytarModule) => Promise<T>): Promise<T> => {
    const module = await keytar();
    try {
      return await run(module);
    } catch (error) {
      throw classifyKeychainError(error, platform);
    }
  };

  return {
    get: (account) => call((k) => k.getPassword(service, account)),
    set: async (account, value) => {
      if (!account || !value) throw new Error('account and value must be non-empty');
      await call((k) => k.setPassword(service, account, value));
    },
    delete: (account) => call((k) => k.deletePassword(service, account)),
    list: (prefix) =>
      call(async (k) =>
        (await k.findCredentials(service))
          .map((entry) => entry.account)
          .filter((account) => account.startsWith(prefix))
          .sort(),
      ),
  };
}
