import Database from 'better-sqlite3-multiple-ciphers';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Subject } from 'rxjs';
import { StorageError } from './errors.ts';

export type SqliteDatabase = Database.Database;

/**
 * How hard a commit is pushed to disk.
 * - `normal` (default): WAL with synchronous=NORMAL. A commit is in the WAL file before `bulkWrite` resolves, so a
 *   killed or crashed process loses nothing. The WAL is synced to disk by a checkpoint, which runs once writes have
 *   paused for `idleSyncMs` (and at the latest every AUTOCHECKPOINT_PAGES). A power cut or OS crash can therefore cost
 *   the commits of the last moment before it; the file stays consistent. `flush()` syncs on demand.
 * - `full`: synchronous=FULL, an fsync on every commit; about 3x slower per serial insert on the reference machine.
 */
export type Durability = 'normal' | 'full';

/**
 * The page cipher of SQLite3MultipleCiphers.
 * - `aegis`: AEGIS-256, authenticated encryption with AES-NI; costs little over an unencrypted file.
 * - `sqlcipher`: SQLCipher 4 (AES-256-CBC + HMAC-SHA512 per page); the file opens in the sqlcipher tool.
 */
export type Cipher = 'aegis' | 'sqlcipher';
export const DEFAULT_CIPHER: Cipher = 'aegis';

export interface OpenOptions {
  /** 32 random bytes, used as a raw key, so no key-derivation function runs on open. */
  key: Uint8Array;
  cipher: Cipher;
  durability: Durability;
  /** Quiet time after the last write before the WAL is synced and checkpointed. */
  idleSyncMs: number;
  /** Called with each SQL statement as run, values filled in. For tests and diagnostics only. */
  trace?: ((sql: string) => void) | undefined;
}

/** One change-event channel per table, shared by every storage instance on that table in this process. */
export interface TableHub<T> {
  readonly events: Subject<T>;
}

/**
 * One open SQLite connection per database file in this process. better-sqlite3 is synchronous, so every statement on
 * it runs to completion before another starts; a transaction is never interleaved with another instance's work.
 */
export interface SharedConnection {
  readonly path: string;
  readonly db: SqliteDatabase;
  refCount: number;
  readonly hubs: Map<string, TableHub<unknown>>;
  readonly idleSyncMs: number;
  idleSync: NodeJS.Timeout | undefined;
}

const connections = new Map<string, SharedConnection>();

export const KEY_BYTES = 32;
/** Checkpoints run when writes pause (see `noteWrite`); this bound (40 MB of 4 KiB pages) only caps the WAL's size. */
const AUTOCHECKPOINT_PAGES = 10_000;
export const DEFAULT_IDLE_SYNC_MS = 500;
/** Our bookkeeping table: which collection tables exist and the index layout each was created with. */
export const META_TABLE = '_hemtrygg_tables';

export function databaseFilePath(directory: string, databaseName: string): string {
  return resolve(join(directory, `${databaseName}.sqlite`));
}

function checkKey(key: Uint8Array | undefined): Uint8Array {
  if (key === undefined || key === null) {
    throw new StorageError('HT_DB_KEY_MISSING', 'No encryption key was given for the local database.');
  }
  if (!(key instanceof Uint8Array) || key.byteLength !== KEY_BYTES) {
    throw new StorageError('HT_DB_KEY_INVALID', `The database key must be ${KEY_BYTES} bytes.`);
  }
  return key;
}

/** Keys a fresh connection. Exported so tests and tools can open a database file the way the storage does. */
export function keyConnection(db: SqliteDatabase, key: Uint8Array, cipher: Cipher): void {
  const hex = Buffer.from(checkKey(key)).toString('hex');
  if (cipher === 'sqlcipher') {
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma('legacy = 4');
  } else {
    // Named explicitly: a changed library default must never make existing files unreadable.
    db.pragma(`cipher = 'aegis'`);
    db.pragma(`algorithm = 'aegis-256'`);
  }
  db.pragma(`key = "x'${hex}'"`);
}

