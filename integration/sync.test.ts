/**
 * Laptops and the central server, all real: each laptop an encrypted SQLite database under RxDB with its sync client,
 * the server Fastify on PostgreSQL, HTTP between them. Offline work arrives, conflicts are resolved and recorded,
 * a revoked laptop pushes what it may and wipes.
 *
 * Each laptop runs in a process of its own (laptop-client.ts, laptop-process.ts): two laptops' collections are more
 * than RxDB's open-source edition opens in one process. Their sync statuses come over IPC as they change, so a test
 * waits for a status as it would on the sync client's status$.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WireDocument } from '../core/sync.ts';
import { checklistState, currentTemplates, type PreparednessRecord } from '../core/preparedness.ts';
import { buildServer } from '../server/app.ts';
import { revokeDevice } from '../server/auth.ts';
import { clientDoc, visitDoc } from '../server/testing/documents.ts';
import { makeWorld, PASSWORD, startServer, type World } from '../server/testing/fixture.ts';
import { Laptop } from './laptop-client.ts';

let world: World;
let server: { app: FastifyInstance; url: string };
const laptops: Laptop[] = [];

beforeEach(async () => {
  world = await makeWorld();
  server = await startServer(world.sql);
});
afterEach(async () => {
  await Promise.all(laptops.splice(0).map((laptop) => laptop.close()));
  await server.app.close();
  await world.close();
});

/** A laptop in a process of its own, enrolled as `username`: syncing. */
async function laptop(username: string): Promise<Laptop> {
  const made = await Laptop.fork(username);
  laptops.push(made);
  await made.call('enrol', {
    serverUrl: server.url,
    username,
    password: PASSWORD,
    deviceName: `laptop of ${username}`,
    maxBackoffMs: 500,
  });
  return made;
}

/** The sync client's status as it is now. */
const statusNow = async (laptop: Laptop) => (await laptop.call('status', {})).status;

const deviceId = async (laptop: Laptop) =>
  ((await laptop.findOne('settings', 'device'))!.value as { deviceId: string }).deviceId;

const record = ({ _deleted, ...rest }: WireDocument) => rest;
const visit = (id: string, worker: string, note?: string) => record(visitDoc(id, 'team-north', worker, note));
const client = (id: string, changes: Record<string, unknown> = {}) => record(clientDoc(id, 'team-north', changes));

