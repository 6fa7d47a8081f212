import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { E2E_TOKEN } from './playwright.config.ts';
import { typeTime, showDone } from './support.ts';

const screens = 'test-results/screens';

/** Local wall-clock time minutes from now, as hh:mm (the backend refuses visits in the future, so use the real clock). */
const localTime = (minutesFromNow: number) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' }).format(
    new Date(Date.now() + minutesFromNow * 60_000),
  );

async function signIn(page: Page, name: string): Promise<void> {
  await page.goto(`/#token=${E2E_TOKEN}`);
  const lock = page.getByRole('button', { name: 'Lås' });
  const signInHeading = page.getByRole('heading', { name: 'Logga in' });
  await expect(signInHeading.or(lock)).toBeVisible();
  if (await lock.isVisible()) await lock.click();
  await page.getByRole('radio', { name }).check();
  await page.getByLabel('PIN-kod eller lösenord').fill('123456');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('heading', { name: /Dagens besök/ })).toBeVisible();
}

test('a visit is refused with a message while its times are wrong, then signed, and the day shows it done', async ({
  page,
}) => {
  // Minutes before now must still be today.
  test.skip(localTime(0) < '00:05', 'too close to midnight for times earlier today');
  await signIn(page, 'Anna Lind');
  await page.getByRole('button', { name: 'Logga besök hos Märta Östlund' }).first().click();
  await expect(page.getByRole('heading', { name: 'Besök hos Märta Östlund' })).toBeFocused();

  const start = localTime(-3);
  await typeTime(page, 'Start (tt:mm)', start);
  await typeTime(page, 'Slut (tt:mm)', start);
  await page.getByRole('button', { name: 'Signera besöket' }).click();
  await expect(page.getByRole('alert')).toContainText('Besöket är inte signerat.');
  // The field says what is wrong, to screen readers too (aria-describedby).
  const end = page.getByRole('group', { name: 'Slut (tt:mm)' }).getByRole('spinbutton').first();
  await expect(end).toHaveAttribute('aria-invalid', 'true');
  await expect(end).toHaveAccessibleDescription(/Sluttiden måste vara efter starttiden\./);
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: `${screens}/log-visit-refused.png`, fullPage: true });

  await page.getByRole('button', { name: 'Avsluta nu' }).click();
  await page.getByRole('checkbox', { name: 'Påminnelse om läkemedel' }).uncheck();
  await page.getByLabel('Anteckning').fill('Åt frukost, på gott humör.');
  await page.getByRole('checkbox', { name: 'Tecken på ensamhet' }).check();
  await page.getByLabel('Beskriv: Tecken på ensamhet').fill('Säger att dagarna känns långa sedan maken dog.');
  await page.screenshot({ path: `${screens}/log-visit.png`, fullPage: true });
  await page.getByRole('button', { name: 'Signera besöket' }).click();

  await expect(page.getByRole('heading', { name: /Dagens besök/ })).toBeVisible();
  await showDone(page);
  const morning = page.getByRole('listitem').filter({ hasText: '08:00–08:30' }).filter({ hasText: 'Östlund, Märta' });
  await expect(morning).toContainText('Klart');
  await expect(morning.getByRole('button', { name: /Logga besök/ })).toHaveCount(0);
  await page.screenshot({ path: `${screens}/today-after-visit.png`, fullPage: true });
});

test('a visit left half-filled is in progress, and comes back as it was after the app was closed', async ({
  page,
  context,
}) => {
  await signIn(page, 'Anna Lind');
  const evening = page.getByRole('listitem').filter({ hasText: '17:30–18:00' }).filter({ hasText: 'Märta Östlund' });
  await evening.getByRole('button', { name: /Logga besök/ }).click();
  await page.getByRole('button', { name: 'Starta nu' }).click();
  await page.getByLabel('Anteckning').fill('Hann inte skriva klart innan batteriet tog slut.');
  // Give the form its moment to save, then close the tab without signing, as a flat battery would.
  await page.waitForTimeout(1000);
  await page.close();

  const again = await context.newPage();
  await signIn(again, 'Anna Lind');
  const resumed = again.getByRole('listitem').filter({ hasText: '17:30–18:00' }).filter({ hasText: 'Märta Östlund' });
  await expect(resumed).toContainText('Pågår');
  await resumed.getByRole('button', { name: /Logga besök/ }).click();
  await expect(again.getByRole('status').filter({ hasText: 'Du fortsätter där du slutade' })).toBeVisible();
  await expect(again.getByLabel('Anteckning')).toHaveValue('Hann inte skriva klart innan batteriet tog slut.');
  await again.screenshot({ path: `${screens}/log-visit-resumed.png`, fullPage: true });
  await again.getByRole('button', { name: 'Kasta utkastet' }).click();
  await expect(
    again.getByRole('listitem').filter({ hasText: '17:30–18:00' }).filter({ hasText: 'Märta Östlund' }),
  ).not.toContainText('Pågår');
});

