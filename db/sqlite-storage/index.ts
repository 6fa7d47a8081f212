import { ensureRxStorageInstanceParamsAreCorrect, RXDB_VERSION, type RxStorage } from 'rxdb';
import {
  acquireConnection,
  DEFAULT_CIPHER,
  DEFAULT_IDLE_SYNC_MS,
  flushConnection,
  releaseConnection,
  type Cipher,
  type Durability,
} from './connection.ts';
import { SqliteStorageInstance, type SqliteInstanceOptions, type SqliteInternals } from './instance.ts';

export { StorageError, type StorageErrorCode } from './errors.ts';
export {
  DEFAULT_CIPHER,
  KEY_BYTES,
  databaseFilePath,
  keyConnection,
  type Cipher,
  type Durability,
} from './connection.ts';
export type { SqliteCheckpoint, SqliteInternals, SqliteStorageInstance } from './instance.ts';

export interface SqliteStorageSettings {
  /** Folder for the database files: one encrypted `<databaseName>.sqlite` per RxDB database. */
  directory: string;
  /** The 32-byte key, or a function that gives the key for a database name. */
  key: Uint8Array | ((databaseName: string) => Uint8Array);
  /** Default `aegis`; see `Cipher`. */
  cipher?: Cipher;
  /** Default `normal`; see `Durability`. */
  durability?: Durability;
  /** Quiet time after the last write before the WAL is synced to disk; default 500 ms. See `Durability`. */
  idleSyncMs?: number;
  /** Called with each SQL statement as run, values filled in. For tests and diagnostics only. */
  trace?: (sql: string) => void;
}

export interface SqliteStorage extends RxStorage<SqliteInternals, SqliteInstanceOptions> {
  /** Makes everything written to `databaseName` so far survive a power cut. False when it is not open. */
  flush(databaseName: string): boolean;
}

export const STORAGE_NAME = 'hemtrygg-sqlite';

/** An RxDB storage on an encrypted SQLite file (AEGIS-256 or SQLCipher 4 pages, through better-sqlite3-multiple-ciphers). */
export function getRxStorageSqlite(settings: SqliteStorageSettings): SqliteStorage {
  return {
    name: STORAGE_NAME,
    rxdbVersion: RXDB_VERSION,
    async createStorageInstance(params) {
      ensureRxStorageInstanceParamsAreCorrect(params);
      const key = typeof settings.key === 'function' ? settings.key(params.databaseName) : settings.key;
      const connection = acquireConnection(settings.directory, params.databaseName, {
        key,
        cipher: settings.cipher ?? DEFAULT_CIPHER,
        durability: settings.durability ?? 'normal',
        idleSyncMs: settings.idleSyncMs ?? DEFAULT_IDLE_SYNC_MS,
        trace: settings.trace,
      });
      try {
        return new SqliteStorageInstance(
          connection,
          params.databaseName,
          params.collectionName,
          params.schema,
          params.options,
        );
      } catch (error) {
        releaseConnection(connection);
        throw error;
      }
    },
    flush(databaseName) {
      return flushConnection(settings.directory, databaseName);
    },
  };
}
