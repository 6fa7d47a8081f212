/**
 * The server over real HTTP on a real PostgreSQL: enrolment and tokens, scoping, the replication endpoints, the live
 * stream, revocation, and bad input — always a 4xx with a clear body, never a 5xx.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from './admin.ts';
import { revokeDevice } from './auth.ts';
import { clientDoc, visitDoc } from './testing/documents.ts';
import { addDeviceUser, call, enrolDevice, makeWorld, PASSWORD, startServer, type World } from './testing/fixture.ts';
import { newTestKey, personProof, signed } from './testing/signing.ts';
import { PERSON_PROOF_HEADER } from '../core/signing.ts';
import type { WireDocument } from '../core/sync.ts';

/** Whoever signs records: a laptop's first person (its enrolment answer) or a colleague added on it. */
type Signer = { keyId: string; privateKey: Awaited<ReturnType<typeof enrolDevice>>['privateKey'] };
/** Rows of a push, each record signed as its author's laptop signs it. */
const rows = (collection: string, signer: Signer, ...docs: WireDocument[]) => ({
  rows: docs.map((doc) => ({ newDocumentState: signed(collection, doc, signer) })),
});

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

describe('enrolment and tokens', () => {
  it('enrols a laptop with the right password, and refuses a wrong one or an unknown user alike', async () => {
    const device = await enrolDevice(url, 'anna');
    expect(device.user).toEqual({ id: 'anna', teamId: 'team-north', displayName: 'anna', role: 'worker' });
    // The person's signing key is registered with the enrolment, under that person and that laptop.
    expect(await world.sql.query('SELECT id, user_id, device_id FROM user_keys')).toEqual([
      { id: device.keyId, user_id: 'anna', device_id: device.deviceId },
    ]);
    expect((await call(url, '/v1/device', device.accessToken)).body).toMatchObject({
      deviceId: device.deviceId,
      revoked: false,
    });
    for (const username of ['anna', 'nobody']) {
      const wrong = await call(url, '/v1/enrol', undefined, {
        username,
        password: 'wrong password',
        deviceName: 'x',
        publicKey: newTestKey().publicKey,
      });
      expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'wrong-credentials' } } });
    }
    const stored = await world.sql.query<{ token_hash: Buffer }>('SELECT token_hash FROM device_tokens');
    expect(stored.every((r) => !r.token_hash.toString('utf8').includes(device.accessToken))).toBe(true);
  });

  it('rotates the refresh token; any reuse of a spent one ends every token of the device', async () => {
    const device = await enrolDevice(url, 'anna');
    const first = await call(url, '/v1/token', undefined, { refreshToken: device.refreshToken });
    expect(first.status).toBe(200);
    const second = await call(url, '/v1/token', undefined, { refreshToken: first.body['refreshToken'] });
    expect(second.status).toBe(200);
    // The spent first token comes back (a thief's copy, or a retry after a lost answer: nobody can tell which), even
    // while its successor's successor is unused: the whole family ends, and the laptop must sign in online again.
    const replayed = await call(url, '/v1/token', undefined, { refreshToken: device.refreshToken });
    expect(replayed).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    expect((await call(url, '/v1/device', String(second.body['accessToken']))).status).toBe(401);
    expect((await call(url, '/v1/token', undefined, { refreshToken: second.body['refreshToken'] })).status).toBe(401);
    expect(await world.sql.query('SELECT 1 FROM device_tokens')).toEqual([]);
  });
});

