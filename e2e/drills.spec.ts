/**
 * A drill end to end, on three laptops and the central server: the supervisor starts a power-outage exercise in
 * Botsmark for two workers; Anna accounts for her clients while online and the supervisor's board follows; Bertil
 * accounts for his without a connection and syncs later; the after-action report measures the time to 100 % from when
 * Bertil recorded, not from when his entries arrived. The board, a worker's list and the report (with its timeline
 * chart) are checked with axe-core and photographed.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectAccessible, screens, startLaptop, startServer, pick } from './support.ts';

const token = 'drill-host-token';
test.use({ actionTimeout: 20_000 });
const processes: ChildProcess[] = [];
test.afterEach(() => {
  for (const child of processes.splice(0)) child.kill('SIGKILL');
});
const serverPort = 4830;
const serverUrl = `http://127.0.0.1:${serverPort}`;
const temp = (name: string) => mkdtempSync(join(tmpdir(), `hemtrygg-${name}-`));

async function open(browser: Browser, port: number, name: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/#token=${token}`);
  await pick(page.getByRole('radio', { name }));
  await page.getByLabel('PIN-kod eller lösenord').fill('123456');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('button', { name: /^Synkning:/ })).toHaveText(/^Synkad/, { timeout: 60_000 });
  return page;
}

/**
 * Accounts for every client on the worker's list (each reached by phone, or visited when they have none; fine, one
 * needing help); the last save's time.
 */
async function accountForAll(page: Page, helpFor?: number): Promise<number> {
  await page.getByRole('status').getByRole('button', { name: 'Öppna' }).click();
  await page.getByRole('button', { name: 'Mina brukare' }).click();
  const forms = page.getByRole('form', { name: /^Kontakt med / });
  const count = await forms.count();
  expect(count).toBeGreaterThan(0);
  let last = 0;
  for (let index = 0; index < count; index += 1) {
    const form = forms.nth(index);
    const who = ((await form.getAttribute('aria-label')) ?? '').replace('Kontakt med ', '');
    // "Nådd per telefon" is offered only for a client with a phone; otherwise she visits.
    const phone = form.getByRole('radio', { name: /^Nådd per telefon/ });
    if (await phone.isEnabled()) await pick(phone);
    else {
      await expect(phone).toHaveAccessibleName(/ingen telefon/);
      await pick(form.getByRole('radio', { name: 'Nådd vid besök' }));
    }
    await pick(form.getByRole('radio', { name: index === helpFor ? 'Behöver hjälp' : 'Klarar sig' }));
    if (index === helpFor) {
      await form.locator('summary', { hasText: 'Brister i checklistan' }).click();
      await pick(form.getByRole('checkbox', { name: 'Alternativ värme (t.ex. kamin, filtar, sovsäck)' }));
      await form.getByLabel('Anteckning (valfritt)').fill('14 grader inne, behöver filtar.');
    }
    await form.getByRole('button', { name: `Spara för ${who}` }).click();
    await expect(page.getByRole('status').filter({ hasText: `Sparat för ${who}` })).toBeVisible();
    last = Date.now();
  }
  return last;
}

/** "12 min 05 s" or "1 h 03 min" in milliseconds. */
function parseDuration(text: string): number {
  const hm = /(\d+) h (\d+) min/.exec(text);
  if (hm) return (Number(hm[1]) * 3600 + Number(hm[2]) * 60) * 1000;
  const ms = /(\d+) min (\d+) s/.exec(text);
  if (!ms) throw new Error(`Not a duration: ${text}`);
  return (Number(ms[1]) * 60 + Number(ms[2])) * 1000;
}

