import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type HemtryggDatabase } from './database.ts';
import { FREE_ATTEMPTS, hashSecret, lockAfterMsFromEnv, SessionManager } from './sessions.ts';

let directory: string;
let database: HemtryggDatabase;
let clock = 0;
let sessions: SessionManager;

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), 'hemtrygg-sessions-'));
  database = await openDatabase({ directory, key: randomBytes(32) });
  await database.users.bulkInsert([
    { id: 'anna', teamId: 'savar', displayName: 'Anna Lind', role: 'worker', secretHash: await hashSecret('246810') },
    {
      id: 'cecilia',
      teamId: 'savar',
      displayName: 'Cecilia Ek',
      role: 'supervisor',
      secretHash: await hashSecret('lång fras'),
    },
  ]);
  clock = 1_000_000;
  // Wide margins: real timers on a busy CI machine must not lock early or late.
  sessions = new SessionManager({ database, lockAfterMs: 400, now: () => clock });
});
afterEach(async () => {
  sessions.dispose();
  await database.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('signing in', () => {
  it('offers the profiles without their hashes, and signs in with the right PIN or password', async () => {
    expect(await sessions.profiles()).toEqual([
      { id: 'anna', displayName: 'Anna Lind', role: 'worker' },
      { id: 'cecilia', displayName: 'Cecilia Ek', role: 'supervisor' },
    ]);
    expect(await sessions.signIn('cecilia', 'lång fras')).toEqual({
      userId: 'cecilia',
      teamId: 'savar',
      role: 'supervisor',
    });
    expect(sessions.current.value?.userId).toBe('cecilia');
  });

  it('refuses a wrong PIN and an unknown profile alike', async () => {
    await expect(sessions.signIn('anna', '135790')).rejects.toMatchObject({ code: 'auth.wrongSecret' });
    await expect(sessions.signIn('nobody', '246810')).rejects.toMatchObject({ code: 'auth.wrongSecret' });
    expect(sessions.current.value).toBeUndefined();
  });

  it('holds a profile back after repeated wrong PINs, longer each time, even for the right PIN', async () => {
    for (let n = 0; n < FREE_ATTEMPTS; n++) {
      await expect(sessions.signIn('anna', '000000')).rejects.toMatchObject({ code: 'auth.wrongSecret' });
    }
    await expect(sessions.signIn('anna', '246810')).rejects.toMatchObject({ code: 'auth.heldBack' });
    clock += 30_001;
    await expect(sessions.signIn('anna', '000000')).rejects.toMatchObject({ code: 'auth.wrongSecret' });
    clock += 30_001;
    await expect(sessions.signIn('anna', '246810')).rejects.toMatchObject({ code: 'auth.heldBack' });
    clock += 30_000;
    expect(await sessions.signIn('anna', '246810')).toMatchObject({ userId: 'anna' });
  });
});

describe('locking', () => {
  it('locks after a quiet spell, and use keeps it open', async () => {
    await sessions.signIn('anna', '246810');
    for (let n = 0; n < 6; n++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      sessions.touch();
    }
    expect(sessions.current.value?.userId).toBe('anna');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(sessions.current.value).toBeUndefined();
  });

  it('locks at once when told to (lid closed, system asleep)', async () => {
    await sessions.signIn('anna', '246810');
    const seen: (string | undefined)[] = [];
    sessions.current.subscribe((s) => seen.push(s?.userId));
    sessions.lock();
    expect(seen).toEqual(['anna', undefined]);
  });
});

describe('the lock delay setting', () => {
  it('is the default when unset, a whole number of milliseconds when set, and refused when it is no delay', () => {
    expect(lockAfterMsFromEnv({})).toBeUndefined();
    expect(lockAfterMsFromEnv({ HEMTRYGG_LOCK_AFTER_MS: '300000' })).toBe(300_000);
    for (const bad of ['0', '-5', '10 minutes', '1.5', '999']) {
      expect(() => lockAfterMsFromEnv({ HEMTRYGG_LOCK_AFTER_MS: bad })).toThrow(/HEMTRYGG_LOCK_AFTER_MS/);
    }
  });
});
