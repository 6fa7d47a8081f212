/**
 * The PouchDB peer on its own: `node bench/sync/pouchdb-peer.run.ts [docs]` (default 100,000). Prints the first sync
 * at batch 100 and at batch 1,000, 1,000 new visits pulled after a first sync, 1,000 new visits pushed, and the bytes
 * per document of each. Figures to compare with docs/design/benchmarks.md ("Sync — PouchDB as the peer"); the
 * side-by-side with Hemtrygg's own sync is `npm run bench:sync`.
 */
import { meanJsonBytes, newVisitDocs, visitDocs, visitRecords } from './visit-docs.ts';
import {
  pouchFirstSync,
  pouchIncrementalSync,
  pouchPushSync,
  startPouchServer,
  type SyncResult,
} from './pouchdb-peer.ts';

const count = Number(process.argv[2] ?? 100_000);
if (!Number.isInteger(count) || count < 1) throw new Error(`usage: node bench/sync/pouchdb-peer.run.ts [docs]`);
const CHANGES = 1000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const line = (label: string, r: SyncResult) =>
  console.log(
    `${label}: ${seconds(r.ms)} for ${r.docs} docs; down ${(r.bytesDown / 1e6).toFixed(2)} MB ` +
      `(${(r.bytesDown / r.docs).toFixed(1)} B/doc), up ${(r.bytesUp / 1e6).toFixed(2)} MB ` +
      `(${(r.bytesUp / r.docs).toFixed(1)} B/doc)`,
  );

let started = performance.now();
const sample = visitRecords(Math.min(count, 10_000));
const docs = visitDocs(count);
console.log(
  `${count} visits made in ${seconds(performance.now() - started)}: mean ${meanJsonBytes(sample).toFixed(1)} B ` +
    `as a visit record, ${meanJsonBytes(docs).toFixed(1)} B as a PouchDB doc (JSON, UTF-8)`,
);

started = performance.now();
const server = await startPouchServer(docs);
console.log(`Server ${server.dbUrl} loaded in ${seconds(performance.now() - started)}`);
try {
  const probe = await fetch(`${server.dbUrl}/_changes?limit=100&style=all_docs`, {
    headers: { 'accept-encoding': 'gzip', accept: 'application/json' },
  });
  await probe.arrayBuffer();
  console.log(`gzip on the server: ${probe.headers.get('content-encoding') ?? 'none'}`);

  line('First sync, batch 100', await pouchFirstSync(server, 100));
  const first = await pouchFirstSync(server, 1000, { keep: true });
  line('First sync, batch 1,000', first);
  const replica = first.replica;
  if (!replica) throw new Error('no replica kept');
  try {
    line(`${CHANGES} new visits pulled (batch 100)`, await pouchIncrementalSync(server, replica, newVisitDocs(count)));
    line(
      `${CHANGES} new visits pushed (batch 100)`,
      await pouchPushSync(server, replica, newVisitDocs(count + CHANGES)),
    );
  } finally {
    await replica.close();
  }
} finally {
  await server.close();
}
