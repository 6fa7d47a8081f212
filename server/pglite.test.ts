/** `npm run server` with nothing installed: the same migrations, demo team and sync endpoints on PGlite. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from './app.ts';
import { seedServerDemo } from './demo.ts';
import { migrate, MIGRATIONS } from './migrations.ts';
import { openPglite, type Sql } from './sql.ts';
import { DEMO_SERVER_PASSWORD } from '../core/demo-credentials.ts';
import { call } from './testing/fixture.ts';
import { newTestKey, signed } from './testing/signing.ts';
import type { WireDocument } from '../core/sync.ts';

let sql: Sql;
let app: FastifyInstance;
let url: string;
beforeAll(async () => {
  sql = await openPglite();
  expect(await migrate(sql)).toEqual(MIGRATIONS.map((m) => m.version));
  expect(await seedServerDemo(sql)).toBe(true);
  expect(await seedServerDemo(sql)).toBe(false);
  app = await buildServer({ sql });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app.close();
  await sql.close();
});

it('serves the demo team: enrol, pull the clients page by page, push a visit, see it in the feed', async () => {
  // The demo team's server password is not the laptops' PIN.
  const key = newTestKey();
  const enrolAs = (password: string) =>
    call(url, '/v1/enrol', undefined, { username: 'anna', password, deviceName: 'demo', publicKey: key.publicKey });
  expect((await enrolAs('123456')).status).toBe(401);
  const enrol = await enrolAs(DEMO_SERVER_PASSWORD);
  expect(enrol.status).toBe(200);
  const token = String(enrol.body['accessToken']);
  const first = await call(url, '/v1/sync/clients/pull', token, { batchSize: 40 });
  const second = await call(url, '/v1/sync/clients/pull', token, {
    checkpoint: first.body['checkpoint'],
    batchSize: 40,
  });
  const ids = [...(first.body['documents'] as { id: string }[]), ...(second.body['documents'] as { id: string }[])].map(
    (d) => d.id,
  );
  expect(new Set(ids).size).toBe(60);
  const visits = await call(url, '/v1/sync/visits/pull', token, { batchSize: 2000 });
  const [sample] = visits.body['documents'] as Record<string, unknown>[];
  const mine = signed('visits', { ...sample!, id: 'visit-pglite', workerId: 'user-anna' } as unknown as WireDocument, {
    keyId: String(enrol.body['keyId']),
    privateKey: key.privateKey,
  });
  expect(await call(url, '/v1/sync/visits/push', token, { rows: [{ newDocumentState: mine }] })).toEqual({
    status: 200,
    body: [],
  });
  const after = await call(url, '/v1/sync/visits/pull', token, {
    checkpoint: visits.body['checkpoint'],
    batchSize: 10,
  });
  expect((after.body['documents'] as { id: string }[]).map((d) => d.id)).toEqual(['visit-pglite']);
});