describe('a shared team laptop', () => {
  it('carries the work of each worker who has signed in online on it, and of no one else', async () => {
    const laptop = await enrolDevice(url, 'anna');
    const bertilsVisit = visitDoc('v-b', 'team-north', 'bertil');
    // Anna's key cannot sign for Bertil.
    expect(
      (await call(url, '/v1/sync/visits/push', laptop.accessToken, rows('visits', laptop, bertilsVisit))).status,
    ).toBe(403);
    const publicKey = newTestKey().publicKey;
    const wrong = await call(url, '/v1/device/users', laptop.accessToken, {
      username: 'bertil',
      password: 'nope',
      publicKey,
    });
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'wrong-credentials' } } });
    // Someone from another team cannot be added, even with the right password.
    const sven = await call(url, '/v1/device/users', laptop.accessToken, {
      username: 'sven',
      password: PASSWORD,
      publicKey,
    });
    expect(sven.status).toBe(401);
    const bertil = await addDeviceUser(url, laptop.accessToken, 'bertil');
    expect(bertil.user).toMatchObject({ id: 'bertil', teamId: 'team-north' });
    const [key] = await world.sql.query('SELECT user_id, device_id FROM user_keys WHERE id = $1', [bertil.keyId]);
    expect(key).toEqual({ user_id: 'bertil', device_id: laptop.deviceId });
    expect(await call(url, '/v1/sync/visits/push', laptop.accessToken, rows('visits', bertil, bertilsVisit))).toEqual({
      status: 200,
      body: [],
    });
  });

  it('lets a worker send a client record unchanged, but not change one', async () => {
    const supervisor = await enrolDevice(url, 'cecilia');
    const base = signed('clients', clientDoc('c1', 'team-north'), supervisor);
    await call(url, '/v1/sync/clients/push', supervisor.accessToken, { rows: [{ newDocumentState: base }] });
    const anna = await enrolDevice(url, 'anna');
    expect(await call(url, '/v1/sync/clients/push', anna.accessToken, { rows: [{ newDocumentState: base }] })).toEqual({
      status: 200,
      body: [],
    });
    const changed = {
      rows: [
        { assumedMasterState: base, newDocumentState: signed('clients', { ...base, phone: '090-1234567' }, anna) },
      ],
    };
    expect((await call(url, '/v1/sync/clients/push', anna.accessToken, changed)).status).toBe(403);
  });
});

