/**
 * Property: whatever documents, write histories and Mango queries fast-check makes up, the SQLite storage answers
 * exactly as RxDB's memory storage does: the same documents in the same order from query(), the same count(), the
 * same findDocumentsById() sets and the same bulkWrite() conflicts.
 *
 * Each run opens a fresh database on both storages, replays one history (batched inserts, updates, deletes, revivals
 * of tombstones and writes with a stale `previous`) into both, then compares a batch of queries. A failure shrinks to
 * a small history and query; fast-check prints them with the seed to replay.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import {
  fillWithDefaultSettings,
  INDEX_MAX,
  INDEX_MIN,
  normalizeMangoQuery,
  prepareQuery,
  randomToken,
  type BulkWriteRow,
  type MangoQuery,
  type MangoQuerySelector,
  type MangoQuerySortPart,
  type PreparedQuery,
  type RxDocumentData,
  type RxJsonSchema,
  type RxStorageInstance,
} from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, describe, expect, it } from 'vitest';
import type { SqliteStorageInstance } from './index.ts';
import { openInstance, tempStorage } from './test-support.ts';

interface PropDoc {
  id: string;
  name: string;
  tag: string;
  count: number;
  price: number;
  delta: number;
  flag: boolean;
  info: { city: string; floor: number };
  items: string[];
  note?: string;
}
type Fields = Omit<PropDoc, 'id'>;
type Doc = RxDocumentData<PropDoc>;
type Instance = RxStorageInstance<PropDoc, unknown, unknown>;

const KEY_LENGTH = 16;
const schema: RxJsonSchema<PropDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: KEY_LENGTH },
    name: { type: 'string', maxLength: 8 },
    tag: { type: 'string', maxLength: 3 },
    count: { type: 'integer', minimum: -1000, maximum: 1000, multipleOf: 1 },
    price: { type: 'number', minimum: 0, maximum: 100, multipleOf: 0.25 },
    delta: { type: 'number', minimum: -10, maximum: 10, multipleOf: 0.01 },
    flag: { type: 'boolean' },
    info: {
      type: 'object',
      properties: { city: { type: 'string', maxLength: 6 }, floor: { type: 'integer' } },
      required: ['city', 'floor'],
    },
    items: { type: 'array', items: { type: 'string' } },
    note: { type: 'string' },
  },
  required: ['id', 'name', 'tag', 'count', 'price', 'delta', 'flag', 'info', 'items'],
  indexes: ['name', 'count', 'price', 'flag', 'info.city', ['tag', 'count'], ['flag', 'delta', 'name']],
};
/** As the storage sees it: every index starts with `_deleted` and ends with `id`, plus RxDB's `_meta.lwt` index. */
const storageSchema: RxJsonSchema<Doc> = fillWithDefaultSettings(schema);

// ---------------------------------------------------------------------------------------------------------------
// Values

/**
 * One code point: often one of a few that sit on ordering edges (control characters, the padding space, the
 * surrogate boundary U+D7FF/U+E000, U+FFFF which is RxDB's "highest" bound, astral characters), otherwise any
 * Unicode scalar value. The few fixed ones make equal values and close ranges likely.
 */
const edgeCharacters = [
  'a',
  'b',
  'B',
  '0',
  '~',
  'ä',
  'é',
  ' ',
  '\t',
  '\n',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u00ff',
  '\ud7ff',
  '\ue000',
  '\uffff',
  '😀',
  '𝄞',
  '\u{10ffff}',
];
const codePoint = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...edgeCharacters) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

/** Drops code points from the end until the string fits `max` UTF-16 code units (RxDB's maxLength is `.length`). */
function fitUnits(s: string, max: number): string {
  const points = Array.from(s);
  while (points.join('').length > max) points.pop();
  return points.join('');
}
const text = (max: number, minLength = 0) =>
  fc.string({ unit: codePoint, minLength, maxLength: max }).map((s) => fitUnits(s, max));
const oneOfOr = (values: string[], max: number) =>
  fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...values) }, { weight: 2, arbitrary: text(max) });

/** Primary keys: full Unicode, 1 to 16 code units, never starting or ending with a space (RxDB pads keys with it). */
const key = text(KEY_LENGTH, 1).filter((k) => !k.startsWith(' ') && !k.endsWith(' '));
const name = oneOfOr(['', 'a', 'ab', 'b', 'a\u0000', 'a\t', 'Z', 'ä😀'], 8);
const tag = oneOfOr(['', 'a', 'ab', 'abc', 'a\t', 'ä', '😀', 'b', ' b'], 3);
const city = oneOfOr(['', 'Umeå', 'Sävar', 'a', '\uffff', '😀😀'], 6);
const note = text(12);
const item = fc.constantFrom('x', 'y', 'z', 'ä', '😀', '');

