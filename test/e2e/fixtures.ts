/**
 * Each test gets its own web bridge (real services, its own data folder) and a page opened on
 * it, so tests never share state. The bridge runs in the test process, so a test can reach the
 * in-process demo simulator and the services directly to arrange or observe what a user cannot.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startBridge, type Bridge } from '../../src/bridge/server';
import { createMemoryLogger } from '../../src/core/logging/logger';
import { BRIDGE_OPENED_URLS_PATH, BRIDGE_SECOND_INSTANCE_PATH } from '../../src/bridge/protocol';

const root = path.resolve(import.meta.dirname, '..', '..');

export interface BridgeFixture {
  bridge: Bridge;
  /** Deliver argv to the running app the way the OS does for a second instance. */
  deliverArgv(argv: string[]): Promise<void>;
  openedUrls(): Promise<string[]>;
}

export async function launchBridge(options: { seed?: 'small' | 'large' } = {}): Promise<{ fixture: BridgeFixture; close(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'softphone-e2e-'));
  const bridge = await startBridge({
    dataDir,
    logger: createMemoryLogger('warn'),
    rendererDir: path.join(root, 'out', 'renderer'),
    shimFile: path.join(root, 'out', 'bridge', 'shim.js'),
    appVersion: '0.0.0-e2e',
    platform: process.platform,
    osLocale: 'en-GB',
    demoSeed: options.seed ?? 'small',
    // E2E tests keep the secrets in memory: the real keychain is covered by the keytar tests.
    secretStore: 'memory',
  });
  const post = (pathname: string, body?: unknown): Promise<Response> =>
    fetch(`${bridge.origin}${pathname}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'x-bridge-token': bridge.token, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const fixture: BridgeFixture = {
    bridge,
    async deliverArgv(argv) {
      const response = await post(BRIDGE_SECOND_INSTANCE_PATH, argv);
      expect(response.status).toBe(204);
    },
    async openedUrls() {
      return (await (await post(BRIDGE_OPENED_URLS_PATH)).json()) as string[];
    },
  };
  return {
    fixture,
    async close() {
      await bridge.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{ demoSeed: 'small' | 'large'; app: BridgeFixture; appPage: Page }>({
  demoSeed: ['small', { option: true }],
  app: async ({ demoSeed }, use) => {
    const { fixture, close } = await launchBridge({ seed: demoSeed });
    await use(fixture);
    await close();
  },
  appPage: async ({ page, app }, use) => {
    await page.goto(app.bridge.url);
    await use(page);
  },
});

export { expect };
