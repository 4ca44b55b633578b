/**
 * Start-up must not pay for the SDK (megabytes of generated code) or the keychain's native module:
 * both load only when a session starts or a secret is first needed.
 */
import { createRequire } from 'node:module';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { isSdkRequested } from '../../../src/core/genesys/client';
import { createHarness, type Harness } from './harness';

const sdkInRequireCache = (): boolean => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes('purecloud-platform-client-v2'));

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

it('loads the SDK only when a session starts', async () => {
  await h.auth.start();
  await h.auth.saveConnection(h.clientCredentialsDraft());
  expect(isSdkRequested()).toBe(false);
  expect(sdkInRequireCache()).toBe(false);
  await h.auth.signInDemo();
  expect(isSdkRequested()).toBe(true);
  expect(sdkInRequireCache()).toBe(true);
});