function openEncrypted(path: string, options: OpenOptions): SqliteDatabase {
  checkKey(options.key);
  const db = new Database(path, options.trace ? { verbose: (sql: unknown) => options.trace?.(String(sql)) } : {});
  try {
    keyConnection(db, options.key, options.cipher);
    // The first read decrypts page 1: with a wrong key it fails here, before anything is written.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    db.close();
    if (error instanceof Error && 'code' in error && error.code === 'SQLITE_NOTADB') {
      throw new StorageError(
        'HT_DB_KEY_WRONG',
        'The local database cannot be opened with this key (wrong key, or not a Hemtrygg database). Nothing was changed.',
        { cause: error },
      );
    }
    throw error;
  }
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -32000');
  db.exec(`CREATE TABLE IF NOT EXISTS ${META_TABLE} (
    table_name TEXT PRIMARY KEY NOT NULL,
    layout TEXT NOT NULL,
    seq_floor INTEGER NOT NULL DEFAULT 0
  )`);
  return db;
}

/** The files SQLite keeps beside a database: its write-ahead log, the log's shared memory, a rollback journal. */
const COMPANION_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

/**
 * Care records are for this OS user only: the folder 0700 (tightened if it existed looser), the database 0600. The
 * file is created 0600 before SQLite opens it because SQLite gives its -wal and -shm the database file's mode; files
 * an earlier version left readable are tightened too. Windows keeps a user's profile private by its own ACLs.
 */
function restrictToOwner(path: string): void {
  const directory = dirname(path);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  chmodSync(directory, 0o700);
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, ...COMPANION_SUFFIXES.map((suffix) => path + suffix)]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}

export function acquireConnection(directory: string, databaseName: string, options: OpenOptions): SharedConnection {
  const path = databaseFilePath(directory, databaseName);
  let connection = connections.get(path);
  if (!connection) {
    restrictToOwner(path);
    connection = {
      path,
      db: openEncrypted(path, options),
      refCount: 0,
      hubs: new Map(),
      idleSyncMs: options.idleSyncMs,
      idleSync: undefined,
    };
    connections.set(path, connection);
  }
  connection.refCount += 1;
  return connection;
}

export function releaseConnection(connection: SharedConnection): void {
  connection.refCount -= 1;
  if (connection.refCount > 0) return;
  connections.delete(connection.path);
  clearTimeout(connection.idleSync);
  const { db } = connection;
  const remaining = db.prepare(`SELECT count(*) FROM ${META_TABLE}`).pluck().get() as number;
  if (remaining === 0) {
    // Every collection was removed: remove the file too, so a removed database leaves nothing behind.
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(connection.path + suffix, { force: true });
    return;
  }
  db.pragma('optimize');
  db.close();
}

/**
 * Makes every commit so far durable against a power cut: syncs the WAL and checkpoints it into the main file.
 * True when everything was checkpointed; false when the database is not open here (or a reader held the WAL back).
 */
export function flushConnection(directory: string, databaseName: string): boolean {
  const connection = connections.get(databaseFilePath(directory, databaseName));
  if (!connection) return false;
  const [result] = connection.db.pragma('wal_checkpoint(FULL)') as {
    busy: number;
    log: number;
    checkpointed: number;
  }[];
  return !!result && result.busy === 0 && result.log === result.checkpointed;
}

/**
 * Called after every committed write. Once writes pause, a passive checkpoint syncs the WAL and copies it into the
 * main file, off the write path: a burst of writes pays for one checkpoint, and a quiet app is on disk moments later.
 */
export function noteWrite(connection: SharedConnection): void {
  if (connection.idleSync) {
    connection.idleSync.refresh();
    return;
  }
  connection.idleSync = setTimeout(() => {
    connection.idleSync = undefined;
    if (!connection.db.open) return;
    try {
      connection.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or failing now: the next write arms another attempt, and SQLite's own bound still applies.
    }
  }, connection.idleSyncMs);
  connection.idleSync.unref();
}

export function hubFor<T>(connection: SharedConnection, table: string): TableHub<T> {
  let hub = connection.hubs.get(table);
  if (!hub) {
    hub = { events: new Subject<unknown>() };
    connection.hubs.set(table, hub);
  }
  return hub as TableHub<T>;
}

/** Double-quotes an SQL identifier. Collection names come from code, but quoting keeps any name safe. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
