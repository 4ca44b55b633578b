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
  // The failed first attempt and the fixed retry are one connection, not two.
  await expect(list.getByRole('button', { name: 'Sign in to Second org' })).toHaveCount(1);
  await list.getByRole('button', { name: /^Sign in to Demo org/ }).click();
  await expect(appPage.getByRole('status', { name: 'Session' })).toContainText('Demo Org');
  // Switching keeps each connection's secret: back to the second org without typing it again.
  await list.getByRole('button', { name: /^Sign in to Second org/ }).click();
  await expect(appPage.getByRole('status', { name: 'Session' })).toContainText('Second org');

  await appPage.getByRole('button', { name: 'Sign out' }).click();
  await expect(appPage.getByRole('status', { name: 'Session' })).toContainText('Signed out');
});

test('sign-in works from the keyboard alone', async ({ appPage }) => {
  await appPage.keyboard.press('Tab');
  // Tab until the demo button has focus, then Enter: no pointer anywhere in this test.
  const demo = appPage.getByRole('button', { name: 'Try the demo org' });
  for (let step = 0; step < 10 && !(await demo.evaluate((element) => element.matches(':focus'))); step++) {
    await appPage.keyboard.press('Tab');
  }
  await expect(demo).toBeFocused();
  await appPage.keyboard.press('Enter');
  await expect(appPage.getByRole('status', { name: 'Session' })).toContainText('Signed in as');

  // The tabs follow the WAI-ARIA pattern: arrows move between sections.
  const dialTab = appPage.getByRole('tab', { name: 'Dial' });
  await dialTab.focus();
  await appPage.keyboard.press('End');
  await expect(appPage.getByRole('tab', { name: 'Connections' })).toBeFocused();
  await expect(appPage.getByRole('tab', { name: 'Connections' })).toHaveAttribute('aria-selected', 'true');
  await appPage.keyboard.press('Tab');
  const add = appPage.getByRole('button', { name: 'Add connection' });
  for (let step = 0; step < 15 && !(await add.evaluate((element) => element.matches(':focus'))); step++) {
    await appPage.keyboard.press('Tab');
  }
  await expect(add).toBeFocused();
  await appPage.keyboard.press('Enter');
  const form = appPage.getByRole('form', { name: 'New connection' });
  await expect(form.getByLabel('Connection name')).toBeVisible();
  await form.getByLabel('Connection name').focus();
  await appPage.keyboard.type('Keyboard org');
  await appPage.keyboard.press('Enter'); // submits: the form says what is missing, keeps the name
  await expect(form.getByRole('alert').or(appPage.getByRole('alert')).first()).toBeVisible();
  await expect(form.getByLabel('Connection name')).toHaveValue('Keyboard org');
});
