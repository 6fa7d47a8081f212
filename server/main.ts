/**
 * `npm run server`: the central server. PostgreSQL from DATABASE_URL, or with nothing installed PGlite in
 * HEMTRYGG_SERVER_DATA (default .hemtrygg-server/). Migrates, loads the demo team into an empty database when
 * HEMTRYGG_DEMO=1 (or with --demo), and listens on HOST:PORT (default 127.0.0.1:4800).
 *
 * TLS: HEMTRYGG_TLS_CERT and HEMTRYGG_TLS_KEY (PEM file paths) make it serve HTTPS, with Strict-Transport-Security.
 * With NODE_ENV=production it refuses to start without them, unless HEMTRYGG_BEHIND_PROXY=1 says a reverse proxy in
 * front terminates TLS. HEMTRYGG_TRUST_PROXY (Fastify's trustProxy: true, a hop count, or addresses / CIDR ranges,
 * comma-separated) says whose X-Forwarded-For to believe for the caller's address, which the rate limits key on.
 */
import { readFileSync } from 'node:fs';
import { DEMO_SERVER_PASSWORD } from '../core/demo-credentials.ts';
import { buildServer, type ServerOptions } from './app.ts';
import { openServerDatabase } from './database.ts';
import { seedServerDemo } from './demo.ts';
import { migrate } from './migrations.ts';

const env = process.env;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function trustProxy(value: string | undefined): ServerOptions['trustProxy'] {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((part) => part.trim());
}

function tls(): ServerOptions['https'] {
  const certPath = env['HEMTRYGG_TLS_CERT'];
  const keyPath = env['HEMTRYGG_TLS_KEY'];
  if (!certPath && !keyPath) return undefined;
  if (!certPath || !keyPath) fail('Set both HEMTRYGG_TLS_CERT and HEMTRYGG_TLS_KEY (PEM files), or neither.');
  try {
    return { cert: readFileSync(certPath), key: readFileSync(keyPath) };
  } catch (error) {
    return fail(`Cannot read the TLS certificate or key: ${(error as Error).message}. Check the paths and rights.`);
  }
}

const https = tls();
if (!https && env['NODE_ENV'] === 'production' && env['HEMTRYGG_BEHIND_PROXY'] !== '1') {
  fail(
    'Refusing to serve passwords and care records over plain HTTP in production. Set HEMTRYGG_TLS_CERT and ' +
      'HEMTRYGG_TLS_KEY, or HEMTRYGG_BEHIND_PROXY=1 when a reverse proxy in front of the server terminates TLS ' +
      '(see "Running the server in production" in README.md).',
  );
}

const sql = await openServerDatabase();
const applied = await migrate(sql);
if (applied.length > 0) console.log(`Database migrated: ${applied.join(', ')}.`);
if ((env['HEMTRYGG_DEMO'] === '1' || process.argv.includes('--demo')) && (await seedServerDemo(sql))) {
  console.log(
    `Loaded the demo team: user names anna, bertil, dragan, eeva, cecilia; password ${DEMO_SERVER_PASSWORD}.`,
  );
}
const app = await buildServer({
  sql,
  ...(https ? { https } : {}),
  trustProxy: trustProxy(env['HEMTRYGG_TRUST_PROXY']),
  logger: { level: env['HEMTRYGG_LOG_LEVEL'] ?? 'info' },
});
const url = await app.listen({ host: env['HOST'] ?? '127.0.0.1', port: Number(env['PORT'] ?? 4800) });
console.log(`Hemtrygg central server (${sql.kind}): ${url}`);

const stop = async () => {
  await app.close();
  await sql.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
