/**
 * One laptop in a process of its own, for tests with many laptops: an encrypted SQLite database under RxDB and its
 * sync client, driven by its parent over IPC (child_process.fork). RxDB's open-source edition allows 13 open
 * collections per process (a 14th after a wait of about 2 s, a 15th never: COL23), and a laptop has seven, so a test
 * with more than two laptops runs each in a process — as real laptops are.
 *
 * Requests `{ id, op, args }` are answered `{ id, ok, result | error }`. Besides, every push is reported as it goes
 * out, `{ event: 'push', collection, ids }`, and once the server has answered it in full with 200 as
 * `{ event: 'ack', collection, ids }`: the documents it wrote (or already held), that is, those not answered as
 * conflicts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type HemtryggDatabase } from '../backend/database.ts';
import { SyncClient } from '../backend/sync/client.ts';
import { SYNCED_COLLECTIONS, type SyncedCollection, type SyncStatus } from '../core/sync.ts';

export type Doc = Record<string, unknown>;
export type LaptopState = Record<SyncedCollection, Doc[]>;

export interface LaptopOps {
  enrol(args: {
    serverUrl: string;
    username: string;
    password: string;
    deviceName: string;
    maxBackoffMs: number;
    pushBatchSize?: number;
  }): void;
  insert(args: { collection: SyncedCollection; docs: Doc[] }): void;
  /** Sets one field of a client record; answers the value it replaced. */
  setClientField(args: { id: string; field: string; value: unknown }): unknown;
  ids(args: { collection: SyncedCollection }): string[];
  state(args: Record<string, never>): LaptopState;
  status(args: Record<string, never>): { status: SyncStatus; pending: number };
  /** Whether RxDB's replications were all in sync within the time given. */
  awaitInSync(args: { timeoutMs: number }): boolean;
  close(args: Record<string, never>): void;
}

export type LaptopRequest = {
  [K in keyof LaptopOps]: { id: number; op: K; args: Parameters<LaptopOps[K]>[0] };
}[keyof LaptopOps];
export type LaptopMessage =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string }
  | { event: 'ack' | 'push'; collection: string; ids: string[] };

const send = (message: LaptopMessage) => process.send?.(message);

// Pushes the server answered in full: the test's measure of what was acknowledged.
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  const push = /\/v1\/sync\/([a-z]+)\/push$/.exec(url);
  const body = typeof init?.body === 'string' ? init.body : undefined;
  const ids = (json: string) =>
    (JSON.parse(json) as { rows: { newDocumentState: { id: string } }[] }).rows.map((r) => r.newDocumentState.id);
  if (push && body) send({ event: 'push', collection: push[1]!, ids: ids(body) });
  const response = await realFetch(input, init);
  if (push && body && response.ok) {
    void response
      .clone()
      .json()
      .then((conflicts) => {
        const rejected = new Set((conflicts as { id: string }[]).map((c) => c.id));
        send({ event: 'ack', collection: push[1]!, ids: ids(body).filter((id) => !rejected.has(id)) });
      })
      .catch(() => undefined); // cut off: not an answer
  }
  return response;
};

const folder = mkdtempSync(join(tmpdir(), 'hemtrygg-laptop-'));
const database: HemtryggDatabase = await openDatabase({ directory: folder, key: randomBytes(32), name: 'laptop' });
let sync: SyncClient | undefined;

const strip = ({ _deleted, _meta, _rev, _attachments, ...doc }: Doc): Doc => doc;
const collection = (name: SyncedCollection) => database.db.collections[name];

const ops: { [K in keyof LaptopOps]: (args: Parameters<LaptopOps[K]>[0]) => Promise<ReturnType<LaptopOps[K]>> } = {
  async enrol({ serverUrl, username, password, deviceName, maxBackoffMs, pushBatchSize }) {
    sync = new SyncClient({ database, maxBackoffMs, ...(pushBatchSize ? { pushBatchSize } : {}) });
    await sync.enrol(serverUrl, username, password, deviceName);
  },
  async insert({ collection: name, docs }) {
    const { error } = await collection(name).bulkInsert(docs as never[]);
    if (error.length > 0) throw new Error(`insert into ${name}: ${JSON.stringify(error[0])}`);
  },
  async setClientField({ id, field, value }) {
    const doc = await database.clients.findOne(id).exec();
    if (!doc) throw new Error(`no client ${id} on this laptop`);
    let base: unknown;
    // The function runs again when the document changed meanwhile (e.g. sync wrote it): the last run's base counts.
    await doc.incrementalModify((data) => {
      base = (data as unknown as Doc)[field];
      return { ...data, [field]: value };
    });
    return base;
  },
  async ids({ collection: name }) {
    return (await collection(name).find().exec()).map((d) => String(d.primary)).sort();
  },
  async state() {
    const state = {} as LaptopState;
    for (const name of SYNCED_COLLECTIONS) {
      const docs = await collection(name).find().exec();
      state[name] = docs
        .map((d) => strip(d.toJSON() as Doc))
        .sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
    }
    return state;
  },
  async status() {
    if (!sync) throw new Error('not enrolled');
    return { status: sync.status, pending: await sync.countPending() };
  },
  async awaitInSync({ timeoutMs }) {
    if (!sync) throw new Error('not enrolled');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const done = sync.awaitInSync().then(() => true);
    try {
      return await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  },
  async close() {
    await sync?.stop();
    await database.close();
    rmSync(folder, { recursive: true, force: true });
  },
};

process.on('message', (request: LaptopRequest) => {
  const run = ops[request.op] as (args: unknown) => Promise<unknown>;
  run(request.args).then(
    (result) => {
      send({ id: request.id, ok: true, result: result ?? null });
      if (request.op === 'close') process.disconnect();
    },
    (error: unknown) => send({ id: request.id, ok: false, error: (error as Error)?.stack ?? String(error) }),
  );
});
send({ id: 0, ok: true, result: 'ready' });
