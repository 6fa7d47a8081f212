/**
 * The PouchDB peer's server, in a process of its own as in docs/design/benchmarks.md (a CouchDB-style server and
 * its client do not share an event loop): express 4 + express-pouchdb 4.2 over PouchDB 9 on disk (leveldb, in a temp
 * folder), on 127.0.0.1, a port the system picks. Forked by `startPouchServer` in `pouchdb-peer.ts`, which talks to it
 * over the IPC channel (`PeerRequest`, through child-rpc.ts).
 *
 * gzip: express-pouchdb's `minimumForPouchDB` mode includes its `compression` part, which is the `compression`
 * middleware (defaults: responses of 1 kB and more, compressible types, when the client accepts gzip); the PouchDB
 * client's node-fetch asks for gzip. Request bodies (the client's `_bulk_get` lists, checkpoints) go up uncompressed,
 * as with CouchDB.
 *
 * Bytes on the wire are counted at the socket level: every accepted connection is kept, and `traffic` sums
 * bytesWritten (down to the client) and bytesRead (up from it), headers included, over all of them, closed or not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerParent, countTraffic, type Traffic } from './child-rpc.ts';

export type { Traffic };
import { checkBulk, PouchDB, type PouchStatic } from './pouch.ts';
import type { VisitDoc } from './visit-docs.ts';

/** The messages `pouchdb-peer.ts` sends, and what comes back. */
export type PeerRequest =
  | { id: number; method: 'addDocs'; docs: VisitDoc[] }
  | { id: number; method: 'traffic' }
  | { id: number; method: 'docCount' }
  | { id: number; method: 'close' };

/** The database's name, from `pouchdb-peer.ts`. */
const DATABASE = process.argv[2] ?? 'visits';
/** Documents per `bulkDocs` call when loading the server's database. */
const LOAD_BATCH = 1000;

// Neither express nor express-pouchdb has types installed: the little of them used here.
type Handler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;
interface ExpressApp extends Handler {
  use(handler: Handler): ExpressApp;
  disable(setting: string): void;
}
interface ExpressPouchApp extends Handler {
  setPouchDB(pouch: PouchStatic): Promise<void>;
}
interface ExpressPouchOptions {
  mode: 'minimumForPouchDB' | 'fullCouchDB';
  configPath?: string;
  logPath?: string;
}
const require = createRequire(import.meta.url);
const express = require('express') as () => ExpressApp;
const expressPouchDB = require('express-pouchdb') as (options: ExpressPouchOptions) => ExpressPouchApp;

const directory = mkdtempSync(join(tmpdir(), 'hemtrygg-bench-pouch-server-'));
let closed = false;

async function main(): Promise<void> {
  const ServerPouch = PouchDB.defaults({ prefix: `${directory}/` });
  // Only what a PouchDB client needs (no config or log files, no Fauxton); the paths keep any file in the temp folder.
  const pouchApp = expressPouchDB({
    mode: 'minimumForPouchDB',
    configPath: join(directory, 'config.json'),
    logPath: join(directory, 'log.txt'),
  });
  // Passing PouchDB 9 here (not letting express-pouchdb pick one) and waiting for its start-up (all-dbs installed).
  await pouchApp.setPouchDB(ServerPouch);
  const app = express();
  app.disable('x-powered-by');
  app.use(pouchApp);

  const server = createServer(app);
  const traffic = countTraffic(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Created through the server so express-pouchdb knows it; loaded directly, not over HTTP.
  const created = await fetch(`${url}/${DATABASE}`, { method: 'PUT' });
  if (!created.ok) throw new Error(`creating the database: ${created.status} ${await created.text()}`);
  const db = new ServerPouch<VisitDoc>(DATABASE);

  const addDocs = async (docs: VisitDoc[]): Promise<null> => {
    for (let i = 0; i < docs.length; i += LOAD_BATCH) {
      checkBulk(await db.bulkDocs(docs.slice(i, i + LOAD_BATCH)));
    }
    return null;
  };
  const close = async (): Promise<null> => {
    if (closed) return null;
    closed = true;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.close();
    rmSync(directory, { recursive: true, force: true });
    return null;
  };

  const handle = async (request: PeerRequest): Promise<Traffic | number | null> => {
    switch (request.method) {
      case 'addDocs':
        return addDocs(request.docs);
      case 'traffic':
        return traffic();
      case 'docCount':
        return (await db.info()).doc_count;
      case 'close':
        return close();
    }
  };
  answerParent(url, handle, close);
}

main().catch((error: unknown) => {
  console.error('PouchDB peer server failed:', error);
  rmSync(directory, { recursive: true, force: true });
  process.exit(1);
});
