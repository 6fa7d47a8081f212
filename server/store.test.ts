/**
 * The change feed never skips a write, whatever order transactions commit in; compare-and-swap lets exactly one of two
 * concurrent writers win; a push sent twice changes nothing twice. Against a real PostgreSQL.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncCheckpoint, WireDocument } from '../core/sync.ts';
import type { Queryable } from './sql.ts';
import { pull, push as pushSigned, teamClock, type PushRow, type Stamp, type Writer } from './store.ts';
import { clientDoc, visitDoc } from './testing/documents.ts';
import { makeWorld, type World } from './testing/fixture.ts';
import { signed, testLaptop } from './testing/signing.ts';
import type { SyncedCollection } from '../core/sync.ts';
import type { Sql } from './sql.ts';

type Laptop = Awaited<ReturnType<typeof testLaptop>>;
let world: World;
let laptops: Record<'anna' | 'bertil' | 'cecilia', Laptop>;
beforeEach(async () => {
  world = await makeWorld();
  const alone = (user: 'anna' | 'bertil' | 'cecilia', role: Writer['role']) =>
    testLaptop(world.sql, world.teams.north, `device-${user}`, [{ id: world.users[user], role }]);
  laptops = {
    anna: await alone('anna', 'worker'),
    bertil: await alone('bertil', 'worker'),
    cecilia: await alone('cecilia', 'supervisor'),
  };
});
afterEach(async () => {
  await world.close();
});

/** The device that `user` has signed in on, alone. */
const anna = () => laptops.anna.writer;
const bertil = () => laptops.bertil.writer;
const cecilia = () => laptops.cecilia.writer;

/** A document as `user`'s laptop sends it: signed by them. */
const sign = <T extends WireDocument>(user: 'anna' | 'bertil' | 'cecilia', collection: SyncedCollection, doc: T): T =>
  signed(collection, doc, laptops[user].signers[world.users[user]]!);

/** Pushes as the laptop would: each new document signed by the one person signed in on that laptop. */
function push(sql: Sql, writer: Writer, collection: SyncedCollection, rows: readonly PushRow[], stamp?: Stamp) {
  const user = (['anna', 'bertil', 'cecilia'] as const).find((u) => laptops[u].writer === writer);
  const signedRows = rows.map((row) => ({
    ...(row.assumedMasterState ? { assumedMasterState: row.assumedMasterState } : {}),
    newDocumentState:
      user && !row.newDocumentState['signature'] ? sign(user, collection, row.newDocumentState) : row.newDocumentState,
  }));
  return pushSigned(sql, writer, collection, signedRows, stamp);
}

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
    const base = sign('cecilia', 'clients', clientDoc('client-1', world.teams.north));
    await push(world.sql, cecilia(), 'clients', [{ newDocumentState: base }]);
    const mine = sign('cecilia', 'clients', { ...base, phone: '090-111111' });
    const theirs = sign('cecilia', 'clients', { ...base, phone: '090-222222' });
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
    const base = sign('cecilia', 'clients', clientDoc('client-1', world.teams.north));
    await push(world.sql, cecilia(), 'clients', [{ newDocumentState: base }]);
    const edit = [
      { assumedMasterState: base, newDocumentState: sign('cecilia', 'clients', { ...base, phone: '090-123456' }) },
    ];
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
    const original = sign('anna', 'visits', visitDoc('visit-1', world.teams.north, world.users.anna));
    await push(world.sql, anna(), 'visits', [{ newDocumentState: original }]);
    const rewritten = sign('anna', 'visits', { ...original, note: 'Skrivet om i efterhand.' });
    expect(
      await push(world.sql, anna(), 'visits', [{ assumedMasterState: original, newDocumentState: rewritten }]),
    ).toEqual([original]);
    expect((await pull(world.sql, world.teams.north, 'visits', null, 10)).documents).toEqual([original]);
  });

  it('refuses, and writes nothing of, a push with another team’s or another worker’s document', async () => {
    const ok = visitDoc('visit-ok', world.teams.north, world.users.anna);
    await expect(
      push(world.sql, anna(), 'visits', [
        { newDocumentState: ok },
        { newDocumentState: visitDoc('visit-x', world.teams.south, world.users.anna) },
      ]),
    ).rejects.toMatchObject({ code: 'forbidden', documentId: 'visit-x' });
    // A visit in Bertil's name, signed on Anna's laptop by Anna's key: not Bertil's signature.
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

  it('accepts a colleague’s record sent back exactly as the server holds it, and writes nothing; a changed one is not written', async () => {
    // Anna's laptop pulled Bertil's visit and, after a crash between writing it and RxDB's bookkeeping, sends it back.
    const bertils = sign('bertil', 'visits', visitDoc('visit-b', world.teams.north, world.users.bertil));
    await push(world.sql, bertil(), 'visits', [{ newDocumentState: bertils }]);
    const before = await pull(world.sql, world.teams.north, 'visits', null, 10);
    expect(await push(world.sql, anna(), 'visits', [{ newDocumentState: bertils }])).toEqual([]);
    expect(await pull(world.sql, world.teams.north, 'visits', null, 10)).toEqual(before);
    // A changed version of a signed visit is a conflict: the server's stands, nothing is written.
    expect(
      await push(world.sql, anna(), 'visits', [{ newDocumentState: { ...bertils, note: 'Ändrat av fel person.' } }]),
    ).toEqual([bertils]);
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
      activeRoles: ['supervisor'],
      mayReadAccessLog: true,
    };
    await expect(
      push(world.sql, sven, 'clients', [{ newDocumentState: clientDoc('client-1', world.teams.south) }]),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect((await pull(world.sql, world.teams.south, 'clients', null, 10)).documents).toEqual([]);
  });
});

describe('a pull answer’s byte budget', () => {
  it('stops at the budget with `more`, always gives at least one document, and pages on to the end', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({
      newDocumentState: visitDoc(`visit-${i}`, world.teams.north, world.users.anna, 'x'.repeat(3000)),
    }));
    await push(world.sql, anna(), 'visits', rows);
    const seen: string[] = [];
    let checkpoint: SyncCheckpoint | null = null;
    let answers = 0;
    for (;;) {
      // A budget smaller than one document: each answer still carries one, and says more are waiting.
      const page = await pull(world.sql, world.teams.north, 'visits', checkpoint, 100, 1000);
      answers += 1;
      expect(page.documents.length).toBeLessThanOrEqual(1);
      seen.push(...page.documents.map((d) => d.id));
      checkpoint = page.checkpoint;
      if (!page.more) break;
    }
    expect(seen).toEqual(['visit-0', 'visit-1', 'visit-2', 'visit-3', 'visit-4']);
    expect(answers).toBe(5);
    const whole = await pull(world.sql, world.teams.north, 'visits', null, 100);
    expect(whole.documents).toHaveLength(5);
    expect(whole.more).toBeUndefined();
  });
});
