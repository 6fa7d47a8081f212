/**
 * One laptop in a process of its own, driven by its parent over IPC (child_process.fork; the parent's side is
 * laptop-client.ts): an encrypted SQLite database under RxDB and its sync client. RxDB's open-source edition allows 13
 * open collections per process (a 14th after a wait of about 2 s, a 15th never: COL23), and a laptop has twelve, so a
 * test with more than one laptop runs each in a process — as real laptops are.
 *
 * Requests `{ id, op, args }` are answered `{ id, ok, result | error }`. Besides, the laptop reports by itself, on the
 * same channel and so in order with the answers:
 * - every status its sync client shows, `{ event: 'status', status }`, from the client's first (not enrolled) on;
 * - every push as it goes out, `{ event: 'push', collection, ids }`, and once the server has answered it in full with
 *   200, `{ event: 'ack', collection, ids }`: the documents it wrote (or already held), that is, those not answered as
 *   conflicts.
 *
 * The app's life is in the ops too: `quit` stops sync and closes the database as the app does when it is closed,
 * `reopen` opens the same file with the same key again, and `startSync` starts syncing as the app does at launch.
 *
 * People sign in as in the app: `enrol` and `addColleague` sign in online with the server password and choose a laptop
 * PIN (the person gets a signing key wrapped with it), and the person is then signed in on the laptop, so what the test
 * inserts in their name is signed by them (backend/database.ts). `signIn` and `lock` switch people; `reopen` signs
 * the last person in again with their PIN, as they would after starting the app.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RxCollection } from 'rxdb';
import type { Subscription } from 'rxjs';
import { openDatabase, type HemtryggCollections, type HemtryggDatabase } from '../backend/database.ts';
import { SessionManager } from '../backend/sessions.ts';
import { SyncClient } from '../backend/sync/client.ts';
import { SYNCED_COLLECTIONS, type SyncedCollection, type SyncStatus } from '../core/sync.ts';

import { TEST_PIN } from './test-pin.ts';

export type Doc = Record<string, unknown>;
export type LaptopState = Record<SyncedCollection, Doc[]>;
export type CollectionName = keyof HemtryggCollections;
type NoArgs = Record<string, never>;

export interface LaptopOps {
  /** Makes the sync client (with these options, kept for `startSync`) and signs in online: syncing starts. */
  enrol(args: {
    serverUrl: string;
    username: string;
    password: string;
    deviceName: string;
    maxBackoffMs: number;
    pushBatchSize?: number;
    /** The laptop PIN the person chooses (TEST_PIN unless given); they are signed in with it afterwards. */
    pin?: string;
  }): void;
  /** A colleague signs in online on this enrolled laptop, chooses a PIN, and is then the one signed in. */
  addColleague(args: { username: string; password: string; pin?: string }): void;
  /** Signs a person in on the laptop with their PIN (the one signed in before is signed out). */
  signIn(args: { userId: string; pin?: string }): void;
  /** Locks the laptop: nobody is signed in, nothing written is signed. */
  lock(args: NoArgs): void;
  insert(args: { collection: CollectionName; docs: Doc[] }): void;
  /** Changes fields of one document in one write (RxDB's incrementalPatch). */
  patch(args: { collection: CollectionName; id: string; changes: Doc }): void;
  /** Sets one field of a client record; answers the value it replaced. */
  setClientField(args: { id: string; field: string; value: unknown }): unknown;
  /** One document as RxDB's toJSON() gives it (no meta fields), or null. */
  findOne(args: { collection: CollectionName; id: string }): Doc | null;
  find(args: { collection: CollectionName }): Doc[];
  count(args: { collection: CollectionName }): number;
  ids(args: { collection: SyncedCollection }): string[];
  state(args: NoArgs): LaptopState;
  /** The sync client's status now, and the changes not pushed yet counted afresh. */
  status(args: NoArgs): { status: SyncStatus; pending: number };
  /** This laptop's id with the server, once enrolled. */
  deviceId(args: NoArgs): string | null;
  /** Whether RxDB's replications were all in sync within the time given. */
  awaitInSync(args: { timeoutMs: number }): boolean;
  /** Stops syncing; the sync client stays, and `startSync` starts it again. */
  stopSync(args: NoArgs): void;
  /** Starts syncing if enrolled, as the app does at launch: with a new sync client after `reopen`. */
  startSync(args: NoArgs): void;
  /** After revocation: the sync client removes the database and tells the server. */
  wipe(args: NoArgs): void;
  /** The app is closed: sync stops, the database closes. */
  quit(args: NoArgs): void;
  /** The app starts again: the database file opens with the same key (or afresh, after a wipe); sync not yet. */
  reopen(args: NoArgs): void;
  /** Stops sync, closes the database and removes its folder; the process then ends. */
  close(args: NoArgs): void;
}

