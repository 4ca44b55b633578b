import type { AppError } from '../../shared/result';
import type { SecretStore } from './store';

export interface MemorySecretStore extends SecretStore {
  /** Makes every call fail with `error` (e.g. keychainLocked) until called again with null. */
  setUnavailable(error: AppError | null): void;
  /** Every value currently held, for tests that search for a leaked secret. */
  values(): string[];
}

/** For unit tests and the simulator-only bridge: the same contract as the keychain, in memory. */
export function createMemorySecretStore(initial: Record<string, string> = {}): MemorySecretStore {
  const entries = new Map(Object.entries(initial));
  let unavailable: AppError | null = null;
  const check = (): void => {
    if (unavailable) throw unavailable;
  };
  return {
    async get(account) {
      check();
      return entries.get(account) ?? null;
    },
    async set(account, value) {
      check();
      if (!account || !value) throw new Error('account and value must be non-empty');
      entries.set(account, value);
    },
    async delete(account) {
      check();
      return entries.delete(account);
    },
    async list(prefix) {
      check();
      return [...entries.keys()].filter((account) => account.startsWith(prefix)).sort();
    },
    setUnavailable(error) {
      unavailable = error;
    },
    values: () => [...entries.values()],
  };
}
