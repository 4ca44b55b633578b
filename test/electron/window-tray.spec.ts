import { expect, test } from '@playwright/test';
import { electronRuntime, freshUserDataDir, hook, launchApp, NO_RUNTIME } from './support';

// Skipped, with NO_RUNTIME as the reason Playwright reports, where no Electron binary exists (it cannot be downloaded here).
test.skip(!electronRuntime, NO_RUNTIME);

test('closing the window hides it to the tray instead of quitting', async () => {
  const app = await launchApp(freshUserDataDir());
  try {
    await app.firstWindow();
    await expect.poll(() => hook(app, 'windowState').then((s) => s.visible)).toBe(true);
    await hook(app, 'closeWindow');
    await expect.poll(() => hook(app, 'windowState')).toEqual({ exists: true, visible: false, focused: false });
    // The app is still running: the main process answers.
    expect(await app.evaluate(({ app: electronApp }) => electronApp.getName())).toBeTruthy();
  } finally {
    await app.close();
  }
});
