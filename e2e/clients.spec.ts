import { expect, test } from '@playwright/test';
import { E2E_TOKEN } from './playwright.config.ts';
import { expectAccessible, localTime, screens, pick, typeTime } from './support.ts';

test('find a client, read the history, and correct a signed visit while the original stays', async ({ page }) => {
  test.skip(localTime(0) < '00:25', 'too close to midnight for times earlier today');
  await page.goto(`/#token=${E2E_TOKEN}`);
  const lock = page.getByRole('button', { name: 'Lås' });
  await expect(page.getByRole('heading', { name: 'Logga in' }).or(lock)).toBeVisible();
  if (await lock.isVisible()) await lock.click();
  await pick(page.getByRole('radio', { name: /^Bertil Holm/ }));
  await page.getByLabel('PIN-kod eller lösenord').fill('123456');
  await page.getByRole('button', { name: 'Logga in' }).click();

  // Log a visit to Elsa Berglund (unassigned, every day at noon), with times earlier today.
  await page.getByRole('button', { name: 'Logga besök hos Elsa Berglund' }).click();
  await typeTime(page, 'Start (tt:mm)', localTime(-20));
  await typeTime(page, 'Slut (tt:mm)', localTime(-5));
  await page.getByRole('textbox', { name: 'Anteckning', exact: true }).fill('Åt lunch. Glad över besöket.');
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
  await expect(page.getByText(/olika medarbetare de senaste 14 dagarna|^1 medarbetare de senaste/)).toContainText(
    /[1-9]/,
  );
  // The care plan and the weekly schedule the day is planned from; her noon visit has no fixed worker.
  await expect(page.getByText('Insatser i genomförandeplanen').locator('+ dd')).toHaveText('Måltid, Tillsyn');
  await expect(page.getByRole('heading', { name: 'Planerade besök' })).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Återkommande besök varje vecka' }).getByRole('row').filter({ hasText: '12:00' }),
  ).toContainText(/^Alla dagar12:00.*den som är i tjänst/);
  const history = page.getByRole('listitem').filter({ hasText: 'Åt lunch. Glad över besöket.' });
  await expect(history).toContainText('Bertil Holm');
  // "Rätta" only where it will be accepted: never on a colleague's visit.
  const colleagues = page.locator('.history > li').filter({ hasNotText: 'Bertil Holm' });
  await expect(colleagues.first()).toBeVisible();
  await expect(colleagues.getByRole('button', { name: 'Rätta besöket' })).toHaveCount(0);
  await expectAccessible(page);
  await page.screenshot({ path: `${screens}/client.png`, fullPage: true });

  // A correction needs a reason and an explanation.
  await history.getByRole('button', { name: 'Rätta besöket' }).click();
  await page.getByRole('button', { name: 'Spara rättelsen' }).click();
  await expect(page.getByRole('alert')).toContainText('Rättelsen är inte sparad.');
  await expect(page.getByLabel('Orsak')).toHaveAccessibleDescription(/Välj ett av alternativen\./);
  await expect(page.getByLabel('Förklaring')).toHaveAccessibleDescription(/Skriv varför besöket rättas\./);
  await expectAccessible(page);
  await page.screenshot({ path: `${screens}/amend-refused.png`, fullPage: true });

  await page.getByRole('button', { name: /Orsak/ }).click();
  await page.getByRole('option', { name: 'Rättad anteckning' }).click();
  await page.getByLabel('Förklaring').fill('Skrev fel brukares lunch.');
  await page.getByRole('textbox', { name: 'Anteckning', exact: true }).fill('Åt lunch. Ville prata om barnbarnen.');
  await page.getByRole('button', { name: 'Spara rättelsen' }).click();

  const corrected = page.getByRole('listitem').filter({ hasText: 'Ville prata om barnbarnen.' });
  await expect(corrected).toContainText('Rättat');
  await corrected.getByText('Visa originalet och 1 rättelse').click();
  await expect(corrected).toContainText('Åt lunch. Glad över besöket.');
  await expect(corrected).toContainText(/Rättat av Bertil Holm .* \(Rättad anteckning\): Skrev fel brukares lunch\./);
  await expectAccessible(page);
  await page.screenshot({ path: `${screens}/client-corrected.png`, fullPage: true });
});
