import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { electronRuntime, freshUserDataDir, hook, launchApp, launchArgs, NO_RUNTIME } from './support';

// Skipped, with NO_RUNTIME as the reason Playwright reports, where no Electron binary exists (it cannot be downloaded here).
test.skip(!electronRuntime, NO_RUNTIME);

/** Runs a second copy with the same profile; it must hand over its arguments and exit. */
function secondInstance(userDataDir: string, extra: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(electronRuntime ?? 'electron', launchArgs(userDataDir, extra), { stdio: 'ignore', env: { ...process.env, SOFTPHONE_E2E_HOOKS: '1' } });
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('the second instance did not exit within 20 s'));
    }, 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

test('a second launch exits and hands its tel: link to the running app', async () => {
  const userDataDir = freshUserDataDir();
  const app = await launchApp(userDataDir);
  try {
    await app.firstWindow();
    await expect.poll(() => hook(app, 'windowState').then((s) => s.exists)).toBe(true);
    expect(await secondInstance(userDataDir, ['tel:+1-201-555-0123'])).toBe(0);
    await expect.poll(() => hook(app, 'links').then((links) => links?.pending?.e164 ?? null)).toBe('+12015550123');
    await expect.poll(() => hook(app, 'windowState').then((s) => s.visible)).toBe(true);
    // Still exactly one app window.
    expect(app.windows()).toHaveLength(1);
  } finally {
    await app.close();
  }
});

test('a hostile link to the running app is rejected, never pending', async () => {
  const userDataDir = freshUserDataDir();
  const app = await launchApp(userDataDir);
  try {
    await app.firstWindow();
    expect(await secondInstance(userDataDir, ['tel:javascript:alert(1)'])).toBe(0);
    await expect.poll(() => hook(app, 'links').then((links) => links?.lastRejection?.reason ?? null)).not.toBeNull();
    expect((await hook(app, 'links'))?.pending).toBeNull();
  } finally {
    await app.close();
  }
});
