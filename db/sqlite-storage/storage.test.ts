/**
 * Conformance of the SQLite storage to RxDB's RxStorageInstance contract, method by method. Where RxDB's memory
 * storage defines the expected answer (queries), both run side by side on the same documents.
 */
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  createBlob,
  normalizeMangoQuery,
  now,
  prepareQuery,
  randomToken,
  type MangoQuery,
  type RxDocumentData,
  type RxStorageInstance,
} from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { firstValueFrom, toArray, take } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_CIPHER,
  databaseFilePath,
  getRxStorageSqlite,
  keyConnection,
  StorageError,
  type SqliteCheckpoint,
  type SqliteStorageInstance,
} from './index.ts';
import {
  openInstance,
  storageSchema,
  tempStorage,
  visit,
  visitSchema,
  withMeta,
  type TempStorage,
  type VisitDoc,
} from './test-support.ts';

type Instance = RxStorageInstance<VisitDoc, unknown, unknown, SqliteCheckpoint>;

let temp: TempStorage;
let instances: Instance[] = [];
let dbName: string;

beforeEach(() => {
  temp = tempStorage();
  dbName = 'conf-' + randomToken(6);
});
afterEach(async () => {
  for (const instance of instances) await instance.close().catch(() => undefined);
  instances = [];
  temp.dispose();
});

async function instance(name = dbName, collection = 'visits'): Promise<Instance> {
  const created = (await openInstance(temp.storage, name, collection)) as Instance;
  instances.push(created);
  return created;
}

const schema = storageSchema();
const prepared = (query: MangoQuery<VisitDoc>) =>
  prepareQuery(schema, normalizeMangoQuery(schema, query as MangoQuery<RxDocumentData<VisitDoc>>));

async function insertAll(target: Instance, docs: VisitDoc[]): Promise<RxDocumentData<VisitDoc>[]> {
  const rows = docs.map((doc) => withMeta(doc));
  const result = await target.bulkWrite(
    rows.map((document) => ({ document })),
    'test-insert',
  );
  expect(result.error).toEqual([]);
  return rows;
}

