/** Shared set-up for the storage tests: temporary folders, keys, a schema with every kind of index field. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fillWithDefaultSettings,
  randomToken,
  type RxDocumentData,
  type RxJsonSchema,
  type RxStorage,
  type RxStorageInstance,
} from 'rxdb';
import { getRxStorageSqlite, KEY_BYTES, type SqliteStorage } from './index.ts';

export interface TempStorage {
  readonly directory: string;
  readonly key: Uint8Array;
  readonly storage: SqliteStorage;
  dispose(): void;
}

export function tempStorage(): TempStorage {
  const directory = mkdtempSync(join(tmpdir(), 'hemtrygg-db-'));
  const key = randomBytes(KEY_BYTES);
  return {
    directory,
    key,
    storage: getRxStorageSqlite({ directory, key }),
    dispose: () => rmSync(directory, { recursive: true, force: true }),
  };
}

/** A visit-shaped document: string, number, boolean and nested index fields, arrays and optional fields. */
export interface VisitDoc {
  id: string;
  clientId: string;
  worker: string;
  village: string;
  minutes: number;
  signed: boolean;
  plannedAt: number;
  place: { village: string; km: number };
  tasks: string[];
  note?: string;
}

export const visitSchema: RxJsonSchema<VisitDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 40 },
    clientId: { type: 'string', maxLength: 20 },
    worker: { type: 'string', maxLength: 20 },
    village: { type: 'string', maxLength: 30 },
    minutes: { type: 'integer', minimum: 0, maximum: 1000, multipleOf: 1 },
    signed: { type: 'boolean' },
    plannedAt: { type: 'number', minimum: 0, maximum: 10_000_000_000_000, multipleOf: 0.01 },
    place: {
      type: 'object',
      properties: { village: { type: 'string', maxLength: 30 }, km: { type: 'number' } },
      required: ['village', 'km'],
    },
    tasks: { type: 'array', items: { type: 'string' } },
    note: { type: 'string' },
  },
  required: ['id', 'clientId', 'worker', 'village', 'minutes', 'signed', 'plannedAt', 'place', 'tasks'],
  indexes: ['clientId', ['worker', 'plannedAt'], 'minutes', 'signed', ['village', 'minutes'], 'place.village'],
};

export const storageSchema = (schema: RxJsonSchema<VisitDoc> = visitSchema): RxJsonSchema<RxDocumentData<VisitDoc>> =>
  fillWithDefaultSettings(schema);

export async function openInstance<T = VisitDoc>(
  storage: RxStorage<unknown, unknown>,
  databaseName: string,
  collectionName = 'visits',
  schema: RxJsonSchema<RxDocumentData<T>> = storageSchema() as unknown as RxJsonSchema<RxDocumentData<T>>,
): Promise<RxStorageInstance<T, unknown, unknown>> {
  return storage.createStorageInstance<T>({
    databaseInstanceToken: randomToken(10),
    databaseName,
    collectionName,
    schema,
    options: {},
    multiInstance: false,
    devMode: true,
  });
}

let lwtClock = 1_700_000_000_000;
/** Storage-level documents need RxDB's meta fields; lwt rises like RxDB's own clock. */
export function withMeta(doc: VisitDoc, rev = '1-a', deleted = false): RxDocumentData<VisitDoc> {
  lwtClock += 1;
  return { ...doc, _deleted: deleted, _rev: rev, _meta: { lwt: lwtClock }, _attachments: {} };
}

const villages = ['Sävar', 'Hörnefors', 'Holmsund', 'Obbola', 'Tavelsjö', 'Botsmark', 'Yttersjö', 'Ersmark'];
export function visit(n: number, overrides: Partial<VisitDoc> = {}): VisitDoc {
  const village = villages[n % villages.length] ?? 'Sävar';
  return {
    id: `visit-${String(n).padStart(6, '0')}`,
    clientId: `client-${n % 37}`,
    worker: `worker-${n % 5}`,
    village,
    minutes: (n * 7) % 120,
    signed: n % 3 === 0,
    plannedAt: 1_767_225_600_000 + n * 900_000,
    place: { village, km: (n % 50) + 0.5 },
    tasks: n % 2 === 0 ? ['meals', 'medication'] : ['cleaning'],
    ...(n % 4 === 0 ? { note: `Note ${n}: all well` } : {}),
    ...overrides,
  };
}
