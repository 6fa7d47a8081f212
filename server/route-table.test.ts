/**
 * Who may call what: every route called as every kind of caller against the real server on PostgreSQL, written as
 * a Markdown table into README.md between the route-table markers. With CI set it writes nothing and fails when the
 * README's table is not exactly this one, so the table can never go stale.
 */
import type { FastifyInstance } from 'fastify';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser, disableUser } from './admin.ts';
import { revokeDevice } from './auth.ts';
import { reviewDoc, visitDoc } from './testing/documents.ts';
import { enrolDevice, makeWorld, PASSWORD, startServer, type World } from './testing/fixture.ts';
import { newTestKey, signed } from './testing/signing.ts';

const README = join(import.meta.dirname, '..', 'README.md');
const START = '<!-- route-table:start -->';
const END = '<!-- route-table:end -->';

let world: World;
let app: FastifyInstance;
let url: string;
beforeAll(async () => {
  world = await makeWorld();
  // Each call from an address of its own: the per-address sign-in limit is not what this table is about.
  ({ app, url } = await startServer(world.sql, { trustProxy: true }));
});
afterAll(async () => {
  await app.close();
  await world.close();
});

type Laptop = Awaited<ReturnType<typeof enrolDevice>>;
interface Caller {
  readonly title: string;
  /** The caller's laptop; none for a caller without a token. */
  readonly laptop: Laptop | undefined;
  /** Whose name the caller writes in. */
  readonly person: string;
}

let address = 0;
async function request(method: 'GET' | 'POST', path: string, token: string | undefined, body?: unknown) {
  address += 1;
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      'x-forwarded-for': `10.1.${(address >> 8) & 255}.${address & 255}`,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.headers.get('content-type')?.includes('text/event-stream')) {
    await response.body?.cancel();
    return `${response.status}`;
  }
  const answer = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
  return answer.error?.code ? `${response.status} \`${answer.error.code}\`` : `${response.status}`;
}

/** Each route, what is sent to it, and how: the caller's own token, and records in the caller's own name. */
const ROUTES: { route: string; sends: string; call: (caller: Caller, n: number) => Promise<string> }[] = [
  { route: 'GET /v1/health', sends: '', call: () => request('GET', '/v1/health', undefined) },
  {
    route: 'POST /v1/enrol',
    sends: 'bertil’s right password',
    call: (c) =>
      request('POST', '/v1/enrol', c.laptop?.accessToken, {
        username: 'bertil',
        password: PASSWORD,
        deviceName: 'ny laptop',
        publicKey: newTestKey().publicKey,
      }),
  },
  { route: 'GET /v1/device', sends: '', call: (c) => request('GET', '/v1/device', c.laptop?.accessToken) },
  {
    route: 'POST /v1/device/users',
    sends: 'bertil’s right password',
    call: (c) =>
      request('POST', '/v1/device/users', c.laptop?.accessToken, {
        username: 'bertil',
        password: PASSWORD,
        publicKey: newTestKey().publicKey,
      }),
  },
  {
    route: 'POST /v1/team/staff',
    sends: '',
    call: (c) => request('POST', '/v1/team/staff', c.laptop?.accessToken, {}),
  },
  {
    route: 'POST /v1/sync/counts',
    sends: '',
    call: (c) => request('POST', '/v1/sync/counts', c.laptop?.accessToken, {}),
  },
  {
    route: 'POST /v1/sync/visits/pull',
    sends: 'from the start',
    call: (c) => request('POST', '/v1/sync/visits/pull', c.laptop?.accessToken, { batchSize: 10 }),
  },
  {
    route: 'POST /v1/sync/visits/push',
    sends: 'a team-north visit in the caller’s name, signed',
    call: (c, n) => {
      const visit = visitDoc(`visit-${n}`, 'team-north', c.person);
      const doc = c.laptop
        ? signed('visits', visit, { keyId: c.laptop.keyId, privateKey: c.laptop.privateKey })
        : visit;
      return request('POST', '/v1/sync/visits/push', c.laptop?.accessToken, { rows: [{ newDocumentState: doc }] });
    },
  },
  {
    route: 'POST /v1/sync/reviews/push',
    sends: 'a team-north decision in the caller’s name, signed',
    call: (c, n) => {
      const review = reviewDoc(`review-${n}`, c.person);
      const doc = c.laptop
        ? signed('reviews', review, { keyId: c.laptop.keyId, privateKey: c.laptop.privateKey })
        : review;
      return request('POST', '/v1/sync/reviews/push', c.laptop?.accessToken, { rows: [{ newDocumentState: doc }] });
    },
  },
  { route: 'GET /v1/sync/stream', sends: '', call: (c) => request('GET', '/v1/sync/stream', c.laptop?.accessToken) },
  {
    route: 'POST /v1/token',
    sends: 'the caller’s refresh token',
    call: (c) => request('POST', '/v1/token', undefined, { refreshToken: c.laptop?.refreshToken ?? 'a'.repeat(43) }),
  },
  {
    route: 'GET /v1/no-such-route',
    sends: '',
    call: (c) => request('GET', '/v1/no-such-route', c.laptop?.accessToken),
  },
  // Last: it ends a revoked laptop's tokens.
  {
    route: 'POST /v1/device/wiped',
    sends: '',
    call: (c) => request('POST', '/v1/device/wiped', c.laptop?.accessToken, {}),
  },
];