describe('bulkWrite and findDocumentsById', () => {
  it('inserts, finds by id, and finds deleted documents only when asked', async () => {
    const store = await instance();
    const [a, b] = await insertAll(store, [visit(1), visit(2)]);
    const tombstone = { ...b!, _deleted: true, _rev: '2-b', _meta: { lwt: now() } };
    expect((await store.bulkWrite([{ previous: b!, document: tombstone }], 'delete')).error).toEqual([]);

    expect(await store.findDocumentsById([a!.id, b!.id, 'missing'], false)).toEqual([a]);
    const withDeleted = await store.findDocumentsById([a!.id, b!.id], true);
    expect(withDeleted.sort((x, y) => x.id.localeCompare(y.id))).toEqual([a, tombstone]);
    expect(await store.findDocumentsById([b!.id], false)).toEqual([]);
    expect(await store.findDocumentsById([], true)).toEqual([]);
  });

  it('answers a stale revision with a 409 that carries the stored document, and leaves it untouched', async () => {
    const store = await instance();
    const [stored] = await insertAll(store, [visit(1)]);
    const updated = { ...stored!, minutes: 45, _rev: '2-x', _meta: { lwt: now() } };
    expect((await store.bulkWrite([{ previous: stored!, document: updated }], 'update')).error).toEqual([]);

    const stale = { ...stored!, minutes: 99, _rev: '2-y', _meta: { lwt: now() } };
    const result = await store.bulkWrite([{ previous: stored!, document: stale }], 'stale');
    expect(result.error).toHaveLength(1);
    expect(result.error[0]).toMatchObject({ status: 409, documentId: stored!.id, documentInDb: updated });
    expect(await store.findDocumentsById([stored!.id], false)).toEqual([updated]);
  });

  it('treats an insert of an existing id as a conflict', async () => {
    const store = await instance();
    const [stored] = await insertAll(store, [visit(1)]);
    const again = withMeta({ ...visit(1), minutes: 5 }, '1-other');
    const result = await store.bulkWrite([{ document: again }], 'dup');
    expect(result.error[0]).toMatchObject({ status: 409, documentInDb: stored });
  });

  it('writes the good rows of a batch and refuses only the conflicting ones', async () => {
    const store = await instance();
    const [existing] = await insertAll(store, [visit(1)]);
    const rows = [
      { document: withMeta(visit(2)) },
      { document: withMeta(visit(1), '1-dup') },
      { document: withMeta(visit(3)) },
    ];
    const result = await store.bulkWrite(rows, 'mixed');
    expect(result.error.map((e) => e.documentId)).toEqual([existing!.id]);
    const ids = (await store.findDocumentsById([visit(1).id, visit(2).id, visit(3).id], false)).map((d) => d.id);
    expect(ids.sort()).toEqual([visit(1).id, visit(2).id, visit(3).id]);
    expect((await store.findDocumentsById([visit(1).id], false))[0]).toEqual(existing);
  });

  it('refuses, row by row, an id that is not well-formed Unicode rather than letting two such ids collide', async () => {
    const store = await instance();
    const rows = ['\ud800', '\ud801', 'visit-ok', '\ufffd'].map((id) => ({ document: withMeta({ ...visit(1), id }) }));
    const result = await store.bulkWrite(rows, 'surrogates');
    expect(result.error.map((e) => [e.status, e.documentId])).toEqual([
      [422, '\ud800'],
      [422, '\ud801'],
    ]);
    expect(result.error[0]).toMatchObject({ validationErrors: [{ field: 'id' }] });
    expect(await store.findDocumentsById(['visit-ok'], false)).toHaveLength(1);
    expect(await store.findDocumentsById(['\ud800', '\ud801'], true)).toEqual([]);
    expect((await store.findDocumentsById(['\ud800', '\ufffd'], true)).map((d) => d.id)).toEqual(['\ufffd']);
  });

  it('writes nothing of a batch that fails halfway, and keeps emitting for later writes', async () => {
    const store = await instance();
    let events = 0;
    const sub = store.changeStream().subscribe(() => events++);
    // JSON cannot hold a BigInt: the third row throws after two rows were written inside the transaction.
    const unserialisable = { ...withMeta(visit(3)), note: 10n } as unknown as RxDocumentData<VisitDoc>;
    const rows = [withMeta(visit(1)), withMeta(visit(2)), unserialisable].map((document) => ({ document }));
    await expect(store.bulkWrite(rows, 'half')).rejects.toThrow(/BigInt/);
    expect(await store.findDocumentsById([visit(1).id, visit(2).id, visit(3).id], true)).toEqual([]);
    expect(events).toBe(0);
    await insertAll(store, [visit(4)]);
    expect(events).toBe(1);
    sub.unsubscribe();
  });

  it('accepts a deleted document inserted by replication, and keeps it out of queries', async () => {
    const store = await instance();
    const tombstone = withMeta(visit(4), '3-r', true);
    expect((await store.bulkWrite([{ document: tombstone }], 'replication')).error).toEqual([]);
    expect(await store.findDocumentsById([tombstone.id], true)).toEqual([tombstone]);
    const result = await store.query(prepared({ selector: { _deleted: false } as never, sort: [{ id: 'asc' }] }));
    expect(result.documents).toEqual([]);
  });
});

