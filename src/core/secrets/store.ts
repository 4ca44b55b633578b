/**
 * The port through which every secret (OAuth client secrets, user tokens) is kept. Only OS
 * keychains implement it in the app; there is deliberately no file-backed adapter, so a missing
 * keychain is an error the user can fix, never a silent plaintext fallback.
 */
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  /** True when an entry was removed, false when there was none. */
  delete(account: string): Promise<boolean>;
  /** Account names (never values) that start with `prefix`, e.g. every entry of one connection. */
  list(prefix: string): Promise<string[]>;
}

/** The keychain "service" every entry is filed under, so the app's entries are easy to find and audit. */
export const SECRET_SERVICE = 'com.softphone-companion.genesys';

export type SecretKind = 'clientSecret' | 'userToken';

/** One account per connection and kind: `<connectionId>:clientSecret`, `<connectionId>:userToken`. */
export function secretAccount(connectionId: string, kind: SecretKind): string {
  if (!connectionId || connectionId.includes(':')) throw new Error(`connection id must be non-empty and free of ':', got ${JSON.stringify(connectionId)}`);
  return `${connectionId}:${kind}`;
}

/** The prefix that matches exactly one connection's accounts (the trailing colon keeps `a1` from matching `a10`). */
export function connectionSecretPrefix(connectionId: string): string {
  return `${connectionId}:`;
}