it('calls every route as every kind of caller, and the README holds the table', async () => {
  await createUser(world.sql, {
    id: 'ada',
    teamId: 'team-north',
    username: 'ada',
    displayName: 'ada',
    role: 'admin',
    password: PASSWORD,
  });
  await createUser(world.sql, {
    id: 'dora',
    teamId: 'team-north',
    username: 'dora',
    displayName: 'dora',
    role: 'worker',
    password: PASSWORD,
  });
  const revokedWithPush = await enrolDevice(url, 'anna', 'revoked, last push allowed');
  await revokeDevice(world.sql, revokedWithPush.deviceId, true);
  const revokedWithout = await enrolDevice(url, 'anna', 'revoked, no last push');
  await revokeDevice(world.sql, revokedWithout.deviceId, false);
  const disabled = await enrolDevice(url, 'dora');
  await disableUser(world.sql, 'dora');
  const callers: Caller[] = [
    { title: 'no token', laptop: undefined, person: 'anna' },
    { title: 'other team’s laptop', laptop: await enrolDevice(url, 'sven'), person: 'sven' },
    { title: 'worker’s laptop', laptop: await enrolDevice(url, 'anna'), person: 'anna' },
    { title: 'supervisor’s laptop', laptop: await enrolDevice(url, 'cecilia'), person: 'cecilia' },
    { title: 'administrator’s laptop', laptop: await enrolDevice(url, 'ada'), person: 'ada' },
    { title: 'revoked, last push allowed', laptop: revokedWithPush, person: 'anna' },
    { title: 'revoked, no last push', laptop: revokedWithout, person: 'anna' },
    { title: 'only person disabled', laptop: disabled, person: 'dora' },
  ];
  const rows: string[][] = [];
  let n = 0;
  for (const { route, sends, call } of ROUTES) {
    const cells: string[] = [];
    for (const caller of callers) cells.push(await call(caller, n++));
    rows.push([`\`${route}\`${sends ? ` (${sends})` : ''}`, ...cells]);
  }
  const header = ['route (what is sent)', ...callers.map((c) => c.title)];
  const markdown = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
  // As Prettier would lay it out, so `prettier --check` and this test agree on the README.
  const table = (await format(markdown, { ...(await resolveConfig(README)), parser: 'markdown' })).trim();

  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  expect(start, 'README.md must hold the route-table markers').toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  const current = readme.slice(start + START.length, end);
  // Blank lines around the table, as Prettier keeps them between the HTML comments and a table.
  const wanted = `\n\n${table}\n\n`;
  if (process.env['CI']) {
    // CI never writes: a table that no longer matches the server fails, and is regenerated by running this test.
    expect(current, 'README.md’s route table is stale: run `npx vitest run server/route-table.test.ts`').toBe(wanted);
  } else if (current !== wanted) {
    writeFileSync(README, `${readme.slice(0, start + START.length)}${wanted}${readme.slice(end)}`);
  }
});
