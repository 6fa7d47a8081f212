/**
 * Durability under SIGKILL. A child process (crash-writer.ts) writes visits through a real RxDatabase and prints each
 * write before it starts (`begin`) and once RxDB acknowledged it (`ack`). It is killed with SIGKILL at a random moment,
 * 24 times, always on the same encrypted file. After each kill:
 * - the file passes `PRAGMA integrity_check`, opened directly with better-sqlite3-multiple-ciphers;
 * - reopened through RxDB, the live documents are exactly the acknowledged state: every acknowledged insert and the
 *   latest acknowledged minutes of every document, no acknowledged removal undone, nothing else. The one write that was
 *   in flight at the kill (a `begin` without its `ack`) may have committed or not, but whole: an insert or removal is
 *   one transaction, so all of its documents or none. Its outcome is then taken into the expected state.
 * Minutes only grow per document, so an older value coming back can never pass for a newer one.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRxDatabase, type RxCollection } from 'rxdb';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { afterAll, describe, expect, it } from 'vitest';
import type { CrashLine, CrashWrite } from './crash-writer.ts';
import { DEFAULT_CIPHER, databaseFilePath, getRxStorageSqlite, keyConnection } from './index.ts';
import { tempStorage, visitSchema, type VisitDoc } from './test-support.ts';

const RUNS = 24;
/** Every 6th run is killed while it starts up (opening the file, RxDB's own writes), not while it writes visits. */
const STARTUP_KILL_EVERY = 6;
/** Kill delay after the first acknowledged write, in ms: long enough for WAL checkpoints, short enough for 24 runs. */
const KILL_AFTER_ACK = { min: 20, max: 600 };
/** The writer's ids are `visit(start + k)`, k below its limit of 100 000 per run. */
const IDS_PER_RUN = 100_000;
const DB_NAME = 'crash';

const writer = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));
const temp = tempStorage();
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  temp.dispose();
});

type KillAt = { afterFirstAck: number } | { afterSpawn: number };

interface Killed {
  /** Complete lines only: a line cut by the kill was never a whole acknowledgement. */
  lines: CrashLine[];
  firstAckMs: number | undefined;
}

/** Runs the writer from `start` and kills it with SIGKILL at `killAt`; resolves once its stdout is fully read. */
function runAndKill(start: number, killAt: KillAt): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const spawned = performance.now();
    const child = spawn(
      process.execPath,
      [
        '--disable-warning=ExperimentalWarning',
        writer,
        temp.directory,
        Buffer.from(temp.key).toString('hex'),
        DB_NAME,
        String(start),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.add(child);
    let stdout = '';
    let stderr = '';
    let firstAckMs: number | undefined;
    const kill = () => child.kill('SIGKILL');
    // A writer that never acknowledges anything would hang the test: give up on it loudly.
    const watchdog = setTimeout(kill, 30_000);
    let timer = 'afterSpawn' in killAt ? setTimeout(kill, killAt.afterSpawn) : undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (firstAckMs === undefined && stdout.includes('"phase":"ack"')) {
        firstAckMs = performance.now() - spawned;
        if ('afterFirstAck' in killAt) timer = setTimeout(kill, killAt.afterFirstAck);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    // 'close', not 'exit': only then has everything the child wrote to the pipe been read.
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      clearTimeout(timer);
      children.delete(child);
      if (signal !== 'SIGKILL') {
        reject(new Error(`crash-writer ended by itself (code ${code}, signal ${signal}):\n${stderr}`));
      } else if (firstAckMs === undefined && 'afterFirstAck' in killAt) {
        reject(new Error(`crash-writer acknowledged nothing in 30 s:\n${stderr}`));
      } else {
        const lines = stdout.split('\n').slice(0, -1);
        resolve({ lines: lines.map((line) => JSON.parse(line) as CrashLine), firstAckMs });
      }
    });
  });
}

/** What the file must hold: live documents with their minutes, and ids that were removed. */
interface Expected {
  live: Map<string, number>;
  removed: Set<string>;
}

/** Applies one write (acknowledged, or in flight and found committed) to the expected state. */
function apply(expected: Expected, write: CrashWrite): void {
  if (write.op === 'insert') {
    for (const [id, minutes] of write.docs) {
      expect(expected.live.has(id) || expected.removed.has(id), `${id} inserted twice`).toBe(false);
      expected.live.set(id, minutes);
    }
  } else if (write.op === 'update') {
    for (const [id, minutes] of write.docs) {
      const before = expected.live.get(id);
      expect(before, `${id} updated (${write.how}) but not live`).toBeDefined();
      expect(minutes, `${id} minutes must grow`).toBeGreaterThan(before!);
      expected.live.set(id, minutes);
    }
  } else {
    for (const id of write.ids) {
      expect(expected.live.has(id), `${id} removed but not live`).toBe(true);
      expected.live.delete(id);
      expected.removed.add(id);
    }
  }
}

/**
 * Whether the write in flight at the kill committed, judged from the stored documents. Inserts and removals are one
 * storage transaction each, so all-or-nothing; `bulkUpsert` of existing documents is several, so judged per document.
 */
