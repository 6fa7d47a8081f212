/**
 * Property: for random documents, random histories (updates, deletes) and random Mango queries, the SQLite storage
 * answers exactly as RxDB's memory storage does — same documents, same order, same counts.
 */
import fc from 'fast-check';
import {
  fillWithDefaultSettings,
  normalizeMangoQuery,
  prepareQuery,
  randomToken,
  type MangoQuery,
  type MangoQuerySelector,
  type RxDocumentData,
  type RxJsonSchema,
  type RxStorageInstance,
} from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, describe, expect, it } from 'vitest';
import { openInstance, tempStorage } from './test-support.ts';

interface Item {
  key: string;
  name: string;
  group: string;
  rank: number;
  score: number;
  active: boolean;
  nested: { label: string };
  tags: string[];
  comment?: string;
}

const schema: RxJsonSchema<Item> = {
  version: 0,
  primaryKey: 'key',
  type: 'object',
  properties: {
    key: { type: 'string', maxLength: 12 },
    name: { type: 'string', maxLength: 8 },
    group: { type: 'string', maxLength: 3 },
    rank: { type: 'integer', minimum: -50, maximum: 50, multipleOf: 1 },
    score: { type: 'number', minimum: 0, maximum: 100, multipleOf: 0.5 },
    active: { type: 'boolean' },
    nested: { type: 'object', properties: { label: { type: 'string', maxLength: 6 } }, required: ['label'] },
    tags: { type: 'array', items: { type: 'string' } },
    comment: { type: 'string' },
  },
  required: ['key', 'name', 'group', 'rank', 'score', 'active', 'nested', 'tags'],
  indexes: ['name', 'rank', 'score', 'active', ['group', 'rank'], 'nested.label'],
};
const storageSchema = fillWithDefaultSettings(schema) as RxJsonSchema<RxDocumentData<Item>>;

const anyCodePoint = fc
  .integer({ min: 0, max: 0x10ffff })
  .filter((c) => c < 0xd800 || c > 0xdfff)
  .map((c) => String.fromCodePoint(c));
/** Full Unicode, control characters and characters above U+FFFF included; `max` counts UTF-16 code units. */
const text = (max: number) =>
  fc
    .string({
      unit: fc.oneof(fc.constantFrom('a', 'b', 'ä', 'Å', ' ', '\t', '😀', '\uffff'), anyCodePoint),
      maxLength: max,
    })
    .map((s) => s.slice(0, max))
    .filter((s) => s.length <= max && !/[\uD800-\uDBFF]$/.test(s));

const itemFields = fc.record(
  {
    name: text(8),
    group: fc.constantFrom('', 'a', 'b', 'ab', 'ä'),
    rank: fc.integer({ min: -50, max: 50 }),
    score: fc.integer({ min: 0, max: 200 }).map((n) => n / 2),
    active: fc.boolean(),
    nested: fc.record({ label: text(6) }),
    tags: fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 3 }),
    comment: text(10),
  },
  { requiredKeys: ['name', 'group', 'rank', 'score', 'active', 'nested', 'tags'] },
);

type Step =
  | { kind: 'insert'; fields: Omit<Item, 'key'> }
  | { kind: 'update' | 'delete'; target: number; fields: Omit<Item, 'key'> };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: itemFields.map((fields) => ({ kind: 'insert' as const, fields })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('update' as const), target: fc.nat(), fields: itemFields }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), target: fc.nat(), fields: itemFields }) },
);

const fieldCondition: fc.Arbitrary<MangoQuerySelector<Item>> = fc.oneof(
  fc.record({ name: fc.record({ $gt: text(3) }) }),
  fc.record({ name: fc.record({ $lte: text(3) }) }),
  fc.record({ name: fc.record({ $eq: text(2) }) }),
  fc.record({ rank: fc.record({ $gte: fc.integer({ min: -60, max: 60 }) }) }),
  fc.record({ rank: fc.record({ $lt: fc.integer({ min: -60, max: 60 }), $gt: fc.integer({ min: -60, max: 0 }) }) }),
  fc.record({ rank: fc.record({ $ne: fc.integer({ min: -5, max: 5 }) }) }),
  fc.record({
    score: fc.record({
      $in: fc.array(
        fc.integer({ min: 0, max: 200 }).map((n) => n / 2),
        { maxLength: 4 },
      ),
    }),
  }),
  fc.record({ score: fc.record({ $nin: fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 3 }) }) }),
  fc.record({ active: fc.boolean() }),
  fc.record({ group: fc.constantFrom('', 'a', 'b', 'ab', 'ä') }),
  fc.record({ 'nested.label': fc.record({ $gte: text(2) }) }) as fc.Arbitrary<MangoQuerySelector<Item>>,
  fc.record({ comment: fc.record({ $exists: fc.boolean() }) }),
  fc.record({ comment: fc.record({ $regex: fc.constantFrom('^a', 'b$', 'ä', '\\d') }) }),
  fc.record({ tags: fc.record({ $size: fc.integer({ min: 0, max: 3 }) }) }),
  fc.record({ rank: fc.record({ $not: fc.record({ $gt: fc.integer({ min: -50, max: 50 }) }) }) }),
);