describe('replication endpoints', () => {
  it('push then pull: the team sees the visit, the other team does not', async () => {
    const anna = await enrolDevice(url, 'anna');
    const bertil = await enrolDevice(url, 'bertil');
    const sven = await enrolDevice(url, 'sven');
    const visit = signed('visits', visitDoc('visit-1', 'team-north', 'anna'), anna);
    expect(await call(url, '/v1/sync/visits/push', anna.accessToken, { rows: [{ newDocumentState: visit }] })).toEqual({
      status: 200,
      body: [],
    });
    const pulled = await call(url, '/v1/sync/visits/pull', bertil.accessToken, { checkpoint: null, batchSize: 10 });
    expect(pulled.body).toMatchObject({ documents: [visit], checkpoint: { id: 'visit-1' } });
    const other = await call(url, '/v1/sync/visits/pull', sven.accessToken, { checkpoint: null, batchSize: 10 });
    expect(other.body).toEqual({ documents: [], checkpoint: null });
  });

  it('refuses another team’s document, a forged worker and a worker editing clients, with 403 and nothing written', async () => {
    const anna = await enrolDevice(url, 'anna');
    const cases = [
      ['visits', visitDoc('v1', 'team-south', 'anna')],
      ['visits', visitDoc('v2', 'team-north', 'bertil')],
      ['clients', clientDoc('c1', 'team-north')],
    ] as const;
    for (const [collection, doc] of cases) {
      const answer = await call(url, `/v1/sync/${collection}/push`, anna.accessToken, rows(collection, anna, doc));
      expect(answer).toMatchObject({ status: 403, body: { error: { code: 'forbidden', documentId: doc.id } } });
    }
    expect(await world.sql.query('SELECT id FROM documents')).toEqual([]);
  });

  it('refuses an invalid visit with 422 naming the document and field', async () => {
    const anna = await enrolDevice(url, 'anna');
    const bad = { ...visitDoc('v1', 'team-north', 'anna'), endedAt: '2026-11-20T06:00:00.000Z' };
    const answer = await call(url, '/v1/sync/visits/push', anna.accessToken, rows('visits', anna, bad));
    expect(answer).toMatchObject({
      status: 422,
      body: { error: { code: 'invalid-document', documentId: 'v1', path: 'endedAt' } },
    });
  });

  it('answers requests without a valid token with 401, and unknown collections with 400', async () => {
    expect((await call(url, '/v1/sync/visits/pull', undefined, { batchSize: 1 })).status).toBe(401);
    expect((await call(url, '/v1/sync/visits/pull', 'made-up-token', { batchSize: 1 })).status).toBe(401);
    const anna = await enrolDevice(url, 'anna');
    expect((await call(url, '/v1/sync/drafts/pull', anna.accessToken, { batchSize: 1 })).status).toBe(400);
  });

  it('gzips large pull answers', async () => {
    const anna = await enrolDevice(url, 'anna');
    const visits = Array.from({ length: 50 }, (_, i) => visitDoc(`v${i}`, 'team-north', 'anna'));
    await call(url, '/v1/sync/visits/push', anna.accessToken, rows('visits', anna, ...visits));
    const response = await fetch(`${url}/v1/sync/visits/pull`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${anna.accessToken}`,
        'content-type': 'application/json',
        'accept-encoding': 'gzip',
      },
      body: JSON.stringify({ batchSize: 100 }),
    });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(((await response.json()) as { documents: unknown[] }).documents).toHaveLength(50);
  });

  it('counts what a first sync will bring, for the device’s own team only', async () => {
    const anna = await enrolDevice(url, 'anna');
    const cecilia = await enrolDevice(url, 'cecilia');
    const sven = await enrolDevice(url, 'sven');
    await call(
      url,
      '/v1/sync/visits/push',
      anna.accessToken,
      rows('visits', anna, visitDoc('v1', 'team-north', 'anna')),
    );
    await call(
      url,
      '/v1/sync/clients/push',
      cecilia.accessToken,
      rows('clients', cecilia, clientDoc('c1', 'team-north')),
    );
    const counts = { clients: 1, visits: 1, amendments: 0, conflicts: 0 };
    expect(await call(url, '/v1/sync/counts', anna.accessToken, {})).toMatchObject({ status: 200, body: counts });
    expect(await call(url, '/v1/sync/counts', sven.accessToken, {})).toMatchObject({
      status: 200,
      body: { clients: 0, visits: 0, amendments: 0, conflicts: 0 },
    });
    expect((await call(url, '/v1/sync/counts', undefined, {})).status).toBe(401);
  });

  it('streams RESYNC at the start, and the collection whenever the team’s documents of it change', async () => {
    const anna = await enrolDevice(url, 'anna');
    const bertil = await enrolDevice(url, 'bertil');
    const stream = await liveStream(bertil.accessToken);
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
    await stream.until(1);
    expect(stream.notices()).toEqual(['RESYNC']);
    await call(
      url,
      '/v1/sync/visits/push',
      anna.accessToken,
      rows('visits', anna, visitDoc('v1', 'team-north', 'anna')),
    );
    await stream.until(2);
    expect(stream.notices()).toEqual(['RESYNC', 'visits']);
    stream.close();
  });
});

/** A device's live stream: the data of the notices so far, reading until there are `count`, or for a while. */
async function liveStream(token: string) {
  const controller = new AbortController();
  const response = await fetch(`${url}/v1/sync/stream`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  // One read at a time, appending as it lands: a read that outlives readFor's deadline still counts later.
  let reading: Promise<void> | undefined;
  const read = () =>
    (reading ??= reader.read().then((chunk) => {
      if (chunk.done) throw new Error('the stream ended');
      text += decoder.decode(chunk.value);
      reading = undefined;
    }));
  const notices = () => [...text.matchAll(/^data: (.*)$/gm)].map((m) => m[1]);
  return {
    response,
    notices,
    until: async (count: number) => {
      while (notices().length < count) await read();
    },
    readFor: async (ms: number) => {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        await Promise.race([read(), new Promise((resolve) => setTimeout(resolve, deadline - Date.now()))]);
      }
    },
    close: () => {
      void reading?.catch(() => undefined); // the read that was waiting ends with the abort
      controller.abort();
    },
  };
}

describe('change notices in a burst', () => {
  it('tell the team at once, then once more for the rest of a burst, and only for the collection that changed', async () => {
    const anna = await enrolDevice(url, 'anna');
    const bertil = await enrolDevice(url, 'bertil');
    const stream = await liveStream(bertil.accessToken);
    await stream.until(1);
    // Ten pushes as fast as they go: the first is told at once, the rest once per one-second window, at its end.
    const started = performance.now();
    for (let i = 0; i < 10; i++) {
      const pushed = await call(
        url,
        '/v1/sync/visits/push',
        anna.accessToken,
        rows('visits', anna, visitDoc(`burst-${i}`, 'team-north', 'anna')),
      );
      expect(pushed.status).toBe(200);
    }
    const burstMs = performance.now() - started;
    await stream.until(3);
    // Nothing more is pending: reading on past the window would show another notice.
    await stream.readFor(1000);
    const [first, ...notices] = stream.notices();
    expect(first).toBe('RESYNC');
    expect(new Set(notices)).toEqual(new Set(['visits']));
    expect(notices.length).toBeGreaterThanOrEqual(2);
    expect(notices.length).toBeLessThanOrEqual(2 + Math.ceil(burstMs / 1000));
    // The trailing notice came after the last push: a pull now has all ten.
    const pulled = await call(url, '/v1/sync/visits/pull', bertil.accessToken, { batchSize: 100 });
    expect((pulled.body as { documents: unknown[] }).documents).toHaveLength(10);
    stream.close();
  });
});

describe('supervision records, by role', () => {
  const review = (id: string, reviewerId: string, teamId = 'team-north') => ({
    id,
    teamId,
    subjectKind: 'visit',
    subjectId: 'visit-1',
    decision: 'approved',
    comment: '',
    amendmentIds: [],
    reviewerId,
    createdAt: '2026-11-22T10:00:00.000Z',
    _deleted: false,
  });
  const lock = (id: string, reviewerId: string) => ({
    ...review(id, reviewerId),
    subjectKind: 'team',
    subjectId: 'team-north',
    decision: 'locked',
    lockedBefore: '2026-11-01',
  });
  const access = (id: string, userId: string) => ({
    id,
    teamId: 'team-north',
    userId,
    clientId: 'client-1',
    what: 'client-record',
    at: '2026-11-22T10:00:00.000Z',
    _deleted: false,
  });
  type Laptop = Awaited<ReturnType<typeof enrolDevice>>;
  /** Pushes one record from the laptop, signed by `signer` (the laptop's first person unless another is named). */
  const push = (laptop: Laptop, collection: string, doc: Record<string, unknown>, signer: Signer = laptop) =>
    call(url, `/v1/sync/${collection}/push`, laptop.accessToken, rows(collection, signer, doc as WireDocument));
  /** An append-only record its author tried to delete: refused, or answered with the server's version; never gone. */
  const expectKept = async (answer: Awaited<ReturnType<typeof call>>, id: string) => {
    expect([200, 403]).toContain(answer.status);
    const [row] = await world.sql.query<{ deleted: boolean }>('SELECT deleted FROM documents WHERE id = $1', [id]);
    expect(row).toEqual({ deleted: false });
  };
  /** Pulls everything, showing the server who is signed in on the laptop now (what the access log needs). */
  const pullAll = async (laptop: Laptop, collection: string, signer: Signer = laptop) => {
    const response = await fetch(`${url}/v1/sync/${collection}/pull`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${laptop.accessToken}`,
        'content-type': 'application/json',
        [PERSON_PROOF_HEADER]: personProof(signer, laptop.deviceId),
      },
      body: JSON.stringify({ checkpoint: null, batchSize: 100 }),
    });
    return (await response.json()) as { documents: { id: string }[] };
  };

  it('takes decisions and lock dates from supervisors only, and the access log from everyone, of their own', async () => {
    await createUser(world.sql, {
      id: 'ada',
      teamId: 'team-north',
      username: 'ada',
      displayName: 'ada',
      role: 'admin',
      password: PASSWORD,
    });
    const laptops = {
      anna: await enrolDevice(url, 'anna'),
      cecilia: await enrolDevice(url, 'cecilia'),
      ada: await enrolDevice(url, 'ada'),
    };
    // Each role, each kind of record, written in its own name: what the server lets through.
    const outcomes: Record<string, number> = {};
    for (const [user, laptop] of Object.entries(laptops)) {
      outcomes[`${user} review`] = (await push(laptop, 'reviews', review(`r-${user}`, user))).status;
      outcomes[`${user} lock`] = (await push(laptop, 'reviews', lock(`l-${user}`, user))).status;
      outcomes[`${user} access`] = (await push(laptop, 'access', access(`a-${user}`, user))).status;
    }
    expect(outcomes).toEqual({
      'anna review': 403,
      'anna lock': 403,
      'anna access': 200,
      'cecilia review': 200,
      'cecilia lock': 200,
      'cecilia access': 200,
      'ada review': 403,
      'ada lock': 403,
      'ada access': 200,
    });
    // Nobody writes in another's name, nor for another team, and nothing once written changes or goes.
    expect((await push(laptops.anna, 'access', access('a-forged', 'bertil'))).status).toBe(403);
    expect((await push(laptops.cecilia, 'reviews', review('r-other-team', 'cecilia', 'team-south'))).status).toBe(403);
    await expectKept(await push(laptops.anna, 'access', { ...access('a-anna', 'anna'), _deleted: true }), 'a-anna');
    const original = signed('reviews', review('r-cecilia', 'cecilia') as WireDocument, laptops.cecilia);
    const changed = await call(url, '/v1/sync/reviews/push', laptops.cecilia.accessToken, {
      rows: [
        {
          assumedMasterState: original,
          newDocumentState: signed(
            'reviews',
            { ...original, decision: 'returned', comment: 'Ändrat i efterhand.' },
            laptops.cecilia,
          ),
        },
      ],
    });
    expect(changed).toMatchObject({ status: 200, body: [{ id: 'r-cecilia', decision: 'approved' }] });
  });

  it('sends the access log only to laptops a supervisor or administrator uses, and counts it only for them', async () => {
    const anna = await enrolDevice(url, 'anna');
    const cecilia = await enrolDevice(url, 'cecilia');
    expect((await push(anna, 'access', access('a-1', 'anna'))).status).toBe(200);
    expect((await pullAll(anna, 'access')).documents).toEqual([]);
    expect((await pullAll(cecilia, 'access')).documents.map((d) => d.id)).toEqual(['a-1']);
    expect((await call(url, '/v1/sync/counts', anna.accessToken, {})).body).toMatchObject({ access: 0 });
    expect((await call(url, '/v1/sync/counts', cecilia.accessToken, {})).body).toMatchObject({ access: 1 });
    // Decisions reach everyone in the team: a worker must see what was returned.
    await push(cecilia, 'reviews', review('r-1', 'cecilia'));
    expect((await pullAll(anna, 'reviews')).documents.map((d) => d.id)).toEqual(['r-1']);
  });

  it('still takes what a colleague made on a shared laptop before leaving, but gives it no supervisor’s rights', async () => {
    const laptop = await enrolDevice(url, 'anna');
    const cecilia = await addDeviceUser(url, laptop.accessToken, 'cecilia');
    // Cecilia decided and looked at a record offline; her account is closed before the laptop finds a connection.
    await world.sql.query("UPDATE users SET disabled_at = now() WHERE id = 'cecilia'");
    expect((await push(laptop, 'reviews', review('r-before-leaving', 'cecilia'), cecilia)).status).toBe(200);
    expect((await push(laptop, 'access', access('a-before-leaving', 'cecilia'), cecilia)).status).toBe(200);
    // Nobody left on the laptop may read the access log now.
    expect((await pullAll(laptop, 'access')).documents).toEqual([]);
    const { body } = await call(url, '/v1/team/staff', laptop.accessToken, {});
    expect(body).toContainEqual({ id: 'cecilia', displayName: 'cecilia', role: 'supervisor', disabled: true });
  });

  it('takes screenings and their follow-up from their authors only, and never lets them change', async () => {
    const screening = (id: string, authorId: string) => ({
      id,
      teamId: 'team-north',
      clientId: 'client-1',
      kind: 'screening',
      authorId,
      note: '',
      answers: {
        ucla3: { lackCompanionship: 'often', leftOut: 'often', isolated: 'declined' },
        direct: 'oftenOrAlways',
        lsns6: {
          relativesMonthly: 'one',
          relativesPrivate: 'none',
          relativesHelp: 'one',
          friendsMonthly: 'none',
          friendsPrivate: 'none',
          friendsHelp: 'none',
        },
      },
      factors: [{ factor: 'livesAlone', note: '' }],
      rule: 1,
      createdAt: '2026-11-22T10:00:00.000Z',
      _deleted: false,
    });
    const anna = await enrolDevice(url, 'anna');
    const cecilia = await enrolDevice(url, 'cecilia');
    expect((await push(anna, 'wellbeing', screening('s-1', 'anna'))).status).toBe(200);
    expect((await push(anna, 'wellbeing', screening('s-forged', 'bertil'))).status).toBe(403);
    // A screening with a made-up answer is not a screening.
    const made = screening('s-bad', 'anna');
    made.answers.direct = 'sometimes';
    expect((await push(anna, 'wellbeing', made)).status).toBe(422);
    const changed = await call(url, '/v1/sync/wellbeing/push', anna.accessToken, {
      rows: [
        {
          assumedMasterState: signed('wellbeing', screening('s-1', 'anna') as WireDocument, anna),
          newDocumentState: signed('wellbeing', { ...screening('s-1', 'anna'), factors: [] } as WireDocument, anna),
        },
      ],
    });
    expect(changed).toMatchObject({ status: 200, body: [{ id: 's-1', factors: [{ factor: 'livesAlone' }] }] });
    await expectKept(await push(anna, 'wellbeing', { ...screening('s-1', 'anna'), _deleted: true }), 's-1');
    // The supervisor's laptop receives it.
    expect((await pullAll(cecilia, 'wellbeing')).documents.map((d) => d.id)).toEqual(['s-1']);
  });

  it('takes checklist templates from supervisors only, and answers from their authors', async () => {
    const template = (id: string, authorId: string) => ({
      id,
      teamId: 'team-north',
      kind: 'template',
      authorId,
      createdAt: '2026-11-22T10:00:00.000Z',
      hazard: 'heatWave',
      version: 2,
      items: [{ id: 'drinking' }, { id: 'thermometer', label: 'Termometer inomhus' }],
      _deleted: false,
    });
    const answer = (id: string, authorId: string) => ({
      id,
      teamId: 'team-north',
      kind: 'answer',
      authorId,
      createdAt: '2026-11-22T10:00:00.000Z',
      hazard: 'heatWave',
      version: 1,
      clientId: 'client-1',
      itemId: 'drinking',
      answer: 'yes',
      note: '',
      _deleted: false,
    });
    const anna = await enrolDevice(url, 'anna');
    const cecilia = await enrolDevice(url, 'cecilia');
    expect((await push(anna, 'preparedness', template('t-anna', 'anna'))).status).toBe(403);
    expect((await push(cecilia, 'preparedness', template('t-cecilia', 'cecilia'))).status).toBe(200);
    expect((await push(anna, 'preparedness', answer('a-anna', 'anna'))).status).toBe(200);
    expect((await push(anna, 'preparedness', answer('a-forged', 'bertil'))).status).toBe(403);
    await expectKept(await push(anna, 'preparedness', { ...answer('a-anna', 'anna'), _deleted: true }), 'a-anna');
    // Every laptop of the team gets the template.
    expect((await pullAll(anna, 'preparedness')).documents.map((d) => d.id).sort()).toEqual(['a-anna', 't-cecilia']);
  });

  it('takes drills from supervisors only, and entries from their authors', async () => {
    const base = { teamId: 'team-north', createdAt: '2026-12-03T10:00:00.000Z', clockOffsetMs: 0, _deleted: false };
    const drill = (id: string, authorId: string) => ({
      ...base,
      id,
      kind: 'drill',
      authorId,
      mode: 'incident',
      hazard: 'powerOutage',
      villages: [],
      startsAt: '2026-12-03T10:00:00.000Z',
      scope: [{ clientId: 'client-1', high: true, workerId: 'anna' }],
      workers: ['anna'],
    });
    const entry = (id: string, authorId: string) => ({
      ...base,
      id,
      kind: 'entry',
      authorId,
      clockOffsetMs: 120_000,
      drillId: 'd-cecilia',
      clientId: 'client-1',
      outcome: 'phone',
      attempts: 1,
      state: 'fine',
      gaps: [],
      note: '',
    });
    const anna = await enrolDevice(url, 'anna');
    const cecilia = await enrolDevice(url, 'cecilia');
    expect((await push(anna, 'drills', drill('d-anna', 'anna'))).status).toBe(403);
    expect((await push(cecilia, 'drills', drill('d-cecilia', 'cecilia'))).status).toBe(200);
    expect((await push(anna, 'drills', entry('e-anna', 'anna'))).status).toBe(200);
    expect((await push(anna, 'drills', entry('e-forged', 'bertil'))).status).toBe(403);
    expect((await pullAll(cecilia, 'drills')).documents.map((d) => d.id).sort()).toEqual(['d-cecilia', 'e-anna']);
  });

  it('names the team’s staff, and only theirs', async () => {
    const anna = await enrolDevice(url, 'anna');
    const { body } = await call(url, '/v1/team/staff', anna.accessToken, {});
    expect((body as unknown as { id: string }[]).map((s) => s.id).sort()).toEqual(['anna', 'bertil', 'cecilia']);
    expect((await call(url, '/v1/team/staff', undefined, {})).status).toBe(401);
  });
});

