/**
 * Preparedness end to end on the laptop: a worker registers Olof Nordin's oxygen concentrator (no battery) and goes
 * through his power-outage checklist, one item answered "no"; the power-outage priority list for his village has him at
 * the top, also in its printed PDF (Chromium's print pipeline, read back) and its CSV; the supervisor sees coverage and
 * adds an item to a template. Every screen is checked with axe-core and photographed.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { PDFParse } from 'pdf-parse';
import { E2E_TOKEN } from './playwright.config.ts';
import { expectAccessible, screens, pick } from './support.ts';

test.use({ actionTimeout: 20_000 });

async function signIn(page: Page, name: string): Promise<void> {
  await page.goto(`/#token=${E2E_TOKEN}`);
  const lock = page.getByRole('button', { name: 'Lås' });
  await expect(page.getByRole('heading', { name: 'Logga in' }).or(lock)).toBeVisible();
  if (await lock.isVisible()) await lock.click();
  await pick(page.getByRole('radio', { name }));
  await page.getByLabel('PIN-kod eller lösenord').fill('123456');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('button', { name: 'Lås' })).toBeVisible();
}

const POWER_ITEMS = [
  'Vatten för en vecka (minst 3 liter per dag)',
  'Mat som inte behöver lagas för en vecka',
  'Läkemedel för minst en vecka',
  'Alternativ värme (t.ex. kamin, filtar, sovsäck)',
  'Ficklampa med batterier, och batteri- eller vevradio',
  'Laddad mobiltelefon eller powerbank',
  'Trygghetslarmet provat (också efter att strömmen kommit tillbaka)',
  'Eldrivna hjälpmedel har en reservrutin som brukaren och anhöriga känner till',
  'Nyckel eller kod så att personalen kommer in',
  'Rörlighet och behov vid evakuering är kända',
  'Anhörig eller granne som kan hjälpa till',
];

test('an oxygen concentrator registered and a checklist gone through put the client first on the power-outage list', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, 'Anna Lind');
  await page.getByRole('button', { name: 'Brukare', exact: true }).click();
  await page.getByLabel('Sök på namn, by eller adress').fill('olof nordin');
  await page.getByRole('button', { name: 'Nordin, Olof' }).click();
  await page.getByRole('button', { name: 'Beredskap och hjälpmedel' }).click();
  await expect(page.getByRole('heading', { name: 'Beredskap: Nordin, Olof' })).toBeFocused();
  await expect(page.getByText('Inga eldrivna hjälpmedel registrerade.')).toBeVisible();

  // The aid: refused without a backup routine, then registered.
  await page.getByRole('button', { name: 'Lägg till hjälpmedel' }).click();
  await page.getByRole('button', { name: /Hjälpmedel$/ }).click();
  await page.getByRole('option', { name: 'Syrgas i hemmet' }).click();
  await page.getByRole('button', { name: 'Spara hjälpmedlet' }).click();
  await expect(page.getByLabel('Reservrutin', { exact: true })).toHaveAccessibleDescription(
    /Skriv reservrutinen, minst tre tecken\.$/,
  );
  await page
    .getByLabel('Reservrutin', { exact: true })
    .fill('Syrgasflaskor i förrådet räcker 12 timmar. Ring larmcentralen.');
  await page.getByLabel('Leverantör och telefon (valfritt)').fill('Region Västerbotten, hjälpmedel 090-785 00 00');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Spara hjälpmedlet' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Syrgas i hemmet' })).toContainText('inget batteri');

  // The power-outage checklist: everything answered, water "no" with a note; then gone through.
  const checklist = page.getByRole('form', { name: 'Checklista: Långvarigt strömavbrott' });
  await expect(page.getByRole('button', { name: 'Spara och markera som genomgången' })).toBeDisabled();
  for (const item of POWER_ITEMS) {
    const answer = item.startsWith('Vatten') ? 'Nej' : 'Ja';
    await pick(checklist.getByRole('radiogroup', { name: item }).getByRole('radio', { name: answer, exact: true }));
  }
  await checklist
    .getByRole('group', { name: 'Vatten för en vecka (minst 3 liter per dag)' })
    .getByLabel('Anteckning (valfritt)')
    .fill('Bara två liter hemma.');
  await expectAccessible(page);
  await page.screenshot({ path: `${screens}/preparedness-client.png`, fullPage: true });
  await page.getByRole('button', { name: 'Spara och markera som genomgången' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Checklistan är genomgången' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Långvarigt strömavbrott' })).toContainText(
    'Nästa genomgång',
  );

  // The priority list for a power outage in Botsmark: Olof first, with his oxygen and what he lacks.
  await page.getByRole('navigation').getByRole('button', { name: 'Beredskap' }).click();
  await expect(page.getByRole('heading', { name: 'Beredskap', exact: true })).toBeFocused();
  await pick(page.getByRole('checkbox', { name: 'Botsmark' }));
  await expect(
    page.getByRole('heading', { name: /Prioriteringslista – Långvarigt strömavbrott – Botsmark/ }),
  ).toBeVisible();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows.nth(1)).toContainText('Nordin, Olof');
  await expect(rows.nth(1)).toContainText('Syrgas i hemmet (inget batteri; Syrgasflaskor i förrådet');
  await expect(rows.nth(1)).toContainText('Saknar: Vatten för en vecka (minst 3 liter per dag) (Bara två liter hemma)');
  expect(await rows.count()).toBeGreaterThan(2);
  await expectAccessible(page);
  await page.screenshot({ path: `${screens}/preparedness-priority.png`, fullPage: true });

  // On paper: the same order in the PDF, without the screen's buttons.
  const pdf = await page.pdf({ format: 'A4', path: `${screens}/priority-list.pdf` });
  const { text } = await new PDFParse({ data: new Uint8Array(pdf) }).getText();
  expect(text).toContain('Prioriteringslista – Långvarigt strömavbrott – Botsmark');
  expect(text).toMatch(/1\s+Nordin,\s+Olof/);
  expect(text).toMatch(/Syrgas i\s+hemmet/);
  expect(text).not.toContain('Åtkomst');
  expect(text).not.toContain('som CSV');
  // What it is, for which team, when, and that the key and door codes were left out (they were not asked for).
  expect(text).toMatch(/Team savar · utskriven .* av Anna Lind\./);
  expect(text).toContain('Nyckel- och portkoder är inte med i listan.');

  // And as CSV, for a spreadsheet.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exportera Brukare i prioritetsordning som CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^prioriteringslista-langvarigt-stromavbrott-\d{4}-\d\d-\d\d\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8');
  const [headings, first] = csv.replace(/^\uFEFF/, '').split('\r\n');
  expect(first).toMatch(/^1;Nordin, Olof \(/);
  // The routine's own full stop is dropped before the separator ("larmcentralen;", not "larmcentralen.;").
  expect(first).toContain(
    'Syrgas i hemmet (inget batteri; Syrgasflaskor i förrådet räcker 12 timmar. Ring larmcentralen; Region Västerbotten',
  );
  expect(headings).not.toContain('Åtkomst');

  // The supervisor: coverage per hazard, and a new item in the heat-wave template.
  await signIn(page, 'Cecilia Ek');
  await expect(page.getByText(/^Beredskap att gå igenom:/).first()).toBeVisible();
  await page.getByRole('navigation').getByRole('button', { name: 'Beredskap' }).click();
  await page.getByRole('button', { name: 'Täckning' }).click();
  const coverage = page.getByRole('table', { name: 'Täckning per typ av kris' });
  await expect(coverage.getByRole('row').filter({ hasText: 'Långvarigt strömavbrott' })).toContainText(/\d+ \/ 60/);
  await expectAccessible(page);
  await page.screenshot({ path: `${screens}/preparedness-coverage.png`, fullPage: true });
  await page.getByRole('button', { name: 'Mallar' }).click();
  await page.getByRole('button', { name: /Typ av kris$/ }).click();
  await page.getByRole('option', { name: 'Värmebölja' }).click();
  await expect(page.getByText('Mallversion 1.')).toBeVisible();
  await page.getByLabel('Ny punkt').fill('Termometer inomhus finns');
  await page.getByRole('button', { name: 'Lägg till punkt' }).click();
  await page.getByRole('button', { name: 'Spara mallen' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Mallen är sparad som en ny version.' })).toBeVisible();
  await expect(page.getByText('Mallversion 2.')).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Termometer inomhus finns' })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${screens}/preparedness-templates.png`, fullPage: true });
});
