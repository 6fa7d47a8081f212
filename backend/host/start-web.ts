/**
 * npm run start:web — the browser host on 127.0.0.1 with the built renderer.
 * Data lives in HEMTRYGG_DATA (default .hemtrygg/ in the project); the database key is a random 32-byte file there,
 * readable by this user only. Seeds the demo team on first start.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../database.ts';
import { seedDemo } from '../demo.ts';
import { lockAfterMsFromEnv } from '../sessions.ts';
import { startWebHost } from './web-host.ts';

const project = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const data = resolve(process.env['HEMTRYGG_DATA'] ?? join(project, '.hemtrygg'));
mkdirSync(data, { recursive: true, mode: 0o700 });
const keyFile = join(data, 'database.key');
if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32), { mode: 0o600 });
chmodSync(keyFile, 0o600);

const lockAfterMs = lockAfterMsFromEnv();
const database = await openDatabase({ directory: data, key: readFileSync(keyFile) });
if (await seedDemo(database)) console.log('Added the demo team (PIN 123456 for every profile).');
const host = await startWebHost({
  database,
  staticDirectory: join(project, 'out/renderer'),
  port: Number(process.env['PORT'] ?? 0),
  ...(process.env['HEMTRYGG_TOKEN'] ? { token: process.env['HEMTRYGG_TOKEN'] } : {}),
  // Quiet time before the app locks: 10 minutes unless HEMTRYGG_LOCK_AFTER_MS says otherwise.
  ...(lockAfterMs === undefined ? {} : { lockAfterMs }),
});
console.log(`Hemtrygg is running: ${host.url}`);

const stop = async () => {
  await host.close();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
