import { expect, test } from '@playwright/test';
import { E2E_TOKEN } from './playwright.config.ts';
import { expectAccessible, localTime, screens } from './support.ts';

test('find a client, read the history, and correct a signed visit while the original stays', async ({ page }) => {
  test.skip(localTime(0) < '00:25', 'too close to midnight for times earlier today');
  await page.goto(`/#token=${E2E_TOKEN}`);
  const lock = page.getByRole('button', { name: 'Lås' });
  await expect(page.getByRole('heading', { name: 'Logga in' }).or(lock)).toBeVisible();
  if (await lock.isVisible()) await lock.click();
  await page.getByRole('radio', { name: 'Bertil Holm' }).check();
  await page.getByLabel('PIN-kod eller lösenord').fill('123456');
  await page.getByRole('button', { name: 'Logga in' }).click();

  // Log a visit to Elsa Berglund (unassigned, every day at noon), with times earlier today.
  await page.getByRole('button', { name: 'Logga besök hos Elsa Berglund' }).click();
  await page.getByLabel('Start (tt:mm)').fill(localTime(-20));
  await page.getByLabel('Slut (tt:mm)').fill(localTime(-5));
  await page.getByLabel('Anteckning').fill('Åt lunch. Glad över besöket.');
  await page.getByRole('button', { name: 'Signera besöket' }).click();
  await expect(page.getByRole('heading', { name: /Dagens besök/ })).toBeVisible();

  // Find her without typing the accents or the case.
  await page.getByRole('button', { name: 'Brukare' }).click();
  await page.getByLabel('Sök på namn, by eller adress').fill('berglund yttersjo');
  await expect(page.getByRole('status')).toHaveText('1 brukare');
  await expectAccessible(page);
  await page.screenshot({ path: `${screens}/clients.png`, fullPage: true });
  await page.getByRole('button', { name: 'Berglund, Elsa' }).click();

  await expect(page.getByRole('heading', { name: 'Elsa Berglund' })).toBeFocused();
  await expect(page.getByText(/personal de senaste 14 dagarna/)).toContainText(/[1-9]/);
  // The care plan and the weekly schedule the day is planned from; her noon visit has no fixed worker.
  await expect(page.getByText('Insatser i genomförandeplanen').locator('+ dd')).toHaveText('Måltid, Tillsyn');
  await expect(page.getByRole('heading', { name: 'Planerade besök' })).toBeVisible();
  await expect(
    page.getByRole('listitem').filter({ hasText: /^mån, tis, ons, tors, fre, lör, sön 12:00/ }),
  ).toContainText('den som är i tjänst');
  const history = page.getByRole('listitem').filter({ hasText: 'Åt lunch. Glad över besöket.' });
  await expect(history).toContainText('Bertil Holm');
  await expectAccessible(page);
  await page.screenshot({ path: `${screens}/client.png`, fullPage: true });

  // A correction needs a reason and an explanation.
  await history.getByRole('button', { name: 'Rätta besöket' }).click();
  await page.getByRole('button', { name: 'Spara rättelsen' }).click();
  await expect(page.getByRole('alert')).toContainText('Rättelsen är inte sparad.');
  await expect(page.getByLabel('Orsak')).toHaveAccessibleDescription('Välj ett av alternativen.');
  await expect(page.getByLabel('Förklaring')).toHaveAccessibleDescription('Skriv varför besöket rättas.');
  await expectAccessible(page);
  await page.screenshot({ path: `${screens}/amend-refused.png`, fullPage: true });

  await page.getByLabel('Orsak').selectOption({ label: 'Rättad anteckning' });
  await page.getByLabel('Förklaring').fill('Skrev fel brukares lunch.');
  await page.getByLabel('Anteckning').fill('Åt lunch. Ville prata om barnbarnen.');
  await page.getByRole('button', { name: 'Spara rättelsen' }).click();

  const corrected = page.getByRole('listitem').filter({ hasText: 'Ville prata om barnbarnen.' });
  await expect(corrected).toContainText('Rättat');
  await corrected.getByText('Visa originalet och 1 rättelse').click();
  await expect(corrected).toContainText('Åt lunch. Glad över besöket.');
  await expect(corrected).toContainText(/Rättat av Bertil Holm .* \(Rättad anteckning\): Skrev fel brukares lunch\./);
  await expectAccessible(page);
  await page.screenshot({ path: `${screens}/client-corrected.png`, fullPage: true });
});
