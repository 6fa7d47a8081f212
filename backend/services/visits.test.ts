/** The visit services over a real encrypted database file, called through the API boundary as the UI calls them. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CallInput } from '../../core/api.ts';
import { effectiveVisit, type AmendmentRecord, type LogVisitInput, type VisitRecord } from '../../core/visits.ts';
import { SignedRecordError } from '../database.ts';
import { newPersonKey } from '../signing.ts';
import {
  anna,
  bertil,
  cecilia,
  david as other,
  erik as admin,
  testClient,
  testVisit,
  useServiceWorld,
} from './testing/harness.ts';

const world = useServiceWorld(() => ({
  now: '2026-11-22T09:00:00Z',
  clients: [testClient({ id: 'marta', givenName: 'Märta' })],
}));
const { dispatch } = world;

const visit = (overrides: Partial<LogVisitInput> = {}): LogVisitInput =>
  testVisit({
    id: 'visit-1',
    startedAt: '2026-11-22T08:00:00+01:00',
    endedAt: '2026-11-22T08:40:00+01:00',
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
    const result = await dispatch('visits.log', visit(), anna);
    expect(result).toMatchObject({
      ok: true,
      value: { id: 'visit-1', workerId: 'anna', teamId: 'savar', signedAt: '2026-11-22T09:00:00.000Z' },
    });
    await world.reopen();
    const stored = await world.database.visits.findOne('visit-1').exec();
    expect(stored?.toMutableJSON()).toEqual(result.ok && result.value);
  });

  it('answers a retried call with the stored visit, and refuses another visit under the same id', async () => {
    const first = await dispatch('visits.log', visit(), anna);
    world.clock = new Date('2026-11-22T09:05:00Z');
    expect(await dispatch('visits.log', visit(), anna)).toEqual(first);
    expect(await dispatch('visits.log', visit({ note: 'Different' }), anna)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await world.database.visits.count().exec()).toBe(1);
  });

  it('refuses bad input, an unknown or other team’s client, times in the future and administrators', async () => {
    expect(await dispatch('visits.log', { ...visit(), endedAt: '2026-11-22T07:00:00+01:00' }, anna)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', issues: [{ path: 'endedAt', message: 'validation.endBeforeStart' }] },
    });
    expect(await dispatch('visits.log', visit({ clientId: 'nobody' }), anna)).toMatchObject({
      ok: false,
      error: { code: 'not-found', issues: [{ path: 'clientId', message: 'validation.unknownClient' }] },
    });
    expect(await dispatch('visits.log', visit(), other)).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await dispatch('visits.log', visit({ endedAt: '2026-11-22T10:20:00+01:00' }), anna)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', issues: [{ path: 'endedAt', message: 'validation.inFuture' }] },
    });
    expect(await dispatch('visits.log', visit(), admin)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await world.database.visits.count().exec()).toBe(0);
  });

  it('never lets a signed visit change or disappear, whoever tries', async () => {
    await dispatch('visits.log', visit(), anna);
    const stored = await world.database.visits.findOne('visit-1').exec(true);
    await expect(stored.incrementalPatch({ note: 'Rewritten' })).rejects.toBeInstanceOf(SignedRecordError);
    await expect(stored.remove()).rejects.toBeInstanceOf(SignedRecordError);
    expect((await world.database.visits.findOne('visit-1').exec(true)).note).toBe('Ate well, in good spirits.');
  });
});

describe('correcting a signed visit', () => {
  beforeEach(async () => {
    await dispatch('visits.log', visit(), anna);
  });

  it('keeps the original and adds the correction, by its author, with reason and time', async () => {
    world.clock = new Date('2026-11-22T10:00:00Z');
    const result = await dispatch('visits.amend', amendment(), anna);
    expect(result).toMatchObject({ ok: true, value: { authorId: 'anna', createdAt: '2026-11-22T10:00:00.000Z' } });
    const original = (await world.database.visits.findOne('visit-1').exec(true)).toMutableJSON() as VisitRecord;
    const corrections = (await world.database.amendments.find().exec()).map(
      (a) => a.toMutableJSON() as AmendmentRecord,
    );
    expect(original.endedAt).toBe('2026-11-22T07:40:00.000Z');
    expect(effectiveVisit(original, corrections).endedAt).toBe('2026-11-22T07:50:00.000Z');
  });

  it('lets the author and a supervisor correct, and nobody else', async () => {
    expect(await dispatch('visits.amend', amendment(), bertil)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await dispatch('visits.amend', amendment(), other)).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await dispatch('visits.amend', amendment(), cecilia)).toMatchObject({
      ok: true,
      value: { authorId: 'cecilia' },
    });
  });

  it('refuses a correction that leaves the visit ending before it started, and stores nothing of it', async () => {
    const bad = amendment({ changes: { endedAt: '2026-11-22T07:30:00+01:00' } });
    expect(await dispatch('visits.amend', bad, anna)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', issues: [{ path: 'endedAt', message: 'validation.endBeforeStart' }] },
    });
    expect(await world.database.amendments.count().exec()).toBe(0);
  });

  it('answers a retried correction with the stored one', async () => {
    const first = await dispatch('visits.amend', amendment(), anna);
    world.clock = new Date('2026-11-22T11:00:00Z');
    expect(await dispatch('visits.amend', amendment(), anna)).toEqual(first);
    expect(await world.database.amendments.count().exec()).toBe(1);
  });
});

describe('while the author is signed in with a signing key', () => {
  const annasKey = newPersonKey('246810');
  beforeEach(async () => {
    const { privateKey } = await annasKey;
    // What sign-in does (backend/sessions.ts): the database signs what the signed-in person writes.
    world.database.signer.current = () => ({ userId: 'anna', role: 'worker', keyId: 'key-anna', privateKey });
  });

  it('stores the visit signed, and answers a retried call with it rather than a clash with its own signature', async () => {
    const first = await dispatch('visits.log', visit(), anna);
    expect((await world.database.visits.findOne('visit-1').exec())?.toJSON()).toHaveProperty(
      'signature.keyId',
      'key-anna',
    );
    world.clock = new Date('2026-11-22T09:05:00Z');
    const retried = await dispatch('visits.log', visit(), anna);
    expect(retried).toMatchObject({ ok: true, value: { id: 'visit-1', note: first.ok && first.value.note } });
    expect(await world.database.visits.count().exec()).toBe(1);
  });

  it('answers a retried correction with the stored one, signed', async () => {
    await dispatch('visits.log', visit(), anna);
    expect(await dispatch('visits.amend', amendment(), anna)).toMatchObject({ ok: true });
    world.clock = new Date('2026-11-22T11:00:00Z');
    expect(await dispatch('visits.amend', amendment(), anna)).toMatchObject({ ok: true });
    expect((await world.database.amendments.find().exec()).map((a) => a.toJSON().signature?.keyId)).toEqual([
      'key-anna',
    ]);
  });
});