// Numbers are integers scaled down, so every value is within bounds and (after rounding) a multipleOf. `+ 0` turns
// -0 into 0: the SQLite storage keeps documents as JSON, which has no -0, while the memory storage keeps -0. The two
// are === and index alike, so that is left out here rather than reported on every run.
const scaled = (min: number, max: number, divisor: number, near: number) =>
  fc
    .oneof(fc.integer({ min: -near, max: near }), fc.constantFrom(min, max), fc.integer({ min, max }))
    .map((n) => Math.min(max, Math.max(min, n)) / divisor + 0);
const count = scaled(-1000, 1000, 1, 3);
const price = scaled(0, 400, 4, 8);
const delta = scaled(-1000, 1000, 100, 5);
const floor = fc.integer({ min: -3, max: 30 });

const fields: fc.Arbitrary<Fields> = fc.record(
  {
    name,
    tag,
    count,
    price,
    delta,
    flag: fc.boolean(),
    info: fc.record({ city, floor }),
    items: fc.array(item, { maxLength: 3 }),
    note,
  },
  { requiredKeys: ['name', 'tag', 'count', 'price', 'delta', 'flag', 'info', 'items'] },
);

// ---------------------------------------------------------------------------------------------------------------
// Histories

interface History {
  /** Documents inserted first, in bulkWrite batches of `insertBatch`; some already deleted, as replication may. */
  inserts: { id: string; fields: Fields; deleted: boolean }[];
  insertBatch: number;
  /** Then these writes, resolved against the documents; `join` puts one in the same bulkWrite as the one before. */
  writes: { kind: 'update' | 'delete' | 'revive' | 'stale'; target: number; fields: Fields; join: boolean }[];
}
const history: fc.Arbitrary<History> = fc.record({
  inserts: fc.uniqueArray(fc.record({ id: key, fields, deleted: fc.constantFrom(false, false, false, false, true) }), {
    selector: (d) => d.id,
    maxLength: 60,
    size: 'max',
  }),
  insertBatch: fc.integer({ min: 1, max: 60 }),
  writes: fc.array(
    fc.record({
      kind: fc.constantFrom('update', 'update', 'delete', 'revive', 'stale'),
      target: fc.nat(),
      fields,
      join: fc.boolean(),
    }),
    { maxLength: 40, size: 'max' },
  ),
});

interface Plan {
  batches: BulkWriteRow<PropDoc>[][];
  /** Ids each batch must reject with a 409 conflict. */
  conflicts: string[][];
  /** Every version of every document, newest last. */
  versions: Map<string, Doc[]>;
}

/** Turns a history into bulkWrite batches, tracking what each storage must then hold. Pure: same rows for both. */
function planOf(h: History): Plan {
  let clock = 1_700_000_000_000;
  const tick = () => (clock += 1 + (clock % 3) * 0.25);
  const versions = new Map<string, Doc[]>();
  const batches: BulkWriteRow<PropDoc>[][] = [];
  const conflicts: string[][] = [];

  for (let i = 0; i < h.inserts.length; i += h.insertBatch) {
    const batch = h.inserts.slice(i, i + h.insertBatch).map(({ id, fields, deleted }) => {
      const document: Doc = { id, ...fields, _deleted: deleted, _rev: '1-a', _meta: { lwt: tick() }, _attachments: {} };
      versions.set(id, [document]);
      return { document };
    });
    batches.push(batch);
    conflicts.push([]);
  }

  const ids = h.inserts.map((d) => d.id);
  let batch: BulkWriteRow<PropDoc>[] = [];
  let batchConflicts: string[] = [];
  const flush = () => {
    if (batch.length > 0) {
      batches.push(batch);
      conflicts.push(batchConflicts);
    }
    batch = [];
    batchConflicts = [];
  };
  for (const [n, w] of h.writes.entries()) {
    const id = ids[w.target % Math.max(1, ids.length)];
    if (id === undefined) break;
    if (!w.join || batch.some((row) => row.document.id === id)) flush();
    const past = versions.get(id)!;
    const previous = past.at(-1)!;
    const height = Number(previous._rev.split('-')[0]) + 1;
    const meta = { _rev: `${height}-${'xyzw'[n % 4]}`, _meta: { lwt: tick() }, _attachments: {} };
    if (w.kind === 'stale') {
      // A write based on an older version (or an insert of an existing id): both storages must refuse it.
      const stale = past.length > 1 ? past[w.target % (past.length - 1)] : undefined;
      batch.push({ previous: stale, document: { id, ...w.fields, _deleted: false, ...meta } });
      batchConflicts.push(id);
      continue;
    }
    const document: Doc =
      w.kind === 'delete'
        ? { ...previous, _deleted: true, ...meta }
        : // An update keeps a tombstone a tombstone; a revival writes a live document over it.
          { id, ...w.fields, _deleted: w.kind === 'update' && previous._deleted, ...meta };
    batch.push({ previous, document });
    past.push(document);
  }
  flush();
  return { batches, conflicts, versions };
}

