/**
 * Each test here runs its own browser host (not the shared one), so it can kill and restart the backend, or use a
 * short inactivity lock, without disturbing the other tests.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { typeTime, showDone } from './support.ts';

const token = 'own-host-token';
const localTime = (minutesFromNow: number) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' }).format(
    new Date(Date.now() + minutesFromNow * 60_000),
  );

/** Starts `node backend/host/start-web.ts` (the renderer is already built by the shared web server) and waits for it. */
async function startHost(port: number, data: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['backend/host/start-web.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...process.env, PORT: String(port), HEMTRYGG_TOKEN: token, HEMTRYGG_DATA: data, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (String(chunk).includes('Hemtrygg is running')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`host ended with ${code}`)));
  });
  return child;
}

async function signIn(page: Page, port: number, name: string): Promise<void> {
  await page.goto(`http://127.0.0.1:${port}/#token=${token}`);
  await page.getByRole('radio', { name }).check();
  await page.getByLabel('PIN-kod eller lösenord').fill('123456');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('heading', { name: /Dagens besök/ })).toBeVisible();
}

test('a signed visit is still there after the backend is killed and started again', async ({ page }) => {
  test.skip(localTime(0) < '00:25', 'too close to midnight for times earlier today');
  const port = 4792;
  const data = mkdtempSync(join(tmpdir(), 'hemtrygg-restart-'));
  let host = await startHost(port, data);
  try {
    await signIn(page, port, 'Anna Lind');
    await page.getByRole('button', { name: 'Logga besök hos Elsa Berglund' }).click();
    await typeTime(page, 'Start (tt:mm)', localTime(-20));
    await typeTime(page, 'Slut (tt:mm)', localTime(-2));
    await page.getByLabel('Anteckning').fill('Besöket före omstarten.');
    await page.getByRole('button', { name: 'Signera besöket' }).click();
    await expect(page.getByRole('heading', { name: /Dagens besök/ })).toBeVisible();
    await showDone(page);
    await expect(page.getByRole('listitem').filter({ hasText: 'Berglund, Elsa' })).toContainText('Klart');

    // No warning, no clean shutdown: the process is killed, as a crash or a flat battery would.
    host.kill('SIGKILL');
    await expect(page.getByText('Ingen kontakt med appens databas')).toBeVisible();
    host = await startHost(port, data);

    // The page reconnects by itself; the new backend starts locked.
    await expect(page.getByRole('heading', { name: 'Logga in' })).toBeVisible({ timeout: 15_000 });
    await page.getByRole('radio', { name: 'Anna Lind' }).check();
    await page.getByLabel('PIN-kod eller lösenord').fill('123456');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expect(page.getByRole('button', { name: /^Klara \(/ })).toBeVisible();
    await showDone(page);
    await expect(page.getByRole('listitem').filter({ hasText: 'Berglund, Elsa' })).toContainText('Klart');
    await page.getByRole('button', { name: 'Brukare' }).click();
    await page.getByRole('button', { name: 'Berglund, Elsa' }).click();
    await expect(page.getByText('Besöket före omstarten.')).toBeVisible();
  } finally {
    host.kill('SIGKILL');
  }
});

test('the app locks itself after a quiet spell and says so', async ({ page }) => {
  const port = 4793;
  const host = await startHost(port, mkdtempSync(join(tmpdir(), 'hemtrygg-lock-')), { HEMTRYGG_LOCK_AFTER_MS: '3000' });
  try {
    await signIn(page, port, 'Cecilia Ek');
    await expect(page.getByText('Hemtrygg låstes. Logga in igen för att fortsätta.')).toBeVisible({ timeout: 10_000 });
    await expect(page.getByRole('heading', { name: 'Logga in' })).toBeFocused();
    await expect(page.getByRole('button', { name: 'Brukare' })).toHaveCount(0);
  } finally {
    host.kill('SIGKILL');
  }
});
