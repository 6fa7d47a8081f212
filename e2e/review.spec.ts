/**
 * A supervisor reviews the team's synced work, end to end on two laptops and the central server: a worker logs two
 * visits and opens a client's record without a connection; once it is back, the supervisor approves one visit and
 * returns the other with a comment; the worker sees the return after syncing and corrects the visit; the supervisor
 * approves the correction. The access log shows the view made offline; the dashboard, its printed report (a real PDF
 * from Chromium's print pipeline) and the inbox are checked with axe-core and photographed.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFParse } from 'pdf-parse';
import { expectAccessible, localTime, screens, startLaptop, startServer, pick, typeTime } from './support.ts';

const token = 'review-host-token';
// A step that cannot happen fails within seconds, not at the end of the test's four minutes.
test.use({ actionTimeout: 20_000 });
const processes: ChildProcess[] = [];
test.afterEach(() => {
  for (const child of processes.splice(0)) child.kill('SIGKILL');
});
const serverPort = 4810;
const serverUrl = `http://127.0.0.1:${serverPort}`;
const temp = (name: string) => mkdtempSync(join(tmpdir(), `hemtrygg-${name}-`));

async function signIn(page: Page, port: number, name: string): Promise<void> {
  await page.goto(`http://127.0.0.1:${port}/#token=${token}`);
  await pick(page.getByRole('radio', { name: new RegExp(`^${name}`) }));
  await page.getByLabel('PIN-kod eller lösenord').fill('123456');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('button', { name: /^Synkning:/ })).toHaveText(/^Synkad/, { timeout: 30_000 });
}

/** Logs a visit that started `minutesAgo`; answers its start as typed (hh:mm), which the inbox shows. */
async function logVisit(page: Page, client: string, note: string, minutesAgo: number): Promise<string> {
  await page.getByRole('button', { name: 'Dagens besök' }).click();
  await page
    .getByRole('button', { name: `Logga besök hos ${client}` })
    .first()
    .click();
  const start = localTime(-minutesAgo);
  await typeTime(page, 'Start (tt:mm)', start);
  await typeTime(page, 'Slut (tt:mm)', localTime(-minutesAgo + 5));
  await page.getByRole('textbox', { name: 'Anteckning', exact: true }).fill(note);
  await page.getByRole('button', { name: 'Signera besöket' }).click();
  await expect(page.getByRole('heading', { name: /Dagens besök/ })).toBeVisible();
  return start;
}

/** The supervisor's inbox, narrowed to one worker's open items. */
async function openInbox(page: Page, worker: string): Promise<void> {
  await page.getByRole('button', { name: 'Att granska' }).click();
  await page.getByRole('button', { name: /Personal$/ }).click();
  await page.getByRole('option', { name: worker }).click();
  await page.getByRole('button', { name: 'Visa', exact: true }).click();
}

/** The inbox row of one visit: the demo team's history may hold other open visits to the same client. */
const row = (page: Page, client: string, start: string) =>
  page.getByRole('row').filter({ hasText: client }).filter({ hasText: start });

async function newSupervisorPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
  return context.newPage();
}