/** Presses Tab until the target has focus, as a keyboard user would; fails if it is not reachable. */
async function tabTo(page: Page, target: Locator, limit = 40): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await target.evaluate((element) => element.matches(':focus'))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`not reachable with ${limit} presses of Tab`);
}

test('the whole flow, sign-in to a signed visit, by keyboard alone', async ({ page }) => {
  test.skip(localTime(0) < '00:15', 'too close to midnight for times earlier today');
  await page.goto(`/#token=${E2E_TOKEN}`);
  const lock = page.getByRole('button', { name: 'Lås' });
  await expect(page.getByRole('heading', { name: 'Logga in' }).or(lock)).toBeVisible();
  if (await lock.isVisible()) {
    await lock.focus();
    await page.keyboard.press('Enter');
  }
  await expect(page.getByRole('heading', { name: 'Logga in' })).toBeFocused();
  await expect(page.getByRole('radio').first()).toBeVisible();
  await page.keyboard.press('Tab');
  // The last profile used is preselected; the arrow keys move through the team.
  const dragan = page.getByRole('radio', { name: 'Dragan Petrović' });
  for (let presses = 0; presses < 6 && !(await dragan.isChecked()); presses += 1)
    await page.keyboard.press('ArrowDown');
  await expect(dragan).toBeChecked();
  await page.keyboard.press('Tab');
  await page.keyboard.type('123456');
  await page.keyboard.press('Enter');

  // From the day's heading, Tab reaches the visits returned to him for correction (the demo has some), then the first
  // visit's button — once the day has loaded, as a user sees it has (a Tab before that finds nothing after the heading).
  await expect(page.getByRole('heading', { name: /Dagens besök/ })).toBeFocused();
  const firstVisit = page.getByRole('button', { name: /^Logga besök hos / }).first();
  await expect(firstVisit).toBeVisible();
  // The returns load beside the day; a user who sees them there tabs to them first.
  await expect(page.getByRole('button', { name: /^Rätta besöket hos / }).first()).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveAccessibleName(/^Rätta besöket hos /);
  await tabTo(page, firstVisit);
  const first = page.locator(':focus');
  await expect(first).toHaveAccessibleName(/^Logga besök hos /);
  const entry = page.getByRole('listitem').filter({ has: first });
  const slot = (await entry.locator('.time').textContent()) ?? '';
  // The card's heading: "Family, Given" with village and year of birth, as the done card shows it too.
  const card = (await entry.getByRole('heading').textContent()) ?? '';
  const who = ((await first.textContent()) ?? '').replace('Logga besök hos ', '');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: `Besök hos ${who}` })).toBeFocused();

  const hour = (label: string) => page.getByRole('group', { name: label }).getByRole('spinbutton').first();
  await tabTo(page, hour('Start (tt:mm)'));
  await page.keyboard.type(localTime(-12).replace(':', ''));
  await tabTo(page, hour('Slut (tt:mm)'));
  await page.keyboard.type(localTime(-2).replace(':', ''));
  await tabTo(page, page.getByLabel('Anteckning'));
  await page.keyboard.type('Allt enligt plan. Loggat med tangentbordet.');
  await tabTo(page, page.getByRole('checkbox', { name: 'Förändrat hälsotillstånd' }));
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Beskriv: Förändrat hälsotillstånd')).toBeFocused();
  await page.keyboard.type('Svullna fötter sedan i går.');
  await tabTo(page, page.getByRole('button', { name: 'Signera besöket' }));
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { name: /Dagens besök/ })).toBeFocused();
  await showDone(page);
  const done = page.getByRole('listitem').filter({ hasText: slot }).filter({ hasText: card });
  await expect(done).toContainText('Klart');
});
