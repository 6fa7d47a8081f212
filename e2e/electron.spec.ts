/**
 * The desktop shell itself, with Playwright's Electron runner. It needs Electron's binary, which cannot be
 * downloaded on the build machine; where it is present (node_modules/electron/dist), this runs, after
 * `npm run build:desktop`.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
/** The binary's path, as the electron package records it after a successful download; no download is attempted. */
function electronBinary(): string | undefined {
  const record = join(root, 'node_modules/electron/path.txt');
  if (!existsSync(record)) return undefined;
  const binary = join(root, 'node_modules/electron/dist', readFileSync(record, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}
const binary = electronBinary();

test.skip(!binary, 'no Electron binary on this machine (it cannot be downloaded here)');

test('the desktop window is locked down, talks to its backend and opens at sign-in', async () => {
  const app = await electron.launch({
    executablePath: binary as string,
    args: [
      join(root, 'out/main/index.js'),
      '--demo',
      `--user-data-dir=${mkdtempSync(join(tmpdir(), 'hemtrygg-electron-'))}`,
    ],
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('heading', { name: 'Logga in' })).toBeVisible();
    // No Node in the page; only the preload's one flag.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(
      await window.evaluate(() => Object.keys((globalThis as { hemtryggShell?: object }).hemtryggShell ?? {})),
    ).toEqual(['desktop']);
    // Navigation away from the app is refused.
    await window.evaluate(
      () => ((globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/'),
    );
    await expect(window.getByRole('heading', { name: 'Logga in' })).toBeVisible();
    await window.getByRole('radio', { name: 'Anna Lind' }).check();
    await window.getByLabel('PIN-kod eller lösenord').fill('123456');
    await window.getByRole('button', { name: 'Logga in' }).click();
    await expect(window.getByRole('heading', { name: /Dagens besök/ })).toBeVisible();
  } finally {
    await app.close();
  }
});
