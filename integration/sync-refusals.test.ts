/**
 * The sync client against the real server on PostgreSQL, over real HTTP, with a real encrypted laptop database and
 * real sign-in: what the server refuses never stops the rest, what the laptop cannot store is skipped and shown, a
 * revoked laptop's last push works whatever the age of its token, and a laptop shut out by token reuse keeps its work.
 * One laptop at a time in this process (RxDB's open-source edition allows 13 open collections per process).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncStatus, WireDocument } from '../core/sync.ts';
import type { AmendmentRecord, VisitRecord } from '../core/visits.ts';
import { revokeDevice } from '../server/auth.ts';
import { amendmentDoc, visitDoc } from '../server/testing/documents.ts';
import { makeWorld, PASSWORD, startServer, type World } from '../server/testing/fixture.ts';
import { openDatabase, type HemtryggDatabase } from '../backend/database.ts';
import { SessionManager } from '../backend/sessions.ts';
import { REFUSED_SETTING, SyncClient, UnsafeServerUrlError } from '../backend/sync/client.ts';

const PIN = '246810';

let world: World;
let server: { app: FastifyInstance; url: string };
let open: Laptop | undefined;

beforeEach(async () => {
  world = await makeWorld();
  server = await startServer(world.sql);
});

afterEach(async () => {
  await open?.close();
  open = undefined;
  await server.app.close();
  await world.close();
});

interface Laptop {
  readonly database: HemtryggDatabase;
  readonly sessions: SessionManager;
  readonly sync: SyncClient;
  close(): Promise<void>;
}

async function laptop(): Promise<Laptop> {
  const directory = mkdtempSync(join(tmpdir(), 'hemtrygg-sync-client-'));
  const database = await openDatabase({ directory, key: randomBytes(32) });
  const sessions = new SessionManager({ database });
  const sync = new SyncClient({ database, maxBackoffMs: 200 });
  open = {
    database,
    sessions,
    sync,
    close: async () => {
      await sync.stop();
      sessions.dispose();
      await database.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
  return open;
}

const record = ({ _deleted, ...rest }: WireDocument) => rest;
const visit = (id: string, worker: string) => record(visitDoc(id, world.teams.north, worker)) as VisitRecord;

const until = (sync: SyncClient, test: (status: SyncStatus) => boolean) =>
  firstValueFrom(sync.status$.pipe(filter(test)));

async function onServer(collection: string, ids: string[]): Promise<string[]> {
  const rows = await world.sql.query<{ id: string }>(
    'SELECT id FROM documents WHERE collection = $1 AND id = ANY($2) ORDER BY id',
    [collection, ids],
  );
  return rows.map((row) => row.id);
}

/** A document straight into the server's table, as an older server or a broken import could have left it. */
async function serverHolds(collection: string, doc: Record<string, unknown>): Promise<void> {
  await world.sql.transaction(async (tx) => {
    const [clock] = await tx.query<{ v: string }>(
      `INSERT INTO sync_clock (team_id, v) VALUES ($1, 1)
       ON CONFLICT (team_id) DO UPDATE SET v = sync_clock.v + 1 RETURNING v`,
      [world.teams.north],
    );
    await tx.query(
      `INSERT INTO documents (collection, id, team_id, seq, deleted, data) VALUES ($1, $2, $3, $4, false, $5)
       ON CONFLICT (collection, id) DO UPDATE SET seq = excluded.seq, data = excluded.data`,
      [collection, doc['id'], world.teams.north, clock?.v, JSON.stringify(doc)],
    );
  });
}

/** Every access token of the device ends now, as if the laptop had been closed for longer than their life. */
const expireAccessTokens = (deviceId: string) =>
  world.sql.query(
    `UPDATE device_tokens SET expires_at = now() - interval '1 minute' WHERE device_id = $1 AND kind = 'access'`,
    [deviceId],
  );

describe('the server address', () => {
  it('refuses plain http to another computer before anything is sent, in SyncClient as in the form', async () => {
    const { sync, database } = await laptop();
    await expect(sync.enrol('http://hemtrygg.example.org', 'anna', PASSWORD, 'laptop', PIN)).rejects.toThrow(
      UnsafeServerUrlError,
    );
    await expect(sync.enrol('http://192.168.1.10:4800', 'anna', PASSWORD, 'laptop', PIN)).rejects.toThrow(
      UnsafeServerUrlError,
    );
    expect(sync.status.state).toBe('not-enrolled');
    expect(await database.users.count().exec()).toBe(0);
    // Loopback is this computer itself: allowed (the test server is one).
    await sync.enrol(server.url, 'anna', PASSWORD, 'laptop', PIN);
    expect(sync.status.state).not.toBe('not-enrolled');
  });
});

