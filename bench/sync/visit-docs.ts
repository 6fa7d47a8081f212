/**
 * Visit documents for the sync benchmark: valid Hemtrygg visit records (parsed with `visitRecordSchema`), deterministic.
 * Visit number `n` is the same record whatever slice it is made in (its own seeded generator), so a first sync's set
 * and the later additions never overlap and two runs make the same bytes.
 *
 * Size: about 495 bytes of JSON (UTF-8) each, not the 354 of docs/design/benchmarks.md's PouchDB figures. A
 * signed visit as stored cannot be that small: the smallest valid one (one task, no note, short ids, the defaults the
 * schema fills in: `elsewhere`, `note`, `observations`, `deviations`) is 443 bytes, mostly key names, a UUID and three
 * ISO instants. These are lean but ordinary visits; compare sizes before comparing with the 354-byte figures.
 *
 * The shape follows `core/demo-history.ts`: a team of 40 workers, 1,000 visits a day across 500 clients in the
 * villages around Umeå, mostly one or two planned tasks, a short note, now and then an observation or a late arrival.
 * Ids are UUIDv7 like the app's (`renderer/src/features/visits/LogVisit.tsx`), their time and random bits taken from
 * the visit itself, so they sort in the order the visits were made.
 *
 * "1,000 changes" after a first sync: a signed visit never changes in Hemtrygg (a correction is a separate amendment
 * record), so the incremental set is 1,000 NEW visits, the next ones in the same sequence (`newVisitRecords`).
 */
import { v7 as uuidv7 } from 'uuid';
import { seeded } from '../../core/demo-history.ts';
import { visitRecordSchema, type Task, type VisitRecord } from '../../core/visits.ts';

export const TEAM = 'savar';
export const CLIENTS = 500;
export const WORKERS = 40;
export const VISITS_PER_DAY = 1000;
/** The day the first visit was made (UTC midnight); the sequence goes on a day per 1,000 visits from here. */
export const FIRST_DAY = Date.UTC(2026, 0, 5);

const VILLAGES = ['Sävar', 'Hörnefors', 'Holmsund', 'Obbola', 'Tavelsjö', 'Botsmark', 'Yttersjö', 'Ersmark'];
const STREETS = ['Storgatan', 'Skolvägen', 'Älvvägen', 'Kyrkvägen', 'Gamla vägen', 'Strandvägen', 'Norrbyvägen'];
const NOTES = [
  'Pigg och glad i dag.',
  'Åt bra, drack två glas vatten.',
  'Lite trött, vilade efter lunch.',
  'Pratade om barnbarnen.',
  'Gick till brevlådan.',
  'Snöat ute, skottade trappan.',
  '',
];
/** What each client's visits plan, by client number: the same two or three plans come round. */
const PLANS: { serviceType: VisitRecord['serviceType']; tasks: Task[] }[] = [
  { serviceType: 'personal-care', tasks: ['meals', 'medication-reminder'] },
  { serviceType: 'personal-care', tasks: ['personal-care'] },
  { serviceType: 'household', tasks: ['cleaning'] },
  { serviceType: 'social-support', tasks: ['social-contact'] },
  { serviceType: 'personal-care', tasks: ['meals'] },
];

/** Visit number `n` (0-based) of the sequence: a valid, signed visit record. */
export function visitRecord(n: number): VisitRecord {
  const random = seeded(0x5eed + n * 7919);
  const client = (n * 37) % CLIENTS;
  const plan = PLANS[client % PLANS.length] as (typeof PLANS)[number];
  const day = FIRST_DAY + Math.floor(n / VISITS_PER_DAY) * 86_400_000;
  // 07:00–21:00, in visit order; the id's milliseconds keep visits of the same minute apart and in order.
  const slot = n % VISITS_PER_DAY;
  const start = day + (7 * 60 + Math.floor((slot * 14 * 60) / VISITS_PER_DAY)) * 60_000;
  const late = random() < 0.05 ? 20 + Math.floor(random() * 25) : 0;
  const length = [20, 30, 45][client % 3] as number;
  const startedAt = start + late * 60_000;
  const endedAt = startedAt + length * 60_000;
  const bytes = Uint8Array.from({ length: 16 }, () => Math.floor(random() * 256));
  return visitRecordSchema.parse({
    id: uuidv7({ msecs: start + slot, random: bytes }),
    teamId: TEAM,
    clientId: `client-${String(client + 1).padStart(4, '0')}`,
    workerId: `worker-${String(1 + (client % WORKERS)).padStart(2, '0')}`,
    serviceType: plan.serviceType,
    location: {
      address: `${STREETS[client % STREETS.length] as string} ${1 + (client % 60)}`,
      village: VILLAGES[client % VILLAGES.length] as string,
    },
    startedAt: new Date(startedAt).toISOString(),
    endedAt: new Date(endedAt).toISOString(),
    timeSource: random() < 0.8 ? 'timer' : 'typed',
    tasks: plan.tasks.map((task) => ({ task, planned: true, done: random() < 0.95 })),
    note: NOTES[Math.floor(random() * NOTES.length)] as string,
    observations: random() < 0.04 ? [{ kind: 'mood', text: 'Nedstämd, saknar sin make.' }] : [],
    deviations: late > 0 ? [{ kind: 'late', severity: 'low', description: `Kom ${late} min sent.` }] : [],
    signedAt: new Date(endedAt + 2 * 60_000).toISOString(),
  });
}

/** Visits `from` … `from + count - 1` of the sequence. */
export function visitRecords(count: number, from = 0): VisitRecord[] {
  return Array.from({ length: count }, (_, i) => visitRecord(from + i));
}

/**
 * The "1,000 changes" after a first sync of `synced` visits: signed visits are immutable, so these are `count` NEW
 * visits, the next in the sequence. Call again with a larger `synced` for a further round of new ones.
 */
export function newVisitRecords(synced: number, count = 1000): VisitRecord[] {
  return visitRecords(count, synced);
}

/** A visit as a CouchDB/PouchDB document: the id becomes `_id`, everything else as it is. */
export type VisitDoc = Omit<VisitRecord, 'id'> & { _id: string };

export function toPouchDoc({ id, ...rest }: VisitRecord): VisitDoc {
  return { _id: id, ...rest };
}

/** `visitRecords` as PouchDB documents. */
export function visitDocs(count: number, from = 0): VisitDoc[] {
  return visitRecords(count, from).map(toPouchDoc);
}

/** `newVisitRecords` as PouchDB documents. */
export function newVisitDocs(synced: number, count = 1000): VisitDoc[] {
  return newVisitRecords(synced, count).map(toPouchDoc);
}

/** Mean size of the documents as JSON, in UTF-8 bytes. */
export function meanJsonBytes(docs: readonly object[]): number {
  let total = 0;
  for (const doc of docs) total += Buffer.byteLength(JSON.stringify(doc));
  return docs.length === 0 ? 0 : total / docs.length;
}

if (import.meta.main) {
  const count = Number(process.argv[2] ?? 10_000);
  const started = performance.now();
  const records = visitRecords(count);
  const ms = performance.now() - started;
  const sizes = records.map((r) => Buffer.byteLength(JSON.stringify(r))).sort((a, b) => a - b);
  console.log(
    `${count} visits in ${ms.toFixed(0)} ms: mean ${meanJsonBytes(records).toFixed(1)} B as a visit record, ` +
      `${meanJsonBytes(records.map(toPouchDoc)).toFixed(1)} B as a PouchDB doc (min ${sizes[0]}, max ${sizes.at(-1)})`,
  );
  console.log(JSON.stringify(records[0]));
}
