/** The visit services over a real encrypted database file, called through the API boundary as the UI calls them. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch, type CallInput, type Handlers } from '../../core/api.ts';
import { clientRecordSchema } from '../../core/clients.ts';
import { effectiveVisit, type AmendmentRecord, type LogVisitInput, type VisitRecord } from '../../core/visits.ts';
import { openDatabase, SignedRecordError, type HemtryggDatabase } from '../database.ts';
import type { Session } from '../session.ts';
import { createHandlers } from '../handlers.ts';
import { newPersonKey } from '../signing.ts';

const anna: Session = { userId: 'anna', teamId: 'savar', role: 'worker' };
const bertil: Session = { userId: 'bertil', teamId: 'savar', role: 'worker' };
const cecilia: Session = { userId: 'cecilia', teamId: 'savar', role: 'supervisor' };
const other: Session = { userId: 'david', teamId: 'holmsund', role: 'worker' };
const admin: Session = { userId: 'erik', teamId: 'savar', role: 'admin' };

let directory: string;
const key = randomBytes(32);
let database: HemtryggDatabase;
let clock = new Date('2026-11-22T09:00:00Z');
let handlers: Handlers<Session>;

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), 'hemtrygg-backend-'));
  database = await openDatabase({ directory, key });
  handlers = createHandlers({ database, now: () => clock });
  await database.clients.insert(
    clientRecordSchema.parse({
      id: 'marta',
      teamId: 'savar',
      givenName: 'Märta',
      familyName: 'Testsson',
      personnummer: '19351218-9808',
      address: 'Byvägen 3',
      village: 'Sävar',
    }),
  );
});
afterEach(async () => {
  await database.close();
  rmSync(directory, { recursive: true, force: true });
});

const visit = (overrides: Partial<LogVisitInput> = {}): LogVisitInput => ({
  id: 'visit-1',
  clientId: 'marta',
  serviceType: 'personal-care',
  location: { address: 'Byvägen 3', village: 'Sävar' },
  startedAt: '2026-11-22T08:00:00+01:00',
  endedAt: '2026-11-22T08:40:00+01:00',
  timeSource: 'timer',
  tasks: [{ task: 'meals', planned: true, done: true }],
  note: 'Ate well, in good spirits.',
  ...overrides,
});
const amendment = (overrides: Partial<CallInput<'visits.amend'>> = {}): CallInput<'visits.amend'> => ({
  id: 'amend-1',
  visitId: 'visit-1',
  reason: 'wrong-time',
  comment: 'Left later than the timer says',
  changes: { endedAt: '2026-11-22T08:50:00+01:00' },
  ...overrides,
});

describe('logging a visit', () => {
  it('signs it as the caller, now, and keeps it across a restart', async () => {
    const result = await dispatch(handlers, 'visits.log', visit(), anna);
    expect(result).toMatchObject({
      ok: true,
      value: { id: 'visit-1', workerId: 'anna', teamId: 'savar', signedAt: '2026-11-22T09:00:00.000Z' },
    });
    await database.close();
    database = await openDatabase({ directory, key });
    const stored = await database.visits.findOne('visit-1').exec();
    expect(stored?.toMutableJSON()).toEqual(result.ok && result.value);
  });

  it('answers a retried call with the stored visit, and refuses another visit under the same id', async () => {
    const first = await dispatch(handlers, 'visits.log', visit(), anna);
    clock = new Date('2026-11-22T09:05:00Z');
    expect(await dispatch(handlers, 'visits.log', visit(), anna)).toEqual(first);
    expect(await dispatch(handlers, 'visits.log', visit({ note: 'Different' }), anna)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await database.visits.count().exec()).toBe(1);
  });

  it('refuses bad input, an unknown or other team’s client, times in the future and administrators', async () => {
    expect(
      await dispatch(handlers, 'visits.log', { ...visit(), endedAt: '2026-11-22T07:00:00+01:00' }, anna),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', issues: [{ path: 'endedAt', message: 'validation.endBeforeStart' }] },
    });
    expect(await dispatch(handlers, 'visits.log', visit({ clientId: 'nobody' }), anna)).toMatchObject({
      ok: false,
      error: { code: 'not-found', issues: [{ path: 'clientId', message: 'validation.unknownClient' }] },
    });
    expect(await dispatch(handlers, 'visits.log', visit(), other)).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await dispatch(handlers, 'visits.log', visit({ endedAt: '2026-11-22T10:20:00+01:00' }), anna)).toMatchObject(
      { ok: false, error: { code: 'invalid-input', issues: [{ path: 'endedAt', message: 'validation.inFuture' }] } },
    );
    expect(await dispatch(handlers, 'visits.log', visit(), admin)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await database.visits.count().exec()).toBe(0);
  });

  it('never lets a signed visit change or disappear, whoever tries', async () => {
    await dispatch(handlers, 'visits.log', visit(), anna);
    const stored = await database.visits.findOne('visit-1').exec(true);
    await expect(stored.incrementalPatch({ note: 'Rewritten' })).rejects.toBeInstanceOf(SignedRecordError);
    await expect(stored.remove()).rejects.toBeInstanceOf(SignedRecordError);
    expect((await database.visits.findOne('visit-1').exec(true)).note).toBe('Ate well, in good spirits.');
  });
});

describe('correcting a signed visit', () => {
  beforeEach(async () => {
    await dispatch(handlers, 'visits.log', visit(), anna);
  });

  it('keeps the original and adds the correction, by its author, with reason and time', async () => {
    clock = new Date('2026-11-22T10:00:00Z');
    const result = await dispatch(handlers, 'visits.amend', amendment(), anna);
    expect(result).toMatchObject({ ok: true, value: { authorId: 'anna', createdAt: '2026-11-22T10:00:00.000Z' } });
    const original = (await database.visits.findOne('visit-1').exec(true)).toMutableJSON() as VisitRecord;
    const corrections = (await database.amendments.find().exec()).map((a) => a.toMutableJSON() as AmendmentRecord);
    expect(original.endedAt).toBe('2026-11-22T07:40:00.000Z');
    expect(effectiveVisit(original, corrections).endedAt).toBe('2026-11-22T07:50:00.000Z');
  });

  it('lets the author and a supervisor correct, and nobody else', async () => {
    expect(await dispatch(handlers, 'visits.amend', amendment(), bertil)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await dispatch(handlers, 'visits.amend', amendment(), other)).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await dispatch(handlers, 'visits.amend', amendment(), cecilia)).toMatchObject({
      ok: true,
      value: { authorId: 'cecilia' },
    });
  });

  it('refuses a correction that leaves the visit ending before it started, and stores nothing of it', async () => {
    const bad = amendment({ changes: { endedAt: '2026-11-22T07:30:00+01:00' } });
    expect(await dispatch(handlers, 'visits.amend', bad, anna)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', issues: [{ path: 'endedAt', message: 'validation.endBeforeStart' }] },
    });
    expect(await database.amendments.count().exec()).toBe(0);
  });

  it('answers a retried correction with the stored one', async () => {
    const first = await dispatch(handlers, 'visits.amend', amendment(), anna);
    clock = new Date('2026-11-22T11:00:00Z');
    expect(await dispatch(handlers, 'visits.amend', amendment(), anna)).toEqual(first);
    expect(await database.amendments.count().exec()).toBe(1);
  });
});

describe('while the author is signed in with a signing key', () => {
  const annasKey = newPersonKey('246810');
  beforeEach(async () => {
    const { privateKey } = await annasKey;
    // What sign-in does (backend/sessions.ts): the database signs what the signed-in person writes.
    database.signer.current = () => ({ userId: 'anna', role: 'worker', keyId: 'key-anna', privateKey });
  });

  it('stores the visit signed, and answers a retried call with it rather than a clash with its own signature', async () => {
    const first = await dispatch(handlers, 'visits.log', visit(), anna);
    expect((await database.visits.findOne('visit-1').exec())?.toJSON()).toHaveProperty('signature.keyId', 'key-anna');
    clock = new Date('2026-11-22T09:05:00Z');
    const retried = await dispatch(handlers, 'visits.log', visit(), anna);
    expect(retried).toMatchObject({ ok: true, value: { id: 'visit-1', note: first.ok && first.value.note } });
    expect(await database.visits.count().exec()).toBe(1);
  });

  it('answers a retried correction with the stored one, signed', async () => {
    await dispatch(handlers, 'visits.log', visit(), anna);
    expect(await dispatch(handlers, 'visits.amend', amendment(), anna)).toMatchObject({ ok: true });
    clock = new Date('2026-11-22T11:00:00Z');
    expect(await dispatch(handlers, 'visits.amend', amendment(), anna)).toMatchObject({ ok: true });
    expect((await database.amendments.find().exec()).map((a) => a.toJSON().signature?.keyId)).toEqual(['key-anna']);
  });
});
