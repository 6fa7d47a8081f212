/**
 * The PouchDB peer of `npm run bench:sync`, run as docs/design/benchmarks.md describes ("Sync — PouchDB as the
 * peer"): a PouchDB 9 client, on disk (leveldb, in a temp folder), replicating from express 4 + express-pouchdb 4.2 +
 * PouchDB 9 on disk with gzip on, over loopback. The server runs in a process of its own (`pouchdb-server.child.ts`),
 * the client in this one.
 *
 * Timings cover the replication only: from `PouchDB.replicate(remote, local, { batch_size })` to its completion. The
 * server's database is loaded (bulkDocs, in batches) before, and the local document count is checked after.
 * Bytes are counted at the server's sockets (headers included), as deltas around each sync.
 *
 * Every sync takes `url`: replicate from there instead of the server itself, e.g. through a throttling proxy in front
 * of it (the bytes are still counted at the server, i.e. on the proxy's leg to it), and `fetch`: PouchDB's own
 * option for the client's HTTP requests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkBulk, PouchDB, type PouchDatabase } from './pouch.ts';
import { forkServer } from './child-rpc.ts';
import type { PeerRequest, Traffic } from './pouchdb-server.child.ts';
import type { VisitDoc } from './visit-docs.ts';

export type { Traffic };

/** The database's name on the server (its URL is `${server.url}/visits`). */
export const DATABASE = 'visits';
/** Documents per IPC message when handing documents to the server process. */
const IPC_CHUNK = 5000;

export interface PouchServer {
  /** The server's root, e.g. `http://127.0.0.1:43123`. */
  url: string;
  /** The database's URL: what a client replicates from. */
  dbUrl: string;
  /** Bytes the server's sockets have carried so far, since it started. */
  traffic(): Promise<Traffic>;
  /** Documents in the server's database now. */
  docCount(): Promise<number>;
  /** Adds documents to the server's database directly (bulkDocs in batches, not over HTTP). */
  addDocs(docs: readonly VisitDoc[]): Promise<void>;
  /** Stops the server process and removes its temp folder. */
  close(): Promise<void>;
}

export interface PouchSyncOptions {
  /** Replicate from here instead of `server.dbUrl`: a proxy in front of the server's database, say. */
  url?: string;
  /** PouchDB's `fetch` option for the client's requests (defaults to PouchDB's own node-fetch). */
  fetch?: typeof fetch;
}

/** A client's on-disk database, kept after a first sync for the incremental ones. */
export interface PouchReplica {
  db: PouchDatabase<VisitDoc>;
  directory: string;
  /** Closes the database and removes its temp folder. */
  close(): Promise<void>;
}

export interface SyncResult {
  /** Wall-clock time of the replication, in milliseconds. */
  ms: number;
  /** Documents the replication wrote (`docs_written`). */
  docs: number;
  /** Bytes from the server to the client over the sync, headers included (gzip'd bodies). */
  bytesDown: number;
  /** Bytes from the client to the server over the sync, headers included. */
  bytesUp: number;
}

/**
 * Starts the server process, creates its database and loads `docs` into it (before any timing). Resolves once the
 * server is listening and loaded.
 */
export async function startPouchServer(docs: readonly VisitDoc[]): Promise<PouchServer> {
  const child = await forkServer<PeerRequest>(
    new URL('./pouchdb-server.child.ts', import.meta.url),
    [DATABASE],
    'PouchDB peer server',
  );
  const server: PouchServer = {
    url: child.url,
    dbUrl: `${child.url}/${DATABASE}`,
    traffic: () => child.call<Traffic>({ method: 'traffic' }),
    docCount: () => child.call<number>({ method: 'docCount' }),
    addDocs: async (more) => {
      for (let i = 0; i < more.length; i += IPC_CHUNK) {
        await child.call<null>({ method: 'addDocs', docs: more.slice(i, i + IPC_CHUNK) });
      }
    },
    close: () => child.close(),
  };
  try {
    await server.addDocs(docs);
  } catch (error) {
    await server.close().catch(() => undefined);
    throw error;
  }
  return server;
}

