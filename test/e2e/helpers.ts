import { expect, type Page } from '@playwright/test';

export async function signInToDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Try the demo org' }).click();
  await expect(page.getByRole('status', { name: 'Session' })).toContainText('Signed in as');
}

export async function pickAgent(page: Page, name: string): Promise<void> {
  const picker = page.getByRole('combobox', { name: 'Agent' });
  await picker.fill(name);
  await page.getByRole('option', { name: new RegExp(`^${name}`) }).click();
  await expect(picker).toHaveValue(new RegExp(name));
}

export async function enterNumber(page: Page, number: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Phone number' }).fill(number);
}

export const activeCall = (page: Page) => page.getByRole('region', { name: 'Active call' });
