/**
 * Child process of crash.test.ts: writes visits through RxDB in an endless loop and prints one line per write, only
 * after the write resolved. Usage: node crash-writer.ts <directory> <hex key> <database name> <run number>
 */
import { writeSync } from 'node:fs';
import { createRxDatabase, type RxCollection } from 'rxdb';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { getRxStorageSqlite } from './index.ts';
import { visit, visitSchema, type VisitDoc } from './test-support.ts';

export type Acknowledged =
  | { op: 'insert'; docs: [id: string, minutes: number][] }
  | { op: 'update'; id: string; minutes: number }
  | { op: 'remove'; id: string };

const [directory, hexKey, name, runArg] = process.argv.slice(2);
if (!directory || !hexKey || !name || !runArg) throw new Error('usage: crash-writer <dir> <hex key> <name> <run>');
const run = Number(runArg);

// A small deterministic generator per run, so a failure can be replayed.
let seed = (run + 1) * 2_654_435_761;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32) as number;
const pick = <T>(items: T[]): T | undefined => items[Math.floor(random() * items.length)];

const acknowledge = (line: Acknowledged) => writeSync(1, JSON.stringify(line) + '\n');

const db = await createRxDatabase({
  name,
  storage: wrappedValidateAjvStorage({ storage: getRxStorageSqlite({ directory, key: Buffer.from(hexKey, 'hex') }) }),
  multiInstance: false,
});
const { visits } = (await db.addCollections({ visits: { schema: visitSchema } })) as {
  visits: RxCollection<VisitDoc>;
};

const alive = new Map<string, number>();
let next = 0;
const fresh = (): VisitDoc => {
  const doc = visit(next, { id: `run${run}-visit${next}` });
  next++;
  return doc;
};

for (;;) {
  const roll = random();
  if (roll < 0.3 || alive.size < 5) {
    const doc = fresh();
    await visits.insert(doc);
    alive.set(doc.id, doc.minutes);
    acknowledge({ op: 'insert', docs: [[doc.id, doc.minutes]] });
  } else if (roll < 0.55) {
    const docs = Array.from({ length: 1 + Math.floor(random() * 50) }, fresh);
    const result = await visits.bulkInsert(docs);
    if (result.error.length > 0) throw new Error(`bulkInsert refused ${result.error.length} documents`);
    for (const doc of docs) alive.set(doc.id, doc.minutes);
    acknowledge({ op: 'insert', docs: docs.map((d) => [d.id, d.minutes]) });
  } else if (roll < 0.9) {
    // Minutes only ever grow per document, so "stored >= last acknowledged" is the right check after a crash.
    const id = pick([...alive.keys()]);
    const minutes = (alive.get(id ?? '') ?? 0) + 1;
    if (id === undefined || minutes > 1000) continue;
    const doc = await visits.findOne(id).exec(true);
    await doc.incrementalPatch({ minutes });
    alive.set(id, minutes);
    acknowledge({ op: 'update', id, minutes });
  } else {
    const id = pick([...alive.keys()]);
    if (id === undefined) continue;
    await (await visits.findOne(id).exec(true)).remove();
    alive.delete(id);
    acknowledge({ op: 'remove', id });
  }
}
