/**
 * The supervisor's review by keyboard alone: sign in, reach the inbox by its shortcut, open a visit, approve it, and
 * find the inbox again — no pointer anywhere. Against the browser host with the demo team, offline.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { E2E_TOKEN } from './playwright.config.ts';

/** Presses Tab (as a person would) until `target` has focus; fails after `most` presses. */
async function tabTo(page: Page, target: Locator, most = 120): Promise<void> {
  for (let i = 0; i < most; i++) {
    if (await target.evaluate((element) => element === element.ownerDocument.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

test('a supervisor reviews a visit by keyboard alone: shortcut to the inbox, open, approve', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(`/#token=${E2E_TOKEN}`);
  const lock = page.getByRole('button', { name: 'Lås' });
  await expect(page.getByRole('heading', { name: 'Logga in' }).or(lock)).toBeVisible();
  if (await lock.isVisible()) {
    await lock.focus();
    await page.keyboard.press('Enter');
  }
  await expect(page.getByRole('heading', { name: 'Logga in' })).toBeFocused();
  await tabTo(page, page.getByRole('radio').first());
  // Cecilia Ek is the supervisor of the demo team: arrow down to her.
  const cecilia = page.getByRole('radio', { name: /Cecilia Ek/ });
  for (let i = 0; i < 8 && !(await cecilia.isChecked()); i++) await page.keyboard.press('ArrowDown');
  await expect(cecilia).toBeChecked();
  await page.keyboard.press('Tab');
  await page.keyboard.type('123456');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Lås' })).toBeVisible();

  // Alt+5: the review inbox.
  await page.keyboard.press('Alt+5');
  await expect(page.getByRole('heading', { name: /Att granska/ })).toBeVisible();
  const open = page.getByRole('button', { name: /^Granska/ }).first();
  await tabTo(page, open);
  await page.keyboard.press('Enter');
  const approve = page.getByRole('button', { name: 'Godkänn' });
  await expect(approve).toBeVisible();
  await tabTo(page, approve);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Besöket är godkänt.' })).toBeVisible();
  await page.keyboard.press('Alt+5');
  await expect(page.getByRole('heading', { name: /Att granska/ })).toBeVisible();
});
