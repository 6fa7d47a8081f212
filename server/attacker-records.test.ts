/**
 * The attacker's laptop, for records: a worker's own enrolled laptop, its token and curl, against the real server on
 * PostgreSQL. Each test is a finding of issue 15 (numbered as there) that the server used to let through.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PERSON_PROOF_HEADER } from '../core/signing.ts';
import type { WireDocument } from '../core/sync.ts';
import { createUser } from './admin.ts';
import {
  accessDoc,
  actionDoc,
  amendmentDoc,
  clientDoc,
  daysAgo,
  lockDoc,
  reviewDoc,
  visitDoc,
} from './testing/documents.ts';
import { addDeviceUser, call, enrolDevice, makeWorld, PASSWORD, startServer, type World } from './testing/fixture.ts';
import { personProof, signed } from './testing/signing.ts';

let world: World;
let app: FastifyInstance;
let url: string;
beforeEach(async () => {
  world = await makeWorld();
  ({ app, url } = await startServer(world.sql));
});
afterEach(async () => {
  await app.close();
  await world.close();
});

type Signer = Awaited<ReturnType<typeof enrolDevice>>;
const signer = (s: { keyId: string; privateKey: Signer['privateKey'] }) => s;

const push = (token: string, collection: string, ...docs: WireDocument[]) =>
  call(url, `/v1/sync/${collection}/push`, token, { rows: docs.map((newDocumentState) => ({ newDocumentState })) });

async function pullIds(token: string, collection: string, proof?: string): Promise<string[]> {
  const response = await fetch(`${url}/v1/sync/${collection}/pull`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(proof ? { [PERSON_PROOF_HEADER]: proof } : {}),
    },
    body: JSON.stringify({ checkpoint: null, batchSize: 100 }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { documents: { id: string }[] }).documents.map((d) => d.id).sort();
}

const stored = async (collection: string) =>
  (
    await world.sql.query<{ id: string }>('SELECT id FROM documents WHERE collection = $1 ORDER BY id', [collection])
  ).map((r) => r.id);

describe('2. a worker cannot rewrite a colleague’s signed visit', () => {
  it('refuses extra fields inside a correction’s changes, naming the field, and stores nothing', async () => {
    const bertil = await enrolDevice(url, 'bertil');
    const visit = signed('visits', visitDoc('visit-1', 'team-north', 'bertil'), bertil);
    expect((await push(bertil.accessToken, 'visits', visit)).status).toBe(200);
    const forged = signed(
      'amendments',
      amendmentDoc('a-1', 'visit-1', 'bertil', {
        note: 'x',
        workerId: 'anna',
        clientId: 'client-9',
        signedAt: daysAgo(2000),
      }),
      bertil,
    );
    const answer = await push(bertil.accessToken, 'amendments', forged);
    expect(answer).toMatchObject({ status: 422, body: { error: { code: 'invalid-document', documentId: 'a-1' } } });
    expect(String(answer.body.error?.['path' as 'code'])).toMatch(/^changes\.(clientId|signedAt|workerId)$/);
    expect(await stored('amendments')).toEqual([]);
  });

  it('refuses a correction of a colleague’s visit by another worker, and one past the lock date', async () => {
    const bertil = await enrolDevice(url, 'bertil');
    const anna = await enrolDevice(url, 'anna');
    const cecilia = await enrolDevice(url, 'cecilia');
    const visit = signed('visits', visitDoc('visit-1', 'team-north', 'bertil'), bertil);
    await push(bertil.accessToken, 'visits', visit);
    const byAnna = signed('amendments', amendmentDoc('a-anna', 'visit-1', 'anna'), anna);
    expect(await push(anna.accessToken, 'amendments', byAnna)).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden', documentId: 'a-anna' } },
    });
    // Cecilia locks everything before yesterday: Bertil's own correction of a visit of 15 days ago is refused.
    const lock = signed('reviews', lockDoc('lock-1', 'cecilia', daysAgo(1).slice(0, 10)), cecilia);
    expect((await push(cecilia.accessToken, 'reviews', lock)).status).toBe(200);
    const late = signed('amendments', amendmentDoc('a-late', 'visit-1', 'bertil'), bertil);
    expect(await push(bertil.accessToken, 'amendments', late)).toMatchObject({ status: 403 });
    // Once she returns the visit to him, his correction is taken.
    const returned = signed(
      'reviews',
      { ...reviewDoc('r-1', 'cecilia'), decision: 'returned', comment: 'Fel tid, rätta.' },
      cecilia,
    );
    expect((await push(cecilia.accessToken, 'reviews', returned)).status).toBe(200);
    expect((await push(bertil.accessToken, 'amendments', late)).status).toBe(200);
    expect(await stored('amendments')).toEqual(['a-late']);
  });

  it('asks for a correction that arrives before its visit to be sent again later (409), not to be dropped', async () => {
    const bertil = await enrolDevice(url, 'bertil');
    const early = signed('amendments', amendmentDoc('a-1', 'visit-1', 'bertil'), bertil);
    expect(await push(bertil.accessToken, 'amendments', early)).toMatchObject({
      status: 409,
      body: { error: { code: 'waiting-for-record', documentId: 'a-1' } },
    });
    await push(bertil.accessToken, 'visits', signed('visits', visitDoc('visit-1', 'team-north', 'bertil'), bertil));
    const later = await push(bertil.accessToken, 'amendments', early);
    expect(later.body).toEqual([]);
  });
});

describe('6 and 7. the server stores what the schema parsed, nothing else', () => {
  it('refuses a record with an extra field, a missing text the laptop requires, or a timestamp not as stored', async () => {
    const anna = await enrolDevice(url, 'anna');
    const base = visitDoc('visit-1', 'team-north', 'anna');
    const { note: _, ...withoutNote } = base;
    const cases: [WireDocument, string][] = [
      [{ ...base, payload: 'x'.repeat(1000) }, 'payload'],
      [withoutNote as WireDocument, 'note'],
      [{ ...base, signedAt: base['signedAt'] as string }, ''],
      [{ ...base, startedAt: String(base['startedAt']).replace('.000Z', '.000000+00:00') }, 'startedAt'],
      [{ ...base, note: `${' '.repeat(100_000)}a` }, 'note'],
      [
        { ...base, location: { address: 'Byvägen 3', village: 'Sävar', elsewhere: false, gps: [1, 2] } },
        'location.gps',
      ],
    ];
    for (const [doc, path] of cases) {
      const answer = await push(anna.accessToken, 'visits', signed('visits', doc, anna));
      if (path === '') {
        expect(answer.status).toBe(200);
        continue;
      }
      expect(answer, path).toMatchObject({ status: 422, body: { error: { code: 'invalid-document', path } } });
    }
    expect(await stored('visits')).toEqual(['visit-1']);
  });

  it('refuses a record over the byte limit, NUL characters and deep nesting with a 4xx, never a 5xx', async () => {
    const anna = await enrolDevice(url, 'anna');
    const base = visitDoc('visit-1', 'team-north', 'anna');
    const cases = [
      { ...base, huge: 'x'.repeat(400_000) },
      { ...base, note: 'a\u0000b' },
      { ...base, note: 'a\ud800b' },
    ];
    for (const doc of cases) {
      const answer = await push(anna.accessToken, 'visits', doc as WireDocument);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
    // Nested 10,000 levels deep, as raw JSON (too deep for this process to build with JSON.stringify).
    const { note: _, ...rest } = base;
    const deep = `${JSON.stringify(rest).slice(0, -1)},"note":${'['.repeat(10_000)}"x"${']'.repeat(10_000)}}`;
    const answer = await call(url, '/v1/sync/visits/push', anna.accessToken, `{"rows":[{"newDocumentState":${deep}}]}`);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(await stored('visits')).toEqual([]);
  });

  it('refuses visits dated years away, and records when the server received what it took', async () => {
    const anna = await enrolDevice(url, 'anna');
    const old = {
      ...visitDoc('v-2020', 'team-north', 'anna'),
      startedAt: '2020-03-01T07:00:00.000Z',
      endedAt: '2020-03-01T07:30:00.000Z',
      signedAt: '2020-03-01T07:31:00.000Z',
    };
    const future = {
      ...visitDoc('v-2099', 'team-north', 'anna'),
      startedAt: '2099-03-01T07:00:00.000Z',
      endedAt: '2099-03-01T07:30:00.000Z',
      signedAt: '2099-03-01T07:31:00.000Z',
    };
    const backdated = {
      ...visitDoc('v-late', 'team-north', 'anna'),
      startedAt: daysAgo(200),
      endedAt: daysAgo(200, '07:30'),
    };
    for (const doc of [old, future, backdated]) {
      expect((await push(anna.accessToken, 'visits', signed('visits', doc, anna))).status).toBe(422);
    }
    const before = Date.now();
    await push(anna.accessToken, 'visits', signed('visits', visitDoc('v-ok', 'team-north', 'anna'), anna));
    const [row] = await world.sql.query<{ received_at: Date; signed_by: string }>(
      'SELECT received_at, signed_by FROM documents WHERE id = $1',
      ['v-ok'],
    );
    expect(row?.signed_by).toBe('anna');
    expect(row!.received_at.getTime()).toBeGreaterThanOrEqual(before - 5000);
  });
});

describe('8. a shared laptop acts for the person signed in on it', () => {
  it('takes a decision in a supervisor’s name only with her signature, whoever’s laptop carries it', async () => {
    const shared = await enrolDevice(url, 'anna');
    const cecilia = await addDeviceUser(url, shared.accessToken, 'cecilia');
    const unsigned = reviewDoc('r-unsigned', 'cecilia');
    expect(await push(shared.accessToken, 'reviews', unsigned)).toMatchObject({ status: 403 });
    // Anna at the keyboard signs a decision in Cecilia's name with her own key: refused.
    const byAnna = signed('reviews', reviewDoc('r-anna', 'cecilia'), shared);
    expect(await push(shared.accessToken, 'reviews', byAnna)).toMatchObject({ status: 403 });
    // Anna names herself: workers make no decisions.
    const annasOwn = signed('reviews', reviewDoc('r-own', 'anna'), shared);
    expect(await push(shared.accessToken, 'reviews', annasOwn)).toMatchObject({ status: 403 });
    // Changed after Cecilia signed it: refused.
    const tampered = { ...signed('reviews', reviewDoc('r-t', 'cecilia'), signer(cecilia)), subjectId: 'visit-2' };
    expect(await push(shared.accessToken, 'reviews', tampered)).toMatchObject({ status: 403 });
    const real = signed('reviews', reviewDoc('r-real', 'cecilia'), signer(cecilia));
    expect((await push(shared.accessToken, 'reviews', real)).status).toBe(200);
    expect(await stored('reviews')).toEqual(['r-real']);
  });

  it('gives the access log and conflicts to a shared laptop only while a supervisor proves she is signed in', async () => {
    const shared = await enrolDevice(url, 'anna');
    const cecilia = await addDeviceUser(url, shared.accessToken, 'cecilia');
    await push(shared.accessToken, 'access', signed('access', accessDoc('acc-1', 'anna'), shared));
    expect(await pullIds(shared.accessToken, 'access')).toEqual([]);
    expect(await pullIds(shared.accessToken, 'access', personProof(shared, shared.deviceId))).toEqual([]);
    const stale = personProof(signer(cecilia), shared.deviceId, Date.now() - 3_600_000);
    expect(await pullIds(shared.accessToken, 'access', stale)).toEqual([]);
    const other = await enrolDevice(url, 'bertil');
    expect(await pullIds(other.accessToken, 'access', personProof(signer(cecilia), shared.deviceId))).toEqual([]);
    expect(await pullIds(shared.accessToken, 'access', personProof(signer(cecilia), shared.deviceId))).toEqual([
      'acc-1',
    ]);
  });
});

describe('11. smaller findings', () => {
  it('sends an administrator’s laptop no screenings, and a worker’s no access log', async () => {
    await createUser(world.sql, {
      id: 'ada',
      teamId: 'team-north',
      username: 'ada',
      displayName: 'Ada',
      role: 'admin',
      password: PASSWORD,
    });
    const anna = await enrolDevice(url, 'anna');
    const ada = await enrolDevice(url, 'ada');
    await push(anna.accessToken, 'wellbeing', signed('wellbeing', actionDoc('w-1', 'anna'), anna));
    await push(anna.accessToken, 'access', signed('access', accessDoc('acc-1', 'anna'), anna));
    expect(await pullIds(anna.accessToken, 'wellbeing')).toEqual(['w-1']);
    expect(await pullIds(ada.accessToken, 'wellbeing', personProof(ada, ada.deviceId))).toEqual([]);
    expect(await pullIds(anna.accessToken, 'access', personProof(anna, anna.deviceId))).toEqual([]);
    expect(await pullIds(ada.accessToken, 'access', personProof(ada, ada.deviceId))).toEqual(['acc-1']);
  });

  it('refuses a conflict record whose lost version was not signed by its author', async () => {
    const cecilia = await enrolDevice(url, 'cecilia');
    const client = signed('clients', clientDoc('client-1', 'team-north'), cecilia);
    expect((await push(cecilia.accessToken, 'clients', client)).status).toBe(200);
    const invented = { ...client, accessNotes: 'Nyckeln ligger under mattan.' };
    const conflict = (id: string, local: WireDocument): WireDocument => ({
      id,
      teamId: 'team-north',
      collectionName: 'clients',
      documentId: 'client-1',
      local,
      server: client,
      result: client,
      droppedFields: ['accessNotes'],
      deviceId: cecilia.deviceId,
      userId: 'cecilia',
      resolvedAt: daysAgo(0, '00:01'),
      _deleted: false,
    });
    expect(await push(cecilia.accessToken, 'conflicts', conflict('c-1', invented))).toMatchObject({ status: 403 });
    const genuine = signed('clients', invented, cecilia);
    expect((await push(cecilia.accessToken, 'conflicts', conflict('c-2', genuine))).status).toBe(200);
  });

  it('lets a worker keep no client register, and no one change who a client is', async () => {
    const anna = await enrolDevice(url, 'anna');
    const cecilia = await enrolDevice(url, 'cecilia');
    expect(
      await push(anna.accessToken, 'clients', signed('clients', clientDoc('c-1', 'team-north'), anna)),
    ).toMatchObject({ status: 403 });
    const client = signed('clients', clientDoc('c-1', 'team-north'), cecilia);
    await push(cecilia.accessToken, 'clients', client);
    const renumbered = signed('clients', { ...client, personnummer: '19400101-0000' }, cecilia);
    const answer = await call(url, '/v1/sync/clients/push', cecilia.accessToken, {
      rows: [{ assumedMasterState: client, newDocumentState: renumbered }],
    });
    expect(answer.status).toBe(403);
  });
});
