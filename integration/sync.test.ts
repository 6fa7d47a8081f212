/**
 * Laptops and the central server, all real: each laptop an encrypted SQLite database under RxDB with its sync client,
 * the server Fastify on PostgreSQL, HTTP between them. Offline work arrives, conflicts are resolved and recorded,
 * a revoked laptop pushes what it may and wipes.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { firstValueFrom, filter } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type HemtryggDatabase } from '../backend/database.ts';
import { SyncClient, type SyncStatus } from '../backend/sync/client.ts';
import type { ClientRecord } from '../core/clients.ts';
import type { VisitRecord } from '../core/visits.ts';
import { revokeDevice } from '../server/auth.ts';
import { clientDoc, visitDoc } from '../server/testing/documents.ts';
import { makeWorld, PASSWORD, startServer, type World } from '../server/testing/fixture.ts';

interface Laptop {
  database: HemtryggDatabase;
  sync: SyncClient;
  reopen(): Promise<HemtryggDatabase>;
}

let world: World;
let server: { app: FastifyInstance; url: string };
const laptops: Laptop[] = [];
const folders: string[] = [];
let count = 0;

beforeEach(async () => {
  world = await makeWorld();
  server = await startServer(world.sql);
});
afterEach(async () => {
  for (const laptop of laptops.splice(0)) {
    await laptop.sync.stop();
    if (!laptop.database.db.closed) await laptop.database.close();
  }
  await server.app.close();
  await world.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function laptop(username: string, url = server.url): Promise<Laptop> {
  const folder = mkdtempSync(join(tmpdir(), 'hemtrygg-laptop-'));
  folders.push(folder);
  // RxDB allows one database of a name per process: each laptop gets its own.
  const options = { directory: folder, key: randomBytes(32), name: `laptop${(count += 1)}` };
  const database = await openDatabase(options);
  const sync = new SyncClient({ database, maxBackoffMs: 500 });
  const made = { database, sync, reopen: () => openDatabase(options) };
  laptops.push(made);
  await sync.enrol(url, username, PASSWORD, `laptop of ${username}`);
  return made;
}

const until = (sync: SyncClient, check: (s: SyncStatus) => boolean) => firstValueFrom(sync.status$.pipe(filter(check)));

const visit = (id: string, worker: string, note?: string) =>
  (({ _deleted, ...record }) => record)(visitDoc(id, 'team-north', worker, note)) as unknown as VisitRecord;
const client = (id: string, changes: Record<string, unknown> = {}) =>
  (({ _deleted, ...record }) => record)(clientDoc(id, 'team-north', changes)) as unknown as ClientRecord;

describe('sync between laptops and the server', () => {
  it('a visit logged offline reaches the server and the team when the connection returns', async () => {
    const anna = await laptop('anna');
    const bertil = await laptop('bertil');
    await anna.sync.awaitInSync();
    // The connection goes: the server stops answering.
    const port = new URL(server.url).port;
    await server.app.close();
    await anna.database.visits.insert(visit('visit-offline', 'anna', 'Loggat utan täckning.'));
    await until(anna.sync, (s) => s.pending === 1 && s.state === 'offline');
    // It comes back on the same address.
    server = await startServerOn(Number(port));
    await until(anna.sync, (s) => s.pending === 0 && s.state === 'online');
    await bertil.sync.awaitInSync();
    await expect
      .poll(async () => (await bertil.database.visits.findOne('visit-offline').exec())?.note)
      .toBe('Loggat utan täckning.');
    const rows = await world.sql.query<{ id: string }>("SELECT id FROM documents WHERE collection = 'visits'");
    expect(rows).toEqual([{ id: 'visit-offline' }]);
  });

  it('a first sync tells how much is coming, and ends with all of it', async () => {
    const cecilia = await laptop('cecilia');
    await cecilia.database.clients.insert(client('client-1'));
    await cecilia.database.visits.insert(visit('visit-1', 'cecilia', 'Pigg i dag.'));
    await cecilia.database.visits.insert(visit('visit-2', 'cecilia', 'Åt bra.'));
    await until(cecilia.sync, (s) => s.state === 'online' && s.pending === 0);
    // A new laptop: every status it shows from enrolment on.
    const folder = mkdtempSync(join(tmpdir(), 'hemtrygg-laptop-'));
    folders.push(folder);
    const database = await openDatabase({ directory: folder, key: randomBytes(32), name: `laptop${(count += 1)}` });
    const sync = new SyncClient({ database, maxBackoffMs: 500 });
    laptops.push({ database, sync, reopen: () => Promise.reject(new Error('not reopened')) });
    const seen: NonNullable<SyncStatus['firstSync']>[] = [];
    sync.status$.subscribe((s) => s.firstSync && seen.push(s.firstSync));
    await sync.enrol(server.url, 'anna', PASSWORD, 'laptop of anna');
    await sync.awaitInSync();
    await until(sync, (s) => s.firstSync === undefined);
    expect(seen.some((progress) => progress.total === 3)).toBe(true);
    expect(seen.every((progress) => progress.total === undefined || progress.received <= progress.total)).toBe(true);
    expect(await database.visits.count().exec()).toBe(2);
    expect(await database.clients.count().exec()).toBe(1);
  });

  it('a change made while the app was closed is pushed when it starts again, from where it left off', async () => {
    const cecilia = await laptop('cecilia');
    await cecilia.database.clients.insert(client('client-1'));
    const onServer = async () =>
      (
        await world.sql.query<{ phone: string | null }>(
          "SELECT data->>'phone' AS phone FROM documents WHERE id = 'client-1'",
        )
      )[0];
    await expect.poll(onServer).toEqual({ phone: null });
    const feed = await world.sql.query('SELECT seq FROM documents');
    // The app is closed: sync and database.
    await cecilia.sync.stop();
    await cecilia.database.close();
    const reopened = await cecilia.reopen();
    await (await reopened.clients.findOne('client-1').exec())!.incrementalPatch({ phone: '090-111111' });
    const sync = new SyncClient({ database: reopened, maxBackoffMs: 500 });
    laptops.push({ database: reopened, sync, reopen: cecilia.reopen });
    await sync.start();
    await expect.poll(onServer).toEqual({ phone: '090-111111' });
    await until(sync, (s) => s.state === 'online' && s.pending === 0);
    // Nothing was pulled or pushed again from the start: the document was written once more, by the change.
    expect(Number((await world.sql.query<{ seq: string }>('SELECT seq FROM documents'))[0]!.seq)).toBe(
      Number(feed[0]!['seq']) + 1,
    );
  });

  it('two supervisors edit one client offline: fields merge, the clash is recorded, and both laptops agree', async () => {
    const one = await laptop('cecilia');
    const two = await laptop('cecilia');
    await one.database.clients.insert(client('client-1'));
    await expect.poll(async () => (await two.database.clients.findOne('client-1').exec()) !== null).toBe(true);
    const port = Number(new URL(server.url).port);
    await server.app.close();
    // Offline, each changes the client: one the phone and the door code, the other the door code and directions.
    await (await one.database.clients.findOne('client-1').exec())!.incrementalPatch({
      phone: '090-111111',
      accessNotes: 'Kod 1234',
    });
    await (await two.database.clients.findOne('client-1').exec())!.incrementalPatch({
      directions: 'Gult hus',
      accessNotes: 'Kod 9999',
    });
    await until(two.sync, (s) => s.pending === 1);
    // The connection returns for the first laptop, then for the second.
    server = await startServerOn(port);
    const local = async (laptop: Laptop) => (await laptop.database.clients.findOne('client-1').exec())!.toJSON();
    await expect.poll(async () => (await local(two)).phone, { timeout: 20_000 }).toBe('090-111111');
    await expect.poll(async () => (await local(one)).directions, { timeout: 20_000 }).toBe('Gult hus');
    await expect.poll(async () => local(one), { timeout: 20_000 }).toEqual(await local(two));
    const merged = await local(two);
    expect(merged).toMatchObject({ phone: '090-111111', directions: 'Gult hus' });
    // Both changed the door code: one version stands, the other is in a conflict record, nothing silently lost.
    const records = [...(await one.database.conflicts.find().exec()), ...(await two.database.conflicts.find().exec())];
    const conflict = records.find((r) => r.droppedFields.includes('accessNotes'))!.toJSON();
    expect(conflict).toMatchObject({
      collectionName: 'clients',
      documentId: 'client-1',
      droppedFields: ['accessNotes'],
      userId: 'cecilia',
    });
    expect([conflict.local['accessNotes'], conflict.server['accessNotes']].sort()).toEqual(['Kod 1234', 'Kod 9999']);
    expect(conflict.result['accessNotes']).toBe(merged.accessNotes);
    // The record reaches the server for supervisors to review.
    await expect
      .poll(async () => (await world.sql.query("SELECT id FROM documents WHERE collection = 'conflicts'")).length)
      .toBeGreaterThan(0);
  });

  it('a revoked laptop pushes what it still holds when allowed, says so, and wipes its data', async () => {
    const anna = await laptop('anna');
    await anna.sync.awaitInSync();
    const { deviceId } = (await anna.database.settings.findOne('device').exec())!.toJSON().value as {
      deviceId: string;
    };
    await revokeDevice(world.sql, deviceId, true);
    await anna.database.visits.insert(visit('visit-last', 'anna'));
    anna.sync.status$.subscribe((st) => console.log('ST', JSON.stringify(st)));
    await until(anna.sync, (s) => s.state === 'revoked' && s.pending === 0);
    expect(anna.sync.status.revoked).toEqual({ finalPush: true, unpushed: 0 });
    expect(await world.sql.query("SELECT id FROM documents WHERE collection = 'visits'")).toEqual([
      { id: 'visit-last' },
    ]);
    await anna.sync.wipe();
    const after = await anna.reopen();
    expect(await after.visits.count().exec()).toBe(0);
    expect(await after.users.count().exec()).toBe(0);
    expect(await after.settings.count().exec()).toBe(0);
    await after.close();
    expect(await world.sql.query('SELECT wiped_at IS NOT NULL AS wiped FROM devices')).toEqual([{ wiped: true }]);
  });

  it('a laptop that is only listening hears of its revocation at once, without a change to sync', async () => {
    const anna = await laptop('anna');
    await until(anna.sync, (s) => s.state === 'online');
    const { deviceId } = (await anna.database.settings.findOne('device').exec())!.toJSON().value as {
      deviceId: string;
    };
    await revokeDevice(world.sql, deviceId, true);
    await until(anna.sync, (s) => s.state === 'revoked');
    expect(anna.sync.status.revoked).toEqual({ finalPush: true, unpushed: 0 });
  });

  it('a laptop revoked without a last push tells exactly how many changes would be lost', async () => {
    const anna = await laptop('anna');
    await anna.sync.awaitInSync();
    await anna.sync.stop();
    await anna.database.visits.insert(visit('visit-1', 'anna'));
    await anna.database.visits.insert(visit('visit-2', 'anna'));
    const { deviceId } = (await anna.database.settings.findOne('device').exec())!.toJSON().value as {
      deviceId: string;
    };
    await revokeDevice(world.sql, deviceId, false);
    await anna.sync.start();
    const status = await until(anna.sync, (s) => s.state === 'revoked' && s.revoked?.unpushed === 2);
    expect(status.revoked).toEqual({ finalPush: false, unpushed: 2 });
    expect(await world.sql.query("SELECT id FROM documents WHERE collection = 'visits'")).toEqual([]);
    // Nothing is wiped until the user has been told and says so.
    expect(await anna.database.visits.count().exec()).toBe(2);
  });
});

async function startServerOn(port: number) {
  const { buildServer } = await import('../server/app.ts');
  const app = await buildServer({ sql: world.sql });
  const url = await app.listen({ port, host: '127.0.0.1' });
  return { app, url };
}