// ---------------------------------------------------------------------------------------------------------------
// Queries

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Selector = { [key: string]: Json };

/**
 * A query value is either made up or `{ $doc: n }`: the field's value in the n-th stored document, filled in when
 * the query runs, so that equalities, `$in` and range ends hit documents often.
 */
const DOC_REF = '$doc';
const orFromDoc = <T extends Json>(value: fc.Arbitrary<T>): fc.Arbitrary<Json> =>
  fc.oneof(
    value,
    fc.nat().map((n): Json => ({ [DOC_REF]: n })),
  );

const fieldTypes: Record<string, 'string' | 'number'> = {
  id: 'string',
  name: 'string',
  tag: 'string',
  'info.city': 'string',
  note: 'string',
  count: 'number',
  price: 'number',
  delta: 'number',
  'info.floor': 'number',
};

function valueAt(doc: Doc, path: string): Json {
  let value: unknown = doc;
  for (const part of path.split('.')) value = (value as Record<string, unknown>)[part];
  return typeof value === 'string' || typeof value === 'number' ? value : null;
}
function resolve(selector: Selector, docs: readonly Doc[]): Selector {
  const resolveValue = (value: Json, field: string): Json => {
    if (Array.isArray(value)) return value.map((v) => resolveValue(v, field));
    if (value === null || typeof value !== 'object') return value;
    const ref = value[DOC_REF];
    if (typeof ref === 'number') {
      const doc = docs[ref % Math.max(1, docs.length)];
      // No documents (or a document without the optional field): the field's zero value.
      return (doc && valueAt(doc, field)) ?? (fieldTypes[field] === 'number' ? 0 : '');
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v, field)]));
  };
  return Object.fromEntries(
    Object.entries(selector).map(([field, condition]) => [
      field,
      field === '$and' || field === '$or'
        ? (condition as Selector[]).map((branch) => resolve(branch, docs))
        : resolveValue(condition, field),
    ]),
  );
}