describe('query and count', () => {
  const docs = Array.from({ length: 120 }, (_, n) =>
    visit(n, n === 7 ? { village: 'Åsele 😀 gård', note: 'Emoji and å ä ö' } : {}),
  );
  let sqlite: Instance;
  let memory: RxStorageInstance<VisitDoc, unknown, unknown>;

  beforeEach(async () => {
    sqlite = await instance();
    memory = await openInstance(getRxStorageMemory(), 'mem-' + randomToken(8));
    const rows = docs.map((doc) => withMeta(doc));
    await sqlite.bulkWrite(
      rows.map((document) => ({ document })),
      'seed',
    );
    await memory.bulkWrite(
      rows.map((document) => ({ document })),
      'seed',
    );
    const deleted = rows.slice(100, 110).map((doc) => ({
      previous: doc,
      document: { ...doc, _deleted: true, _rev: '2-d', _meta: { lwt: doc._meta.lwt + 1000 } },
    }));
    await sqlite.bulkWrite(deleted, 'delete');
    await memory.bulkWrite(deleted, 'delete');
  });
  afterEach(async () => {
    await memory.remove();
  });

  const alive = { _deleted: { $eq: false } };
  const cases: [string, MangoQuery<VisitDoc>][] = [
    ['everything, by primary key', { selector: {}, sort: [{ id: 'asc' }] }],
    ['$eq on an indexed string', { selector: { ...alive, clientId: 'client-3' } as never }],
    ['$eq on an unindexed field', { selector: { ...alive, 'place.km': 10.5 } as never }],
    ['$ne', { selector: { ...alive, worker: { $ne: 'worker-2' } } as never }],
    ['$gt and $lt on an indexed number', { selector: { ...alive, minutes: { $gt: 20, $lt: 60 } } as never }],
    ['$gte and $lte', { selector: { ...alive, minutes: { $gte: 21, $lte: 63 } } as never }],
    ['$in', { selector: { ...alive, village: { $in: ['Sävar', 'Obbola'] } } as never }],
    ['$nin', { selector: { ...alive, village: { $nin: ['Sävar', 'Obbola'] } } as never }],
    ['$exists true', { selector: { ...alive, note: { $exists: true } } as never }],
    ['$exists false', { selector: { ...alive, note: { $exists: false } } as never }],
    ['$regex', { selector: { ...alive, village: { $regex: '^H' } } as never }],
    ['$regex with options', { selector: { ...alive, note: { $regex: 'ALL WELL', $options: 'i' } } as never }],
    ['$elemMatch', { selector: { ...alive, tasks: { $elemMatch: { $eq: 'medication' } } } as never }],
    ['$size', { selector: { ...alive, tasks: { $size: 1 } } as never }],
    ['$or', { selector: { ...alive, $or: [{ minutes: 0 }, { worker: 'worker-4' }] } as never }],
    ['$and', { selector: { ...alive, $and: [{ minutes: { $gt: 10 } }, { signed: true }] } as never }],
    ['$nor', { selector: { ...alive, $nor: [{ signed: true }, { village: 'Sävar' }] } as never }],
    ['$not', { selector: { ...alive, minutes: { $not: { $gt: 50 } } } as never }],
    ['$type', { selector: { ...alive, note: { $type: 'string' } } as never }],
    ['$mod', { selector: { ...alive, minutes: { $mod: [7, 0] } } as never }],
    ['boolean index', { selector: { ...alive, signed: true }, sort: [{ id: 'desc' }] } as never],
    ['nested indexed field', { selector: { ...alive, 'place.village': 'Holmsund' } as never }],
    ['a non-BMP string in a range', { selector: { ...alive, village: { $gt: 'Å' } } as never }],
    [
      'compound index range and sort',
      {
        selector: { ...alive, worker: 'worker-1', plannedAt: { $gt: 1_767_230_000_000 } },
        sort: [{ plannedAt: 'asc' }],
      },
    ] as never,
    [
      'multi-field sort, mixed directions',
      { selector: alive as never, sort: [{ village: 'asc' }, { minutes: 'desc' }] },
    ],
    ['sort on an unindexed nested field', { selector: alive as never, sort: [{ 'place.km': 'desc' }, { id: 'asc' }] }],
    ['skip and limit on an index', { selector: alive as never, sort: [{ minutes: 'asc' }], skip: 10, limit: 15 }],
    [
      'skip and limit with a JS filter',
      { selector: { ...alive, note: { $exists: true } } as never, skip: 3, limit: 4 },
    ],
    ['skip and limit with a JS sort', { selector: alive as never, sort: [{ 'place.km': 'asc' }], skip: 5, limit: 5 }],
    ['limit 0', { selector: alive as never, limit: 0 }],
    ['skip past the end', { selector: alive as never, skip: 500 }],
    [
      'an explicit index',
      { selector: { ...alive, minutes: { $gt: 30 } } as never, index: ['_deleted', 'village', 'minutes'] },
    ],
    ['deleted documents', { selector: { _deleted: true } as never }],
  ];

  it.each(cases)('%s: same documents in the same order as RxDB’s memory storage', async (_name, query) => {
    const q = prepared(query);
    const expected = (await memory.query(q)).documents;
    const actual = (await sqlite.query(q)).documents;
    expect(actual).toEqual(expected);
    if (q.query.skip === 0 && q.query.limit === undefined) {
      expect((await sqlite.count(q)).count).toBe(expected.length);
    }
  });

  it('finds the expected documents, not only the same as the memory storage', async () => {
    const result = await sqlite.query(prepared({ selector: { ...alive, clientId: 'client-3' } as never }));
    const ids = docs.filter((d, n) => d.clientId === 'client-3' && (n < 100 || n >= 110)).map((d) => d.id);
    expect(result.documents.map((d) => d.id)).toEqual(ids);
    const emoji = await sqlite.query(prepared({ selector: { ...alive, village: { $gt: 'Å' } } as never }));
    expect(emoji.documents.map((d) => d.village)).toContain('Åsele 😀 gård');
  });

  it('counts in SQL when the index answers the selector, and in JS otherwise', async () => {
    const byIndex = prepared({ selector: { ...alive, worker: 'worker-2' } as never });
    expect(byIndex.queryPlan.selectorSatisfiedByIndex).toBe(true);
    expect(await sqlite.count(byIndex)).toEqual({ count: 22, mode: 'fast' });
    const byMatcher = prepared({ selector: { ...alive, tasks: { $size: 2 } } as never });
    expect(byMatcher.queryPlan.selectorSatisfiedByIndex).toBe(false);
    expect((await sqlite.count(byMatcher)).count).toBe((await memory.count(byMatcher)).count);
  });
});

