/**
 * Hemtrygg's side of `npm run bench:sync`, the counterpart of `pouchdb-peer.ts`: the central server (server/app.ts)
 * on a real PostgreSQL in a process of its own (`hemtrygg-server.child.ts`), and a laptop — a fresh encrypted SQLite
 * RxDB database (backend/database.ts) with its sync client (backend/sync/client.ts) — in this one.
 *
 * The server's documents are loaded into the `documents` table the way `server/demo.ts` loads the demo team: a team
 * clock value per transaction, untimed. New documents for an incremental sync are written the same way plus the
 * NOTIFY a push sends, as if another laptop had pushed them.
 *
 * Timings: a first sync runs from `sync.enrol(...)` (sign-in online included) until the sync client says it is in
 * sync and the local database holds every visit; an incremental sync from the commit of the new visits on the server
 * until the last of them is in the laptop's database (the live stream tells the laptop; it pulls). Bytes are counted
 * at the server's sockets as on the PouchDB server, as deltas around each sync.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom } from 'rxjs';
import { openDatabase, type HemtryggDatabase } from '../../backend/database.ts';
import { SyncClient, type SyncClientOptions } from '../../backend/sync/client.ts';
import type { VisitRecord } from '../../core/visits.ts';
import type { Queryable, Sql } from '../../server/sql.ts';
import { changeNotice, SYNC_CHANNEL, teamClock } from '../../server/store.ts';
import type { ProfileSummary } from './profile.ts';
import { forkServer } from './child-rpc.ts';
import type { LoopDelay, ServerRequest, Traffic } from './hemtrygg-server.child.ts';

export type { LoopDelay, Traffic };

/** Visits per transaction when loading the server's table (one clock value each, as one push of a device would be). */
export const LOAD_BATCH = 1000;

export interface HemtryggServer {
  /** The server's root, e.g. `http://127.0.0.1:43123`. */
  url: string;
  /** Bytes the server's sockets have carried so far, since it started. */
  traffic(): Promise<Traffic>;
  /** Starts a CPU profile of the server process; `stopProfile` ends it and answers where the time went. */
  startProfile(): Promise<void>;
  stopProfile(): Promise<ProfileSummary | null>;
  /** The server's event-loop delay since the last reset (and resets it when asked). */
  loopDelay(reset: boolean): Promise<LoopDelay>;
  close(): Promise<void>;
}

export interface ServerProcessOptions {
  /** The database's URL: migrated and loaded already. */
  databaseUrl: string;
  /** pg pool size of the server. */
  pool: number;
  /** Requests per device and minute before the server answers 429. */
  rateLimitPerMinute: number;
}

/** Forks the server process; resolves once it listens. */
export async function startHemtryggServer(options: ServerProcessOptions): Promise<HemtryggServer> {
  const child = await forkServer<ServerRequest>(
    new URL('./hemtrygg-server.child.ts', import.meta.url),
    [options.databaseUrl, String(options.pool), String(options.rateLimitPerMinute)],
    'Hemtrygg bench server',
  );
  return {
    url: child.url,
    traffic: () => child.call<Traffic>({ method: 'traffic' }),
    startProfile: () => child.call<null>({ method: 'profile', start: true }).then(() => undefined),
    stopProfile: () => child.call<ProfileSummary | null>({ method: 'profile', start: false }),
    loopDelay: (reset) => child.call<LoopDelay>({ method: 'loopDelay', reset }),
    close: () => child.close(),
  };
}

/**
 * Writes visits into the server's `documents` table as `server/demo.ts` does: `LOAD_BATCH` a transaction, each with
 * the team's next clock value. With `notify`, each transaction also sends the NOTIFY a push sends, so live laptops
 * hear of it at once.
 */
export async function writeVisits(
  sql: Sql,
  teamId: string,
  visits: readonly VisitRecord[],
  notify = false,
): Promise<void> {
  for (let i = 0; i < visits.length; i += LOAD_BATCH) {
    await sql.transaction((tx) => insertVisits(tx, teamId, visits.slice(i, i + LOAD_BATCH), notify));
  }
}

