/**
 * `npm run server`: the central server. PostgreSQL from DATABASE_URL, or with nothing installed PGlite in
 * HEMTRYGG_SERVER_DATA (default .hemtrygg-server/). Migrates, loads the demo team into an empty database when
 * HEMTRYGG_DEMO=1 (or with --demo), and listens on HOST:PORT (default 127.0.0.1:4800).
 */
import { buildServer } from './app.ts';
import { openServerDatabase } from './database.ts';
import { seedServerDemo } from './demo.ts';
import { migrate } from './migrations.ts';

const sql = await openServerDatabase();
const applied = await migrate(sql);
if (applied.length > 0) console.log(`Database migrated: ${applied.join(', ')}.`);
if ((process.env['HEMTRYGG_DEMO'] === '1' || process.argv.includes('--demo')) && (await seedServerDemo(sql))) {
  console.log('Loaded the demo team: user names anna, bertil, dragan, eeva, cecilia; password 123456.');
}
const app = await buildServer({ sql });
const url = await app.listen({ host: process.env['HOST'] ?? '127.0.0.1', port: Number(process.env['PORT'] ?? 4800) });
console.log(`Hemtrygg central server (${sql.kind}): ${url}`);

const stop = async () => {
  await app.close();
  await sql.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
