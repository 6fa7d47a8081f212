/**
 * Never a 5xx, never a crash, on any route, for any input: fast-check throws hostile requests at every route of the
 * real server on PostgreSQL — NUL characters, lone surrogates, nesting thousands of levels deep, oversized fields and
 * bodies, wrong content types, broken JSON, huge numbers, unknown routes and methods — as nobody, as a stranger with a
 * made-up token and as an enrolled laptop. Every answer must be below 500, and every error a JSON `{ error }` body.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYNCED_COLLECTIONS } from '../core/sync.ts';
import { visitDoc } from './testing/documents.ts';
import { enrolDevice, makeWorld, startServer, type World } from './testing/fixture.ts';
import { newTestKey, signed } from './testing/signing.ts';

let world: World;
let app: FastifyInstance;
let url: string;
let laptop: Awaited<ReturnType<typeof enrolDevice>>;
beforeAll(async () => {
  world = await makeWorld();
  // Each request comes from an address of its own (trusted X-Forwarded-For), so the per-address limits let the
  // hostile input reach the handlers instead of stopping it at the door.
  ({ app, url } = await startServer(world.sql, { trustProxy: true, rateLimitPerMinute: 1_000_000 }));
  laptop = await enrolDevice(url, 'anna');
});
afterAll(async () => {
  await app.close();
  await world.close();
});

const ROUTES = [
  '/v1/health',
  '/v1/enrol',
  '/v1/token',
  '/v1/device',
  '/v1/device/users',
  '/v1/device/wiped',
  '/v1/team/staff',
  '/v1/sync/counts',
  '/v1/sync/stream',
  ...SYNCED_COLLECTIONS.flatMap((c) => [`/v1/sync/${c}/pull`, `/v1/sync/${c}/push`]),
  '/v1/sync/drafts/pull',
  '/v1/sync/%00/push',
  '/v1/sync/%E0%A4%A/pull',
  '/%E0%A4%A',
  '/v1/%ZZ',
  '/v1/sync/visits/pull?batchSize=%00',
  `/v1/${'a'.repeat(5000)}`,
  '/v1/../../etc/passwd',
  '/',
];

/** JSON nested `levels` deep, as text: deeper than JSON.stringify itself can go. */
const deepJson = (levels: number): string => `${'{"a":['.repeat(levels)}1${']}'.repeat(levels)}`;
const deep = (levels: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
  return value;
};
const nastyString = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\u0000', '\ud800', '\udfff x', 'a\u0000b', '\uffff', '%00', '\u202e', ''),
  fc.integer({ min: 1, max: 300_000 }).map((n) => 'x'.repeat(n)),
);
const hugeNumber = fc.constantFrom(
  1e308,
  -1e308,
  2 ** 63,
  2 ** 70,
  -(2 ** 63),
  1e-320,
  0.5,
  -1,
  Number.MAX_SAFE_INTEGER + 2,
);
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  nastyString,
  hugeNumber,
  fc.integer({ min: 500, max: 3000 }).map((levels) => deep(levels)),
  fc.dictionary(nastyString, fc.jsonValue(), { maxKeys: 5 }),
);
const visit = signed('visits', visitDoc('fuzz-visit', 'team-north', 'anna'), {
  keyId: 'placeholder',
  privateKey: newTestKey().privateKey,
});
/** Bodies shaped like each route's, with one part hostile, and bodies of no shape at all. */
const body = fc.oneof(
  nastyValue,
  fc.record({
    username: nastyString,
    password: nastyString,
    deviceName: nastyString,
    publicKey: fc.oneof(nastyString, fc.constant(newTestKey().publicKey)),
  }),
  fc.record({ refreshToken: nastyString }),
  fc.record({
    checkpoint: fc.oneof(nastyValue, fc.record({ seq: hugeNumber, id: nastyString })),
    batchSize: nastyValue,
  }),
  fc.record({
    rows: fc.array(
      fc.record({
        assumedMasterState: fc.oneof(fc.constant(undefined), nastyValue),
        newDocumentState: fc.oneof(
          nastyValue,
          fc
            .record({ field: fc.constantFrom('note', 'id', 'teamId', 'workerId', 'startedAt'), value: nastyValue })
            .map(({ field, value }) => ({ ...visit, [field]: value })),
        ),
      }),
      { maxLength: 3 },
    ),
  }),
);
/** What goes on the wire: JSON of the body, or text that is not JSON at all. */
const payload = fc.oneof(
  body.map((b) => JSON.stringify(b) ?? 'null'),
  fc.constantFrom(
    '{"rows": [{"newDocumentState": ',
    '[[[[[[[[',
    `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
    `{"batchSize": 1e400}`,
    '{"__proto__": {"admin": true}, "batchSize": 1}',
    '{"constructor": {"prototype": {"x": 1}}}',
    '\u0000',
    '',
  ),
  nastyString,
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '',
  'nonsense/\u00ff',
);
const token = fc.constantFrom<'none' | 'junk' | 'laptop' | 'long'>('none', 'junk', 'laptop', 'long');
const method = fc.constantFrom('GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');

let address = 0;
async function send(request: { route: string; method: string; token: string; type: string; payload: string }) {
  const bearer =
    request.token === 'laptop'
      ? laptop.accessToken
      : request.token === 'junk'
        ? 'made-up-token'
        : request.token === 'long'
          ? 'x'.repeat(8000)
          : undefined;
  address += 1;
  const hasBody = !['GET', 'HEAD'].includes(request.method);
  const response = await fetch(`${url}${request.route}`, {
    method: request.method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(request.type ? { 'content-type': request.type } : {}),
      'x-forwarded-for': `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`,
    },
    ...(hasBody ? { body: request.payload } : {}),
  });
  // A live stream that opened never ends by itself: its head is the answer.
  if (response.headers.get('content-type')?.includes('text/event-stream')) {
    await response.body?.cancel();
    return { status: response.status, body: undefined };
  }
  const text = await response.text();
  return { status: response.status, text, method: request.method };
}

function expectSound(answer: Awaited<ReturnType<typeof send>>, input: unknown) {
  const context = JSON.stringify(input).slice(0, 400);
  expect(answer.status, context).toBeLessThan(500);
  if (answer.status >= 400 && 'text' in answer && answer.method !== 'HEAD') {
    const parsed = JSON.parse(answer.text ?? '') as { error?: { code?: unknown; message?: unknown } };
    expect(typeof parsed.error?.code, context).toBe('string');
    expect(typeof parsed.error?.message, context).toBe('string');
  }
}

it('answers every route below 500 with a JSON error body, whatever is sent', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({ route: fc.constantFrom(...ROUTES), method, token, type: contentType, payload }),
      async (request) => expectSound(await send(request), request),
    ),
    { numRuns: 1000 },
  );
});

it('survives the worst single requests: bodies over the limit, the deepest JSON, the longest header', async () => {
  const cases = [
    { route: '/v1/sync/visits/push', payload: JSON.stringify({ rows: [], pad: 'x'.repeat(9 * 1024 * 1024) }) },
    { route: '/v1/sync/visits/push', payload: `{"rows":[{"newDocumentState":${deepJson(50_000)}}]}` },
    {
      route: '/v1/sync/visits/push',
      payload: JSON.stringify({ rows: [{ newDocumentState: { ...visit, note: 'N' } }] }).replace(
        '"N"',
        deepJson(50_000),
      ),
    },
    { route: '/v1/enrol', payload: `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}` },
    { route: '/v1/sync/visits/pull', payload: JSON.stringify({ checkpoint: { seq: 2 ** 70, id: 'x' }, batchSize: 1 }) },
    { route: '/v1/sync/visits/pull', payload: JSON.stringify({ checkpoint: { seq: 1, id: '\u0000' }, batchSize: 1 }) },
    { route: '/v1/token', payload: JSON.stringify({ refreshToken: `${'\ud800'.repeat(30)}` }) },
  ];
  for (const [index, c] of cases.entries()) {
    expectSound(await send({ ...c, method: 'POST', token: 'laptop', type: 'application/json' }), `case ${index}`);
  }
  // HEAD on the live stream used to leave its connection hanging, and the next request on it with it.
  for (let i = 0; i < 3; i++) {
    const head = await send({ route: '/v1/sync/stream', method: 'HEAD', token: 'laptop', type: '', payload: '' });
    expect(head.status).toBe(404);
  }
  // The server is still well after all of it.
  expect((await fetch(`${url}/v1/health`)).status).toBe(200);
});

it('stays well with an oversized team and the largest pushes: 5,000 staff, 500 rows, one row too many', async () => {
  // A team far larger than any home-care team (beside anna, bertil and cecilia): its staff list is one answer.
  await world.sql.query(
    `INSERT INTO users (id, team_id, username, display_name, role, password_hash)
     SELECT 'bulk-' || n, 'team-north', 'bulk-' || n, 'Bulk ' || n, 'worker', 'not a hash' FROM generate_series(1, 5000) n`,
  );
  const staff = await send({
    route: '/v1/team/staff',
    method: 'POST',
    token: 'laptop',
    type: 'application/json',
    payload: '{}',
  });
  expectSound(staff, 'staff');
  expect(JSON.parse(staff.text ?? '[]')).toHaveLength(5000 + 3);
  const rows = (n: number) =>
    JSON.stringify({
      rows: Array.from({ length: n }, (_, i) => ({ newDocumentState: { ...visit, id: `bulk-visit-${i}` } })),
    });
  for (const n of [500, 501]) {
    expectSound(
      await send({
        route: '/v1/sync/visits/push',
        method: 'POST',
        token: 'laptop',
        type: 'application/json',
        payload: rows(n),
      }),
      `${n} rows`,
    );
  }
  expect((await fetch(`${url}/v1/health`)).status).toBe(200);
});