describe('a revoked laptop', () => {
  it('is refused at its next sync, may push what it holds when allowed, then confirms its wipe', async () => {
    const anna = await enrolDevice(url, 'anna');
    await revokeDevice(world.sql, anna.deviceId, true);
    const pulled = await call(url, '/v1/sync/visits/pull', anna.accessToken, { batchSize: 10 });
    expect(pulled).toMatchObject({ status: 403, body: { error: { code: 'device-revoked', finalPush: true } } });
    const last = await call(
      url,
      '/v1/sync/visits/push',
      anna.accessToken,
      rows('visits', anna, visitDoc('v-last', 'team-north', 'anna')),
    );
    expect(last.status).toBe(200);
    expect((await call(url, '/v1/device/wiped', anna.accessToken, {})).status).toBe(200);
    expect((await call(url, '/v1/sync/visits/push', anna.accessToken, { rows: [] })).status).toBe(401);
    expect(await world.sql.query('SELECT id FROM documents')).toEqual([{ id: 'v-last' }]);
  });

  it('without a last push is refused that too, and told so', async () => {
    const anna = await enrolDevice(url, 'anna');
    await revokeDevice(world.sql, anna.deviceId, false);
    const push = await call(
      url,
      '/v1/sync/visits/push',
      anna.accessToken,
      rows('visits', anna, visitDoc('v', 'team-north', 'anna')),
    );
    expect(push).toMatchObject({ status: 403, body: { error: { code: 'device-revoked', finalPush: false } } });
  });
});

