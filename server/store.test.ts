/**
 * The change feed never skips a write, whatever order transactions commit in; compare-and-swap lets exactly one of two
 * concurrent writers win; a push sent twice changes nothing twice. Against a real PostgreSQL.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncCheckpoint, WireDocument } from '../core/sync.ts';
import type { Queryable } from './sql.ts';
import { pull, push, teamClock, type Stamp, type Writer } from './store.ts';
import { clientDoc, visitDoc } from './testing/documents.ts';
import { makeWorld, type World } from './testing/fixture.ts';

let world: World;
beforeEach(async () => {
  world = await makeWorld();
});
afterEach(async () => {
  await world.close();
});

/** A device that `user` has signed in on, alone. */
const writer = (user: 'anna' | 'bertil' | 'cecilia', role: Writer['role']): Writer => ({
  deviceId: `device-${user}`,
  userId: world.users[user],
  teamId: world.teams.north,
  role,
  userIds: [world.users[user]],
  mayEditClients: role !== 'worker',
  supervisorIds: role === 'supervisor' ? [world.users[user]] : [],
  mayReadAccessLog: role !== 'worker',
});
const anna = () => writer('anna', 'worker');
const bertil = () => writer('bertil', 'worker');
const cecilia = () => writer('cecilia', 'supervisor');

/** The naive clock: a plain sequence, taken before commit — the bug the team clock exists to avoid. */
const naiveSequence: Stamp = async (tx: Queryable) => {
  const [row] = await tx.query<{ v: string }>("SELECT nextval('naive_seq') AS v");
  return Number(row?.v);
};

/** Pulls everything after `checkpoint`, page by page. */
async function pullAll(checkpoint: SyncCheckpoint | null, batchSize = 2) {
  const documents: WireDocument[] = [];
  let at = checkpoint;
  for (;;) {
    const page = await pull(world.sql, world.teams.north, 'visits', at, batchSize);
    documents.push(...page.documents);
    at = page.checkpoint;
    if (page.documents.length < batchSize) return { documents, checkpoint: at };
  }
}

/**
 * Two connections: A takes its stamp and holds its transaction open; B writes and commits; a device pulls; A commits;
 * the device pulls again from its checkpoint. Returns the ids the device ended up with.
 */
async function interleave(stamp: Stamp): Promise<string[]> {
  let releaseA!: () => void;
  const aHolds = new Promise<void>((resolve) => (releaseA = resolve));
  let aStamped!: () => void;
  const aHasStamp = new Promise<void>((resolve) => (aStamped = resolve));
  const holdingStamp: Stamp = async (tx, teamId) => {
    const v = await stamp(tx, teamId);
    aStamped();
    await aHolds;
    return v;
  };
  const a = push(
    world.sql,
    anna(),
    'visits',
    [{ newDocumentState: visitDoc('visit-a', world.teams.north, world.users.anna) }],
    holdingStamp,
  );
  await aHasStamp;
  const b = push(
    world.sql,
    anna(),
    'visits',
    [{ newDocumentState: visitDoc('visit-b', world.teams.north, world.users.anna) }],
    stamp,
  );
  // With the team clock, B waits for A's row lock; with the naive sequence it commits at once.
  await Promise.race([b, new Promise((resolve) => setTimeout(resolve, 300))]);
  const first = await pullAll(null);
  releaseA();
  await Promise.all([a, b]);
  const second = await pullAll(first.checkpoint);
  return [...first.documents, ...second.documents].map((d) => d.id).sort();
}