const selector: fc.Arbitrary<MangoQuerySelector<Item>> = fc.oneof(
  { weight: 4, arbitrary: fc.array(fieldCondition, { maxLength: 3 }).map((parts) => Object.assign({}, ...parts)) },
  { weight: 1, arbitrary: fc.array(fieldCondition, { minLength: 1, maxLength: 3 }).map(($or) => ({ $or })) },
  { weight: 1, arbitrary: fc.array(fieldCondition, { minLength: 1, maxLength: 3 }).map(($and) => ({ $and })) },
);

const sortable = ['name', 'rank', 'score', 'active', 'group', 'nested.label', 'key'] as const;
const query: fc.Arbitrary<MangoQuery<Item>> = fc.record(
  {
    selector: fc.tuple(selector, fc.boolean()).map(([s, alive]) => (alive ? { ...s, _deleted: { $eq: false } } : s)),
    sort: fc
      .uniqueArray(fc.constantFrom(...sortable), { minLength: 1, maxLength: 3 })
      .chain((fields) => fc.tuple(...fields.map((f) => fc.constantFrom('asc', 'desc').map((dir) => ({ [f]: dir }))))),
    skip: fc.integer({ min: 0, max: 10 }),
    limit: fc.integer({ min: 0, max: 25 }),
    index: fc.constantFrom(...(storageSchema.indexes ?? []).map((ix) => (Array.isArray(ix) ? [...ix] : [ix]))),
  },
  { requiredKeys: ['selector'] },
) as fc.Arbitrary<MangoQuery<Item>>;

const temp = tempStorage();
afterAll(() => temp.dispose());

async function replay(target: RxStorageInstance<Item, unknown, unknown>, steps: Step[], runId: string) {
  const current: RxDocumentData<Item>[] = [];
  let lwt = 1_700_000_000_000;
  for (const [n, s] of steps.entries()) {
    lwt += 1 + (n % 3) * 0.25;
    if (s.kind === 'insert' || current.length === 0) {
      const document = {
        key: `${runId}${String(n).padStart(4, '0')}`,
        ...s.fields,
        _deleted: false,
        _rev: '1-a',
        _meta: { lwt },
        _attachments: {},
      };
      expect((await target.bulkWrite([{ document }], 'p')).error).toEqual([]);
      current.push(document);
      continue;
    }
    const index = s.target % current.length;
    const previous = current[index]!;
    const height = Number(previous._rev.split('-')[0]) + 1;
    const document = {
      ...previous,
      ...(s.kind === 'update' ? s.fields : {}),
      key: previous.key,
      _deleted: s.kind === 'delete' || previous._deleted,
      _rev: `${height}-b`,
      _meta: { lwt },
    };
    expect((await target.bulkWrite([{ previous, document }], 'p')).error).toEqual([]);
    current[index] = document;
  }
  return current;
}

describe('SQLite storage against RxDB’s memory storage', () => {
  it('gives the same results for random documents, histories and queries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 60 }),
        fc.array(query, { minLength: 1, maxLength: 8 }),
        async (steps, queries) => {
          const runId = randomToken(6);
          const sqlite = await openInstance<Item>(temp.storage, `prop-${runId}`, 'items', storageSchema);
          const memory = await openInstance<Item>(getRxStorageMemory(), `prop-${runId}`, 'items', storageSchema);
          try {
            const docs = await replay(sqlite, steps, runId);
            await replay(memory, steps, runId);
            for (const q of queries) {
              const prepared = prepareQuery(storageSchema, normalizeMangoQuery(storageSchema, q as never));
              const expected = (await memory.query(prepared)).documents;
              expect((await sqlite.query(prepared)).documents).toEqual(expected);
              const whole = prepareQuery(
                storageSchema,
                normalizeMangoQuery(storageSchema, { ...q, skip: 0, limit: undefined } as never),
              );
              expect((await sqlite.count(whole)).count).toBe((await memory.count(whole)).count);
            }
            const ids = docs.map((d) => d.key);
            const byKey = (a: RxDocumentData<Item>, b: RxDocumentData<Item>) => (a.key < b.key ? -1 : 1);
            for (const withDeleted of [true, false]) {
              const fromSqlite = (await sqlite.findDocumentsById(ids, withDeleted)).sort(byKey);
              expect(fromSqlite).toEqual((await memory.findDocumentsById(ids, withDeleted)).sort(byKey));
            }
          } finally {
            await sqlite.remove();
            await memory.remove();
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
