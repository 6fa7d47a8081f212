/**
 * The central server in a process of its own, for tests that kill it: PostgreSQL from DATABASE_URL, migrated, listening
 * on 127.0.0.1 at the port given as the first argument. Prints `listening <url>` once it takes requests.
 * With ANSWER_DELAY_MS, the answer to each push waits that long after its transaction committed: a wider window for a
 * test to kill the server between the commit and the answer.
 * Usage: DATABASE_URL=postgres://… [ANSWER_DELAY_MS=20] node integration/server-process.ts 4810
 */
import { buildServer } from '../server/app.ts';
import { migrate } from '../server/migrations.ts';
import { connectPostgres } from '../server/sql.ts';

const databaseUrl = process.env['DATABASE_URL'];
if (!databaseUrl) throw new Error('DATABASE_URL is required');
const sql = connectPostgres(databaseUrl);
await migrate(sql);
const app = await buildServer({ sql });
const answerDelayMs = Number(process.env['ANSWER_DELAY_MS'] ?? 0);
if (answerDelayMs > 0) {
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.url.endsWith('/push')) await new Promise((resolve) => setTimeout(resolve, answerDelayMs));
    return payload;
  });
}
const url = await app.listen({ host: '127.0.0.1', port: Number(process.argv[2] ?? 0) });
console.log(`listening ${url}`);