export type LaptopRequest = {
  [K in keyof LaptopOps]: { id: number; op: K; args: Parameters<LaptopOps[K]>[0] };
}[keyof LaptopOps];
export type LaptopEvent =
  { event: 'status'; status: SyncStatus } | { event: 'ack' | 'push'; collection: string; ids: string[] };
export type LaptopMessage =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string } | LaptopEvent;

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
const options = { directory: folder, key: randomBytes(32), name: 'laptop' };
let database: HemtryggDatabase = await openDatabase(options);
// Never locks by itself during a test (a long property run included); `lock` locks.
const newSessions = () => new SessionManager({ database, lockAfterMs: 24 * 60 * 60_000 });
let sessions = newSessions();
/** Who signed in last, and with which PIN: signed in again after `reopen`. */
let signedIn: { userId: string; pin: string } | undefined;
let sync: SyncClient | undefined;
let syncOptions: { maxBackoffMs: number; pushBatchSize?: number } | undefined;
let reporting: Subscription | undefined;

/** A sync client for the open database; every status it shows goes to the parent. */
function newSyncClient(): SyncClient {
  if (!syncOptions) throw new Error('not enrolled');
  reporting?.unsubscribe();
  sync = new SyncClient({ database, ...syncOptions });
  reporting = sync.status$.subscribe((status) => send({ event: 'status', status }));
  return sync;
}

function syncClient(): SyncClient {
  if (!sync) throw new Error('no sync client: enrol, or startSync after reopen');
  return sync;
}

async function signIn(userId: string, pin: string): Promise<void> {
  await sessions.signIn(userId, pin);
  signedIn = { userId, pin };
}

const strip = ({ _deleted, _meta, _rev, _attachments, ...doc }: Doc): Doc => doc;
const collection = (name: CollectionName) => database.db.collections[name] as RxCollection;

const ops: { [K in keyof LaptopOps]: (args: Parameters<LaptopOps[K]>[0]) => Promise<ReturnType<LaptopOps[K]>> } = {
  async enrol({ serverUrl, username, password, deviceName, pin = TEST_PIN, ...chosen }) {
    syncOptions = chosen;
    const { user } = await newSyncClient().enrol(serverUrl, username, password, deviceName, pin);
    await signIn(user.id, pin);
  },
  async addColleague({ username, password, pin = TEST_PIN }) {
    const user = await syncClient().addColleague(username, password, pin);
    await signIn(user.id, pin);
  },
  async signIn({ userId, pin = TEST_PIN }) {
    await signIn(userId, pin);
  },
  async lock() {
    sessions.lock();
    signedIn = undefined;
  },
  async insert({ collection: name, docs }) {
    const { error } = await collection(name).bulkInsert(docs);
    if (error.length > 0) throw new Error(`insert into ${name}: ${JSON.stringify(error[0])}`);
  },
  async patch({ collection: name, id, changes }) {
    const doc = await collection(name).findOne(id).exec();
    if (!doc) throw new Error(`no ${name} ${id} on this laptop`);
    await doc.incrementalPatch(changes);
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
  async findOne({ collection: name, id }) {
    return ((await collection(name).findOne(id).exec())?.toJSON() as Doc | undefined) ?? null;
  },
  async find({ collection: name }) {
    return (await collection(name).find().exec()).map((d) => d.toJSON() as Doc);
  },
  async count({ collection: name }) {
    return collection(name).count().exec();
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
  async deviceId() {
    return syncClient().deviceId ?? null;
  },
  async status() {
    const client = syncClient();
    return { status: client.status, pending: await client.countPending() };
  },
  async awaitInSync({ timeoutMs }) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const done = syncClient()
      .awaitInSync()
      .then(() => true);
    try {
      return await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  },
  async stopSync() {
    await syncClient().stop();
  },
  async startSync() {
    await (sync ?? newSyncClient()).start();
  },
  async wipe() {
    await syncClient().wipe();
  },
  async quit() {
    await sync?.stop();
    sessions.dispose();
    await database.close();
  },
  async reopen() {
    if (!database.db.closed) throw new Error('the database is open: quit first');
    // The old sync client belonged to the closed database; startSync makes one for this one.
    sync = undefined;
    database = await openDatabase(options);
    sessions = newSessions();
    // After a wipe the profile is gone with the database: nobody to sign in.
    if (signedIn && (await database.users.findOne(signedIn.userId).exec())) {
      await sessions.signIn(signedIn.userId, signedIn.pin);
    }
  },
  async close() {
    await sync?.stop();
    sessions.dispose();
    if (!database.db.closed) await database.close();
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
