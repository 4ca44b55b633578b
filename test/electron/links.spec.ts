import { expect, test } from '@playwright/test';
import { electronRuntime, freshUserDataDir, hook, launchApp, NO_RUNTIME } from './support';

// Skipped, with NO_RUNTIME as the reason Playwright reports, where no Electron binary exists (it cannot be downloaded here).
test.skip(!electronRuntime, NO_RUNTIME);

test('a tel: link on the command line at cold start waits for confirmation once the window is ready', async () => {
  const app = await launchApp(freshUserDataDir(), ['tel:+44-20-7946-0958']);
  try {
    await app.firstWindow();
    await expect.poll(() => hook(app, 'links').then((links) => links?.pending ?? null)).toMatchObject({ e164: '+442079460958', displayNumber: '+44 20 7946 0958' });
  } finally {
    await app.close();
  }
});

test('a callto:// link at cold start is read the same way', async () => {
  const app = await launchApp(freshUserDataDir(), ['callto://+12015550123']);
  try {
    await app.firstWindow();
    await expect.poll(() => hook(app, 'links').then((links) => links?.pending?.e164 ?? null)).toBe('+12015550123');
  } finally {
    await app.close();
  }
});
