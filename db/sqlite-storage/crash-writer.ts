/**
 * Child process of crash.test.ts: writes visits through a real RxDatabase in an endless loop until it is killed.
 * Usage: node db/sqlite-storage/crash-writer.ts <directory> <hex key> <database name> <start number>
 *
 * For every write it prints two lines to stdout, each with one synchronous write to fd 1 (no buffer to lose):
 * `begin` just before the write starts, and `ack` only after the write resolved. So every `ack` line is a write RxDB
 * acknowledged, and a `begin` without its `ack` is the one write that may or may not have committed when the kill came.
 */
import { writeSync } from 'node:fs';
import { createRxDatabase, type RxCollection, type RxDocument } from 'rxdb';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { getRxStorageSqlite } from './index.ts';
import { visit, visitSchema, type VisitDoc } from './test-support.ts';

/** One write. `docs` are `[id, minutes]` as written; `how` names the RxDB call, for failure messages. */
export type CrashWrite =
  | { op: 'insert'; how: 'insert' | 'bulkInsert'; docs: [id: string, minutes: number][] }
  | {
      op: 'update';
      how: 'incrementalPatch' | 'patch' | 'incrementalModify' | 'upsert' | 'bulkUpsert';
      docs: [id: string, minutes: number][];
    }
  | { op: 'remove'; how: 'remove' | 'bulkRemove'; ids: string[] };

/** One stdout line. `n` counts the writes of this run; an `ack` repeats the `n` and write of its `begin`. */
export interface CrashLine {
  n: number;
  phase: 'begin' | 'ack';
  write: CrashWrite;
}

/** Ids of one run are `visit(start + k)` for k below this; crash.test.ts starts each run this far past the last. */
const IDS_PER_RUN = 100_000;
const MAX_MINUTES = 1000;

const [directory, hexKey, name, startArg] = process.argv.slice(2);
if (!directory || !hexKey || !name || !startArg || !/^\d+$/.test(startArg)) {
  throw new Error('usage: crash-writer.ts <directory> <hex key> <database name> <start number>');
}
const start = Number(startArg);

// mulberry32, seeded by the start number: each run does its own mix, and a run's mix can be replayed.
let seed = start ^ 0x9e3779b9;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
}
const between = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));

let written = 0;
function print(line: CrashLine): void {
  writeSync(1, JSON.stringify(line) + '\n');
}
/** Prints `begin`, runs the write, and prints `ack` only once it resolved. */
async function write(what: CrashWrite, run: () => Promise<void>): Promise<void> {
  const n = written++;
  print({ n, phase: 'begin', write: what });
  await run();
  print({ n, phase: 'ack', write: what });
}

const db = await createRxDatabase({
  name,
  storage: wrappedValidateAjvStorage({ storage: getRxStorageSqlite({ directory, key: Buffer.from(hexKey, 'hex') }) }),
  multiInstance: false,
});
const { visits } = (await db.addCollections({ visits: { schema: visitSchema } })) as {
  visits: RxCollection<VisitDoc>;
};

/** Live documents and their minutes, starting from what earlier runs left: updates and removes reach old pages too. */
const alive = new Map<string, number>();
for (const doc of await visits.find().exec()) alive.set(doc.id, doc.minutes);
const aliveIds: string[] = [...alive.keys()];

let issued = 0;
function fresh(): VisitDoc {
  if (issued >= IDS_PER_RUN) throw new Error(`crash-writer: more than ${IDS_PER_RUN} inserts in one run`);
  return visit(start + issued++);
}
/** The number `visit(n)` built an id from: the id is `visit-` and n, zero-padded. */
const numberOf = (id: string): number => Number(id.slice('visit-'.length));

function added(docs: VisitDoc[]): void {
  for (const doc of docs) {
    alive.set(doc.id, doc.minutes);
    aliveIds.push(doc.id);
  }
}
function removed(ids: string[]): void {
  for (const id of ids) alive.delete(id);
}
/** Up to `count` distinct live ids, picked at random (stale entries of `aliveIds` are dropped on the way). */
function pickAlive(count: number): string[] {
  const picked = new Set<string>();
  for (let tries = 0; picked.size < count && aliveIds.length > 0 && tries < count * 4; tries++) {
    const index = Math.floor(random() * aliveIds.length);
    const id = aliveIds[index];
    if (id === undefined || !alive.has(id)) {
      aliveIds[index] = aliveIds[aliveIds.length - 1] ?? '';
      aliveIds.pop();
      continue;
    }
    picked.add(id);
  }
  return [...picked];
}
/** The next value for a document: minutes only ever grow, so a newer write is always told from an older one. */
function raised(ids: string[]): [string, number][] {
  return ids
    .map((id): [string, number] => [id, (alive.get(id) ?? 0) + between(1, 3)])
    .filter(([, minutes]) => minutes <= MAX_MINUTES);
}
async function found(id: string): Promise<RxDocument<VisitDoc>> {
  return visits.findOne(id).exec(true);
}

for (;;) {
  const roll = random();
  if (roll < 0.15 || alive.size < 20) {
    const doc = fresh();
    await write({ op: 'insert', how: 'insert', docs: [[doc.id, doc.minutes]] }, async () => {
      await visits.insert(doc);
    });
    added([doc]);
  } else if (roll < 0.3) {
    const docs = Array.from({ length: between(1, 50) }, fresh);
    await write({ op: 'insert', how: 'bulkInsert', docs: docs.map((d) => [d.id, d.minutes]) }, async () => {
      const result = await visits.bulkInsert(docs);
      if (result.error.length > 0) throw new Error(`bulkInsert refused ${result.error.length} documents`);
    });
    added(docs);
  } else if (roll < 0.62) {
    const [change] = raised(pickAlive(1));
    if (!change) continue;
    const [id, minutes] = change;
    const how = (['incrementalPatch', 'patch', 'incrementalModify', 'upsert'] as const)[between(0, 3)] ?? 'patch';
    await write({ op: 'update', how, docs: [change] }, async () => {
      if (how === 'incrementalPatch') await (await found(id)).incrementalPatch({ minutes });
      else if (how === 'patch') await (await found(id)).patch({ minutes });
      else if (how === 'incrementalModify') {
        await (await found(id)).incrementalModify((data) => ({ ...data, minutes }));
      } else await visits.upsert(visit(numberOf(id), { minutes }));
    });
    alive.set(id, minutes);
  } else if (roll < 0.72) {
    const changes = raised(pickAlive(between(2, 20)));
    if (changes.length === 0) continue;
    await write({ op: 'update', how: 'bulkUpsert', docs: changes }, async () => {
      const result = await visits.bulkUpsert(changes.map(([id, minutes]) => visit(numberOf(id), { minutes })));
      if (result.error.length > 0) throw new Error(`bulkUpsert refused ${result.error.length} documents`);
    });
    for (const [id, minutes] of changes) alive.set(id, minutes);
  } else if (roll < 0.9) {
    const ids = pickAlive(1);
    const [id] = ids;
    if (id === undefined) continue;
    await write({ op: 'remove', how: 'remove', ids }, async () => {
      await (await found(id)).remove();
    });
    removed(ids);
  } else {
    const ids = pickAlive(between(2, 12));
    if (ids.length === 0) continue;
    await write({ op: 'remove', how: 'bulkRemove', ids }, async () => {
      const result = await visits.bulkRemove(ids);
      if (result.error.length > 0) throw new Error(`bulkRemove refused ${result.error.length} documents`);
    });
    removed(ids);
  }
}
