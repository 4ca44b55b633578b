import { startSimulator, type SimHandle } from '../../src/sim';
import { expect, test } from './fixtures';
import { signInToDemo } from './helpers';

let secondOrg: SimHandle;
test.beforeEach(async () => {
  // A second org, as a supervisor with two Genesys orgs would have: a separate simulator.
  secondOrg = await startSimulator({ port: 0, seed: 'small', seedNumber: 7 });
});
test.afterEach(async () => {
  await secondOrg.stop();
});

test('first run → demo org → a second org with a wrong secret → fixed → switch → sign out', async ({ appPage }) => {
  // First run: nothing configured.
  await expect(appPage.getByRole('status', { name: 'Session' })).toContainText('Signed out');
  await signInToDemo(appPage);
  await expect(appPage.getByRole('status', { name: 'Session' })).toContainText('Demo Org');

  // Add a connection to the second org with the wrong secret.
  await appPage.getByRole('tab', { name: 'Connections' }).click();
  await appPage.getByRole('button', { name: 'Add connection' }).click();
  const form = appPage.getByRole('form', { name: 'New connection' });
  await form.getByLabel('Connection name').fill('Second org');
  await form.getByLabel('Region').selectOption('custom');
  await form.getByLabel('Custom host').fill(secondOrg.url);
  await form.getByRole('radio', { name: 'Client credentials' }).check();
  await form.getByLabel('Client ID').fill(secondOrg.demo.clientCredentials.clientId);
  await form.getByLabel('Client secret').fill('not-the-secret');
  await form.getByRole('button', { name: 'Save and sign in' }).click();

  const error = appPage.getByRole('alert').filter({ hasText: /client ID or secret|rejected/i });
  await expect(error).toBeVisible();
  // Nothing typed is lost except the secret.
  await expect(form.getByLabel('Connection name')).toHaveValue('Second org');
  await expect(form.getByLabel('Client ID')).toHaveValue(secondOrg.demo.clientCredentials.clientId);
  await expect(form.getByLabel('Client secret')).toHaveValue('');

  await form.getByLabel('Client secret').fill(secondOrg.demo.clientCredentials.clientSecret);
  await form.getByRole('button', { name: 'Save and sign in' }).click();
  await expect(appPage.getByRole('status', { name: 'Session' })).toContainText('Second org');

  // Switch back to the demo org from the list.
  await appPage.getByRole('tab', { name: 'Connections' }).click();
  const list = appPage.getByRole('list', { name: 'Connections' });
  await expect(list).toContainText('Second org');
  await list.getByRole('button', { name: /^Sign in to Demo org/ }).click();
  await expect(appPage.getByRole('status', { name: 'Session' })).toContainText('Demo Org');

  await appPage.getByRole('button', { name: 'Sign out' }).click();
  await expect(appPage.getByRole('status', { name: 'Session' })).toContainText('Signed out');
});
