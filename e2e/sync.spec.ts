/**
 * The app with a central server beside it (as `./hemtrygg start` runs it): the header says whether the laptop is in
 * sync and what waits; a visit logged while the server is gone is kept, counted, and sent when it returns. An empty
 * laptop offers to connect, and refuses a bad address in words.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PIN, DEMO_SERVER_PASSWORD } from '../core/demo-credentials.ts';
import { expectAccessible, localTime, screens, start, startServer, typeTime } from './support.ts';

const token = 'sync-host-token';
const root = join(import.meta.dirname, '..');
/** What the server holds: a visit's note, looked up as another laptop would (enrol, pull). */
async function notesOnServer(serverUrl: string): Promise<string[]> {
  const enrol = await fetch(`${serverUrl}/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: 'cecilia',
      password: DEMO_SERVER_PASSWORD,
      deviceName: 'checker',
      // The server takes a person only with their new signing key; this checker never signs anything with it.
      publicKey: generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x,
    }),
  });
  const { accessToken } = (await enrol.json()) as { accessToken: string };
  const notes: string[] = [];
  let checkpoint = null;
  for (;;) {
    const response = await fetch(`${serverUrl}/v1/sync/visits/pull`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ checkpoint, batchSize: 2000 }),
    });
    const page = (await response.json()) as { documents: { note: string }[]; checkpoint: unknown };
    notes.push(...page.documents.map((d) => d.note));
    if (page.documents.length < 2000) return notes;
    checkpoint = page.checkpoint as null;
  }
}

async function logVisit(page: Page, client: string, note: string, minutesAgo: number): Promise<void> {
  await page.getByRole('button', { name: 'Dagens besök' }).click();
  await page
    .getByRole('button', { name: `Logga besök hos ${client}` })
    .first()
    .click();
  await typeTime(page, 'Start (tt:mm)', localTime(-minutesAgo));
  await typeTime(page, 'Slut (tt:mm)', localTime(-minutesAgo + 5));
  await page.getByLabel('Anteckning').fill(note);
  await page.getByRole('button', { name: 'Signera besöket' }).click();
  await expect(page.getByRole('heading', { name: /Dagens besök/ })).toBeVisible();
}

test('a visit logged without a server is counted, kept and sent when the server returns', async ({ page }) => {
  test.skip(localTime(0) < '00:45', 'too close to midnight for times earlier today');
  const serverPort = 4794;
  const serverUrl = `http://127.0.0.1:${serverPort}`;
  const serverData = mkdtempSync(join(tmpdir(), 'hemtrygg-central-'));
  let server = await startServer(serverPort, serverData);
  const host = await start(
    'backend/host/start-web.ts',
    {
      PORT: '4795',
      HEMTRYGG_TOKEN: token,
      HEMTRYGG_DATA: mkdtempSync(join(tmpdir(), 'hemtrygg-synced-')),
      HEMTRYGG_SERVER_URL: serverUrl,
      HEMTRYGG_DEMO: '1',
    },
    'Hemtrygg is running',
  );
  try {
    await page.goto(`http://127.0.0.1:4795/#token=${token}`);
    // The laptop was connected as the demo team: every profile signed in online once.
    await page.getByRole('radio', { name: 'Dragan Petrović' }).check();
    await page.getByLabel('PIN-kod eller lösenord').fill('123456');
    await page.getByRole('button', { name: 'Logga in' }).click();
    const badge = page.getByRole('button', { name: /^Synkning:/ });
    await expect(badge).toHaveText(/^Synkad \d\d:\d\d$/, { timeout: 30_000 });

    await logVisit(page, 'Elsa Berglund', 'Loggat med täckning.', 40);
    await expect.poll(() => notesOnServer(serverUrl), { timeout: 15_000 }).toContain('Loggat med täckning.');

    // The connection goes.
    server.kill('SIGKILL');
    await logVisit(page, 'Märta Östlund', 'Loggat utan täckning.', 20);
    await expect(badge).toHaveText('Offline · 1 ändring väntar', { timeout: 15_000 });
    await badge.click();
    await expect(page.getByRole('heading', { name: 'Synkning' })).toBeVisible();
    await expect(page.getByText('Servern går inte att nå. Det du loggar sparas här')).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: `${screens}/sync-offline.png`, fullPage: true });

    // It comes back.
    server = await startServer(serverPort, serverData);
    await expect(badge).toHaveText(/^Synkad \d\d:\d\d$/, { timeout: 30_000 });
    expect(await notesOnServer(serverUrl)).toContain('Loggat utan täckning.');
    await page.screenshot({ path: `${screens}/sync-online.png`, fullPage: true });
  } finally {
    host.kill('SIGKILL');
    server.kill('SIGKILL');
  }
});

