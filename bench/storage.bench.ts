/**
 * npm run bench:storage — RxDB's own storage benchmark (`runPerformanceTests`) on our encrypted SQLite storage and,
 * in the same run, on RxDB's memory storage and RxDB's SQLite trial storage.
 *
 * Two sizes: RxDB's default (4 collections, 3,000 documents) against the memory storage, and a small one the trial
 * storage's 500-document cap allows, for all three. Metric names carry the size, so rows of the two never mix.
 * Runs per size: BENCH_RUNS (default 10) and BENCH_SMALL_RUNS (default 5).
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RxStorage } from 'rxdb';
import { getRxStorageSQLiteTrial, type SQLiteBasics } from 'rxdb/plugins/storage-sqlite';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { averageSchemaData, runPerformanceTests } from 'rxdb/plugins/test-utils';
import { getRxStorageSqlite, KEY_BYTES, type Cipher, type Durability } from '../db/sqlite-storage/index.ts';
import { machineLine, round, writeResults, type BenchRow } from './report.ts';

type Sqlite = InstanceType<typeof Database>;

const defaultSize = { collectionsAmount: 4, docsAmount: 3000, serialDocsAmount: 50, insertBatches: 6 };
const smallSize = { docsAmount: 300, collectionsAmount: 2, serialDocsAmount: 20, insertBatches: 4 };
const runs = Number(process.env['BENCH_RUNS'] ?? 10);
const smallRuns = Number(process.env['BENCH_SMALL_RUNS'] ?? 5);

/** RxDB's published Node figures (ms) for its paid SQLite storage and its memory storage, from the issue. */
const published: Record<string, [paidSqlite: number, memory: number]> = {
  'insert-documents-500': [8.62, 0.31],
  'find-by-ids-3000': [26.41, 5.37],
  'serial-inserts-50': [10.84, 1.56],
  'serial-find-by-id-50': [2.67, 0.55],
  'find-by-query': [19.68, 2.82],
  'find-by-query-parallel-4': [20.38, 4.02],
  '4x-count': [2.01, 0.28],
};

const directory = mkdtempSync(join(tmpdir(), 'hemtrygg-bench-'));

/** The trial storage on better-sqlite3 (unencrypted), with the same WAL and synchronous level as ours. */
function trialOnBetterSqlite(): RxStorage<unknown, unknown> {
  const bind = (params: unknown[]) => params.map((p) => (typeof p === 'boolean' ? Number(p) : p));
  const basics: SQLiteBasics<Sqlite> = {
    open: async (name) => {
      const db = new Database(join(directory, `${name}.trial.sqlite`));
      db.pragma('synchronous = NORMAL');
      return db;
    },
    all: async (db, { query, params }) => {
      // The trial storage sends INSERTs through all() as well.
      const statement = db.prepare(query);
      return (statement.reader ? statement.all(...bind(params)) : (statement.run(...bind(params)), [])) as never;
    },
    run: async (db, { query, params }) => void db.prepare(query).run(...bind(params)),
    setPragma: async (db, key, value) => void db.pragma(`${key} = ${value}`),
    close: async (db) => void db.close(),
    journalMode: 'WAL',
  };
  return getRxStorageSQLiteTrial({ sqliteBasics: basics }) as RxStorage<unknown, unknown>;
}

const hemtrygg = (cipher: Cipher, durability: Durability = 'normal') =>
  getRxStorageSqlite({
    directory: join(directory, `${cipher}-${durability}`),
    key: randomBytes(KEY_BYTES),
    cipher,
    durability,
  });

/**
 * The floor under any storage that keeps documents as JSON rows in SQLite: better-sqlite3 alone, unencrypted, no RxDB,
 * reading the benchmark's 3,000 documents from a freshly opened file by id and parsing them. Fastest of `count` runs.
 */
function rawReadFloor(count: number): number {
  const file = join(directory, 'floor.sqlite');
  const docs = Array.from({ length: defaultSize.docsAmount }, (_, i) => averageSchemaData({ var2: i % 4 }));
  const setup = new Database(file);
  setup.pragma('journal_mode = WAL');
  setup.exec('CREATE TABLE t (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, data TEXT NOT NULL)');
  const insert = setup.prepare('INSERT INTO t (id, data) VALUES (?, ?)');
  setup.transaction(() => docs.forEach((d) => insert.run(d.id, JSON.stringify(d))))();
  setup.close();
  const ids = JSON.stringify(docs.map((d) => d.id));
  let best = Infinity;
  for (let run = 0; run < count; run++) {
    const db = new Database(file);
    const start = performance.now();
    const rows = db.prepare('SELECT data FROM t WHERE id IN (SELECT value FROM json_each(?))').pluck().all(ids);
    (rows as string[]).map((data) => JSON.parse(data));
    best = Math.min(best, performance.now() - start);
    db.close();
  }
  return round(best);
}

type Result = Record<string, number | string>;
async function measure(storage: RxStorage<unknown, unknown>, description: string, size: object, count: number) {
  const { warn, log } = console;
  // The trial storage prints a sales notice and limit warnings.
  console.warn = console.log = () => undefined;
  try {
    process.stdout.write(`  ${description} ... `);
    const result = (await runPerformanceTests(storage, description, {
      ...size,
      parallelQueryAmount: 4,
      runs: count,
      waitBetweenTests: 20,
      log: false,
    })) as Result;
    process.stdout.write('done\n');
    return result;
  } finally {
    Object.assign(console, { warn, log });
  }
}

