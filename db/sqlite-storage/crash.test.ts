/**
 * Durability: a child process writes through RxDB and reports each acknowledged write; it is killed with SIGKILL at
 * random moments, 24 times, on the same file. After each kill the file passes `PRAGMA integrity_check` and holds
 * every acknowledged write.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createRxDatabase, type RxCollection } from 'rxdb';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { afterAll, describe, expect, it } from 'vitest';
import type { Acknowledged } from './crash-writer.ts';
import { DEFAULT_CIPHER, databaseFilePath, getRxStorageSqlite, keyConnection, KEY_BYTES } from './index.ts';
import { tempStorage, visitSchema, type VisitDoc } from './test-support.ts';

const KILLS = 24;
const writer = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));
const temp = tempStorage();
afterAll(() => temp.dispose());

/** Runs the writer until its first acknowledgement, then lets it go on for `ms` and kills it. */
function runAndKill(key: Buffer, run: number, ms: number): Promise<{ lines: string[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, temp.directory, key.toString('hex'), 'crash', String(run)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      timer ??= setTimeout(() => child.kill('SIGKILL'), ms);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer ended by itself (code ${code}): ${stderr}`));
      // A line is acknowledged only once it is complete: drop a trailing partial line.
      else resolve({ lines: stdout.split('\n').slice(0, -1), signal });
    });
  });
}

describe('a killed process', () => {
  it('loses no acknowledged write and leaves a sound file, kill after kill', async () => {
    const key = randomBytes(KEY_BYTES);
    const expected = new Map<string, { minutes: number } | 'removed'>();
    let acknowledged = 0;

    for (let run = 0; run < KILLS; run++) {
      const { lines } = await runAndKill(key, run, 30 + Math.floor(Math.random() * 570));
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        const ack = JSON.parse(line) as Acknowledged;
        acknowledged++;
        if (ack.op === 'insert') for (const [id, minutes] of ack.docs) expected.set(id, { minutes });
        else if (ack.op === 'update') expected.set(ack.id, { minutes: ack.minutes });
        else expected.set(ack.id, 'removed');
      }

      const file = new Database(databaseFilePath(temp.directory, 'crash'));
      try {
        keyConnection(file, key, DEFAULT_CIPHER);
        expect(file.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        file.close();
      }

      const db = await createRxDatabase({
        name: 'crash',
        storage: wrappedValidateAjvStorage({ storage: getRxStorageSqlite({ directory: temp.directory, key }) }),
        multiInstance: false,
      });
      try {
        const { visits } = (await db.addCollections({ visits: { schema: visitSchema } })) as {
          visits: RxCollection<VisitDoc>;
        };
        const stored = await visits.findByIds([...expected.keys()]).exec();
        for (const [id, state] of expected) {
          const doc = stored.get(id);
          if (state === 'removed') expect(doc, `${id} was removed`).toBeUndefined();
          else {
            expect(doc, `${id} was acknowledged`).toBeDefined();
            // A later write may have committed without being acknowledged before the kill; never an older one.
            expect(doc!.minutes).toBeGreaterThanOrEqual(state.minutes);
          }
        }
      } finally {
        await db.close();
      }
    }
    expect(acknowledged).toBeGreaterThan(KILLS * 5);
    console.info(`crash test: ${KILLS} kills, ${acknowledged} acknowledged writes, ${expected.size} documents checked`);
  });
});