describe('refused records', () => {
  it('a pushed record the server refuses is parked and the rest of the batch arrives; it goes again once its author signs in online', async () => {
    const { sync, sessions, database } = await laptop();
    await sync.enrol(server.url, 'anna', PASSWORD, 'Annas laptop', PIN);
    const profile = (await database.users.findOne('anna').exec())?.toJSON();
    expect(profile?.signingKey?.keyId).toEqual(expect.any(String));
    await sessions.signIn('anna', PIN);
    await sync.awaitInSync();
    await sync.stop();
    // Anna's two visits are signed by her; Bertil's was never signed by him (he has no key on this laptop yet).
    await database.visits.bulkInsert([visit('visit-a', 'anna'), visit('visit-b', 'bertil'), visit('visit-c', 'anna')]);
    await sync.start();

    const refused = await until(sync, (s) => s.refused?.pushed === 1);
    expect(refused.refused).toEqual({ pushed: 1, pulled: 0 });
    await expect
      .poll(() => onServer('visits', ['visit-a', 'visit-b', 'visit-c']), { timeout: 30_000 })
      .toEqual(['visit-a', 'visit-c']);
    expect(await sync.refused()).toEqual([
      expect.objectContaining({ collection: 'visits', id: 'visit-b', direction: 'pushed' }),
    ]);
    expect(['forbidden', 'invalid-document']).toContain((await sync.refused())[0]?.code);
    // Kept on the laptop as it was, and no longer holding up the queue.
    expect((await database.visits.findOne('visit-b').exec())?.workerId).toBe('bertil');
    await expect.poll(() => sync.countPending(), { timeout: 30_000 }).toBe(0);

    // Bertil signs in online on this laptop: his visit is signed with his new key and goes again.
    await sync.addColleague('bertil', PASSWORD, '135790');
    await expect.poll(() => onServer('visits', ['visit-b']), { timeout: 30_000 }).toEqual(['visit-b']);
    await until(sync, (s) => s.refused === undefined);
    expect(await sync.refused()).toEqual([]);
  });

  it('a pulled record the laptop would refuse is skipped and listed, the rest of the batch is stored', async () => {
    const { sync, database } = await laptop();
    await sync.enrol(server.url, 'anna', PASSWORD, 'Annas laptop', PIN);
    await sync.awaitInSync();
    await sync.stop();
    await serverHolds('visits', visit('visit-fine', 'bertil'));
    await serverHolds('visits', { ...visit('visit-odd', 'bertil'), hidden: 'an extra field' } as Record<
      string,
      unknown
    >);
    await serverHolds('visits', visit('visit-fine-2', 'bertil'));
    await sync.start();

    await until(sync, (s) => s.refused?.pulled === 1);
    await expect
      .poll(async () => (await database.visits.find().exec()).map((v) => v.id).sort(), { timeout: 30_000 })
      .toEqual(['visit-fine', 'visit-fine-2']);
    expect(await sync.refused()).toEqual([
      expect.objectContaining({ collection: 'visits', id: 'visit-odd', direction: 'pulled', code: 'invalid-document' }),
    ]);
    expect(sync.status.lastError).toBeUndefined();

    // Mended on the server: it arrives, and the list empties.
    await serverHolds('visits', visit('visit-odd', 'bertil'));
    await sync.awaitInSync();
    await sync.stop();
    await sync.start();
    await until(sync, (s) => s.refused === undefined);
    await expect
      .poll(async () => (await database.visits.findOne('visit-odd').exec())?.id, { timeout: 30_000 })
      .toBe('visit-odd');
    const stored = await database.settings.findOne(REFUSED_SETTING).exec();
    expect(stored?.toJSON().value).toEqual({ records: [] });
  });
});