describe('sync between laptops and the server', () => {
  it('a visit logged offline reaches the server and the team when the connection returns', async () => {
    const anna = await laptop('anna');
    const bertil = await laptop('bertil');
    await anna.awaitInSync();
    // The connection goes: the server stops answering.
    const port = new URL(server.url).port;
    await server.app.close();
    await anna.insert('visits', visit('visit-offline', 'anna', 'Loggat utan täckning.'));
    await anna.until((s) => s.pending === 1 && s.state === 'offline');
    // It comes back on the same address.
    server = await startServerOn(Number(port));
    await anna.until((s) => s.pending === 0 && s.state === 'online');
    await bertil.awaitInSync();
    // Bertil's laptop lost the server too: it hears of the visit once its live stream is back (backoff up to 500 ms).
    await expect
      .poll(async () => (await bertil.findOne('visits', 'visit-offline'))?.note, { timeout: 15_000 })
      .toBe('Loggat utan täckning.');
    const rows = await world.sql.query<{ id: string }>("SELECT id FROM documents WHERE collection = 'visits'");
    expect(rows).toEqual([{ id: 'visit-offline' }]);
  });

  it('an access log entry made offline reaches the server and the supervisor’s laptop, but no worker’s', async () => {
    const anna = await laptop('anna');
    const cecilia = await laptop('cecilia');
    await anna.awaitInSync();
    const port = new URL(server.url).port;
    await server.app.close();
    // Anna opens a client's record without a connection (backend/services/access.ts writes this entry).
    const entry = {
      id: 'access-offline',
      teamId: 'team-north',
      userId: 'anna',
      clientId: 'client-1',
      what: 'client-record',
      deviceId: await deviceId(anna),
      at: '2026-11-22T10:00:00.000Z',
    } as const;
    await anna.insert('access', entry);
    await anna.until((s) => s.pending === 1 && s.state === 'offline');
    server = await startServerOn(Number(port));
    await anna.until((s) => s.pending === 0 && s.state === 'online');
    const onServer = await world.sql.query<{ data: unknown }>("SELECT data FROM documents WHERE collection = 'access'");
    // Signed on Anna's laptop by Anna's key (core/signing.ts).
    expect(onServer).toEqual([
      { data: { ...entry, _deleted: false, signature: expect.objectContaining({ keyId: expect.any(String) }) } },
    ]);
    await expect.poll(() => cecilia.findOne('access', 'access-offline')).toMatchObject(entry);

    // The supervisor's own look at a record goes up too, and reaches no worker's laptop; her decisions reach everyone.
    await cecilia.insert('access', {
      ...entry,
      id: 'access-cecilia',
      userId: 'cecilia',
      deviceId: await deviceId(cecilia),
    });
    await cecilia.insert('reviews', {
      id: 'review-1',
      teamId: 'team-north',
      subjectKind: 'visit',
      subjectId: 'visit-1',
      decision: 'returned',
      comment: 'Skriv vad som gjordes.',
      amendmentIds: [],
      reviewerId: 'cecilia',
      createdAt: '2026-11-22T11:00:00.000Z',
    });
    await cecilia.until((s) => s.pending === 0 && s.state === 'online');
    await expect.poll(() => anna.findOne('reviews', 'review-1')).toMatchObject({ decision: 'returned' });
    await anna.awaitInSync();
    expect((await anna.find('access')).map((a) => a.id)).toEqual(['access-offline']);
    // And the laptop knows the team's names, for colleagues who never signed in on it.
    const roster = (await anna.findOne('settings', 'staff-roster'))?.value as { staff: { id: string }[] } | undefined;
    expect(roster?.staff.map((s) => s.id).sort()).toEqual(['anna', 'bertil', 'cecilia']);
  });

  it('a screening signed offline reaches the supervisor’s laptop, and an outcome recorded there comes back', async () => {
    const anna = await laptop('anna');
    const cecilia = await laptop('cecilia');
    await anna.awaitInSync();
    const port = new URL(server.url).port;
    await server.app.close();
    const base = { teamId: 'team-north', clientId: 'client-1', note: '' } as const;
    const screening = {
      ...base,
      id: 'screening-offline',
      kind: 'screening',
      authorId: 'anna',
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
    };
    const action = {
      ...base,
      id: 'action-offline',
      kind: 'action',
      authorId: 'anna',
      action: 'phoneFriend',
      screeningId: screening.id,
      createdAt: '2026-11-22T10:05:00.000Z',
    };
    await anna.insert('wellbeing', screening);
    await anna.insert('wellbeing', action);
    await anna.until((s) => s.pending === 2 && s.state === 'offline');
    server = await startServerOn(Number(port));
    await anna.until((s) => s.pending === 0 && s.state === 'online');
    const signedAs = expect.objectContaining({ keyId: expect.any(String) });
    await expect
      .poll(() => cecilia.findOne('wellbeing', 'screening-offline'))
      .toEqual({ ...screening, signature: signedAs });
    await expect.poll(() => cecilia.findOne('wellbeing', 'action-offline')).toEqual({ ...action, signature: signedAs });

    const outcome = {
      ...base,
      id: 'outcome-1',
      kind: 'outcome',
      authorId: 'cecilia',
      actionId: action.id,
      outcome: 'started',
      createdAt: '2026-11-29T09:00:00.000Z',
    };
    await cecilia.insert('wellbeing', outcome);
    await expect.poll(() => anna.findOne('wellbeing', 'outcome-1')).toEqual({ ...outcome, signature: signedAs });
  });

  it('one checklist filled in on two laptops offline merges item by item, no answer lost', async () => {
    const anna = await laptop('anna');
    const bertil = await laptop('bertil');
    await anna.awaitInSync();
    await bertil.awaitInSync();
    const port = new URL(server.url).port;
    await server.app.close();
    const answer = (id: string, authorId: string, itemId: string, value: string, createdAt: string) => ({
      id,
      teamId: 'team-north',
      kind: 'answer',
      authorId,
      createdAt,
      hazard: 'powerOutage',
      version: 1,
      clientId: 'client-1',
      itemId,
      answer: value,
      note: '',
    });
    // Both answer "water" (Bertil later), and each answers an item the other does not.
    await anna.insert('preparedness', answer('a-water', 'anna', 'water', 'no', '2026-12-01T08:00:00.000Z'));
    await anna.insert('preparedness', answer('a-heat', 'anna', 'heat', 'yes', '2026-12-01T08:01:00.000Z'));
    await bertil.insert('preparedness', answer('b-water', 'bertil', 'water', 'yes', '2026-12-01T09:00:00.000Z'));
    await bertil.insert('preparedness', answer('b-phone', 'bertil', 'phone', 'no', '2026-12-01T09:01:00.000Z'));
    await anna.until((s) => s.pending === 2 && s.state === 'offline');
    server = await startServerOn(Number(port));
    const merged = ['a-heat', 'a-water', 'b-phone', 'b-water'];
    for (const one of [anna, bertil]) {
      await one.until((s) => s.pending === 0 && s.state === 'online');
      await expect
        .poll(async () => (await one.find('preparedness')).map((d) => d.id).sort(), { timeout: 20_000 })
        .toEqual(merged);
    }
    const records = (await anna.find('preparedness')) as unknown as PreparednessRecord[];
    const state = checklistState('powerOutage', currentTemplates([]).powerOutage, records, [], new Date());
    const current = Object.fromEntries(state.items.map((i) => [i.item.id, i.current?.answer]));
    expect(current).toMatchObject({ water: 'yes', heat: 'yes', phone: 'no' });
    expect(state.items.find((i) => i.item.id === 'water')?.history.map((a) => a.id)).toEqual(['a-water', 'b-water']);
  });

  it('a laptop measures its clock against the server’s and keeps the offset for drills made offline', async () => {
    const anna = await laptop('anna');
    await anna.awaitInSync();
    const stored = (await anna.findOne('settings', 'clock-offset'))?.value as { offsetMs: number } | undefined;
    // Same machine, same clock: the offset is within the Date header's one-second grain.
    expect(Math.abs(stored?.offsetMs ?? Infinity)).toBeLessThanOrEqual(1500);
  });

  it('a first sync tells how much is coming, and ends with all of it', async () => {
    const cecilia = await laptop('cecilia');
    await cecilia.insert('clients', client('client-1'));
    await cecilia.insert('visits', visit('visit-1', 'cecilia', 'Pigg i dag.'));
    await cecilia.insert('visits', visit('visit-2', 'cecilia', 'Åt bra.'));
    await cecilia.until((s) => s.state === 'online' && s.pending === 0);
    // A new laptop: every status it shows from enrolment on.
    const anna = await laptop('anna');
    await anna.awaitInSync();
    await anna.until((s) => s.firstSync === undefined);
    const seen = anna.statuses.flatMap((s) => (s.firstSync ? [s.firstSync] : []));
    expect(seen.some((progress) => progress.total === 3)).toBe(true);
    expect(seen.every((progress) => progress.total === undefined || progress.received <= progress.total)).toBe(true);
    expect(await anna.count('visits')).toBe(2);
    expect(await anna.count('clients')).toBe(1);
  });

  it('a change made while the app was closed is pushed when it starts again, from where it left off', async () => {
    const cecilia = await laptop('cecilia');
    await cecilia.insert('clients', client('client-1'));
    const onServer = async () =>
      (
        await world.sql.query<{ phone: string | null }>(
          "SELECT data->>'phone' AS phone FROM documents WHERE id = 'client-1'",
        )
      )[0];
    await expect.poll(onServer).toEqual({ phone: null });
    const feed = await world.sql.query('SELECT seq FROM documents');
    // The app is closed: sync and database.
    await cecilia.call('quit', {});
    // It starts again, and the change is made before sync has started.
    await cecilia.call('reopen', {});
    await cecilia.patch('clients', 'client-1', { phone: '090-111111' });
    await cecilia.call('startSync', {});
    await expect.poll(onServer).toEqual({ phone: '090-111111' });
    await cecilia.until((s) => s.state === 'online' && s.pending === 0);
    // Nothing was pulled or pushed again from the start: the document was written once more, by the change.
    expect(Number((await world.sql.query<{ seq: string }>('SELECT seq FROM documents'))[0]!.seq)).toBe(
      Number(feed[0]!['seq']) + 1,
    );
  });

  it('two supervisors edit one client offline: fields merge, the clash is recorded, and both laptops agree', async () => {
    const one = await laptop('cecilia');
    const two = await laptop('cecilia');
    await one.insert('clients', client('client-1'));
    await expect.poll(async () => (await two.findOne('clients', 'client-1')) !== null).toBe(true);
    const port = Number(new URL(server.url).port);
    await server.app.close();
    // Offline, each changes the client: one the phone and the door code, the other the door code and directions.
    await one.patch('clients', 'client-1', { phone: '090-111111', accessNotes: 'Kod 1234' });
    await two.patch('clients', 'client-1', { directions: 'Gult hus', accessNotes: 'Kod 9999' });
    await two.until((s) => s.pending === 1);
    // The connection returns for the first laptop, then for the second.
    server = await startServerOn(port);
    const local = async (laptop: Laptop) => (await laptop.findOne('clients', 'client-1'))!;
    await expect.poll(async () => (await local(two)).phone, { timeout: 20_000 }).toBe('090-111111');
    await expect.poll(async () => (await local(one)).directions, { timeout: 20_000 }).toBe('Gult hus');
    await expect.poll(async () => local(one), { timeout: 20_000 }).toEqual(await local(two));
    const merged = await local(two);
    expect(merged).toMatchObject({ phone: '090-111111', directions: 'Gult hus' });
    // Both changed the door code: one version stands, the other is in a conflict record, nothing silently lost.
    const records = [...(await one.find('conflicts')), ...(await two.find('conflicts'))];
    const conflict = records.find((r) => r.droppedFields.includes('accessNotes'))!;
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
    await anna.awaitInSync();
    await revokeDevice(world.sql, await deviceId(anna), true);
    await anna.insert('visits', visit('visit-last', 'anna'));
    await anna.until((s) => s.state === 'revoked' && s.pending === 0);
    expect((await statusNow(anna)).revoked).toEqual({ finalPush: true, unpushed: 0 });
    expect(await world.sql.query("SELECT id FROM documents WHERE collection = 'visits'")).toEqual([
      { id: 'visit-last' },
    ]);
    await anna.call('wipe', {});
    // The app starts again on the same folder: nothing is left.
    await anna.call('reopen', {});
    expect(await anna.count('visits')).toBe(0);
    expect(await anna.count('users')).toBe(0);
    expect(await anna.count('settings')).toBe(0);
    await anna.call('quit', {});
    expect(await world.sql.query('SELECT wiped_at IS NOT NULL AS wiped FROM devices')).toEqual([{ wiped: true }]);
  });

  it('a laptop that is only listening hears of its revocation at once, without a change to sync', async () => {
    const anna = await laptop('anna');
    await anna.until((s) => s.state === 'online');
    await revokeDevice(world.sql, await deviceId(anna), true);
    await anna.until((s) => s.state === 'revoked');
    expect((await statusNow(anna)).revoked).toEqual({ finalPush: true, unpushed: 0 });
  });

  it('a laptop revoked without a last push tells exactly how many changes would be lost', async () => {
    const anna = await laptop('anna');
    await anna.awaitInSync();
    await anna.call('stopSync', {});
    await anna.insert('visits', visit('visit-1', 'anna'));
    await anna.insert('visits', visit('visit-2', 'anna'));
    await revokeDevice(world.sql, await deviceId(anna), false);
    await anna.call('startSync', {});
    const status = await anna.until((s) => s.state === 'revoked' && s.revoked?.unpushed === 2);
    expect(status.revoked).toEqual({ finalPush: false, unpushed: 2 });
    expect(await world.sql.query("SELECT id FROM documents WHERE collection = 'visits'")).toEqual([]);
    // Nothing is wiped until the user has been told and says so.
    expect(await anna.count('visits')).toBe(2);
  });
});

async function startServerOn(port: number) {
  const app = await buildServer({ sql: world.sql });
  const url = await app.listen({ port, host: '127.0.0.1' });
  return { app, url };
}