test('a drill: started, accounted for online and offline, followed on the board, and measured', async ({ browser }) => {
  test.setTimeout(300_000);
  const serverData = temp('drill-central');
  let server = await startServer(serverPort, serverData);
  processes.push(server);
  processes.push(await startLaptop(4831, temp('drill-supervisor'), token, serverUrl));
  processes.push(await startLaptop(4832, temp('drill-anna'), token, serverUrl));
  processes.push(await startLaptop(4833, temp('drill-bertil'), token, serverUrl));
  const supervisor = await open(browser, 4831, 'Cecilia Ek');
  const anna = await open(browser, 4832, 'Anna Lind');
  const bertil = await open(browser, 4833, 'Bertil Holm');

  // The supervisor starts a functional exercise: power outage in Botsmark, Anna and Bertil taking part.
  await supervisor.getByRole('navigation').getByRole('button', { name: 'Övningar' }).click();
  await supervisor.getByRole('button', { name: 'Starta övning eller skarpt läge' }).click();
  await supervisor.getByRole('button', { name: /Typ av övning/ }).click();
  await supervisor.getByRole('option', { name: 'Funktionsövning' }).click();
  await pick(supervisor.getByRole('checkbox', { name: 'Botsmark' }));
  await pick(supervisor.getByRole('checkbox', { name: 'Anna Lind' }));
  await pick(supervisor.getByRole('checkbox', { name: 'Bertil Holm' }));
  const scope = supervisor.getByRole('table', { name: /brukare i övningen, i prioritetsordning/ });
  await expect(scope.getByRole('row').nth(1)).toContainText('Botsmark');
  const high = (await scope.getByRole('row').count()) - 1;
  expect(high).toBeGreaterThan(1);
  await expectAccessible(supervisor);
  await supervisor.screenshot({ path: `${screens}/drill-start.png`, fullPage: true });
  await supervisor.getByRole('button', { name: 'Starta övningen' }).click();
  const started = Date.now();
  await expect(supervisor.getByText('ÖVNING – detta är inte en verklig händelse.')).toBeVisible();
  await expect(supervisor.getByRole('term').filter({ hasText: 'Kontaktade' }).locator('+ dd')).toHaveText(
    `0 / ${high}`,
  );

  // Both workers see the exercise banner once it has synced; Bertil then loses his connection.
  for (const worker of [anna, bertil]) {
    await expect(worker.getByText('ÖVNING pågår: Långvarigt strömavbrott – Botsmark.')).toBeVisible({
      timeout: 30_000,
    });
  }

  // Anna, online: her clients, and the board follows.
  await accountForAll(anna);
  await expectAccessible(anna);
  await anna.screenshot({ path: `${screens}/drill-worker.png`, fullPage: true });
  const annas = Math.ceil(high / 2);
  await expect(supervisor.getByRole('term').filter({ hasText: 'Kontaktade' }).locator('+ dd')).toHaveText(
    `${annas} / ${high}`,
    { timeout: 30_000 },
  );

  // Bertil, offline: he records his clients, and his entries wait on his laptop.
  server.kill('SIGKILL');
  const bertilDone = await accountForAll(bertil, 0);
  await expect(bertil.getByRole('button', { name: /^Synkning:/ })).toHaveText(
    /^Offline · [1-9]\d* ändringar? väntar$/,
    {
      timeout: 15_000,
    },
  );
  await bertil.waitForTimeout(15_000);
  server = await startServer(serverPort, serverData);
  processes.push(server);
  await expect(bertil.getByRole('button', { name: /^Synkning:/ })).toHaveText(/^Synkad/, { timeout: 60_000 });
  const arrived = Date.now();
  await expect(supervisor.getByRole('term').filter({ hasText: 'Kontaktade' }).locator('+ dd')).toHaveText(
    `${high} / ${high}`,
    { timeout: 60_000 },
  );
  await expect(supervisor.getByRole('term').filter({ hasText: 'Behöver hjälp' }).locator('+ dd')).toHaveText('1');
  await expectAccessible(supervisor);
  await supervisor.screenshot({ path: `${screens}/drill-board.png`, fullPage: true });

  // The supervisor ends it with lessons; the report measures from when Bertil recorded, not when it arrived.
  await supervisor.getByLabel('Lärdomar').fill('Telefonlistan för Botsmark behövde uppdateras.');
  await supervisor.getByLabel('Åtgärder').fill('Samordnaren uppdaterar listan före nästa övning.');
  await supervisor.getByRole('button', { name: 'Avsluta', exact: true }).click();
  await supervisor.getByRole('alertdialog').getByRole('button', { name: 'Ja, avsluta övningen' }).click();
  // Ended, the board shows how long the exercise ran and its final figures, not a running clock.
  await expect(supervisor.getByRole('term').filter({ hasText: 'Varaktighet' })).toBeVisible();
  await expect(supervisor.getByRole('term').filter({ hasText: 'Tid sedan start' })).toHaveCount(0);
  await supervisor.getByRole('button', { name: 'Rapport' }).click();
  const allIn = supervisor
    .getByRole('term')
    .filter({ hasText: `Alla ${high} prioriterade` })
    .locator('+ dd');
  await expect(allIn).toHaveText(/\d+ min \d+ s/);
  const measured = parseDuration((await allIn.textContent()) ?? '');
  expect(measured).toBeGreaterThanOrEqual(bertilDone - started - 5_000);
  expect(measured).toBeLessThanOrEqual(bertilDone - started + 5_000);
  expect(measured).toBeLessThan(arrived - started - 10_000);
  await expect(supervisor.getByText('14 grader inne, behöver filtar.')).toBeVisible();
  await expect(supervisor.getByText(/Alternativ värme \(t\.ex\. kamin, filtar, sovsäck\): 1 brukare/)).toBeVisible();
  await expect(supervisor.getByText('Telefonlistan för Botsmark behövde uppdateras.')).toBeVisible();
  await expect(supervisor.getByRole('img', { name: /Diagram: antal kontaktade av \d+ prioriterade/ })).toBeVisible();
  await expectAccessible(supervisor);
  await supervisor.screenshot({ path: `${screens}/drill-report.png`, fullPage: true });
  // The workers' banners are gone once the end has synced.
  await expect(anna.getByText('ÖVNING pågår: Långvarigt strömavbrott – Botsmark.')).toHaveCount(0, { timeout: 30_000 });
});