const comparison = (value: fc.Arbitrary<Json>): fc.Arbitrary<Json> =>
  fc.oneof(
    ...(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte'] as const).map((op) => value.map((v): Json => ({ [op]: v }))),
  );

/** Conditions on a string or number field: equality, ranges, sets, existence, negation. */
const scalarCondition = (value: fc.Arbitrary<Json>, ...extra: fc.Arbitrary<Json>[]): fc.Arbitrary<Json> =>
  fc.oneof(
    value,
    comparison(value),
    fc
      .tuple(fc.constantFrom('$gt', '$gte'), value, fc.constantFrom('$lt', '$lte'), value)
      .map(([lower, a, upper, b]): Json => ({ [lower]: a, [upper]: b })),
    fc.array(value, { maxLength: 4 }).map(($in): Json => ({ $in })),
    fc.array(value, { maxLength: 3 }).map(($nin): Json => ({ $nin })),
    fc.boolean().map(($exists): Json => ({ $exists })),
    comparison(value).map(($not): Json => ({ $not })),
    ...extra,
  );

const regex = fc
  .tuple(
    fc.constantFrom('^a', 'a', 'b$', '^$', '^.$', 'ä', '😀', '\\t', '[ab]', '^[^a]', '\\u0000', '.{3}', '^\\s'),
    fc.boolean(),
  )
  .map(([$regex, ignoreCase]): Json => (ignoreCase ? { $regex, $options: 'i' } : { $regex }));

const stringCondition = (value: fc.Arbitrary<string>) => scalarCondition(orFromDoc(value), regex);
const numberCondition = (value: fc.Arbitrary<number>) => scalarCondition(orFromDoc(value));

/** One condition on one field, indexed (name, tag, count, price, delta, flag, info.city, id) or not (the rest). */
const leaf: fc.Arbitrary<Selector> = fc.oneof(
  stringCondition(name).map((c) => ({ name: c })),
  stringCondition(tag).map((c) => ({ tag: c })),
  stringCondition(city).map((c) => ({ 'info.city': c })),
  stringCondition(text(3)).map((c) => ({ note: c })),
  stringCondition(key).map((c) => ({ id: c })),
  numberCondition(fc.integer({ min: -1100, max: 1100 })).map((c) => ({ count: c })),
  numberCondition(count).map((c) => ({ count: c })),
  numberCondition(fc.integer({ min: -8, max: 808 }).map((n) => n / 8)).map((c) => ({ price: c })),
  numberCondition(delta).map((c) => ({ delta: c })),
  numberCondition(floor).map((c) => ({ 'info.floor': c })),
  fc
    .oneof(
      fc.boolean(),
      fc.boolean().map(($eq): Json => ({ $eq })),
      fc.boolean().map(($ne): Json => ({ $ne })),
      fc.subarray([true, false]).map(($in): Json => ({ $in })),
      fc.boolean().map(($exists): Json => ({ $exists })),
      fc.boolean().map(($eq): Json => ({ $not: { $eq } })),
    )
    .map((c) => ({ flag: c })),
  fc
    .oneof(
      item,
      fc.array(item, { maxLength: 3 }).map(($in): Json => ({ $in })),
      fc.array(item, { maxLength: 2 }).map(($nin): Json => ({ $nin })),
      fc.integer({ min: 0, max: 3 }).map(($size): Json => ({ $size })),
      item.map(($eq): Json => ({ $elemMatch: { $eq } })),
    )
    .map((c) => ({ items: c })),
);
const conjunction = fc.array(leaf, { maxLength: 3 }).map((parts): Selector => Object.assign({}, ...parts));
const branches = fc.array(fc.oneof(leaf, conjunction), { minLength: 1, maxLength: 3 });
const selector: fc.Arbitrary<Selector> = fc.oneof(
  { weight: 4, arbitrary: conjunction },
  { weight: 1, arbitrary: fc.tuple(conjunction, branches).map(([s, $or]) => ({ ...s, $or })) },
  { weight: 1, arbitrary: fc.tuple(conjunction, branches).map(([s, $and]) => ({ ...s, $and })) },
  {
    weight: 1,
    arbitrary: fc.tuple(branches, branches).map(([a, b]) => ({ $or: [{ $and: a }, { $and: b }] })),
  },
);

const sortFields = ['name', 'tag', 'count', 'price', 'delta', 'flag', 'info.city', 'info.floor', 'note', 'id'];
const indexes = (storageSchema.indexes ?? []).map((index) => (Array.isArray(index) ? [...index] : [index as string]));

const sortsByIndex = indexes.map((index) =>
  index.filter((field) => field !== '_deleted').map((field): [string, 'asc' | 'desc'] => [field, 'asc']),
);

/**
 * `$in` on the leading fields of an index (after fields fixed by `$eq`), which the SQLite storage reads as one index
 * range per value: single fields, compound indexes, several `$in` fields at once, numbers outside the schema's bounds
 * (their keys clamp to the same key) and strings longer than the field's `maxLength` (read as one range instead).
 */
const inList = (value: fc.Arbitrary<Json>): fc.Arbitrary<Json> =>
  fc.array(orFromDoc(value), { maxLength: 5 }).map(($in): Json => ({ $in }));
const inSelector: fc.Arbitrary<Selector> = fc.oneof(
  inList(name).map((c) => ({ name: c })),
  inList(text(10)).map((c) => ({ name: c })),
  inList(tag).map((c) => ({ tag: c })),
  inList(city).map((c) => ({ 'info.city': c })),
  inList(key).map((c) => ({ id: c })),
  inList(count).map((c) => ({ count: c })),
  inList(fc.integer({ min: -1100, max: 1100 })).map((c) => ({ count: c })),
  inList(fc.integer({ min: -8, max: 808 }).map((n) => n / 8)).map((c) => ({ price: c })),
  inList(fc.boolean()).map((c) => ({ flag: c })),
  fc.tuple(orFromDoc(tag), inList(count)).map(([t, c]) => ({ tag: { $eq: t }, count: c })),
  fc.tuple(inList(tag), inList(count)).map(([t, c]) => ({ tag: t, count: c })),
  fc.tuple(fc.boolean(), inList(delta)).map(([f, d]) => ({ flag: { $eq: f }, delta: d })),
  fc.tuple(inList(fc.boolean()), inList(delta), inList(name)).map(([f, d, n]) => ({ flag: f, delta: d, name: n })),
);

interface QuerySpec {
  selector: Selector;
  /** `either` is `_deleted: { $in: [false, true] }`, a leading `$in` on every index. */
  alive: 'any' | 'alive' | 'deleted' | 'either';
  sort: [string, 'asc' | 'desc'][] | undefined;
  skip: number | undefined;
  limit: number | undefined;
  index: string[] | undefined;
}
const querySpec: fc.Arbitrary<QuerySpec> = fc.record({
  selector,
  alive: fc.constantFrom('any', 'any', 'alive', 'alive', 'alive', 'deleted'),
  sort: fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 6,
      arbitrary: fc.uniqueArray(
        fc.tuple(fc.constantFrom(...sortFields), fc.constantFrom('asc' as const, 'desc' as const)),
        { selector: ([field]) => field, minLength: 1, maxLength: 3 },
      ),
    },
    // An index's own order, so the storages also take their paths where the index gives the order.
    { weight: 2, arbitrary: fc.constantFrom(...sortsByIndex) },
  ),
  skip: fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }),
  limit: fc.option(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20 })), { nil: undefined }),
  // Mostly RxDB's own choice of index; sometimes one named in the query, exactly as it is in `schema.indexes`.
  index: fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(...indexes) },
  ),
});

