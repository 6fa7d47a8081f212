import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PIN, DEMO_SERVER_PASSWORD } from '../core/demo-credentials.ts';
import { localDate } from '../core/schedule.ts';
import { openDatabase, type HemtryggDatabase } from './database.ts';
import { seedDemo } from './demo.ts';
import { SessionManager } from './sessions.ts';

const opened: { database: HemtryggDatabase; directory: string }[] = [];
afterEach(async () => {
  for (const { database, directory } of opened.splice(0)) {
    await database.close();
    rmSync(directory, { recursive: true, force: true });
  }
});

async function demo() {
  const directory = mkdtempSync(join(tmpdir(), 'hemtrygg-demo-'));
  // RxDB allows one open database per name in a process.
  const database = await openDatabase({ directory, key: randomBytes(32), name: `demo${opened.length}` });
  opened.push({ database, directory });
  expect(await seedDemo(database)).toBe(true);
  return database;
}

describe('the demo team', () => {
  it('has four workers and a supervisor, 60 clients around Umeå and three weeks of visits before today', async () => {
    const database = await demo();
    const users = await database.users.find().exec();
    expect(users.filter((u) => u.role === 'worker')).toHaveLength(4);
    expect(users.filter((u) => u.role === 'supervisor')).toHaveLength(1);
    const clients = await database.clients.find().exec();
    expect(clients).toHaveLength(60);
    expect(new Set(clients.map((c) => c.village)).size).toBeGreaterThanOrEqual(8);
    // Nobody's real number: Skatteverket's published test identity only.
    expect(new Set(clients.map((c) => c.personnummer))).toEqual(new Set(['19121212-1212']));
    const visits = await database.visits.find().exec();
    expect(visits.length).toBeGreaterThan(1000);
    const today = localDate();
    expect(visits.every((v) => localDate(new Date(v.startedAt)) < today)).toBe(true);
    expect(visits.some((v) => v.deviations.some((d) => d.kind === 'not-at-home'))).toBe(true);
    expect(await database.amendments.count().exec()).toBeGreaterThan(0);
    // Reviewed up to three days ago, a few returned, the older weeks locked: the inbox holds the last days' work.
    const reviews = await database.reviews.find().exec();
    expect(reviews.filter((r) => r.decision === 'returned').length).toBeGreaterThan(0);
    expect(reviews.filter((r) => r.decision === 'locked')).toHaveLength(1);
    expect(reviews.length).toBeLessThan(visits.length);
  });

  it('is the same every time, and is added only once', async () => {
    const summary = async (db: HemtryggDatabase) =>
      (await db.clients.find({ sort: [{ id: 'asc' }] }).exec()).map((c) => `${c.id} ${c.givenName} ${c.familyName}`);
    const first = await demo();
    const before = await summary(first);
    expect(await seedDemo(first)).toBe(false);
    expect(await first.clients.count().exec()).toBe(60);
    // One laptop at a time: RxDB's open-source edition allows 13 open collections in a process.
    const { directory } = opened.pop()!;
    await first.close();
    rmSync(directory, { recursive: true, force: true });
    expect(await summary(await demo())).toEqual(before);
  });

  it('opens every profile with the demo PIN, not the server password, and signs nothing offline', async () => {
    const database = await demo();
    const sessions = new SessionManager({ database });
    try {
      const [profile] = await sessions.profiles();
      await expect(sessions.signIn(profile!.id, DEMO_SERVER_PASSWORD)).rejects.toMatchObject({
        code: 'auth.wrongSecret',
      });
      expect(await sessions.signIn(profile!.id, DEMO_PIN)).toMatchObject({ userId: profile!.id });
      // No server gave these profiles keys: the offline demo never syncs.
      expect(sessions.activeSigner()).toBeUndefined();
      expect((await database.users.find().exec()).every((u) => u.signingKey === undefined)).toBe(true);
    } finally {
      sessions.dispose();
    }
  });
});
