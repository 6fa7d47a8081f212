import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoTeamData } from '../core/demo.ts';
import { recordSigningPayload } from '../core/signing.ts';
import type { StoredPersonKey } from '../core/users.ts';
import { openDatabase, SignedRecordError, type HemtryggDatabase } from './database.ts';
import { FREE_ATTEMPTS, hashSecret, lockAfterMsFromEnv, SessionManager } from './sessions.ts';
import { newPersonKey } from './signing.ts';

let directory: string;
let key: Uint8Array;
let database: HemtryggDatabase;
let clock = 0;
let sessions: SessionManager;

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), 'hemtrygg-sessions-'));
  key = randomBytes(32);
  database = await openDatabase({ directory, key });
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
  if (!database.db.closed) await database.close();
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

describe('the PIN hold-back', () => {
  it('survives a restart over the same database file', async () => {
    for (let n = 0; n < FREE_ATTEMPTS; n++) {
      await expect(sessions.signIn('anna', '000000')).rejects.toMatchObject({ code: 'auth.wrongSecret' });
    }
    await expect(sessions.signIn('anna', '246810')).rejects.toMatchObject({ code: 'auth.heldBack' });
    // The app is closed and started again (a thief's first idea).
    sessions.dispose();
    await database.close();
    database = await openDatabase({ directory, key });
    sessions = new SessionManager({ database, lockAfterMs: 400, now: () => clock });
    await expect(sessions.signIn('anna', '246810')).rejects.toMatchObject({ code: 'auth.heldBack' });
    clock += 30_001;
    // The count goes on from where it was: the next wrong PIN holds back twice as long.
    await expect(sessions.signIn('anna', '000000')).rejects.toMatchObject({ code: 'auth.wrongSecret' });
    clock += 59_999;
    await expect(sessions.signIn('anna', '246810')).rejects.toMatchObject({ code: 'auth.heldBack' });
    clock += 2;
    expect(await sessions.signIn('anna', '246810')).toMatchObject({ userId: 'anna' });
    // Once in, the slate is clean, after a restart too.
    sessions.dispose();
    await database.close();
    database = await openDatabase({ directory, key });
    sessions = new SessionManager({ database, lockAfterMs: 400, now: () => clock });
    for (let n = 0; n < FREE_ATTEMPTS - 1; n++) {
      await expect(sessions.signIn('anna', '000000')).rejects.toMatchObject({ code: 'auth.wrongSecret' });
    }
    expect(await sessions.signIn('anna', '246810')).toMatchObject({ userId: 'anna' });
  });

  it('counts guesses made all at once as one after another', async () => {
    const guesses = Array.from({ length: 12 }, (_, n) => sessions.signIn('anna', String(100_000 + n)));
    const codes = (await Promise.allSettled(guesses)).map((r) =>
      r.status === 'rejected' ? (r.reason as { code: string }).code : 'signed-in',
    );
    expect(codes.filter((c) => c === 'auth.wrongSecret')).toHaveLength(FREE_ATTEMPTS);
    expect(codes.filter((c) => c === 'auth.heldBack')).toHaveLength(12 - FREE_ATTEMPTS);
  });
});