function inFlightOutcome(write: CrashWrite, stored: Map<string, number>): CrashWrite | undefined {
  if (write.op === 'update') {
    const docs = write.docs.filter(([id, minutes]) => stored.get(id) === minutes);
    return docs.length > 0 ? { ...write, docs } : undefined;
  }
  const ids = write.op === 'insert' ? write.docs.map(([id]) => id) : write.ids;
  const applied = ids.filter((id) => stored.has(id) === (write.op === 'insert'));
  expect([0, ids.length], `${write.how} of ${ids.length} documents applied to only ${applied.length}`).toContain(
    applied.length,
  );
  return applied.length > 0 ? write : undefined;
}

function checkIntegrity(): void {
  // Read-only: the killed writer's WAL stays as it was, for RxDB to recover next.
  const db = new Database(databaseFilePath(temp.directory, DB_NAME), { readonly: true, fileMustExist: true });
  try {
    keyConnection(db, temp.key, DEFAULT_CIPHER);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
}

/** Every live visit and its minutes, read through RxDB on our storage. */
async function storedVisits(): Promise<Map<string, number>> {
  const db = await createRxDatabase({
    name: DB_NAME,
    storage: wrappedValidateAjvStorage({
      storage: getRxStorageSqlite({ directory: temp.directory, key: temp.key }),
    }),
    multiInstance: false,
  });
  try {
    const { visits } = (await db.addCollections({ visits: { schema: visitSchema } })) as {
      visits: RxCollection<VisitDoc>;
    };
    return new Map((await visits.find().exec()).map((doc) => [doc.id, doc.minutes]));
  } finally {
    await db.close();
  }
}

const between = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min + 1));

function differences(expected: Expected, stored: Map<string, number>): string[] {
  const found: string[] = [];
  for (const [id, minutes] of expected.live) {
    const actual = stored.get(id);
    if (actual === undefined) found.push(`${id}: acknowledged with minutes ${minutes}, missing`);
    else if (actual !== minutes) found.push(`${id}: acknowledged minutes ${minutes}, stored ${actual}`);
  }
  for (const [id, actual] of stored) {
    if (expected.removed.has(id)) found.push(`${id}: removal acknowledged, stored with minutes ${actual}`);
    else if (!expected.live.has(id)) found.push(`${id}: never written, stored with minutes ${actual}`);
  }
  return found;
}

describe('a killed writer', () => {
  it('loses no acknowledged write and leaves a sound file, kill after kill', async () => {
    const started = performance.now();
    const expected: Expected = { live: new Map(), removed: new Set() };
    const stats = { acknowledged: 0, acknowledgedDocs: 0, startupKills: 0 };
    /** Per kind of write in flight at a kill: how often, and how often it had committed all the same. */
    const inFlightTally = new Map<CrashWrite['how'], { committed: number; total: number }>();
    let lastFirstAckMs = 1000;

    for (let run = 0; run < RUNS; run++) {
      const duringStartup = run % STARTUP_KILL_EVERY === STARTUP_KILL_EVERY - 1;
      const killAt: KillAt = duringStartup
        ? { afterSpawn: between(0, lastFirstAckMs) }
        : { afterFirstAck: between(KILL_AFTER_ACK.min, KILL_AFTER_ACK.max) };
      const { lines, firstAckMs } = await runAndKill(run * IDS_PER_RUN, killAt);
      if (firstAckMs !== undefined) lastFirstAckMs = Math.round(firstAckMs);
      if (duringStartup) stats.startupKills++;
      else expect(lines.some((line) => line.phase === 'ack')).toBe(true);

      // Fold the acknowledged writes in; the writer writes one at a time, so at most the last one is in flight.
      let inFlight: CrashLine | undefined;
      for (const line of lines) {
        if (line.phase === 'begin') {
          expect(inFlight, `run ${run}: write ${line.n} began before ${inFlight?.n} was acknowledged`).toBeUndefined();
          inFlight = line;
        } else {
          expect(inFlight?.n, `run ${run}: acknowledgement of a write that did not begin`).toBe(line.n);
          apply(expected, line.write);
          stats.acknowledged++;
          stats.acknowledgedDocs += line.write.op === 'remove' ? line.write.ids.length : line.write.docs.length;
          inFlight = undefined;
        }
      }

      checkIntegrity();
      const stored = await storedVisits();
      if (inFlight) {
        const committed = inFlightOutcome(inFlight.write, stored);
        const tally = inFlightTally.get(inFlight.write.how) ?? { committed: 0, total: 0 };
        inFlightTally.set(inFlight.write.how, {
          committed: tally.committed + (committed ? 1 : 0),
          total: tally.total + 1,
        });
        if (committed) apply(expected, committed);
      }
      const wrong = differences(expected, stored);
      expect(
        wrong,
        `run ${run} (killed ${JSON.stringify(killAt)} ms, ${lines.length} lines): ` +
          `${wrong.length} documents differ:\n${wrong.slice(0, 20).join('\n')}`,
      ).toEqual([]);
    }

    expect(stats.acknowledged).toBeGreaterThan(RUNS * 5);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.info(
      `crash test: ${RUNS} kills (${stats.startupKills} during start-up) in ${seconds} s; ` +
        `${stats.acknowledged} acknowledged writes (${stats.acknowledgedDocs} document writes) checked; ` +
        `in flight at a kill (committed/total): ${[...inFlightTally].map(([how, t]) => `${how} ${t.committed}/${t.total}`).join(', ')}; ` +
        `${expected.live.size} live and ${expected.removed.size} removed documents at the end`,
    );
  });
});
