/** The server's database: PostgreSQL at DATABASE_URL, or PGlite in HEMTRYGG_SERVER_DATA (default .hemtrygg-server/). */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectPostgres, openPglite, type Sql } from './sql.ts';

const project = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function openServerDatabase(): Promise<Sql> {
  const url = process.env['DATABASE_URL'];
  if (url) return connectPostgres(url);
  const folder = resolve(process.env['HEMTRYGG_SERVER_DATA'] ?? join(project, '.hemtrygg-server'));
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  return openPglite(join(folder, 'pgdata'));
}