describe('bad input', () => {
  it('never gets a 5xx: random bodies, broken JSON and unstorable text all get a 4xx with a code and a message', async () => {
    const anna = await enrolDevice(url, 'anna');
    const paths = ['/v1/sync/visits/push', '/v1/sync/clients/push', '/v1/sync/visits/pull', '/v1/token', '/v1/enrol'];
    const visit = visitDoc('v', 'team-north', 'anna');
    const body = fc.oneof(
      fc.jsonValue(),
      fc.string(),
      fc.constant('{"rows": [{"newDocumentState": '),
      fc.record({ rows: fc.array(fc.record({ newDocumentState: fc.jsonValue() })) }),
      fc.record({ checkpoint: fc.jsonValue(), batchSize: fc.oneof(fc.integer(), fc.double(), fc.string()) }),
      fc
        .string({ unit: 'binary' })
        .map((note) => ({ rows: [{ newDocumentState: { ...visit, note: `${note}\u0000\ud800` } }] })),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), body, async (path, payload) => {
        const answer = await call(
          url,
          path,
          anna.accessToken,
          typeof payload === 'string' ? payload : JSON.stringify(payload),
        );
        if (answer.status === 200) return;
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(answer.body.error?.code).toBeTruthy();
        expect(answer.body.error?.message).toBeTruthy();
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a body over the limit with 413', async () => {
    const anna = await enrolDevice(url, 'anna');
    const huge = JSON.stringify({ rows: [], padding: 'x'.repeat(9 * 1024 * 1024) });
    expect((await call(url, '/v1/sync/visits/push', anna.accessToken, huge)).status).toBe(413);
  });
});
