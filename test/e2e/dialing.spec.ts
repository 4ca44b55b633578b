import { expect, test } from './fixtures';
import { activeCall, enterNumber, pickAgent, signInToDemo } from './helpers';

test.beforeEach(async ({ appPage }) => {
  await signInToDemo(appPage);
});

test('dial on behalf of an agent, watch it ring, connect and end, then redial from Recent calls', async ({ appPage }) => {
  await pickAgent(appPage, 'Amara Okafor');
  await enterNumber(appPage, '020 7946 0123');
  await expect(appPage.getByRole('form', { name: 'Dialer' }).getByText('+44 20 7946 0123').first()).toBeVisible();

  const call = appPage.getByRole('button', { name: /^Call \+44 20 7946 0123 from Amara Okafor/ });
  await call.click();
  const card = activeCall(appPage);
  await expect(card).toContainText("Ringing Amara Okafor's phone");
  await expect(card).toContainText('Dialing the customer');
  await expect(card).toContainText('Connected');
  await card.getByRole('button', { name: 'Hang up' }).click();
  await expect(card).toContainText('Ended — hung up');

  await appPage.getByRole('tab', { name: 'Recent' }).click();
  const recents = appPage.getByRole('list', { name: 'Recent calls' });
  await expect(recents).toContainText('+44 20 7946 0123');
  await expect(recents).toContainText('Amara Okafor');
  await card.getByRole('button', { name: 'Dismiss' }).click();
  await recents.getByRole('button', { name: /^Redial \+44 20 7946 0123/ }).first().click();
  await expect(activeCall(appPage)).toContainText(/Ringing Amara Okafor's phone|Dialing the customer|Connected/);
  await activeCall(appPage).getByRole('button', { name: 'Hang up' }).click();
  await expect(activeCall(appPage)).toContainText('Ended');
});

test('an invalid number is explained and cannot be dialled', async ({ appPage }) => {
  await pickAgent(appPage, 'Amara Okafor');
  await enterNumber(appPage, '12');
  await expect(appPage.getByText(/too few digits/i)).toBeVisible();
  await expect(appPage.getByRole('button', { name: /^Call/ })).toBeDisabled();
});

test('a busy number ends with the busy outcome', async ({ appPage }) => {
  await pickAgent(appPage, 'Hannah Schmidt');
  await enterNumber(appPage, '+1 317 555 1111');
  await appPage.getByRole('button', { name: /^Call \+1 317 555 1111 from Hannah Schmidt/ }).click();
  await expect(activeCall(appPage)).toContainText('Ended — busy', { timeout: 30_000 });
});

test('an offline agent gets a warning and an explicit "Dial anyway"', async ({ appPage }) => {
  await pickAgent(appPage, 'Grace Muller');
  await enterNumber(appPage, '+44 20 7946 0123');
  await appPage.getByRole('button', { name: /^Call .* from Grace Muller/ }).click();
  await expect(appPage.getByText(/Grace Muller is Offline/)).toBeVisible();
  await expect(activeCall(appPage)).toHaveCount(0);
  await appPage.getByRole('button', { name: 'Dial anyway' }).click();
  await expect(activeCall(appPage)).toContainText("Ringing Grace Muller's phone");
  await activeCall(appPage).getByRole('button', { name: 'Hang up' }).click();
  await expect(activeCall(appPage)).toContainText('Ended — cancelled');
});

test('an agent without a station is refused in words', async ({ appPage }) => {
  await pickAgent(appPage, 'Noah Fischer');
  await enterNumber(appPage, '+44 20 7946 0123');
  await appPage.getByRole('button', { name: /^Call .* from Noah Fischer/ }).click();
  await expect(appPage.getByRole('alert').filter({ hasText: /station/ })).toBeVisible();
  await expect(activeCall(appPage)).toHaveCount(0);
});
