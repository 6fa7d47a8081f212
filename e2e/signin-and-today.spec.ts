import { expect, test, type Page } from '@playwright/test';
import { E2E_TOKEN } from './playwright.config.ts';
import { expectAccessible, screens, showDone } from './support.ts';

/** Opens the app at the sign-in screen. The session lives in the backend (one user per laptop), so lock it first. */
async function open(page: Page): Promise<void> {
  await page.goto(`/#token=${E2E_TOKEN}`);
  const signIn = page.getByRole('heading', { name: 'Logga in' });
  const lock = page.getByRole('button', { name: 'Lås' });
  await expect(signIn.or(lock)).toBeVisible();
  if (await lock.isVisible()) await lock.click();
  await expect(signIn).toBeVisible();
  // The profiles come from the backend a moment after the screen.
  await expect(page.getByRole('radio').first()).toBeVisible();
}

test('a wrong PIN is refused in Swedish; the right one opens today’s visits', async ({ page }) => {
  await open(page);
  // The token is taken out of the address bar at once.
  expect(page.url()).not.toContain('token');
  await expectAccessible(page);
  await page.screenshot({ path: `${screens}/signin.png`, fullPage: true });

  await page.getByRole('radio', { name: 'Anna Lind' }).check();
  await page.getByLabel('PIN-kod eller lösenord').fill('000000');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Fel profil eller PIN-kod. Försök igen.');
  await expectAccessible(page);
  await page.screenshot({ path: `${screens}/signin-wrong-pin.png`, fullPage: true });

  await page.getByLabel('PIN-kod eller lösenord').fill('123456');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('heading', { name: /Dagens besök/ })).toBeVisible();
  // Märta Östlund is visited every day at 08:00 (Anna's) and 17:30 (unassigned); listed as "Östlund, Märta".
  await expect(page.getByRole('button', { name: /^Logga besök hos / }).first()).toBeVisible();
  await showDone(page);
  const visits = page.getByRole('listitem');
  await expect(visits.filter({ hasText: 'Östlund, Märta' })).toHaveCount(2);
  await expect(visits.filter({ hasText: '08:00–08:30' }).filter({ hasText: 'Östlund, Märta' })).toContainText('Måltid');
  await expect(page.getByText('Ingen kontakt med appens databas')).toHaveCount(0);
  await expectAccessible(page);
  await page.screenshot({ path: `${screens}/today.png`, fullPage: true });
});

test('the whole sign-in works by keyboard alone', async ({ page }) => {
  await open(page);
  // The screen's heading has focus; the first Tab reaches the chosen profile.
  await expect(page.getByRole('heading', { name: 'Logga in' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('radio', { name: 'Anna Lind' })).toBeFocused();
  await page.keyboard.press('ArrowDown'); // Bertil Holm
  await expect(page.getByRole('radio', { name: 'Bertil Holm' })).toBeChecked();
  await page.keyboard.press('Tab');
  await page.keyboard.type('123456');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Bertil Holm', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Dagens besök/ })).toBeFocused();
});

test('locking returns to sign-in and says why; English is one choice away', async ({ page }) => {
  await open(page);
  await page.getByRole('radio', { name: 'Cecilia Ek' }).check();
  await page.getByLabel('PIN-kod eller lösenord').fill('123456');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('button', { name: 'Lås' }).click();
  await expect(page.getByText('Hemtrygg låstes. Logga in igen för att fortsätta.')).toBeVisible();

  await page.getByLabel('Språk').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByRole('radio', { name: 'Cecilia Ek' }).check();
  await page.getByLabel('PIN or password').fill('123456');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: /Today's visits/ })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${screens}/today-en.png`, fullPage: true });
});