describe('a record that waits for another', () => {
  it('a correction that reaches the server before its visit is kept as not yet sent, and goes by itself once the visit is there', async () => {
    const { sync, sessions, database } = await laptop();
    await sync.enrol(server.url, 'cecilia', PASSWORD, 'Cecilias laptop', PIN);
    await sessions.signIn('cecilia', PIN);
    await sync.awaitInSync();
    // Bertil's visit is still on his laptop; Cecilia corrects it from what she was told (the server has no visit yet).
    const { _deleted: _, ...correction } = amendmentDoc('amendment-early', 'visit-late', 'cecilia');
    await database.amendments.insert(correction as unknown as AmendmentRecord);

    await expect
      .poll(() => sync.refused(), { timeout: 30_000 })
      .toEqual([expect.objectContaining({ id: 'amendment-early', code: 'waiting-for-record' })]);
    expect(await sync.countPending()).toBe(1);
    // Waiting is not refused: the header counts it as a change not yet sent.
    expect(sync.status.refused).toBeUndefined();
    expect(await onServer('amendments', ['amendment-early'])).toEqual([]);

    // Bertil's laptop syncs his visit; Cecilia's laptop sends the correction without anyone asking.
    await serverHolds('visits', visit('visit-late', 'bertil'));
    await expect
      .poll(() => onServer('amendments', ['amendment-early']), { timeout: 30_000 })
      .toEqual(['amendment-early']);
    await expect.poll(() => sync.countPending(), { timeout: 30_000 }).toBe(0);
    expect(await sync.refused()).toEqual([]);
  });
});

describe('the person at the laptop', () => {
  it('the access log reaches a supervisor’s laptop only while she is signed in there, and arrives when she signs in', async () => {
    const { sync, sessions, database } = await laptop();
    await serverHolds('access', {
      id: 'access-1',
      teamId: world.teams.north,
      userId: 'anna',
      clientId: 'client-1',
      what: 'client-record',
      at: new Date().toISOString(),
    });
    await sync.enrol(server.url, 'cecilia', PASSWORD, 'Kontorets laptop', PIN);
    await sync.awaitInSync();
    // Nobody is signed in: her having signed in online here once is not her being here now.
    expect(await database.access.count().exec()).toBe(0);
    sessions.current.subscribe(() => sync.personChanged());
    await sessions.signIn('cecilia', PIN);
    await expect.poll(() => database.access.count().exec(), { timeout: 30_000 }).toBe(1);
  });
});

describe('a laptop the server lets go', () => {
  it('a revoked laptop allowed a last push pushes after its access token expired, then says it may be emptied', async () => {
    const { sync, sessions, database } = await laptop();
    await sync.enrol(server.url, 'anna', PASSWORD, 'Annas laptop', PIN);
    await sessions.signIn('anna', PIN);
    await sync.awaitInSync();
    await sync.stop();
    await database.visits.insert(visit('visit-last', 'anna'));
    const deviceId = sync.deviceId as string;
    await expireAccessTokens(deviceId);
    await revokeDevice(world.sql, deviceId, true);
    await sync.start();

    const ready = await until(sync, (s) => s.state === 'revoked' && s.revoked?.unpushed === 0);
    expect(ready.revoked).toEqual({ finalPush: true, unpushed: 0 });
    expect(await onServer('visits', ['visit-last'])).toEqual(['visit-last']);
  });

  it('after a replayed refresh token ends the device’s tokens, the laptop asks to sign in online again and keeps its work', async () => {
    const { sync, sessions, database } = await laptop();
    await sync.enrol(server.url, 'anna', PASSWORD, 'Annas laptop', PIN);
    await sessions.signIn('anna', PIN);
    await sync.awaitInSync();
    await sync.stop();
    // Someone copies the laptop's refresh token and uses it first.
    const device = (await database.settings.findOne('device').exec())?.toJSON().value as { refreshToken: string };
    const stolen = await fetch(`${server.url}/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: device.refreshToken }),
    });
    expect(stolen.status).toBe(200);
    await database.visits.insert(visit('visit-kept', 'anna'));
    await expireAccessTokens(sync.deviceId as string);
    await sync.start();

    const out = await until(sync, (s) => s.state === 'signed-out');
    expect(out.lastError?.code).toBe('unauthenticated');
    expect((await database.visits.findOne('visit-kept').exec())?.note).toBe('Allt väl.');
    expect(await onServer('visits', ['visit-kept'])).toEqual([]);

    // Anna signs in online again on the same laptop: what waited is sent.
    await sync.enrol(server.url, 'anna', PASSWORD, 'Annas laptop', PIN);
    await expect.poll(() => onServer('visits', ['visit-kept']), { timeout: 30_000 }).toEqual(['visit-kept']);
  });
});
