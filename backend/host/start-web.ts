/**
 * npm run start:web — the browser host on 127.0.0.1 with the built renderer.
 * Data lives in HEMTRYGG_DATA (default .hemtrygg/ in the project); the database key is a random 32-byte file there,
 * readable by this user only. Seeds the demo team on first start.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PIN, DEMO_SERVER_PASSWORD } from '../../core/demo-credentials.ts';
import { openDatabase } from '../database.ts';
import { connectDemoTeam, seedDemo } from '../demo.ts';
import { SyncClient } from '../sync/client.ts';
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
// Sync is always there to connect from the app; HEMTRYGG_SERVER_URL with HEMTRYGG_DEMO=1 connects an empty laptop to
// a central server as the demo team. Without a server, an empty laptop gets the demo team offline.
const serverUrl = process.env['HEMTRYGG_SERVER_URL'];
const sync = new SyncClient({ database });
await sync.start();
sync.status$.subscribe((status) => {
  if (status.state === 'wiped') {
    console.log('This laptop was revoked and its data removed. Start Hemtrygg again to connect it anew.');
    setTimeout(() => process.exit(0), 1000);
  }
});
const empty = (await database.users.count().exec()) === 0;
if (serverUrl && empty && process.env['HEMTRYGG_DEMO'] === '1') {
  // Every demo profile signs in online once, with the demo server's password, and gets the demo PIN on this laptop.
  await connectDemoTeam(sync, serverUrl);
  console.log(
    `Connected to ${serverUrl} as the demo team: server password ${DEMO_SERVER_PASSWORD}, ` +
      `PIN ${DEMO_PIN} for every profile on this laptop.`,
  );
} else if (!serverUrl && process.env['HEMTRYGG_DEMO'] !== '0' && (await seedDemo(database))) {
  console.log(`Added the demo team (PIN ${DEMO_PIN} for every profile).`);
}
const host = await startWebHost({
  database,
  staticDirectory: join(project, 'out/renderer'),
  port: Number(process.env['PORT'] ?? 0),
  ...(process.env['HEMTRYGG_TOKEN'] ? { token: process.env['HEMTRYGG_TOKEN'] } : {}),
  // Quiet time before the app locks: 10 minutes unless HEMTRYGG_LOCK_AFTER_MS says otherwise.
  ...(lockAfterMs === undefined ? {} : { lockAfterMs }),
  sync,
});
// Someone signed in: the server now sends what only their role may read (the access log, sync conflicts).
host.sessions.current.subscribe(() => sync.personChanged());
console.log(`Hemtrygg is running: ${host.url}`);

const stop = async () => {
  await sync.stop();
  await host.close();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
