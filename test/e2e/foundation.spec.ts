import { expect, test } from './fixtures';

test('the app opens through the bridge and shows what the contract delivers', async ({ appPage, app }) => {
  // app:getInfo, answered by main's handler table over the bridge socket.
  await expect(appPage.getByText(new RegExp(`Softphone Companion 0\\.0\\.0-e2e · web bridge .* · ${process.platform}`))).toBeVisible();
  await expect(appPage.getByRole('button', { name: 'Try the demo org' })).toBeVisible();

  // A snapshot pushed by main after the page loaded must arrive without a reload.
  app.bridge.app.hub.updateApp((current) => ({
    notices: [...current.notices, { id: 'n-e2e', level: 'info', message: 'Pushed from main while the page was open' }],
  }));
  await expect(appPage.getByText('Pushed from main while the page was open')).toBeVisible();
  await appPage.getByRole('button', { name: 'Dismiss' }).click();
  await expect(appPage.getByText('Pushed from main while the page was open')).toHaveCount(0);
});

test('the bridge refuses a socket without this run\'s token or from another origin', async ({ app }) => {
  const { WebSocket } = await import('ws');
  const socketUrl = `${app.bridge.origin.replace('http', 'ws')}/__bridge/ws`;
  const attempt = (url: string, origin: string): Promise<string> =>
    new Promise((resolve) => {
      const ws = new WebSocket(url, { origin });
      ws.on('open', () => {
        ws.close();
        resolve('open');
      });
      ws.on('unexpected-response', (_request, response) => resolve(`refused ${response.statusCode}`));
      ws.on('error', () => resolve('refused'));
    });
  expect(await attempt(`${socketUrl}?token=wrong`, app.bridge.origin)).toMatch(/^refused/);
  expect(await attempt(`${socketUrl}?token=${app.bridge.token}`, 'http://127.0.0.1:1')).toMatch(/^refused/);
  expect(await attempt(`${socketUrl}?token=${app.bridge.token}`, app.bridge.origin)).toBe('open');
});