const timings = (result: Result) =>
  Object.entries(result).filter(
    (entry): entry is [string, number] =>
      typeof entry[1] === 'number' && !['collectionsAmount', 'docsAmount'].includes(entry[0]),
  );

async function main(): Promise<void> {
  const rows: BenchRow[] = [];
  const tag = (size: { docsAmount: number; collectionsAmount: number }) =>
    ` (${size.docsAmount} docs, ${size.collectionsAmount} collections)`;
  const add = (result: Result, subject: string, size: typeof defaultSize | typeof smallSize) => {
    for (const [metric, value] of timings(result))
      rows.push({ metric: metric + tag(size), subject, value, unit: 'ms' });
  };

  console.log(`Default size, ${runs} runs`);
  const memory = await measure(getRxStorageMemory(), 'rxdb-memory', defaultSize, runs);
  const ours = await measure(hemtrygg('aegis'), 'hemtrygg', defaultSize, runs);
  const oursSqlcipher = await measure(hemtrygg('sqlcipher'), 'hemtrygg (sqlcipher)', defaultSize, runs);
  const oursFull = await measure(hemtrygg('aegis', 'full'), 'hemtrygg (durability full)', defaultSize, runs);
  add(memory, 'rxdb-memory', defaultSize);
  add(ours, 'hemtrygg', defaultSize);
  add(oursSqlcipher, 'hemtrygg (sqlcipher)', defaultSize);
  add(oursFull, 'hemtrygg (durability full)', defaultSize);

  console.log(`Small size, ${smallRuns} runs`);
  const smallMemory = await measure(getRxStorageMemory(), 'rxdb-memory', smallSize, smallRuns);
  const smallOurs = await measure(hemtrygg('aegis'), 'hemtrygg', smallSize, smallRuns);
  const smallTrial = await measure(trialOnBetterSqlite(), 'rxdb-sqlite-trial', smallSize, smallRuns);
  add(smallMemory, 'rxdb-memory', smallSize);
  add(smallOurs, 'hemtrygg', smallSize);
  add(smallTrial, 'rxdb-sqlite-trial', smallSize);

  const floor = rawReadFloor(runs);
  rows.push({
    metric: `read 3000 documents by id and JSON.parse them${tag(defaultSize)}`,
    subject: 'better-sqlite3 alone (unencrypted, no RxDB)',
    value: floor,
    unit: 'ms',
  });

  const lines = [
    '# Storage benchmark',
    '',
    `RxDB's \`runPerformanceTests\` (rxdb/plugins/test-utils), all storages in one run. ${machineLine()}.`,
    'Times in ms (RxDB keeps the fastest 5 % of runs, at least one). Hemtrygg: encrypted with AEGIS-256 (raw key),',
    'WAL, synchronous=NORMAL; "sqlcipher" is the same storage with the SQLCipher 4 page cipher; "durability full"',
    'adds an fsync on every commit. The trial storage runs unencrypted on better-sqlite3, WAL, synchronous=NORMAL.',
    '',
    `## Against RxDB's memory storage${tag(defaultSize)}, ${runs} runs`,
    '',
    'Target: our time / memory time at most half of the published paid-SQLite / memory ratio.',
    '',
    '| metric | hemtrygg | memory | ratio | target ratio | met | sqlcipher | ratio | durability full | ratio |',
    '| --- | ---: | ---: | ---: | ---: | :-: | ---: | ---: | ---: | ---: |',
  ];
  for (const [metric, value] of timings(ours)) {
    const base = Number(memory[metric]);
    const ratio = value / base;
    const paper = published[metric];
    const target = paper ? paper[0] / paper[1] / 2 : undefined;
    const full = Number(oursFull[metric]);
    const sqlcipher = Number(oursSqlcipher[metric]);
    lines.push(
      `| ${metric} | ${value} | ${base} | ${round(ratio)} | ${target ? round(target) : '—'} | ${
        target ? (ratio <= target ? 'yes' : '**no**') : ''
      } | ${sqlcipher} | ${round(sqlcipher / base)} | ${full} | ${round(full / base)} |`,
    );
  }
  const [paidIds, memoryIds] = published['find-by-ids-3000'] ?? [0, 1];
  const idsTarget = (paidIds / memoryIds / 2) * Number(memory['find-by-ids-3000']);
  lines.push(
    '',
    `The floor: better-sqlite3 alone, unencrypted and without RxDB, reads the same 3,000 documents by id from a`,
    `freshly opened file and parses their JSON in ${floor} ms; the find-by-ids-3000 target allows ${round(idsTarget)} ms`,
    `for all of it, RxDB's own work included.`,
  );
  lines.push(
    '',
    `## Against RxDB's SQLite trial storage${tag(smallSize)}, ${smallRuns} runs`,
    '',
    'Target: every metric faster than the trial storage.',
    '',
    '| metric | hemtrygg | trial | memory | hemtrygg / trial | met |',
    '| --- | ---: | ---: | ---: | ---: | :-: |',
  );
  for (const [metric, value] of timings(smallOurs)) {
    const trial = Number(smallTrial[metric]);
    lines.push(
      `| ${metric} | ${value} | ${trial} | ${smallMemory[metric]} | ${round(value / trial)} | ${
        value < trial ? 'yes' : '**no**'
      } |`,
    );
  }
  writeResults('storage', rows, lines.join('\n'));
  console.log(lines.join('\n'));
}

try {
  await main();
} finally {
  rmSync(directory, { recursive: true, force: true });
}