describe('signing what the signed-in person writes', () => {
  const data = demoTeamData('2026-03-02');
  const keys = new Map<string, Promise<Awaited<ReturnType<typeof newPersonKey>>>>();
  /** Gives a profile a signing key wrapped with its PIN, as online sign-in does (one key per person for the file). */
  async function giveKey(userId: string, pin: string): Promise<StoredPersonKey> {
    if (!keys.has(userId)) keys.set(userId, newPersonKey(pin));
    const { wrap } = await keys.get(userId)!;
    const signingKey = { ...wrap, keyId: `key-${userId}` };
    await database.users.findOne(userId).incrementalPatch({ signingKey });
    return signingKey;
  }
  const verifies = (collection: string, record: Record<string, unknown>, key: StoredPersonKey) => {
    const signature = record['signature'] as { keyId: string; value: string } | undefined;
    if (!signature || signature.keyId !== key.keyId) return false;
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, format: 'jwk' });
    return verify(
      null,
      Buffer.from(recordSigningPayload(collection, record)),
      publicKey,
      Buffer.from(signature.value, 'base64url'),
    );
  };
  const visit = (id: string, workerId: string) => ({ ...data.visits[0]!, id, teamId: 'savar', workerId });
  const client = (id: string) => ({ ...data.clients[0]!, id, teamId: 'savar' });

  it('signs her own records while she is signed in, and nothing once the laptop is locked', async () => {
    const annasKey = await giveKey('anna', '246810');
    await sessions.signIn('anna', '246810');
    expect(sessions.activeSigner()).toMatchObject({ userId: 'anna', role: 'worker', keyId: 'key-anna' });
    // What the sign-in screen and the UI get never carries the key, wrapped or not.
    expect(await sessions.profiles()).toContainEqual({ id: 'anna', displayName: 'Anna Lind', role: 'worker' });
    expect(JSON.stringify([await sessions.profiles(), sessions.current.value])).not.toMatch(
      /wrapped|privateKey|key-anna/,
    );
    const signed = (await database.visits.insert(visit('v-anna', 'anna'))).toJSON();
    expect(verifies('visits', signed, annasKey)).toBe(true);
    // A record in someone else's name is left unsigned: the server refuses it rather than believe it.
    const forged = (await database.visits.insert(visit('v-forged', 'cecilia'))).toJSON();
    expect(forged).not.toHaveProperty('signature');

    sessions.lock();
    expect(sessions.activeSigner()).toBeUndefined();
    const afterLock = (await database.visits.insert(visit('v-locked', 'anna'))).toJSON();
    expect(afterLock).not.toHaveProperty('signature');
  });

  it('drops the key when someone else signs in, and on dispose', async () => {
    await giveKey('anna', '246810');
    const ceciliasKey = await giveKey('cecilia', 'lång fras');
    await sessions.signIn('anna', '246810');
    await sessions.signIn('cecilia', 'lång fras');
    expect(sessions.activeSigner()).toMatchObject({ userId: 'cecilia', role: 'supervisor' });
    expect((await database.visits.insert(visit('v-anna-later', 'anna'))).toJSON()).not.toHaveProperty('signature');
    const review = {
      id: 'r1',
      teamId: 'savar',
      subjectKind: 'visit' as const,
      subjectId: 'v-anna',
      decision: 'approved' as const,
      comment: '',
      amendmentIds: [],
      reviewerId: 'cecilia',
      createdAt: '2026-03-02T09:00:00.000Z',
    };
    expect(verifies('reviews', (await database.reviews.insert(review)).toJSON(), ceciliasKey)).toBe(true);
    sessions.dispose();
    expect(database.signer.current?.()).toBeUndefined();
  });

  it('signs a client record only for one who keeps the register, and re-signs it when it changes', async () => {
    await giveKey('anna', '246810');
    const ceciliasKey = await giveKey('cecilia', 'lång fras');
    await sessions.signIn('cecilia', 'lång fras');
    const doc = await database.clients.insert(client('c-new'));
    expect(verifies('clients', doc.toJSON(), ceciliasKey)).toBe(true);
    const edited = await doc.incrementalPatch({ phone: '090-555 12' });
    expect(verifies('clients', edited.toJSON(), ceciliasKey)).toBe(true);

    // A worker may not keep the register: her edit goes unsigned, and the stale signature goes with it.
    await sessions.signIn('anna', '246810');
    const byWorker = await edited.incrementalPatch({ phone: '090-555 13' });
    expect(byWorker.toJSON()).not.toHaveProperty('signature');
    expect((await database.clients.insert(client('c-by-worker'))).toJSON()).not.toHaveProperty('signature');
  });

  it('signs nothing for a profile that has no key yet, and refuses a key its PIN does not open', async () => {
    await sessions.signIn('anna', '246810');
    expect(sessions.activeSigner()).toBeUndefined();
    expect((await database.visits.insert(visit('v-keyless', 'anna'))).toJSON()).not.toHaveProperty('signature');
    // A key wrapped with another PIN than the profile's: damaged, so no session that would write refused records.
    const other = await newPersonKey('999999');
    await database.users.findOne('anna').incrementalPatch({ signingKey: { ...other.wrap, keyId: 'key-other' } });
    await expect(sessions.signIn('anna', '246810')).rejects.toMatchObject({ code: 'auth.keyDamaged' });
    expect(sessions.current.value).toBeUndefined();
  });

  it('guards every append-only kind the record policy names, drills included', async () => {
    const drill = {
      id: 'd1',
      teamId: 'savar',
      kind: 'end' as const,
      authorId: 'cecilia',
      createdAt: '2026-03-02T09:00:00.000Z',
      clockOffsetMs: 0,
      drillId: 'drill-1',
      lessons: '',
      actions: '',
    };
    const stored = await database.drills.insert(drill);
    await expect(stored.incrementalPatch({ lessons: 'changed' })).rejects.toBeInstanceOf(SignedRecordError);
    await expect(stored.remove()).rejects.toBeInstanceOf(SignedRecordError);
    const signedVisit = await database.visits.insert(visit('v-guarded', 'anna'));
    await expect(signedVisit.incrementalPatch({ note: 'changed' })).rejects.toBeInstanceOf(SignedRecordError);
  });
});