/** One transaction's worth: the team's next clock value on every visit, and the push's NOTIFY when asked. */
async function insertVisits(
  tx: Queryable,
  teamId: string,
  visits: readonly VisitRecord[],
  notify: boolean,
): Promise<void> {
  const seq = await teamClock(tx, teamId);
  await tx.query(
    `INSERT INTO documents (collection, id, team_id, seq, deleted, data)
     SELECT 'visits', d->>'id', $1, $2, false, d FROM jsonb_array_elements($3::jsonb) AS d`,
    [teamId, seq, JSON.stringify(visits.map((visit) => ({ ...visit, _deleted: false })))],
  );
  if (notify) await tx.query('SELECT pg_notify($1, $2)', [SYNC_CHANNEL, changeNotice(teamId, 'visits')]);
}

export interface Laptop {
  database: HemtryggDatabase;
  sync: SyncClient;
  /** Stops syncing, closes the database and removes its folder. */
  close(): Promise<void>;
}

let laptops = 0;

/** A fresh laptop: an empty encrypted database in a temp folder and a sync client over it, not enrolled yet. */
export async function openLaptop(options: Omit<SyncClientOptions, 'database'> = {}): Promise<Laptop> {
  const directory = mkdtempSync(join(tmpdir(), 'hemtrygg-bench-laptop-'));
  // RxDB allows one database of a name per process.
  const database = await openDatabase({ directory, key: randomBytes(32), name: `benchlaptop${(laptops += 1)}` });
  const sync = new SyncClient({ database, ...options });
  return {
    database,
    sync,
    close: async () => {
      await sync.stop();
      await database.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface SyncResult {
  /** Wall-clock time of the sync, in milliseconds. */
  ms: number;
  /** Visits the laptop received. */
  docs: number;
  /** Bytes from the server to the laptop over the sync, headers included (gzip'd bodies). */
  bytesDown: number;
  /** Bytes from the laptop to the server over the sync, headers included. */
  bytesUp: number;
}

export interface Account {
  username: string;
  password: string;
}

/**
 * A first sync: the laptop signs in online (`enrol`) at `serverUrl` and syncs until it is in sync and holds
 * `expected` visits. `traffic` is where bytes are counted (the server's sockets, or a proxy's counters).
 */
export async function hemtryggFirstSync(
  laptop: Laptop,
  serverUrl: string,
  account: Account,
  expected: number,
  traffic: () => Promise<Traffic>,
): Promise<SyncResult> {
  const before = await traffic();
  const started = performance.now();
  await laptop.sync.enrol(serverUrl, account.username, account.password, 'bench laptop', '123456');
  await laptop.sync.awaitInSync();
  let have = await laptop.database.visits.count().exec();
  // awaitInSync covers what the replication had asked for; a last page still being written is waited for here.
  while (have < expected) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    have = await laptop.database.visits.count().exec();
  }
  const ms = performance.now() - started;
  const after = await traffic();
  if (have !== expected) throw new Error(`first sync left ${have} visits where ${expected} were expected`);
  return { ms, docs: have, bytesDown: after.down - before.down, bytesUp: after.up - before.up };
}

/**
 * An incremental sync: `visits` are written on the server in one transaction with a NOTIFY (as another laptop's push
 * would be); the time runs from its commit until the last of them is in `laptop`'s database. Bytes: all the laptop's
 * traffic from before the write until it is in sync again (the stream's RESYNC event, pulls of every collection).
 */
export async function hemtryggIncrementalSync(
  laptop: Laptop,
  sql: Sql,
  teamId: string,
  visits: readonly VisitRecord[],
  traffic: () => Promise<Traffic>,
): Promise<SyncResult> {
  const before = await traffic();
  const countBefore = await laptop.database.visits.count().exec();
  const missing = new Set(visits.map((v) => v.id));
  const arrived = firstValueFrom(
    laptop.database.visits.insert$.pipe(filter((event) => missing.delete(event.documentId) && missing.size === 0)),
  );
  // One transaction, as one push of another laptop; the clock starts as it commits (its COMMIT included).
  let started = 0;
  await sql.transaction(async (tx) => {
    await insertVisits(tx, teamId, visits, true);
    started = performance.now();
  });
  await arrived;
  const ms = performance.now() - started;
  await laptop.sync.awaitInSync();
  const after = await traffic();
  const have = await laptop.database.visits.count().exec();
  if (have !== countBefore + visits.length) {
    throw new Error(`incremental sync left ${have} visits where ${countBefore + visits.length} were expected`);
  }
  return { ms, docs: visits.length, bytesDown: after.down - before.down, bytesUp: after.up - before.up };
}

/** Resolves when the laptop's sync client reports `online` (its first pull or push went through). */
export const online = (laptop: Laptop) => firstValueFrom(laptop.sync.status$.pipe(filter((s) => s.state === 'online')));
