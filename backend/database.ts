/**
 * The laptop's database: RxDB over the encrypted SQLite storage, with every write validated against the collection
 * schemas. Signed visits, their amendments, review decisions, the access log and the wellbeing records (screenings, actions,
 * outcomes) the preparedness records (templates, answers, reviews, aids) and the drill records are append-only: a change or a removal is refused here, so no code
 * path in the backend can rewrite a signed record.
 */
import { createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
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
} from '../db/schemas/collections.ts';
import { getRxStorageSqlite } from '../db/sqlite-storage/index.ts';
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
  /** Makes every write so far survive a power cut (the storage syncs by itself moments after writes pause). */
  flush(): void;
  close(): Promise<void>;
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
  const db = await createRxDatabase<HemtryggCollections>({
    name,
    storage: wrappedValidateAjvStorage({ storage }),
    multiInstance: false,
    eventReduce: true,
  });
  try {
    await db.addCollections({
      users: { schema: userCollectionSchema },
      clients: { schema: clientCollectionSchema, conflictHandler: conflictHandlerFor('clients', conflictSink) },
      visits: { schema: visitCollectionSchema, conflictHandler: conflictHandlerFor('visits', conflictSink) },
      amendments: {
        schema: amendmentCollectionSchema,
        conflictHandler: conflictHandlerFor('amendments', conflictSink),
      },
      drafts: { schema: draftCollectionSchema },
      conflicts: { schema: conflictCollectionSchema },
      settings: { schema: settingCollectionSchema },
      reviews: { schema: reviewCollectionSchema, conflictHandler: conflictHandlerFor('reviews', conflictSink) },
      access: { schema: accessCollectionSchema, conflictHandler: conflictHandlerFor('access', conflictSink) },
      wellbeing: {
        schema: wellbeingCollectionSchema,
        conflictHandler: conflictHandlerFor('wellbeing', conflictSink),
      },
      preparedness: {
        schema: preparednessCollectionSchema,
        conflictHandler: conflictHandlerFor('preparedness', conflictSink),
      },
      drills: { schema: drillCollectionSchema, conflictHandler: conflictHandlerFor('drills', conflictSink) },
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  for (const signed of [
    db.visits,
    db.amendments,
    db.reviews,
    db.access,
    db.wellbeing,
    db.preparedness,
  ] as RxCollection[]) {
    signed.preSave(() => {
      throw new SignedRecordError();
    }, false);
    signed.preRemove(() => {
      throw new SignedRecordError();
    }, false);
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
    flush: () => void storage.flush(name),
    close: async () => void (await db.close()),
  };
}
