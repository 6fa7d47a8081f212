/**
 * What the UI tests share: local times for typing into the forms, axe-core's WCAG 2.1 AA check, and starting the
 * central server and browser hosts as processes of their own (as `./hemtrygg start` runs them).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const screens = 'test-results/screens';
const root = join(import.meta.dirname, '..');

/** The wall-clock time (hh:mm) in Umeå this many minutes from now. */
export const localTime = (minutesFromNow: number): string =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' }).format(
    new Date(Date.now() + minutesFromNow * 60_000),
  );

/** No WCAG 2.2 A or AA violation (target size included) that axe-core can find on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Starts a Node script of the project; resolves once it prints `ready`. */
export function start(script: string, env: Record<string, string>, ready: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [script, ...(script.includes('server') ? ['--demo'] : [])], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (String(chunk).includes(ready)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${script} ended with ${code}`)));
  });
}

/** The central server with the demo team, its data (PGlite) in `data`. */
export const startServer = (port: number, data: string): Promise<ChildProcess> =>
  start('server/main.ts', { PORT: String(port), HEMTRYGG_SERVER_DATA: data }, 'central server');

/** A laptop: the browser host on `port`, its data in `data`, connected to `serverUrl` as the demo team. */
export const startLaptop = (port: number, data: string, token: string, serverUrl: string): Promise<ChildProcess> =>
  start(
    'backend/host/start-web.ts',
    {
      PORT: String(port),
      HEMTRYGG_TOKEN: token,
      HEMTRYGG_DATA: data,
      HEMTRYGG_SERVER_URL: serverUrl,
      HEMTRYGG_DEMO: '1',
    },
    'Hemtrygg is running',
  );

/** Chooses a kit radio or checkbox row the way a person does: by pressing its row (the label around the input). */
export async function pick(choice: Locator): Promise<void> {
  await choice.locator('xpath=ancestor::label[1]').click();
  await expect(choice).toBeChecked();
}

/** Types a time into a 24-hour field (react-aria's segments: the hour, then the minute; the colon is not typed). */
export async function typeTime(page: Page, label: string, hhmm: string): Promise<void> {
  await page.getByRole('group', { name: label }).getByRole('spinbutton').first().click();
  await page.keyboard.type(hhmm.replace(':', ''));
}

/** Unfolds the day's done visits (folded away by default), when there are any. */
export async function showDone(page: Page): Promise<void> {
  const done = page.getByRole('button', { name: /^Klara \(/ });
  if ((await done.count()) > 0 && (await done.getAttribute('aria-expanded')) !== 'true') await done.click();
}
