import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { activeCall, pickAgent, signInToDemo } from './helpers';

const exe = '/opt/Softphone Companion/softphone-companion';

test.beforeEach(async ({ appPage }) => {
  await signInToDemo(appPage);
});

test('a tel: link delivered to the running app asks for confirmation, then places the call', async ({ appPage, app }) => {
  // The agent of the last call is preselected for links: place one from the pad first.
  await pickAgent(appPage, 'Amara Okafor');
  await appPage.getByRole('textbox', { name: 'Phone number' }).fill('+44 20 7946 0999');
  await appPage.getByRole('button', { name: /^Call \+44 20 7946 0999 from Amara Okafor/ }).click();
  await activeCall(appPage).getByRole('button', { name: 'Hang up' }).click();
  await expect(activeCall(appPage)).toContainText('Ended');
  await activeCall(appPage).getByRole('button', { name: 'Dismiss' }).click();

  await app.deliverArgv([exe, 'tel:+44-20-7946-0123']);
  const dialog = appPage.getByRole('dialog', { name: 'Call this number?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('+44 20 7946 0123');
  await expect(dialog.getByRole('combobox', { name: 'Agent' })).toHaveValue(/Amara Okafor/);
  await expect(activeCall(appPage)).toHaveCount(0); // never auto-dials
  // Enter confirms: the Call button has the focus.
  await appPage.keyboard.press('Enter');
  await expect(activeCall(appPage)).toContainText(/Ringing Amara Okafor's phone|Dialing the customer|Connected/);
  await activeCall(appPage).getByRole('button', { name: 'Hang up' }).click();
  await expect(activeCall(appPage)).toContainText('Ended');
});

test('a link for an offline agent warns, and "Dial anyway" places it and clears the link', async ({ appPage, app }) => {
  await app.deliverArgv([exe, 'callto://+442079460123']);
  const dialog = appPage.getByRole('dialog', { name: 'Call this number?' });
  await pickAgentIn(dialog, 'Grace Muller');
  await dialog.getByRole('button', { name: /^Call/ }).click();
  const warning = appPage.getByRole('alertdialog', { name: 'Dial anyway?' });
  await expect(warning).toContainText('Grace Muller is Offline');
  await warning.getByRole('button', { name: 'Dial anyway' }).click();
  await expect(activeCall(appPage)).toContainText(/Ringing Grace Muller's phone/);
  await expect(dialog).toHaveCount(0);
  await activeCall(appPage).getByRole('button', { name: 'Hang up' }).click();
  await expect(activeCall(appPage)).toContainText('Ended');
});

test('a hostile link is rejected with the reason and nothing is dialled', async ({ appPage, app }) => {
  await app.deliverArgv([exe, 'tel:javascript:alert(1)']);
  await expect(appPage.getByRole('alert').filter({ hasText: 'That link was not a phone number: The link contains letters' })).toBeVisible();
  await expect(appPage.getByRole('dialog', { name: 'Call this number?' })).toHaveCount(0);
  await expect(activeCall(appPage)).toHaveCount(0);
});

test('a burst of 20 links leaves exactly one confirmation', async ({ appPage, app }) => {
  const links = Array.from({ length: 20 }, (_, index) => `tel:+4420794601${String(index).padStart(2, '0')}`);
  for (const link of links) await app.deliverArgv([exe, link]);
  const dialog = appPage.getByRole('dialog', { name: 'Call this number?' });
  await expect(dialog).toHaveCount(1);
  await expect(dialog).toContainText('+44 20 7946 0100');
  await expect(appPage.getByText(/19 more numbers arrived/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Dismiss' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(activeCall(appPage)).toHaveCount(0);
});

async function pickAgentIn(scope: Locator, name: string): Promise<void> {
  const picker = scope.getByRole('combobox', { name: 'Agent' });
  if ((await picker.inputValue()).includes(name)) return;
  await picker.fill(name);
  await scope.page().getByRole('option', { name: new RegExp(`^${name}`) }).last().click();
}
