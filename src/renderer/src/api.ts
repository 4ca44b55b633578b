/**
 * The one module that touches `window.softphone` (exposed by the preload in Electron, or by the
 * web bridge's shim in a browser). Everything else in the renderer imports from here, so the
 * global has exactly one reader and tests can install a fake before the app starts.
 */
import type { SoftphoneApi } from '../../shared/ipc/api';

declare global {
  interface Window {
    readonly softphone?: SoftphoneApi;
  }
}

export type { SoftphoneApi };

/** The contract object. Read at call time, so a test can install a fresh fake per test. */
export function softphone(): SoftphoneApi {
  const api = window.softphone;
  if (!api) {
    throw new Error('window.softphone is missing: the renderer must run inside the app or behind the web bridge.');
  }
  return api;
}

export function hasSoftphone(): boolean {
  return window.softphone !== undefined;
}