test('a worker’s visits are reviewed: one approved, one returned, corrected offline-first and approved', async ({
  page: worker,
  browser,
}) => {
  test.skip(localTime(0) < '01:30', 'too close to midnight for times earlier today');
  test.setTimeout(240_000);
  const serverData = temp('central');
  let server = await startServer(serverPort, serverData);
  processes.push(server);
  try {
    processes.push(await startLaptop(4811, temp('worker'), token, serverUrl));
    processes.push(await startLaptop(4812, temp('supervisor'), token, serverUrl));
    await signIn(worker, 4811, 'Dragan Petrović');
    const badge = worker.getByRole('button', { name: /^Synkning:/ });

    // On the road: no connection. Two visits, and a look at a client's record (the access log keeps it).
    server.kill('SIGKILL');
    const elsa = await logVisit(worker, 'Elsa Berglund', 'Hjälp med lunch, pigg i dag.', 80);
    const marta = await logVisit(worker, 'Märta Östlund', 'Besök gjort.', 50);
    await worker.getByRole('button', { name: 'Brukare' }).click();
    await worker.getByLabel('Sök på namn, by eller adress').fill('östlund');
    await worker.getByRole('button', { name: 'Östlund, Märta' }).click();
    await expect(worker.getByRole('heading', { name: 'Märta Östlund' })).toBeVisible();
    await expect(badge).toHaveText(/^Offline · [1-9]\d* ändringar? väntar$/, { timeout: 15_000 });

    // Back in signal: everything goes up.
    server = await startServer(serverPort, serverData);
    processes.push(server);
    await expect(badge).toHaveText(/^Synkad/, { timeout: 30_000 });

    // The supervisor, on her own laptop.
    const supervisor = await newSupervisorPage(browser);
    await signIn(supervisor, 4812, 'Cecilia Ek');
    await openInbox(supervisor, 'Dragan Petrović');
    await expect(row(supervisor, 'Berglund, Elsa', elsa).filter({ hasText: 'Ny' })).toBeVisible({ timeout: 30_000 });
    await expect(row(supervisor, 'Östlund, Märta', marta).filter({ hasText: 'Ny' })).toBeVisible();
    await expectAccessible(supervisor);
    await supervisor.screenshot({ path: `${screens}/review-inbox.png`, fullPage: true });

    // Approve the first.
    await row(supervisor, 'Berglund, Elsa', elsa)
      .getByRole('button', { name: /^Granska/ })
      .click();
    await expect(supervisor.getByRole('heading', { name: 'Granska besöket hos Elsa Berglund' })).toBeVisible();
    await expect(supervisor.getByText('Hjälp med lunch, pigg i dag.')).toBeVisible();
    await supervisor.getByRole('button', { name: 'Godkänn' }).click();
    await expect(supervisor.getByRole('status').filter({ hasText: 'Besöket är godkänt.' })).toBeVisible();

    // Return the second, first without saying why (refused, in words), then with a comment.
    await supervisor.getByRole('button', { name: '← Att granska' }).click();
    await row(supervisor, 'Östlund, Märta', marta)
      .getByRole('button', { name: /^Granska/ })
      .click();
    await supervisor.getByRole('button', { name: 'Skicka tillbaka' }).click();
    await expect(supervisor.getByRole('alert').first()).toContainText('Skriv vad som ska rättas, minst tre tecken.');
    await supervisor
      .getByLabel('Kommentar till Dragan Petrović')
      .fill('Skriv vilka insatser som gjordes och hur Märta mådde.');
    await supervisor.getByRole('button', { name: 'Skicka tillbaka' }).click();
    await expect(
      supervisor.getByRole('status').filter({ hasText: 'Besöket är skickat tillbaka till Dragan Petrović.' }),
    ).toBeVisible();
    await expectAccessible(supervisor);
    await supervisor.screenshot({ path: `${screens}/review-visit.png`, fullPage: true });

    // The worker sees the return after the next sync, and corrects the visit.
    await worker.getByRole('button', { name: 'Dagens besök' }).click();
    // (The demo team's history holds a few older returns of his too.)
    const returned = worker
      .getByRole('region', { name: /Skickat tillbaka till dig/ })
      .getByRole('listitem')
      .filter({ hasText: 'Skriv vilka insatser som gjordes och hur Märta mådde.' });
    await expect(returned).toBeVisible({ timeout: 30_000 });
    await expectAccessible(worker);
    await worker.screenshot({ path: `${screens}/review-returned.png`, fullPage: true });
    await returned.getByRole('button', { name: /^Rätta/ }).click();
    await worker.getByRole('button', { name: /Orsak/ }).click();
    await worker.getByRole('option', { name: 'Rättad anteckning' }).click();
    await worker.getByLabel('Förklaring').fill('Kompletterat som samordnaren bad om.');
    await worker
      .getByRole('textbox', { name: 'Anteckning', exact: true })
      .fill('Hjälp med dusch och frukost. Märta var glad och pratsam.');
    await worker.getByRole('button', { name: 'Spara rättelsen' }).click();
    await expect(returned).toHaveCount(0);
    await expect(badge).toHaveText(/^Synkad/, { timeout: 30_000 });

    // The supervisor finds the correction waiting, sees both versions, and approves it.
    await supervisor.getByRole('button', { name: '← Att granska' }).click();
    const corrected = row(supervisor, 'Östlund, Märta', marta).filter({ hasText: 'Rättad – granska igen' });
    await expect(corrected).toBeVisible({ timeout: 30_000 });
    await corrected.getByRole('button', { name: /^Granska/ }).click();
    await expect(
      supervisor.getByText('Hjälp med dusch och frukost. Märta var glad och pratsam.').first(),
    ).toBeVisible();
    await expect(supervisor.getByText('Besök gjort.').first()).toBeVisible();
    await supervisor.getByRole('button', { name: 'Godkänn' }).click();
    await expect(supervisor.getByRole('status').filter({ hasText: 'Besöket är godkänt.' })).toBeVisible();
    await supervisor.getByRole('button', { name: '← Att granska' }).click();
    await expect(row(supervisor, 'Östlund, Märta', marta)).toHaveCount(0);

    // The worker's look at Märta's record, made without a connection, reached the server and the supervisor.
    await supervisor.getByRole('button', { name: 'Åtkomstlogg' }).click();
    // The client is found by typing part of her name; the choice shows her village and year of birth.
    await supervisor.getByRole('combobox', { name: 'Brukare' }).fill('östlund');
    await expect(supervisor.getByRole('option')).toHaveCount(1);
    await expect(supervisor.getByRole('option')).toHaveAccessibleDescription(/född \d{4}/);
    await supervisor.getByRole('option').click();
    const viewed = supervisor
      .getByRole('row')
      .filter({ hasText: 'Dragan Petrović' })
      .filter({ hasText: 'Brukarens uppgifter' });
    await expect(viewed).toBeVisible({ timeout: 30_000 });
    await expectAccessible(supervisor);
    await supervisor.screenshot({ path: `${screens}/access-log.png`, fullPage: true });

    // The dashboard, and its printed report.
    await supervisor.getByRole('button', { name: 'Översikt' }).click();
    await expect(supervisor.getByRole('heading', { name: 'Besök per dag' })).toBeVisible();
    await expect(supervisor.locator('.recharts-surface').first()).toBeVisible();
    await expectAccessible(supervisor);
    await supervisor.screenshot({ path: `${screens}/dashboard.png`, fullPage: true });
    await supervisor.emulateMedia({ media: 'print' });
    const pdf = await supervisor.pdf({ format: 'A4', path: `${screens}/team-report.pdf` });
    const { text } = await new PDFParse({ data: new Uint8Array(pdf) }).getText();
    expect(text).toContain('Hemtrygg – teamrapport');
    expect(text).toMatch(/Utskriven [\s\S]+? av\s+Cecilia Ek/);
    expect(text).toMatch(/Planerade\s+\d+/);
    expect(text).toContain('Ej besökta enligt plan');
    expect(text).not.toContain('Skriv ut / spara som PDF');
  } finally {
    for (const child of processes.splice(0)) child.kill('SIGKILL');
  }
});