/** A fresh, empty, on-disk PouchDB database in a temp folder of its own. */
export function openPouchReplica(): PouchReplica {
  const directory = mkdtempSync(join(tmpdir(), 'hemtrygg-bench-pouch-client-'));
  const db = new PouchDB<VisitDoc>(join(directory, 'replica'));
  return {
    db,
    directory,
    close: async () => {
      await db.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

function remote(server: PouchServer, options: PouchSyncOptions): PouchDatabase<VisitDoc> {
  const url = options.url ?? server.dbUrl;
  return new PouchDB<VisitDoc>(url, { skip_setup: true, ...(options.fetch ? { fetch: options.fetch } : {}) });
}

/** Replicates `source` → `target` and measures it; then checks `target` holds as many documents as `expected`. */
async function timedReplication(
  server: PouchServer,
  source: PouchDatabase<VisitDoc>,
  target: PouchDatabase<VisitDoc>,
  batchSize: number,
  expected: () => Promise<number>,
): Promise<SyncResult> {
  const before = await server.traffic();
  const started = performance.now();
  const result = await PouchDB.replicate(source, target, { batch_size: batchSize });
  const ms = performance.now() - started;
  const after = await server.traffic();
  if (!result.ok || result.doc_write_failures > 0) {
    throw new Error(`replication failed: ${JSON.stringify({ ...result, docs: undefined })}`);
  }
  const [want, have] = await Promise.all([expected(), target.info().then((info) => info.doc_count)]);
  if (have !== want) throw new Error(`replication left ${have} documents where ${want} were expected`);
  return { ms, docs: result.docs_written, bytesDown: after.down - before.down, bytesUp: after.up - before.up };
}

/**
 * A first sync: a fresh on-disk client replicates everything the server holds, `batchSize` documents a batch
 * (PouchDB's default is 100). With `keep`, the client's database is handed back for incremental syncs (close it);
 * otherwise it is removed.
 */
export async function pouchFirstSync(
  server: PouchServer,
  batchSize = 100,
  options: PouchSyncOptions & { keep?: boolean } = {},
): Promise<SyncResult & { replica?: PouchReplica }> {
  const replica = openPouchReplica();
  const source = remote(server, options);
  try {
    const result = await timedReplication(server, source, replica.db, batchSize, () => server.docCount());
    if (options.keep) return { ...result, replica };
    await replica.close();
    return result;
  } catch (error) {
    await replica.close().catch(() => undefined);
    throw error;
  } finally {
    await source.close();
  }
}

/**
 * An incremental sync: `newDocs` (in Hemtrygg, new visits: signed visits never change) are added on the server, not
 * timed; then `replica`, which has synced before, replicates them. Its local count must then match the server's.
 */
export async function pouchIncrementalSync(
  server: PouchServer,
  replica: PouchReplica,
  newDocs: readonly VisitDoc[],
  batchSize = 100,
  options: PouchSyncOptions = {},
): Promise<SyncResult> {
  await server.addDocs(newDocs);
  const source = remote(server, options);
  try {
    return await timedReplication(server, source, replica.db, batchSize, () => server.docCount());
  } finally {
    await source.close();
  }
}

/**
 * The other direction, as benchmarks.md's "1,000 new documents pushed": `newDocs` are written to `replica` (not
 * timed), then replicated from it to the server. The server's count must then match the replica's.
 *
 * A push is a replication of its own (its own checkpoint): the first push from a replica that only ever pulled walks
 * the replica's whole changes feed, asking the server about every document it already has. So before the new documents
 * are written, an untimed push brings that checkpoint up to date (next to nothing to do when it already is); the timed
 * push then carries only the new documents, as a client that has been syncing both ways would.
 */
export async function pouchPushSync(
  server: PouchServer,
  replica: PouchReplica,
  newDocs: readonly VisitDoc[],
  batchSize = 100,
  options: PouchSyncOptions = {},
): Promise<SyncResult> {
  const target = remote(server, options);
  try {
    await PouchDB.replicate(replica.db, target, { batch_size: 1000 });
    checkBulk(await replica.db.bulkDocs([...newDocs]));
    const local = () => replica.db.info().then((info) => info.doc_count);
    return await timedReplication(server, replica.db, target, batchSize, local);
  } finally {
    await target.close();
  }
}