test('an empty laptop offers to connect, and refuses a bad address, plain http, a wrong password or PIN in words', async ({
  page,
}) => {
  const serverPort = 4796;
  const server = await startServer(serverPort, mkdtempSync(join(tmpdir(), 'hemtrygg-central-')));
  const host = await start(
    'backend/host/start-web.ts',
    {
      PORT: '4797',
      HEMTRYGG_TOKEN: token,
      HEMTRYGG_DATA: mkdtempSync(join(tmpdir(), 'hemtrygg-empty-')),
      HEMTRYGG_DEMO: '0',
    },
    'Hemtrygg is running',
  );
  try {
    await page.goto(`http://127.0.0.1:4797/#token=${token}`);
    await expect(page.getByRole('heading', { name: 'Anslut datorn till servern' })).toBeVisible();
    const pins = async (pin: string, again = pin) => {
      await page.getByLabel('Ny PIN-kod för den här datorn').fill(pin);
      await page.getByLabel('Samma PIN-kod en gång till').fill(again);
    };
    await page.getByLabel('Serverns adress').fill('inte en adress');
    await page.getByLabel('Användarnamn').fill('eeva');
    await page.getByLabel('Lösenord', { exact: true }).fill(DEMO_SERVER_PASSWORD);
    await page.getByLabel('Datorns namn').fill('Eevas bärbara');
    await pins(DEMO_PIN);
    await page.getByRole('button', { name: 'Anslut' }).click();
    await expect(page.getByRole('alert')).toContainText(
      'Skriv serverns adress, till exempel https://hemtrygg.umea.se.',
    );
    // Plain http to another computer would send the password in clear text: refused before anything is sent.
    await page.getByLabel('Serverns adress').fill('http://hemtrygg.example.org');
    await page.getByLabel('Lösenord', { exact: true }).fill(DEMO_SERVER_PASSWORD);
    await pins(DEMO_PIN);
    await page.getByRole('button', { name: 'Anslut' }).click();
    await expect(page.getByRole('alert')).toContainText(/Servern måste nås över https:\/\//);
    await page.getByLabel('Serverns adress').fill(`http://127.0.0.1:${serverPort}`);
    await page.getByLabel('Lösenord', { exact: true }).fill(DEMO_SERVER_PASSWORD);
    await pins(DEMO_PIN, '654321');
    await page.getByRole('button', { name: 'Anslut' }).click();
    await expect(page.getByRole('alert')).toContainText('PIN-koderna är inte lika. Skriv samma PIN-kod två gånger.');
    await page.getByLabel('Lösenord', { exact: true }).fill('fel lösenord');
    await pins(DEMO_PIN);
    await page.getByRole('button', { name: 'Anslut' }).click();
    await expect(page.getByRole('alert')).toContainText('Fel användarnamn eller lösenord.');
    await expectAccessible(page);
    await page.screenshot({ path: `${screens}/connect.png`, fullPage: true });
    await page.getByLabel('Lösenord', { exact: true }).fill(DEMO_SERVER_PASSWORD);
    await pins(DEMO_PIN);
    await page.getByRole('button', { name: 'Anslut' }).click();
    // Her profile arrives; she signs in offline from now on with the PIN she chose for this laptop.
    await page.getByRole('radio', { name: 'Eeva Koskinen' }).check();
    await page.getByLabel('PIN-kod eller lösenord').fill(DEMO_PIN);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expect(page.getByRole('heading', { name: /Dagens besök/ })).toBeVisible();
  } finally {
    host.kill('SIGKILL');
    server.kill('SIGKILL');
  }
});

test('a revoked laptop says so, sends what it holds, and is emptied only once the user confirms', async ({ page }) => {
  // Two server starts, an admin command and a first sync of the demo team: more than the default 30 s on a busy machine.
  test.setTimeout(90_000);
  const serverPort = 4798;
  const serverData = mkdtempSync(join(tmpdir(), 'hemtrygg-central-'));
  let server = await startServer(serverPort, serverData);
  const host = await start(
    'backend/host/start-web.ts',
    {
      PORT: '4799',
      HEMTRYGG_TOKEN: token,
      HEMTRYGG_DATA: mkdtempSync(join(tmpdir(), 'hemtrygg-revoked-')),
      HEMTRYGG_SERVER_URL: `http://127.0.0.1:${serverPort}`,
      HEMTRYGG_DEMO: '1',
    },
    'Hemtrygg is running',
  );
  const exited = new Promise<number | null>((resolve) => host.once('exit', resolve));
  try {
    await page.goto(`http://127.0.0.1:4799/#token=${token}`);
    await page.getByRole('radio', { name: 'Cecilia Ek' }).check();
    await page.getByLabel('PIN-kod eller lösenord').fill('123456');
    await page.getByRole('button', { name: 'Logga in' }).click();
    const badge = page.getByRole('button', { name: /^Synkning:/ });
    await expect(badge).toHaveText(/^Synkad/, { timeout: 30_000 });

    // The administrator revokes the laptop (PGlite serves one process: the server stops for the command).
    server.kill('SIGINT');
    await new Promise((resolve) => server.once('exit', resolve));
    const admin = (...args: string[]) =>
      execFileSync(process.execPath, ['server/cli.ts', ...args], {
        cwd: root,
        env: { ...process.env, HEMTRYGG_SERVER_DATA: serverData },
        encoding: 'utf8',
      });
    const deviceId = admin('list-devices').trim().split(/\s+/)[0]!;
    expect(admin('revoke-device', deviceId)).toContain('Revoked');
    server = await startServer(serverPort, serverData);

    await expect(badge).toHaveText('Åtkomst återkallad', { timeout: 30_000 });
    await badge.click();
    await expect(page.getByRole('heading', { name: 'Datorns åtkomst har dragits tillbaka' })).toBeVisible();
    await expect(page.getByText('Allt är skickat. Inget går förlorat.')).toBeVisible();
    const wipe = page.getByRole('button', { name: 'Töm datorn' });
    await expect(wipe).toBeDisabled();
    await expectAccessible(page);
    await page.screenshot({ path: `${screens}/sync-revoked.png`, fullPage: true });
    await page.getByRole('checkbox', { name: 'Jag förstår vad som tas bort' }).check();
    await wipe.click();
    // The laptop's data is gone and the app ends; it must be connected anew.
    expect(await exited).toBe(0);
  } finally {
    host.kill('SIGKILL');
    server.kill('SIGKILL');
  }
});
