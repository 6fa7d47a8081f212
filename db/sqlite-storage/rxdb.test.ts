/** The storage under a real RxDatabase: what the app's services rely on. */
import { addRxPlugin, createRxDatabase, type RxDatabase } from 'rxdb';
import { disableWarnings, RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { firstValueFrom, filter } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRxStorageSqlite } from './index.ts';
import { tempStorage, visit, visitSchema, type TempStorage, type VisitDoc } from './test-support.ts';

disableWarnings();
addRxPlugin(RxDBDevModePlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);

let temp: TempStorage;
const open: RxDatabase[] = [];
beforeEach(() => {
  temp = tempStorage();
});
afterEach(async () => {
  for (const db of open.splice(0)) if (!db.closed) await db.close();
  temp.dispose();
});

/** Validated as the app runs it (dev-mode insists on a validator). */
async function database(name = 'hemtrygg'): Promise<RxDatabase> {
  const storage = getRxStorageSqlite({ directory: temp.directory, key: temp.key });
  const db = await createRxDatabase({
    name,
    storage: wrappedValidateAjvStorage({ storage }),
    multiInstance: false,
    ignoreDuplicate: true,
  });
  open.push(db);
  return db;
}

describe('RxDB on the SQLite storage', () => {
  it('keeps documents across a close and a reopen of the file', async () => {
    const db = await database();
    await db.addCollections({ visits: { schema: visitSchema } });
    await db.collections['visits']!.bulkInsert([visit(1), visit(2), visit(3)]);
    await db.close();

    const again = await database();
    await again.addCollections({ visits: { schema: visitSchema } });
    const docs = await again.collections['visits']!.find({ sort: [{ id: 'asc' }] }).exec();
    expect(docs.map((d) => d.toJSON())).toEqual([visit(1), visit(2), visit(3)]);
  });

  it('pushes new results to a live query when a document changes', async () => {
    const db = await database();
    await db.addCollections({ visits: { schema: visitSchema } });
    const visits = db.collections['visits']!;
    const query = visits.find({ selector: { worker: 'worker-1' }, sort: [{ plannedAt: 'asc' }] });
    const results: string[][] = [];
    const subscription = query.$.subscribe((docs) => results.push(docs.map((d) => d.primary)));
    await visits.insert(visit(1));
    await visits.insert(visit(6));
    await firstValueFrom(query.$.pipe(filter((docs) => docs.length === 2)));
    subscription.unsubscribe();
    expect(results.at(-1)).toEqual([visit(1).id, visit(6).id]);
  });

  it('refuses a document that breaks its schema and stores nothing of it', async () => {
    const db = await database('validated');
    await db.addCollections({ visits: { schema: visitSchema } });
    const visits = db.collections['visits']!;
    const broken = { ...visit(1), minutes: 'forty' } as unknown as VisitDoc;
    await expect(visits.insert(broken)).rejects.toMatchObject({ code: 'VD2' });
    const result = await visits.bulkInsert([visit(2), { ...visit(3), worker: 42 } as unknown as VisitDoc]);
    expect(result.error).toHaveLength(1);
    expect(result.error[0]).toMatchObject({ status: 422, documentId: visit(3).id });
    expect((await visits.find().exec()).map((d) => d.primary)).toEqual([visit(2).id]);
  });

  it('migrates old documents to a new schema version on open and loses none', async () => {
    const db = await database();
    await db.addCollections({ visits: { schema: visitSchema } });
    const old = Array.from({ length: 250 }, (_, n) => visit(n));
    await db.collections['visits']!.bulkInsert(old);
    await db.close();

    const v1 = {
      ...visitSchema,
      version: 1,
      properties: { ...visitSchema.properties, durationMinutes: { type: 'integer' } },
    };
    const again = await database();
    await again.addCollections({
      visits: {
        schema: v1,
        migrationStrategies: {
          1: (doc: VisitDoc & { durationMinutes?: number }) => ({ ...doc, durationMinutes: doc.minutes }),
        },
      },
    });
    const migrated = await again.collections['visits']!.find({ sort: [{ id: 'asc' }] }).exec();
    expect(migrated).toHaveLength(250);
    expect(migrated.map((d) => d.toJSON())).toEqual(old.map((doc) => ({ ...doc, durationMinutes: doc.minutes })));
  });

  it('lets two databases on the same file in one process see each other’s writes and events', async () => {
    const a = await database('shared');
    const b = await database('shared');
    await a.addCollections({ visits: { schema: visitSchema } });
    await b.addCollections({ visits: { schema: visitSchema } });
    const seenByB = firstValueFrom(b.collections['visits']!.findOne(visit(9).id).$.pipe(filter((d) => d !== null)));
    await a.collections['visits']!.insert(visit(9));
    expect((await seenByB)?.toJSON()).toEqual(visit(9));
  });

  it('removes the database file with the database', async () => {
    const db = await database('removable');
    await db.addCollections({ visits: { schema: visitSchema } });
    await db.collections['visits']!.insert(visit(1));
    await db.remove();
    const { existsSync } = await import('node:fs');
    const { databaseFilePath } = await import('./index.ts');
    expect(existsSync(databaseFilePath(temp.directory, 'removable'))).toBe(false);
  });
});