/** As `querySpec`, with `$in` on an index's leading fields and any other conditions beside it. */
const inQuerySpec: fc.Arbitrary<QuerySpec> = fc
  .record({
    spec: querySpec,
    conditions: conjunction,
    onIndex: inSelector,
    alive: fc.constantFrom('any', 'alive', 'alive', 'deleted', 'either'),
  })
  .map(({ spec, conditions, onIndex, alive }) => ({ ...spec, selector: { ...conditions, ...onIndex }, alive }));

function mangoOf(spec: QuerySpec, docs: readonly Doc[], paged: boolean): MangoQuery<Doc> {
  const alive = {
    any: {},
    alive: { _deleted: { $eq: false } },
    deleted: { _deleted: { $eq: true } },
    either: { _deleted: { $in: [false, true] } },
  }[spec.alive];
  const query: MangoQuery<Doc> = {
    selector: { ...resolve(spec.selector, docs), ...alive } as MangoQuerySelector<Doc>,
  };
  if (spec.sort) query.sort = spec.sort.map(([field, direction]): MangoQuerySortPart<Doc> => ({ [field]: direction }));
  if (spec.index) query.index = [...spec.index];
  if (paged && spec.skip !== undefined) query.skip = spec.skip;
  if (paged && spec.limit !== undefined) query.limit = spec.limit;
  return query;
}
const prepared = (query: MangoQuery<Doc>) => prepareQuery(storageSchema, normalizeMangoQuery(storageSchema, query));

// ---------------------------------------------------------------------------------------------------------------

const temp = tempStorage();
afterAll(() => temp.dispose());

const byId = (a: Doc, b: Doc) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Strict deep equality (-0 is not 0, a missing key is not an undefined one). Throws a short message with both
 * answers rather than using `expect`: shrinking meets hundreds of failures, and a diff of each is slow.
 */
function same<T>(what: string, sqlite: T, memory: T): void {
  if (!isDeepStrictEqual(sqlite, memory)) {
    throw new Error(`${what}\n  sqlite: ${fc.stringify(sqlite)}\n  memory: ${fc.stringify(memory)}`);
  }
}

/**
 * RxDB's planner spans an `$in` from its smallest to its largest value in JavaScript's string order, which is not
 * the index's order (index keys pad strings with spaces, so `'a\t'` sorts before `'a'`): for `$in: ['a', 'a\t']`
 * the memory storage reads an empty range and misses documents. As the oracle, the memory storage reads the whole
 * span of every `$in` field instead (and matches the selector, as it does for every `$in`).
 */
