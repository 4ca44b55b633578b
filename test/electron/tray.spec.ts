import { expect, test } from '@playwright/test';
import { electronRuntime, freshUserDataDir, hook, launchApp, NO_RUNTIME } from './support';

// Skipped, with NO_RUNTIME as the reason Playwright reports, where no Electron binary exists (it cannot be downloaded here).
test.skip(!electronRuntime, NO_RUNTIME);

test('signed out, the tray offers only to open the app and to quit', async () => {
  const app = await launchApp(freshUserDataDir());
  try {
    await app.firstWindow();
    await expect.poll(() => hook(app, 'trayModel').then((model) => model?.mode ?? null)).toBe('signedOut');
    const model = await hook(app, 'trayModel');
    expect(model?.tooltip).toBe('Softphone Companion — signed out');
    expect(model?.items.filter((item) => item.type === 'action').map((item) => item.id)).toEqual(['open', 'quit']);
  } finally {
    await app.close();
  }
});
