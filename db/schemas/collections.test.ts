import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addRxPlugin, createRxDatabase, type RxCollection, type RxJsonSchema } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_STAFF, DEV_TEAM, demoTeamData } from '../../core/demo.ts';
import { getRxStorageSqlite } from '../sqlite-storage/index.ts';
import { clientRecordSchema } from '../../core/clients.ts';
import { conflictRecordSchema } from '../../core/conflicts.ts';
import { amendmentRecordSchema, visitRecordSchema } from '../../core/visits.ts';
import { userRecordSchema } from '../../core/users.ts';
import { reviewRecordSchema } from '../../core/reviews.ts';
import { accessEntrySchema } from '../../core/access.ts';
import { wellbeingRecordSchema } from '../../core/wellbeing.ts';
import { preparednessRecordSchema } from '../../core/preparedness.ts';
import { drillRecordSchema } from '../../core/drills.ts';
import {
  accessCollectionSchema,
  amendmentCollectionSchema,
  reviewCollectionSchema,
  clientCollectionSchema,
  conflictCollectionSchema,
  userCollectionSchema,
  visitCollectionSchema,
  wellbeingCollectionSchema,
  preparednessCollectionSchema,
  drillCollectionSchema,
  MIGRATIONS,
} from './collections.ts';

addRxPlugin(RxDBMigrationSchemaPlugin);

/** Fields and required fields of a zod record as stored (its output). */
function stored(schema: z.ZodType) {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as {
    properties: Record<string, unknown>;
    required?: string[];
  };
  return { fields: Object.keys(json.properties).sort(), required: [...(json.required ?? [])].sort() };
}

describe.each([
  ['clients', clientRecordSchema, clientCollectionSchema],
  ['visits', visitRecordSchema, visitCollectionSchema],
  ['amendments', amendmentRecordSchema, amendmentCollectionSchema],
  ['users', userRecordSchema, userCollectionSchema],
  ['conflicts', conflictRecordSchema, conflictCollectionSchema],
  ['reviews', reviewRecordSchema, reviewCollectionSchema],
  ['access', accessEntrySchema, accessCollectionSchema],
  ['wellbeing', wellbeingRecordSchema, wellbeingCollectionSchema],
  ['preparedness', preparednessRecordSchema, preparednessCollectionSchema],
  ['drills', drillRecordSchema, drillCollectionSchema],
] as const)('the %s collection', (_name, rules, collection) => {
  it('stores exactly the fields core/ defines, and requires the ones it requires', () => {
    const { fields, required } = stored(rules);
    expect(Object.keys(collection.properties).sort()).toEqual(fields);
    expect([...(collection.required as string[])].sort()).toEqual(required);
  });
});

/** The schema as version 0 had it: before signatures and signing keys. */
function versionZero(schema: object): RxJsonSchema<Record<string, unknown>> {
  const { properties: all, ...rest } = schema as { properties: Record<string, unknown> };
  const { signature: _signature, signingKey: _key, ...properties } = all;
  return { ...rest, version: 0, properties } as unknown as RxJsonSchema<Record<string, unknown>>;
}

/** Every change since `checkpoint` (all of them without one), with the checkpoint after the last. */
function changesSince(collection: RxCollection, checkpoint?: unknown) {
  const { getChangedDocumentsSince } = collection.storageInstance;
  if (!getChangedDocumentsSince) throw new Error('the storage pages no changes');
  return getChangedDocumentsSince.call(collection.storageInstance, 10_000, checkpoint);
}

describe('version 1 (signatures and signing keys)', () => {
  const signedCollections = {
    users: userCollectionSchema,
    clients: clientCollectionSchema,
    visits: visitCollectionSchema,
    amendments: amendmentCollectionSchema,
    reviews: reviewCollectionSchema,
    access: accessCollectionSchema,
    wellbeing: wellbeingCollectionSchema,
    preparedness: preparednessCollectionSchema,
    drills: drillCollectionSchema,
  } as const;
  let directory: string;
  beforeEach(() => void (directory = mkdtempSync(join(tmpdir(), 'hemtrygg-migration-'))));
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  /** The laptop's database file, with the collections at version 0 or at the current version with its migrations. */
  async function open(key: Uint8Array, version: 'old' | 'new') {
    const db = await createRxDatabase({
      name: 'hemtrygg',
      storage: wrappedValidateAjvStorage({ storage: getRxStorageSqlite({ directory, key }) }),
      multiInstance: false,
    });
    await db.addCollections(
      Object.fromEntries(
        Object.entries(signedCollections).map(([name, schema]) => [
          name,
          version === 'old'
            ? { schema: versionZero(schema) }
            : { schema, migrationStrategies: MIGRATIONS[name as keyof typeof MIGRATIONS] },
        ]),
      ),
    );
    return db;
  }

  /** A laptop's database file as the previous release wrote it: the demo team, a client edited twice. */
  async function writeVersionZero(key: Uint8Array) {
    const old = await open(key, 'old');
    const data = demoTeamData('2026-03-02');
    const users = DEMO_STAFF.map(({ id, displayName, role }) => ({
      id,
      teamId: DEV_TEAM,
      displayName,
      role,
      secretHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA',
    }));
    const written = { users, ...data } as Record<string, Record<string, unknown>[]>;
    for (const [name, docs] of Object.entries(written)) {
      if (!(name in signedCollections)) continue;
      const result = await old.collections[name]!.bulkInsert(docs);
      expect(result.error, name).toEqual([]);
    }
    const client = (await old.collections['clients']!.findOne(data.clients[0]!.id).exec())!;
    await client.incrementalPatch({ phone: '090-123 45' });
    await client.incrementalPatch({ phone: '090-123 46' });
    // Where a replication that had sent every change would stand.
    const { checkpoint } = await changesSince(old.collections['clients']!);
    const stored = Object.fromEntries(
      await Promise.all(
        Object.keys(signedCollections).map(async (name) => [
          name,
          (await old.collections[name]!.find({ sort: [{ id: 'asc' }] }).exec()).map((d) => d.toJSON()),
        ]),
      ),
    ) as Record<string, unknown[]>;
    await old.close();
    return { stored, checkpoint };
  }

  it('opens a database written with version 0 and keeps every document as it was, unsigned', async () => {
    const key = randomBytes(32);
    const { stored } = await writeVersionZero(key);
    const database = await open(key, 'new');
    try {
      for (const name of Object.keys(signedCollections)) {
        const now = (await database.collections[name]!.find({ sort: [{ id: 'asc' }] }).exec()).map((d) => d.toJSON());
        expect(now, name).toEqual(stored[name]);
        // The demo team has no access log or drills yet; every other kind has documents to migrate.
        if (name !== 'access' && name !== 'drills') expect(now.length, name).toBeGreaterThan(0);
      }
      expect(stored['visits']!.length).toBeGreaterThan(1000);
      expect(JSON.stringify(stored)).not.toContain('"signature"');
    } finally {
      await database.close();
    }
  });

  it('hands a change made after the migration to a replication that had sent everything before it', async () => {
    const key = randomBytes(32);
    const { checkpoint } = await writeVersionZero(key);
    const database = await open(key, 'new');
    try {
      const template = (await database.collections['clients']!.find().exec())[1]!.toMutableJSON();
      await database.collections['clients']!.insert({ ...template, id: 'client-after-upgrade' });
      // A new table after a version bump must not restart the change order below what a checkpoint already passed.
      const since = await changesSince(database.collections['clients']!, checkpoint);
      expect(since.documents.map((d) => d.id)).toContain('client-after-upgrade');
    } finally {
      await database.close();
    }
  });
});
