/**
 * The laptop's database: RxDB over the encrypted SQLite storage, with every write validated against the collection
 * schemas. The record policy (core/record-policy.ts) decides the rest, so laptop and server cannot drift apart:
 * - kinds it calls append-only refuse a change or a removal here, so no code path in the backend can rewrite a record;
 * - every record a person writes is signed here with the signed-in person's key (backend/signing.ts) when that person
 *   is its author, so no service can forget to sign, and nobody can sign in another person's name.
 */
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { mayWrite, recordAuthor, RECORD_POLICY } from '../core/record-policy.ts';
import { SIGNATURE_FIELD } from '../core/signing.ts';
import { SYNCED_COLLECTIONS, type SyncedCollection } from '../core/sync.ts';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import type { ClientRecord } from '../core/clients.ts';
import type { UserRecord } from '../core/users.ts';
import type { DraftRecord } from '../core/drafts.ts';
import type { AmendmentRecord, VisitRecord } from '../core/visits.ts';
import type { ConflictRecord } from '../core/conflicts.ts';
import type { ReviewRecord } from '../core/reviews.ts';
import type { AccessEntry } from '../core/access.ts';
import type { WellbeingRecord } from '../core/wellbeing.ts';
import type { PreparednessRecord } from '../core/preparedness.ts';
import type { DrillRecord } from '../core/drills.ts';
import {
  accessCollectionSchema,
  amendmentCollectionSchema,
  reviewCollectionSchema,
  clientCollectionSchema,
  conflictCollectionSchema,
  settingCollectionSchema,
  type SettingRecord,
  draftCollectionSchema,
  userCollectionSchema,
  visitCollectionSchema,
  wellbeingCollectionSchema,
  preparednessCollectionSchema,
  drillCollectionSchema,
  MIGRATIONS,
} from '../db/schemas/collections.ts';
import { getRxStorageSqlite } from '../db/sqlite-storage/index.ts';
import { signRecord, type ActiveSigner } from './signing.ts';
import { conflictHandlerFor, type ConflictSink } from './sync/conflicts.ts';

export interface HemtryggCollections {
  users: RxCollection<UserRecord>;
  conflicts: RxCollection<ConflictRecord>;
  settings: RxCollection<SettingRecord>;
  clients: RxCollection<ClientRecord>;
  visits: RxCollection<VisitRecord>;
  amendments: RxCollection<AmendmentRecord>;
  drafts: RxCollection<DraftRecord>;
  reviews: RxCollection<ReviewRecord>;
  access: RxCollection<AccessEntry>;
  wellbeing: RxCollection<WellbeingRecord>;
  preparedness: RxCollection<PreparednessRecord>;
  drills: RxCollection<DrillRecord>;
}

export interface HemtryggDatabase {
  readonly db: RxDatabase<HemtryggCollections>;
  readonly users: RxCollection<UserRecord>;
  readonly clients: RxCollection<ClientRecord>;
  readonly visits: RxCollection<VisitRecord>;
  readonly amendments: RxCollection<AmendmentRecord>;
  readonly drafts: RxCollection<DraftRecord>;
  readonly conflicts: RxCollection<ConflictRecord>;
  readonly settings: RxCollection<SettingRecord>;
  readonly reviews: RxCollection<ReviewRecord>;
  readonly access: RxCollection<AccessEntry>;
  readonly wellbeing: RxCollection<WellbeingRecord>;
  readonly preparedness: RxCollection<PreparednessRecord>;
  readonly drills: RxCollection<DrillRecord>;
  /** Where sync resolutions are recorded; set by the sync client once it knows the device. */
  readonly conflictSink: ConflictSink;
  /** The person signed in now and able to sign; set by the SessionManager (undefined while locked). */
  readonly signer: SignerSink;
  /** Makes every write so far survive a power cut (the storage syncs by itself moments after writes pause). */
  flush(): void;
  close(): Promise<void>;
}

// Schema versions migrate on open (db/schemas/collections.ts MIGRATIONS).
addRxPlugin(RxDBMigrationSchemaPlugin);

export interface SignerSink {
  current?: () => ActiveSigner | undefined;
}

export class SignedRecordError extends Error {
  constructor() {
    super('A signed record never changes: correct it with an amendment.');
    this.name = 'SignedRecordError';
  }
}

export interface OpenDatabaseOptions {
  /** Folder of the encrypted database file. */
  directory: string;
  /** 32 random bytes, kept by the caller (Electron safeStorage, or a 0600 file for the browser host). */
  key: Uint8Array;
  name?: string;
}

