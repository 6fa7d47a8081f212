import { expect, test, type Page } from '@playwright/test';
import { E2E_TOKEN } from './playwright.config.ts';
import { expectAccessible, screens } from './support.ts';

/** Opens the app locked (the backend keeps one session per laptop) and signs `who` in. */
async function signIn(page: Page, who: string): Promise<void> {
  await page.goto(`/#token=${E2E_TOKEN}`);
  const lock = page.getByRole('button', { name: 'Lås' });
  await expect(page.getByRole('heading', { name: 'Logga in' }).or(lock)).toBeVisible();
  if (await lock.isVisible()) await lock.click();
  await signInAgain(page, who);
}

async function signInAgain(page: Page, who: string): Promise<void> {
  await page.getByRole('radio', { name: who }).check();
  await page.getByLabel('PIN-kod eller lösenord').fill('123456');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('button', { name: 'Lås' })).toBeVisible();
}

const current = (page: Page, name: string) =>
  expect(
    page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('button', { name, exact: true }),
  ).toHaveAttribute('aria-current', 'page');

test('a worker moves between screens by keyboard, finds the shortcuts, and a reload keeps the client open', async ({
  page,
}) => {
  await signIn(page, 'Anna Lind');
  await expect(page.getByRole('heading', { name: /Dagens besök/ })).toBeFocused();
  const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
  await expect(nav.getByRole('list', { name: 'Dagen' })).toBeVisible();
  await expect(nav.getByRole('list', { name: 'Granskning' })).toHaveCount(0);
  await expect(page.getByText('Hemtjänstpersonal')).toBeVisible();

  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('heading', { name: 'Brukare' })).toBeFocused();
  await current(page, 'Brukare');
  await page.keyboard.press('Alt+3');
  await expect(page.getByRole('heading', { name: 'Beredskap' })).toBeFocused();
  await current(page, 'Beredskap');
  await page.keyboard.press('Alt+4');
  await expect(page.getByRole('heading', { name: /^Övningar/ })).toBeFocused();
  await page.keyboard.press('Alt+1');
  await expect(page.getByRole('heading', { name: /Dagens besök/ })).toBeFocused();
  // A supervisor's screen is not a worker's: the key does nothing.
  await page.keyboard.press('Alt+5');
  await expect(page.getByRole('heading', { name: /Dagens besök/ })).toBeFocused();

  // While typing in a field the keys are text, not shortcuts.
  await page.keyboard.press('Alt+2');
  const search = page.getByLabel('Sök på namn, by eller adress');
  await search.focus();
  await page.keyboard.type('?');
  await page.keyboard.press('Alt+1');
  await expect(search).toHaveValue('?');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await current(page, 'Brukare');

  // Alt+0 outside a field lists the shortcuts this person has (a lone "?" does nothing); Escape closes the list.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.keyboard.press('Alt+0');
  const help = page.getByRole('dialog', { name: 'Kortkommandon' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('row', { name: /Alt\s*\+\s*2\s*Brukare/ })).toBeVisible();
  await expect(help.getByText('Att granska')).toHaveCount(0);
  await expectAccessible(page);
  await page.screenshot({ path: `${screens}/shortcut-help.png` });
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  // A client opened by keyboard is still open after a reload, and the address says which.
  await search.fill('berglund yttersjo');
  await page.getByRole('button', { name: 'Berglund, Elsa' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Elsa Berglund' })).toBeFocused();
  await expect(page).toHaveURL(/#screen=client:/);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Elsa Berglund' })).toBeVisible();
  await current(page, 'Brukare');

  // After a lock the same person comes back to it; someone else starts on their day.
  await page.getByRole('button', { name: 'Lås' }).click();
  await expect(page.getByRole('heading', { name: 'Logga in' })).toBeVisible();
  // The locked screen's address says nothing of what was open.
  await expect(page).not.toHaveURL(/screen=/);
  await signInAgain(page, 'Anna Lind');
  await expect(page.getByRole('heading', { name: 'Elsa Berglund' })).toBeVisible();
  await page.getByRole('button', { name: 'Lås' }).click();
  await signInAgain(page, 'Bertil Holm');
  await expect(page.getByRole('heading', { name: /Dagens besök/ })).toBeVisible();
});

test('a supervisor reaches review and follow-up by keyboard, at 1024 px too, and a reload keeps the screen', async ({
  page,
}) => {
  await signIn(page, 'Cecilia Ek');
  await page.keyboard.press('Alt+5');
  await expect(page.getByRole('heading', { name: 'Att granska' })).toBeFocused();
  await current(page, 'Att granska');
  await page.keyboard.press('Alt+6');
  await expect(page.getByRole('heading', { name: 'Översikt' })).toBeVisible();
  await current(page, 'Översikt');
  await page.keyboard.press('Alt+7');
  await expect(page.getByRole('heading', { name: 'Ensamhet i teamet' })).toBeVisible();
  await page.keyboard.press('Alt+8');
  await expect(page.getByRole('heading', { name: 'Åtkomstlogg' })).toBeVisible();
  await current(page, 'Åtkomstlogg');
  await expect(page.getByText('Arbetsledare')).toBeVisible();

  await page.keyboard.press('F1');
  const help = page.getByRole('dialog', { name: 'Kortkommandon' });
  await expect(help.getByRole('row', { name: /Alt\s*\+\s*5\s*Att granska/ })).toBeVisible();
  await expect(help.getByRole('row', { name: /Alt\s*\+\s*8\s*Åtkomstlogg/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  await page.keyboard.press('Alt+5');
  await expect(page.getByRole('heading', { name: 'Att granska' })).toBeFocused();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Att granska' })).toBeVisible();
  await current(page, 'Att granska');

  // At 1024 px the side bar folds behind "Meny"; the shortcuts work all the same.
  await page.setViewportSize({ width: 1024, height: 768 });
  const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
  await expect(nav).toBeHidden();
  const menu = page.getByRole('button', { name: 'Meny' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(nav).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Dagens besök' })).toBeFocused();
  await expectAccessible(page);
  await page.screenshot({ path: `${screens}/menu-1024.png` });
  await page.keyboard.press('Escape');
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
  await page.keyboard.press('Alt+1');
  await expect(page.getByRole('heading', { name: /Dagens besök/ })).toBeFocused();
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1024);
});