describe('getChangedDocumentsSince', () => {
  it('pages through 10,000 documents while writes go on, and ends with every document’s last state', async () => {
    const store = await instance();
    const docs = Array.from({ length: 10_000 }, (_, n) => visit(n));
    for (let i = 0; i < docs.length; i += 1000) await insertAll(store, docs.slice(i, i + 1000));

    const seen = new Map<string, RxDocumentData<VisitDoc>>();
    let checkpoint: SqliteCheckpoint | undefined;
    let writes = 0;
    for (;;) {
      const page = await store.getChangedDocumentsSince!(337, checkpoint);
      for (const doc of page.documents) seen.set(doc.id, doc);
      checkpoint = page.checkpoint;
      // Meanwhile, other work updates documents behind and ahead of the reader, and adds new ones.
      if (writes < 20) {
        writes++;
        const ids = [docs[writes * 401]!.id, docs[writes * 17]!.id];
        const current = await store.findDocumentsById(ids, true);
        await store.bulkWrite(
          current.map((previous) => ({
            previous,
            document: { ...previous, minutes: writes, _rev: `${writes + 1}-u`, _meta: { lwt: now() } },
          })),
          'concurrent',
        );
        await insertAll(store, [visit(20_000 + writes)]);
      }
      if (page.documents.length < 337) break;
    }
    const all = await store.query(prepared({ selector: {}, sort: [{ id: 'asc' }] }));
    expect(seen.size).toBe(10_020);
    for (const doc of all.documents) expect(seen.get(doc.id)).toEqual(doc);
  });

  it('keeps handing out changes after tombstones at the end were cleaned up', async () => {
    const store = await instance();
    const [doc] = await insertAll(store, [visit(1)]);
    const tombstone = { ...doc!, _deleted: true, _rev: '2-d', _meta: { lwt: now() - 10_000 } };
    await store.bulkWrite([{ previous: doc!, document: tombstone }], 'delete');
    const { checkpoint } = await store.getChangedDocumentsSince!(10);
    expect(await store.cleanup(0)).toBe(true);
    expect(await store.findDocumentsById([doc!.id], true)).toEqual([]);
    const [fresh] = await insertAll(store, [visit(2)]);
    expect((await store.getChangedDocumentsSince!(10, checkpoint)).documents).toEqual([fresh]);
  });

  it('does not depend on the wall clock: a write with an older lwt still comes after the checkpoint', async () => {
    const store = await instance();
    await insertAll(store, [visit(1)]);
    const { checkpoint } = await store.getChangedDocumentsSince!(10);
    const backInTime = { ...withMeta(visit(2)), _meta: { lwt: 1_000_000 } };
    await store.bulkWrite([{ document: backInTime }], 'clock set back');
    expect((await store.getChangedDocumentsSince!(10, checkpoint)).documents).toEqual([backInTime]);
  });
});