export async function openDatabase({
  directory,
  key,
  name = 'hemtrygg',
}: OpenDatabaseOptions): Promise<HemtryggDatabase> {
  const storage = getRxStorageSqlite({ directory, key });
  const conflictSink: ConflictSink = {};
  const signer: SignerSink = {};
  const db = await createRxDatabase<HemtryggCollections>({
    name,
    storage: wrappedValidateAjvStorage({ storage }),
    multiInstance: false,
    eventReduce: true,
  });
  try {
    await db.addCollections({
      users: { schema: userCollectionSchema, migrationStrategies: MIGRATIONS.users },
      clients: {
        schema: clientCollectionSchema,
        migrationStrategies: MIGRATIONS.clients,
        conflictHandler: conflictHandlerFor('clients', conflictSink, signer),
      },
      visits: {
        schema: visitCollectionSchema,
        migrationStrategies: MIGRATIONS.visits,
        conflictHandler: conflictHandlerFor('visits', conflictSink, signer),
      },
      amendments: {
        schema: amendmentCollectionSchema,
        migrationStrategies: MIGRATIONS.amendments,
        conflictHandler: conflictHandlerFor('amendments', conflictSink, signer),
      },
      drafts: { schema: draftCollectionSchema },
      conflicts: { schema: conflictCollectionSchema },
      settings: { schema: settingCollectionSchema },
      reviews: {
        schema: reviewCollectionSchema,
        migrationStrategies: MIGRATIONS.reviews,
        conflictHandler: conflictHandlerFor('reviews', conflictSink, signer),
      },
      access: {
        schema: accessCollectionSchema,
        migrationStrategies: MIGRATIONS.access,
        conflictHandler: conflictHandlerFor('access', conflictSink, signer),
      },
      wellbeing: {
        schema: wellbeingCollectionSchema,
        migrationStrategies: MIGRATIONS.wellbeing,
        conflictHandler: conflictHandlerFor('wellbeing', conflictSink, signer),
      },
      preparedness: {
        schema: preparednessCollectionSchema,
        migrationStrategies: MIGRATIONS.preparedness,
        conflictHandler: conflictHandlerFor('preparedness', conflictSink, signer),
      },
      drills: {
        schema: drillCollectionSchema,
        migrationStrategies: MIGRATIONS.drills,
        conflictHandler: conflictHandlerFor('drills', conflictSink, signer),
      },
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  for (const name of SYNCED_COLLECTIONS) {
    const policy = RECORD_POLICY[name];
    const collection = db[name] as RxCollection;
    if (!policy.deviceMade) {
      collection.preInsert((record: Record<string, unknown>) => signAsAuthor(name, record, signer, false), false);
      if (!policy.appendOnly) {
        collection.preSave((record: Record<string, unknown>) => signAsAuthor(name, record, signer, true), false);
      }
    }
    if (policy.appendOnly) {
      collection.preSave(() => {
        throw new SignedRecordError();
      }, false);
      collection.preRemove(() => {
        throw new SignedRecordError();
      }, false);
    }
  }
  return {
    db,
    users: db.users,
    clients: db.clients,
    visits: db.visits,
    amendments: db.amendments,
    drafts: db.drafts,
    conflicts: db.conflicts,
    settings: db.settings,
    reviews: db.reviews,
    access: db.access,
    wellbeing: db.wellbeing,
    preparedness: db.preparedness,
    drills: db.drills,
    conflictSink,
    signer,
    flush: () => void storage.flush(name),
    close: async () => void (await db.close()),
  };
}

/**
 * Signs a record about to be written when the signed-in person is its author (for kinds without an author field: when
 * that person may write it). Otherwise the record goes unsigned and the server refuses it, which the sync screen
 * says in words: better than a signature in someone else's name. A changed record's old signature no longer fits, so
 * it is dropped rather than sent stale.
 */
function signAsAuthor(
  collection: SyncedCollection,
  record: Record<string, unknown>,
  sink: SignerSink,
  changed: boolean,
): void {
  const signer = sink.current?.();
  const author = recordAuthor(collection, record);
  const isAuthor =
    signer !== undefined &&
    (RECORD_POLICY[collection].authorField === undefined
      ? mayWrite(collection, signer.role, record)
      : author === signer.userId);
  if (signer && isAuthor) record[SIGNATURE_FIELD] = signRecord(signer, collection, record);
  else if (changed) delete (record as { signature?: unknown }).signature;
}
