/**
 * The real UI in Chromium against the browser host (npm run test:e2e). Uses the system's Chromium (Playwright's own
 * download is not needed): CHROMIUM_PATH, default /usr/bin/chromium. Each run starts on a fresh data folder.
 */
import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const E2E_PORT = Number(process.env['E2E_PORT'] ?? 4791);
export const E2E_TOKEN = 'e2e-launch-token';

export default defineConfig({
  testDir: '.',
  outputDir: '../test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: 'npm run build:web && node backend/host/start-web.ts',
    cwd: '..',
    url: `http://127.0.0.1:${E2E_PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      PORT: String(E2E_PORT),
      HEMTRYGG_TOKEN: E2E_TOKEN,
      HEMTRYGG_DATA: mkdtempSync(join(tmpdir(), 'hemtrygg-e2e-')),
    },
  },
});