describe('changeStream', () => {
  it('emits after commit, once per bulk, to every instance on the same collection', async () => {
    const writer = await instance();
    const reader = await instance();
    const other = await instance(dbName, 'other');
    const writerEvents = firstValueFrom(writer.changeStream().pipe(take(2), toArray()));
    const readerEvents = firstValueFrom(reader.changeStream().pipe(take(2), toArray()));
    let otherCollectionEvents = 0;
    const sub = other.changeStream().subscribe(() => otherCollectionEvents++);

    let visibleWhenEmitted = false;
    const probe = reader.changeStream().subscribe((bulk) => {
      // A listener must be able to read what the event announces.
      const id = bulk.events[0]!.documentId;
      void reader.findDocumentsById([id], false).then((found) => (visibleWhenEmitted ||= found.length === 1));
    });
    const [doc] = await insertAll(writer, [visit(1)]);
    const updated = { ...doc!, minutes: 3, _rev: '2-u', _meta: { lwt: now() } };
    await writer.bulkWrite([{ previous: doc!, document: updated }], 'update');

    for (const bulks of [await writerEvents, await readerEvents]) {
      expect(bulks.map((b) => b.events.map((e) => [e.operation, e.documentId]))).toEqual([
        [['INSERT', doc!.id]],
        [['UPDATE', doc!.id]],
      ]);
      expect(bulks[1]!.context).toBe('update');
      expect(bulks[1]!.checkpoint.seq).toBeGreaterThan(bulks[0]!.checkpoint.seq);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(visibleWhenEmitted).toBe(true);
    expect(otherCollectionEvents).toBe(0);
    sub.unsubscribe();
    probe.unsubscribe();
  });

  it('emits nothing for a batch that was refused whole', async () => {
    const store = await instance();
    const [doc] = await insertAll(store, [visit(1)]);
    let events = 0;
    const sub = store.changeStream().subscribe(() => events++);
    await store.bulkWrite([{ document: { ...doc!, _rev: '1-other' } }], 'conflict');
    sub.unsubscribe();
    expect(events).toBe(0);
  });
});

describe('attachments', () => {
  const photoSchema = {
    ...visitSchema,
    attachments: {},
  };

  it('stores, reads, replaces and removes a small file with its document', async () => {
    const store = (await openInstance(temp.storage, dbName, 'photos', storageSchema(photoSchema))) as Instance;
    instances.push(store);
    const photo = createBlob('broken heater, radiator cold', 'image/jpeg');
    const doc = withMeta(visit(1));
    const digest = 'md5-aaa';
    const withPhoto = {
      ...doc,
      _attachments: { heater: { data: photo, digest, length: photo.size, type: 'image/jpeg' } },
    } as unknown as RxDocumentData<VisitDoc>;
    expect((await store.bulkWrite([{ document: withPhoto }], 'attach')).error).toEqual([]);

    const stored = (await store.findDocumentsById([doc.id], false))[0]!;
    expect(stored._attachments).toEqual({ heater: { digest, length: photo.size, type: 'image/jpeg' } });
    const read = await store.getAttachmentData(doc.id, 'heater', digest);
    expect(await read.text()).toBe('broken heater, radiator cold');
    expect(read.type).toBe('image/jpeg');
    await expect(store.getAttachmentData(doc.id, 'heater', 'md5-other')).rejects.toBeInstanceOf(StorageError);

    const newer = createBlob('radiator fixed', 'image/jpeg');
    const replaced = {
      ...stored,
      _rev: '2-p',
      _meta: { lwt: now() },
      _attachments: { heater: { data: newer, digest: 'md5-bbb', length: newer.size, type: 'image/jpeg' } },
    } as unknown as RxDocumentData<VisitDoc>;
    expect((await store.bulkWrite([{ previous: stored, document: replaced }], 'replace')).error).toEqual([]);
    expect(await (await store.getAttachmentData(doc.id, 'heater', 'md5-bbb')).text()).toBe('radiator fixed');

    const current = (await store.findDocumentsById([doc.id], false))[0]!;
    const without = { ...current, _rev: '3-r', _meta: { lwt: now() }, _attachments: {} };
    expect((await store.bulkWrite([{ previous: current, document: without }], 'remove')).error).toEqual([]);
    await expect(store.getAttachmentData(doc.id, 'heater', 'md5-bbb')).rejects.toMatchObject({
      code: 'HT_DB_ATTACHMENT_MISSING',
    });
  });
});

describe('getting commits onto disk', () => {
  /** Rows of "visits-0" found in a copy of the main database file alone, without its write-ahead log. */
  async function rowsInMainFileOnly(): Promise<number> {
    const copy = join(temp.directory, `copy-${randomToken(4)}.sqlite`);
    copyFileSync(databaseFilePath(temp.directory, dbName), copy);
    const { default: Database } = await import('better-sqlite3-multiple-ciphers');
    const db = new Database(copy, { readonly: true });
    try {
      keyConnection(db, temp.key, DEFAULT_CIPHER);
      const table = db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'visits-0'`).pluck().get();
      return table ? (db.prepare('SELECT count(*) FROM "visits-0"').pluck().get() as number) : 0;
    } finally {
      db.close();
    }
  }

  it('flush() checkpoints everything written so far, and says so', async () => {
    const storage = getRxStorageSqlite({ directory: temp.directory, key: temp.key, idleSyncMs: 60_000 });
    const store = (await openInstance(storage, dbName)) as Instance;
    instances.push(store);
    expect(storage.flush('not-open')).toBe(false);
    await insertAll(
      store,
      Array.from({ length: 200 }, (_, n) => visit(n)),
    );
    expect(statSync(`${databaseFilePath(temp.directory, dbName)}-wal`).size).toBeGreaterThan(0);
    expect(await rowsInMainFileOnly()).toBe(0);
    expect(storage.flush(dbName)).toBe(true);
    expect(await rowsInMainFileOnly()).toBe(200);
  });

  it('syncs the write-ahead log into the main file by itself once writes pause', async () => {
    const storage = getRxStorageSqlite({ directory: temp.directory, key: temp.key, idleSyncMs: 50 });
    const store = (await openInstance(storage, dbName)) as Instance;
    instances.push(store);
    for (let n = 0; n < 5; n++) await insertAll(store, [visit(n)]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await rowsInMainFileOnly()).toBe(5);
  });
});

describe('cleanup, close and remove', () => {
  it('purges only tombstones older than the given age', async () => {
    const store = await instance();
    const [oldDoc, newDoc, alive] = await insertAll(store, [visit(1), visit(2), visit(3)]);
    await store.bulkWrite(
      [
        { previous: oldDoc!, document: { ...oldDoc!, _deleted: true, _rev: '2-d', _meta: { lwt: now() - 60_000 } } },
        { previous: newDoc!, document: { ...newDoc!, _deleted: true, _rev: '2-d', _meta: { lwt: now() } } },
      ],
      'delete',
    );
    expect(await store.cleanup(30_000)).toBe(true);
    const left = await store.findDocumentsById([oldDoc!.id, newDoc!.id, alive!.id], true);
    expect(left.map((d) => d.id).sort()).toEqual([newDoc!.id, alive!.id]);
  });

  it('refuses work after close with a clear error', async () => {
    const store = await instance();
    await store.close();
    await expect(store.findDocumentsById(['x'], false)).rejects.toMatchObject({ code: 'HT_DB_CLOSED' });
    await expect(store.bulkWrite([{ document: withMeta(visit(1)) }], 'late')).rejects.toMatchObject({
      code: 'HT_DB_CLOSED',
    });
    await store.close();
  });

  it('removes one collection’s data, keeps the others, and deletes the file with the last one', async () => {
    const visits = await instance();
    const others = await instance(dbName, 'other');
    await insertAll(visits, [visit(1)]);
    await insertAll(others, [visit(2)]);
    await visits.remove();
    const reopened = await instance();
    expect(await reopened.findDocumentsById([visit(1).id], true)).toEqual([]);
    expect(await others.findDocumentsById([visit(2).id], false)).toHaveLength(1);
    await reopened.remove();
    await others.remove();
    expect(existsSync(databaseFilePath(temp.directory, dbName))).toBe(false);
  });

  it('refuses to reopen a collection version with other indexes', async () => {
    const first = await instance();
    await first.close();
    const changed = storageSchema({ ...visitSchema, indexes: ['clientId'] });
    await expect(openInstance(temp.storage, dbName, 'visits', changed)).rejects.toMatchObject({
      code: 'HT_DB_SCHEMA_CHANGED',
    });
  });
});

describe.each(['aegis', 'sqlcipher'] as const)('encryption at rest with %s', (cipher) => {
  it('keeps no plaintext of a document in the database or its write-ahead log', async () => {
    const storage = getRxStorageSqlite({ directory: temp.directory, key: temp.key, cipher });
    const store = (await openInstance(storage, dbName)) as Instance;
    instances.push(store);
    const secret = 'Brukaren Märta Testsson, portkod 4711';
    await insertAll(store, [visit(1, { note: secret })]);
    const path = databaseFilePath(temp.directory, dbName);
    const files = [path, `${path}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
    expect(files.length).toBeGreaterThan(0);
    for (const bytes of files) {
      expect(bytes.includes(Buffer.from('portkod'))).toBe(false);
      expect(bytes.includes(Buffer.from('visit-000001'))).toBe(false);
      expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    }
  });

  it('fails with a clear error on a wrong or missing key and leaves the file readable with the right one', async () => {
    const storage = getRxStorageSqlite({ directory: temp.directory, key: temp.key, cipher });
    const store = (await openInstance(storage, dbName)) as Instance;
    await insertAll(store, [visit(1)]);
    await store.close();
    instances = [];
    const before = readFileSync(databaseFilePath(temp.directory, dbName));

    const wrong = getRxStorageSqlite({ directory: temp.directory, key: new Uint8Array(32).fill(7), cipher });
    await expect(openInstance(wrong, dbName)).rejects.toMatchObject({ code: 'HT_DB_KEY_WRONG' });
    const missing = getRxStorageSqlite({ directory: temp.directory, key: undefined as unknown as Uint8Array });
    await expect(openInstance(missing, dbName)).rejects.toMatchObject({ code: 'HT_DB_KEY_MISSING' });
    const short = getRxStorageSqlite({ directory: temp.directory, key: new Uint8Array(16) });
    await expect(openInstance(short, dbName)).rejects.toMatchObject({ code: 'HT_DB_KEY_INVALID' });

    const otherCipher = getRxStorageSqlite({
      directory: temp.directory,
      key: temp.key,
      cipher: cipher === 'aegis' ? 'sqlcipher' : 'aegis',
    });
    await expect(openInstance(otherCipher, dbName)).rejects.toMatchObject({ code: 'HT_DB_KEY_WRONG' });

    expect(readFileSync(databaseFilePath(temp.directory, dbName)).equals(before)).toBe(true);
    const right = (await openInstance(storage, dbName)) as Instance;
    instances.push(right);
    expect(await right.findDocumentsById([visit(1).id], false)).toHaveLength(1);
  });
});

describe('indexes in SQL', () => {
  it('runs an indexed query as a range on the index column: no full scan, no temp sort', async () => {
    const statements: string[] = [];
    const traced = getRxStorageSqlite({
      directory: temp.directory,
      key: temp.key,
      trace: (sql) => statements.push(sql),
    });
    const store = (await openInstance(traced, dbName)) as Instance;
    instances.push(store);
    await insertAll(
      store,
      Array.from({ length: 50 }, (_, n) => visit(n)),
    );
    const query = prepared({
      selector: { _deleted: false, worker: 'worker-1' } as never,
      sort: [{ plannedAt: 'asc' }],
    });
    expect(query.queryPlan.index).toEqual(['_deleted', 'worker', 'plannedAt', 'id']);
    statements.length = 0;
    const result = await store.query(query);
    expect(result.documents).toHaveLength(10);

    const select = statements.find((sql) => sql.startsWith('SELECT data FROM "visits-0"'));
    expect(select).toBeDefined();
    const position = storageSchema().indexes!.findIndex((ix) => String(ix) === query.queryPlan.index.join(','));
    const column = `ix${position}`;
    const blob = String.raw`x'[0-9a-f]+'(/\*\+\d+ bytes\*/)?`;
    expect(select).toMatch(new RegExp(`WHERE ${column} >= ${blob} AND ${column} <= ${blob} ORDER BY ${column}`));

    // Ask SQLite, on a second read-only connection, how it runs exactly that statement.
    const { default: Database } = await import('better-sqlite3-multiple-ciphers');
    const db = new Database(databaseFilePath(temp.directory, dbName), { readonly: true });
    try {
      keyConnection(db, temp.key, DEFAULT_CIPHER);
      const steps = db.prepare(`EXPLAIN QUERY PLAN ${select}`).all() as { detail: string }[];
      const detail = steps.map((s) => s.detail).join(' | ');
      expect(detail).toContain(`USING INDEX visits-0__${column} (${column}>? AND ${column}<?)`);
      expect(detail).not.toMatch(/TEMP B-TREE|SCAN "?visits-0"?(?! USING)/);
    } finally {
      db.close();
    }
  });
});

describe('$in as several index ranges', () => {
  const clients = ['client-30', 'client-1', 'client-12'];
  /** 370 visits, ten for each of 37 clients; the three asked for span client-1 … client-30 in the index. */
  async function filled(): Promise<{ store: Instance; memory: Instance; statements: string[] }> {
    const statements: string[] = [];
    const traced = getRxStorageSqlite({
      directory: temp.directory,
      key: temp.key,
      trace: (sql) => statements.push(sql),
    });
    const store = (await openInstance(traced, dbName)) as Instance;
    const memory = (await openInstance(getRxStorageMemory(), dbName)) as Instance;
    instances.push(store, memory);
    const rows = Array.from({ length: 370 }, (_, n) => ({ document: withMeta(visit(n)) }));
    for (const target of [store, memory])
      expect((await target.bulkWrite(structuredClone(rows), 'in')).error).toEqual([]);
    return { store, memory, statements };
  }
  const reads = (store: Instance) => (store as unknown as SqliteStorageInstance<VisitDoc>).reads;

  it('reads one range per value, in index order, and only the rows of those values', async () => {
    const { store, memory, statements } = await filled();
    const query = prepared({
      selector: { _deleted: false, clientId: { $in: clients } } as never,
      sort: [{ clientId: 'asc' }],
    });
    // RxDB plans one range from the smallest to the largest client: 12 of the 37 clients' visits.
    expect(query.queryPlan.index).toEqual(['_deleted', 'clientId', 'id']);
    expect(query.queryPlan.sortSatisfiedByIndex).toBe(true);
    expect(query.queryPlan.startKeys[1]).toBe('client-1');
    expect(query.queryPlan.endKeys[1]).toBe('client-30');

    const before = { ...reads(store) };
    statements.length = 0;
    const result = await store.query(query);
    expect(result.documents.map((d) => d.clientId)).toEqual([
      ...Array<string>(10).fill('client-1'),
      ...Array<string>(10).fill('client-12'),
      ...Array<string>(10).fill('client-30'),
    ]);
    expect(result.documents).toEqual((await memory.query(query)).documents);
    expect(reads(store)).toEqual({ ranges: before.ranges + 3, rows: before.rows + 30 });

    // Each range is an index seek on the index column, with no temp sort.
    const position = storageSchema().indexes!.findIndex((ix) => String(ix) === query.queryPlan.index.join(','));
    const column = `ix${position}`;
    const select = statements.find((sql) => sql.startsWith('SELECT data FROM "visits-0"'));
    expect(select).toBeDefined();
    const { default: Database } = await import('better-sqlite3-multiple-ciphers');
    const db = new Database(databaseFilePath(temp.directory, dbName), { readonly: true });
    try {
      keyConnection(db, temp.key, DEFAULT_CIPHER);
      const detail = (db.prepare(`EXPLAIN QUERY PLAN ${select}`).all() as { detail: string }[])
        .map((s) => s.detail)
        .join(' | ');
      expect(detail).toContain(`USING INDEX visits-0__${column} (${column}>? AND ${column}<?)`);
      expect(detail).not.toMatch(/TEMP B-TREE|SCAN "?visits-0"?(?! USING)/);
    } finally {
      db.close();
    }
  });

  it('stops reading once skip + limit matched, and counts by the same ranges', async () => {
    const { store, memory } = await filled();
    const paged = prepared({
      selector: { _deleted: false, clientId: { $in: clients } } as never,
      sort: [{ clientId: 'asc' }],
      skip: 5,
      limit: 8,
    });
    let before = { ...reads(store) };
    const page = await store.query(paged);
    expect(page.documents).toEqual((await memory.query(paged)).documents);
    expect(page.documents).toHaveLength(8);
    // client-1's ten rows, then three of client-12's: the range of client-30 is never run.
    expect(reads(store)).toEqual({ ranges: before.ranges + 2, rows: before.rows + 13 });

    const whole = prepared({ selector: { _deleted: false, clientId: { $in: clients } } as never });
    before = { ...reads(store) };
    expect((await store.count(whole)).count).toBe(30);
    expect(reads(store)).toEqual({ ranges: before.ranges + 3, rows: before.rows + 30 });
  });

  it('reads the whole span where values cannot be split, and still finds every match', async () => {
    const { store } = await filled();
    // Longer than clientId's maxLength (20), so no key of its own. RxDB's span runs from 'client-1' to it, an empty range
    // in the index's order ('client-1' is padded with spaces, and a space sorts after a tab): read it whole instead.
    const query = prepared({
      selector: { _deleted: false, clientId: { $in: ['client-1', 'client-1\t'.padEnd(24, 'x')] } } as never,
    });
    const before = { ...reads(store) };
    expect((await store.query(query)).documents.map((d) => d.clientId)).toEqual(Array<string>(10).fill('client-1'));
    expect(reads(store)).toEqual({ ranges: before.ranges + 1, rows: before.rows + 370 });
    expect((await store.count(query)).count).toBe(10);
  });
});

describe('who may read the files', () => {
  /** Every file in the folder with its permission bits, and the folder's own. */
  const modes = (directory: string) => ({
    folder: (statSync(directory).mode & 0o777).toString(8),
    files: Object.fromEntries(
      readdirSync(directory).map((name) => [name, (statSync(join(directory, name)).mode & 0o777).toString(8)]),
    ),
  });

  it.skipIf(process.platform === 'win32')(
    'keeps the database, its write-ahead log and shared memory 0600 in a 0700 folder, even a folder made looser',
    async () => {
      // What a lax umask or an earlier version would have left: a folder anyone may enter.
      chmodSync(temp.directory, 0o755);
      const store = await instance();
      await insertAll(
        store,
        Array.from({ length: 50 }, (_, n) => visit(n)),
      );
      const path = databaseFilePath(temp.directory, dbName);
      expect(existsSync(`${path}-wal`)).toBe(true);
      expect(existsSync(`${path}-shm`)).toBe(true);
      expect(modes(temp.directory)).toEqual({
        folder: '700',
        files: { [`${dbName}.sqlite`]: '600', [`${dbName}.sqlite-wal`]: '600', [`${dbName}.sqlite-shm`]: '600' },
      });
    },
  );

  it.skipIf(process.platform === 'win32')(
    'tightens the files an earlier version left readable to others when it opens them',
    async () => {
      const first = await instance();
      await insertAll(first, [visit(1)]);
      await first.close();
      instances = [];
      const path = databaseFilePath(temp.directory, dbName);
      for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o644);
      chmodSync(temp.directory, 0o777);

      const again = await instance();
      await insertAll(again, [visit(2)]);
      const seen = modes(temp.directory);
      expect(seen.folder).toBe('700');
      for (const mode of Object.values(seen.files)) expect(mode).toBe('600');
    },
  );
});
