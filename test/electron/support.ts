/**
 * Shared by the `_electron` specs: where the Electron runtime is (without `require('electron')`,
 * which would try to download it), and how to launch the built app with a fresh profile.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '../..');
export const mainScript = path.join(root, 'out', 'main', 'index.js');

function findElectronRuntime(): string | null {
  const packageDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env['ELECTRON_OVERRIDE_DIST_PATH'] ?? path.join(packageDir, 'dist');
  const binary = path.join(distDir, relative);
  return existsSync(binary) ? binary : null;
}

export const electronRuntime = findElectronRuntime();
export const NO_RUNTIME =
  'No Electron runtime on this machine: the electron npm package is installed without its binary (downloads are blocked here). Runs wherever `npx electron --version` works.';

export function freshUserDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'softphone-electron-e2e-'));
}

/** The flags every launch shares: the test hooks (ignored by packaged builds) and no GPU in CI. */
export function launchArgs(userDataDir: string, extra: string[] = []): string[] {
  return [mainScript, `--user-data-dir=${userDataDir}`, '--disable-gpu', ...extra];
}

export async function launchApp(userDataDir: string, extra: string[] = []): Promise<ElectronApplication> {
  if (!electronRuntime) throw new Error(NO_RUNTIME);
  if (!existsSync(mainScript)) throw new Error(`Build the app first (npm run build): ${mainScript} is missing.`);
  return _electron.launch({
    executablePath: electronRuntime,
    args: launchArgs(userDataDir, extra),
    env: { ...process.env, SOFTPHONE_E2E_HOOKS: '1', ELECTRON_ENABLE_LOGGING: '1' } as Record<string, string>,
    timeout: 30_000,
  });
}

export interface TestHooks {
  trayModel(): { mode: string; tooltip: string; items: { type: string; id: string; label?: string; enabled?: boolean }[] } | null;
  windowState(): { exists: boolean; visible: boolean; focused: boolean };
  links(): { pending: { e164: string; displayNumber: string } | null; droppedCount: number; lastRejection?: { reason: string } } | null;
  closeWindow(): void;
}

/** Reads one of the app's test hooks in the main process. */
export function hook<K extends keyof TestHooks>(app: ElectronApplication, name: K): Promise<ReturnType<TestHooks[K]>> {
  return app.evaluate((_electron, key) => {
    const hooks = (globalThis as unknown as { __softphoneTest?: Record<string, () => unknown> }).__softphoneTest;
    if (!hooks) throw new Error('test hooks are not installed (SOFTPHONE_E2E_HOOKS=1, unpackaged build)');
    return hooks[key]?.() ?? null;
  }, name) as Promise<ReturnType<TestHooks[K]>>;
}