describe('pull never misses a change', () => {
  it('shows the bug on a naive sequence: a transaction that commits late is skipped for ever', async () => {
    await world.sql.query('CREATE SEQUENCE naive_seq');
    expect(await interleave(naiveSequence)).toEqual(['visit-b']);
  });

  it('with the team clock, both writes arrive although they commit out of order', async () => {
    expect(await interleave(teamClock)).toEqual(['visit-a', 'visit-b']);
  });

  it('many writers with random pauses inside their transactions, pollers paging in tiny batches: nothing is missed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ pauseMs: fc.integer({ min: 0, max: 15 }), docs: fc.integer({ min: 1, max: 3 }) }), {
          minLength: 4,
          maxLength: 16,
        }),
        fc.integer({ min: 1, max: 3 }),
        async (writers, batchSize) => {
          await world.sql.query('DELETE FROM documents');
          let next = 0;
          const pausing: Stamp = async (tx, teamId) => {
            const v = await teamClock(tx, teamId);
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
            return v;
          };
          const writes = writers.map(async ({ pauseMs, docs }) => {
            await new Promise((resolve) => setTimeout(resolve, pauseMs));
            const rows = Array.from({ length: docs }, () => ({
              newDocumentState: visitDoc(
                `visit-${String(next++).padStart(4, '0')}`,
                world.teams.north,
                world.users.anna,
              ),
            }));
            await push(world.sql, anna(), 'visits', rows, pausing);
          });
          // Two pollers rebuild the table from the feed while the writers run.
          const poll = async () => {
            const seen = new Map<string, WireDocument>();
            let at: SyncCheckpoint | null = null;
            let done = false;
            void Promise.all(writes).then(() => (done = true));
            for (;;) {
              const finished = done;
              const page = await pull(world.sql, world.teams.north, 'visits', at, batchSize);
              for (const d of page.documents) seen.set(d.id, d);
              at = page.checkpoint;
              if (finished && page.documents.length < batchSize) return seen;
            }
          };
          const [one, two] = await Promise.all([poll(), poll()]);
          const table = (await world.sql.query<{ id: string }>('SELECT id FROM documents ORDER BY id')).map(
            (r) => r.id,
          );
          expect([...one!.keys()].sort()).toEqual(table);
          expect([...two!.keys()].sort()).toEqual(table);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('push', () => {
  it('lets exactly one of two concurrent writers of the same document win; the other gets the winner back', async () => {
    const base = clientDoc('client-1', world.teams.north);
    await push(world.sql, cecilia(), 'clients', [{ newDocumentState: base }]);
    const mine = { ...base, phone: '090-111111' };
    const theirs = { ...base, phone: '090-222222' };
    const [a, b] = await Promise.all([
      push(world.sql, cecilia(), 'clients', [{ assumedMasterState: base, newDocumentState: mine }]),
      push(world.sql, cecilia(), 'clients', [{ assumedMasterState: base, newDocumentState: theirs }]),
    ]);
    expect([a.length, b.length].sort()).toEqual([0, 1]);
    const [stored] = (await pull(world.sql, world.teams.north, 'clients', null, 10)).documents;
    expect((a.length === 0 ? mine : theirs).phone).toBe(stored!['phone']);
    expect((a.length === 0 ? b : a)[0]).toEqual(stored);
  });

  it('sent again after its answer was lost, changes nothing and reports no conflict', async () => {
    const base = clientDoc('client-1', world.teams.north);
    await push(world.sql, cecilia(), 'clients', [{ newDocumentState: base }]);
    const edit = [{ assumedMasterState: base, newDocumentState: { ...base, phone: '090-123456' } }];
    expect(await push(world.sql, cecilia(), 'clients', edit)).toEqual([]);
    const after = await pull(world.sql, world.teams.north, 'clients', null, 10);
    expect(await push(world.sql, cecilia(), 'clients', edit)).toEqual([]);
    const again = await pull(world.sql, world.teams.north, 'clients', null, 10);
    expect(again).toEqual(after); // same document, same position in the feed: nothing written twice
    const visit = visitDoc('visit-1', world.teams.north, world.users.anna);
    await push(world.sql, anna(), 'visits', [{ newDocumentState: visit }]);
    expect(await push(world.sql, anna(), 'visits', [{ newDocumentState: visit }])).toEqual([]);
    expect((await world.sql.query('SELECT 1 FROM documents WHERE collection = $1', ['visits'])).length).toBe(1);
  });

  it('answers a changed signed visit as a conflict and keeps the signed one', async () => {
    const signed = visitDoc('visit-1', world.teams.north, world.users.anna);
    await push(world.sql, anna(), 'visits', [{ newDocumentState: signed }]);
    const rewritten = { ...signed, note: 'Skrivet om i efterhand.' };
    expect(
      await push(world.sql, anna(), 'visits', [{ assumedMasterState: signed, newDocumentState: rewritten }]),
    ).toEqual([signed]);
    expect((await pull(world.sql, world.teams.north, 'visits', null, 10)).documents).toEqual([signed]);
  });

  it('refuses, and writes nothing of, a push with another team’s or another worker’s document', async () => {
    const ok = visitDoc('visit-ok', world.teams.north, world.users.anna);
    await expect(
      push(world.sql, anna(), 'visits', [
        { newDocumentState: ok },
        { newDocumentState: visitDoc('visit-x', world.teams.south, world.users.anna) },
      ]),
    ).rejects.toMatchObject({ code: 'forbidden', documentId: 'visit-x' });
    await expect(
      push(world.sql, anna(), 'visits', [
        { newDocumentState: ok },
        { newDocumentState: visitDoc('visit-y', world.teams.north, world.users.bertil) },
      ]),
    ).rejects.toMatchObject({ code: 'forbidden', documentId: 'visit-y' });
    await expect(
      push(world.sql, anna(), 'clients', [{ newDocumentState: clientDoc('c', world.teams.north) }]),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await world.sql.query('SELECT id FROM documents')).toEqual([]);
  });

  it('accepts a colleague’s record sent back exactly as the server holds it, and writes nothing; a changed one stays refused', async () => {
    // Anna's laptop pulled Bertil's visit and, after a crash between writing it and RxDB's bookkeeping, sends it back.
    const bertils = visitDoc('visit-b', world.teams.north, world.users.bertil);
    await push(world.sql, bertil(), 'visits', [{ newDocumentState: bertils }]);
    const before = await pull(world.sql, world.teams.north, 'visits', null, 10);
    expect(await push(world.sql, anna(), 'visits', [{ newDocumentState: bertils }])).toEqual([]);
    expect(await pull(world.sql, world.teams.north, 'visits', null, 10)).toEqual(before);
    await expect(
      push(world.sql, anna(), 'visits', [{ newDocumentState: { ...bertils, note: 'Ändrat av fel person.' } }]),
    ).rejects.toMatchObject({ code: 'forbidden', documentId: 'visit-b' });
    expect(await pull(world.sql, world.teams.north, 'visits', null, 10)).toEqual(before);
  });

  it('will not let one team overwrite a document id another team holds', async () => {
    await push(world.sql, cecilia(), 'clients', [{ newDocumentState: clientDoc('client-1', world.teams.north) }]);
    const sven: Writer = {
      deviceId: 'd-s',
      userId: world.users.sven,
      teamId: world.teams.south,
      role: 'supervisor',
      userIds: [world.users.sven],
      mayEditClients: true,
      supervisorIds: [world.users.sven],
      mayReadAccessLog: true,
    };
    await expect(
      push(world.sql, sven, 'clients', [{ newDocumentState: clientDoc('client-1', world.teams.south) }]),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect((await pull(world.sql, world.teams.south, 'clients', null, 10)).documents).toEqual([]);
  });
});