function spanningIn(query: PreparedQuery<Doc>): PreparedQuery<Doc> {
  const { index, startKeys, endKeys } = query.queryPlan;
  const selector = query.query.selector as Record<string, unknown>;
  const isIn = (n: number) => {
    const condition = selector[index[n] ?? ''];
    // A one-value `$in` is planned as `$eq` is (one key), not as a span.
    return typeof condition === 'object' && condition !== null && '$in' in condition && startKeys[n] !== endKeys[n];
  };
  return {
    ...query,
    queryPlan: {
      ...query.queryPlan,
      startKeys: startKeys.map((key, n) => (isIn(n) ? INDEX_MIN : key)),
      endKeys: endKeys.map((key, n) => (isIn(n) ? INDEX_MAX : key)),
    },
  };
}

/** How many compared queries the SQLite storage read as several index ranges (so the property covers that path). */
let splitQueries = 0;
const rangesRead = (sqlite: Instance) => (sqlite as unknown as SqliteStorageInstance<PropDoc>).reads.ranges;

/** Compares one query, first without skip/limit (documents and count), then as given. */
async function compare(sqlite: Instance, memory: Instance, spec: QuerySpec, docs: readonly Doc[]): Promise<void> {
  const rangesBefore = rangesRead(sqlite);
  const whole = mangoOf(spec, docs, false);
  const wholeQuery = prepared(whole);
  const shown = fc.stringify(whole);
  same(
    `query() of ${shown}`,
    (await sqlite.query(wholeQuery)).documents,
    (await memory.query(spanningIn(wholeQuery))).documents,
  );
  if (rangesRead(sqlite) - rangesBefore > 1) splitQueries++;
  same(
    `count() of ${shown}`,
    (await sqlite.count(wholeQuery)).count,
    (await memory.count(spanningIn(wholeQuery))).count,
  );
  if (spec.skip !== undefined || spec.limit !== undefined) {
    const paged = mangoOf(spec, docs, true);
    const pagedQuery = prepared(paged);
    same(
      `query() of ${fc.stringify(paged)}`,
      (await sqlite.query(pagedQuery)).documents,
      (await memory.query(spanningIn(pagedQuery))).documents,
    );
  }
}

describe('SQLite storage against RxDB’s memory storage', () => {
  it('gives the same results for random documents, write histories and Mango queries', async () => {
    await fc.assert(
      fc.asyncProperty(
        history,
        fc.array(fc.oneof({ weight: 1, arbitrary: querySpec }, { weight: 1, arbitrary: inQuerySpec }), {
          minLength: 1,
          maxLength: 8,
          size: 'max',
        }),
        fc.array(fc.oneof(fc.nat(), key), { maxLength: 4 }),
        async (h, specs, lookups) => {
          const plan = planOf(h);
          const databaseName = `prop-${randomToken(10)}`;
          const sqlite = await openInstance<PropDoc>(temp.storage, databaseName, 'docs', storageSchema);
          const memory = await openInstance<PropDoc>(getRxStorageMemory(), databaseName, 'docs', storageSchema);
          try {
            for (const [n, rows] of plan.batches.entries()) {
              const fromMemory = await memory.bulkWrite(structuredClone(rows), 'prop');
              const fromSqlite = await sqlite.bulkWrite(structuredClone(rows), 'prop');
              same('bulkWrite() errors', fromSqlite.error, fromMemory.error);
              same(
                'conflicts',
                fromMemory.error.map((e) => [e.documentId, e.status]),
                plan.conflicts[n]!.map((id) => [id, 409]),
              );
            }

            const latest = [...plan.versions.values()].map((past) => past.at(-1)!);
            for (const spec of specs) await compare(sqlite, memory, spec, latest);

            const ids = [...plan.versions.keys()];
            // Distinct ids, as RxDB asks (for a repeated id the memory storage repeats the document, we do not).
            const picked = [
              ...new Set(lookups.map((l) => (typeof l === 'number' ? (ids[l % Math.max(1, ids.length)] ?? 'x') : l))),
            ];
            for (const wanted of [ids, picked, ...picked.map((id) => [id])]) {
              for (const withDeleted of [true, false]) {
                same(
                  `findDocumentsById(${fc.stringify(wanted)}, ${withDeleted})`,
                  (await sqlite.findDocumentsById(wanted, withDeleted)).sort(byId),
                  (await memory.findDocumentsById(wanted, withDeleted)).sort(byId),
                );
              }
            }
          } finally {
            await sqlite.remove();
            await memory.remove();
          }
        },
      ),
      { numRuns: 100 },
    );
    // The property covered the split path (about 60 queries in a run read several ranges).
    expect(splitQueries).toBeGreaterThan(20);
  });
});
