/** Clients, history and the day's plan over a real encrypted database, through the API boundary. */
import { describe, expect, it } from 'vitest';
import type { ClientInput } from '../../core/clients.ts';
import type { LogVisitInput } from '../../core/visits.ts';
import type { Session } from '../session.ts';
import { anna, bertil, cecilia, david as other, testClient, testVisit, useServiceWorld } from './testing/harness.ts';

const client = (id: string, given: string, family: string, village: string, extra: Partial<ClientInput> = {}) =>
  testClient({ id, givenName: given, familyName: family, village, ...extra });

const visitAt = (id: string, clientId: string, startedAt: string, extra: Partial<LogVisitInput> = {}): LogVisitInput =>
  testVisit({
    id,
    clientId,
    startedAt,
    endedAt: new Date(Date.parse(startedAt) + 30 * 60_000).toISOString(),
    timeSource: 'typed',
    ...extra,
  });

const world = useServiceWorld(() => ({
  now: '2026-11-23T12:00:00Z',
  clients: [
    client('marta', 'Märta', 'Östlund', 'Sävar', {
      schedule: [
        {
          weekdays: [1, 3, 5],
          time: '08:00',
          durationMinutes: 30,
          serviceType: 'personal-care',
          tasks: ['meals'],
          workerId: 'anna',
        },
        {
          weekdays: [1],
          time: '14:00',
          durationMinutes: 30,
          serviceType: 'household',
          tasks: ['cleaning'],
          workerId: 'bertil',
        },
      ],
    }),
    client('gustav', 'Gustav', 'Andersson', 'Tavelsjö', {
      schedule: [
        { weekdays: [1], time: '10:00', durationMinutes: 45, serviceType: 'social-support', tasks: ['social-contact'] },
      ],
    }),
    { ...client('holger', 'Holger', 'Berg', 'Holmsund'), teamId: 'holmsund' },
  ],
}));
const { dispatch } = world;

describe('clients', () => {
  it('lists the team’s clients by family name, and finds them without caring about case or accents', async () => {
    const all = await dispatch('clients.list', {}, anna);
    expect(all.ok && all.value.map((c) => c.id)).toEqual(['gustav', 'marta']);
    const found = await dispatch('clients.list', { search: 'ostlund savar' }, anna);
    expect(found.ok && found.value.map((c) => c.id)).toEqual(['marta']);
    const none = await dispatch('clients.list', { search: 'holger' }, anna);
    expect(none.ok && none.value).toEqual([]);
  });

  it('shows one client with how many different staff visited in the last 14 days', async () => {
    await dispatch('visits.log', visitAt('v1', 'marta', '2026-11-10T07:00:00Z'), anna);
    await dispatch('visits.log', visitAt('v2', 'marta', '2026-11-20T07:00:00Z'), anna);
    await dispatch('visits.log', visitAt('v3', 'marta', '2026-11-21T07:00:00Z'), bertil);
    await dispatch('visits.log', visitAt('v4', 'marta', '2026-11-01T07:00:00Z'), cecilia);
    const details = await dispatch('clients.get', { id: 'marta' }, anna);
    expect(details).toMatchObject({ ok: true, value: { client: { givenName: 'Märta' }, staffLast14Days: 2 } });
    expect(await dispatch('clients.get', { id: 'marta' }, other)).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('gives a client’s history newest first, each visit as corrected with its original and corrections', async () => {
    await dispatch('visits.log', visitAt('v1', 'marta', '2026-11-20T07:00:00Z'), anna);
    await dispatch('visits.log', visitAt('v2', 'marta', '2026-11-22T07:00:00Z'), anna);
    await dispatch(
      'visits.amend',
      {
        id: 'a1',
        visitId: 'v1',
        reason: 'note-correction',
        comment: 'Forgot the note',
        changes: { note: 'Tired today' },
      },
      anna,
    );
    const history = await dispatch('clients.history', { clientId: 'marta' }, anna);
    expect(history.ok).toBe(true);
    if (!history.ok) return;
    expect(history.value.map((h) => h.visit.id)).toEqual(['v2', 'v1']);
    expect(history.value[1]).toMatchObject({
      visit: { note: 'Tired today' },
      original: { note: '' },
      amendments: [{ id: 'a1' }],
    });
    expect(history.value[0]!.amendments).toEqual([]);
  });

  it('says for each visit whether the one asking may correct it, as visits.amend will decide', async () => {
    await dispatch('visits.log', visitAt('old', 'marta', '2026-11-02T07:00:00Z'), anna);
    await dispatch('visits.log', visitAt('new', 'marta', '2026-11-22T07:00:00Z'), anna);
    await dispatch('reviews.setLock', { id: 'lock', lockedBefore: '2026-11-10' }, cecilia);
    const refusals = async (who: Session) => {
      const history = await dispatch('clients.history', { clientId: 'marta' }, who);
      return history.ok ? Object.fromEntries(history.value.map((h) => [h.visit.id, h.correctionRefused])) : {};
    };
    expect(await refusals(anna)).toEqual({ new: undefined, old: 'locked' });
    expect(await refusals(bertil)).toEqual({ new: 'not-author', old: 'not-author' });
    expect(await refusals(cecilia)).toEqual({ new: undefined, old: 'locked' });

    // Returned by the supervisor, the locked visit may be corrected again, and the call agrees.
    await dispatch('reviews.decide', { id: 'r1', visitId: 'old', decision: 'returned', comment: 'Fyll i' }, cecilia);
    expect(await refusals(anna)).toEqual({ new: undefined, old: undefined });
    const amend = { id: 'a1', visitId: 'old', reason: 'note-correction', comment: 'Fyllt i', changes: { note: 'Ok' } };
    expect(await dispatch('visits.amend', amend, anna)).toMatchObject({ ok: true });
    expect(await dispatch('visits.amend', { ...amend, id: 'a2', visitId: 'new' }, bertil)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});

describe('the day', () => {
  it('shows a worker the visits planned for them and the unassigned ones, with what was done and missed', async () => {
    // Monday 23 November, 12:00 UTC (13:00 in Sweden): Märta at 08:00 is done, Gustav at 10:00 was missed.
    await dispatch(
      'visits.log',
      visitAt('v1', 'marta', '2026-11-23T07:05:00Z', { plannedVisitId: 'plan:marta:2026-11-23:0' }),
      anna,
    );
    const day = await dispatch('visits.today', { date: '2026-11-23' }, anna);
    expect(day.ok && day.value.map((e) => [e.planned.id, e.status, e.client.givenName, e.loggedVisitId])).toEqual([
      ['plan:marta:2026-11-23:0', 'done', 'Märta', 'v1'],
      ['plan:gustav:2026-11-23:0', 'missed', 'Gustav', undefined],
    ]);
    const supervisorsDay = await dispatch('visits.today', { date: '2026-11-23' }, cecilia);
    expect(supervisorsDay.ok && supervisorsDay.value.map((e) => [e.planned.id, e.status])).toEqual([
      ['plan:marta:2026-11-23:0', 'done'],
      ['plan:gustav:2026-11-23:0', 'missed'],
      ['plan:marta:2026-11-23:1', 'planned'],
    ]);
    expect(await dispatch('visits.today', { date: '23/11' }, anna)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', issues: [{ path: 'date', message: 'validation.date' }] },
    });
  });

  it('keeps a visit being filled in as a draft: in progress once started, gone once signed or discarded', async () => {
    world.clock = new Date('2026-11-23T07:10:00Z');
    const plan = 'plan:marta:2026-11-23:0';
    const form = { note: 'Halvvägs', done: { meals: true } };
    await dispatch('drafts.save', { plannedVisitId: plan, clientId: 'marta', form }, anna);
    let day = await dispatch('visits.today', { date: '2026-11-23' }, anna);
    expect(day.ok && day.value[0]).toMatchObject({ status: 'planned', draft: { form } });

    await dispatch(
      'drafts.save',
      { plannedVisitId: plan, clientId: 'marta', startedAt: '2026-11-23T07:02:00Z', form },
      anna,
    );
    await dispatch('drafts.save', { plannedVisitId: plan, clientId: 'marta', form: { note: 'Nästan klar' } }, anna);
    day = await dispatch('visits.today', { date: '2026-11-23' }, anna);
    expect(day.ok && day.value[0]).toMatchObject({
      status: 'in-progress',
      draft: { startedAt: '2026-11-23T07:02:00.000Z', form: { note: 'Nästan klar' } },
    });

    world.clock = new Date('2026-11-23T07:40:00Z');
    const signed = await dispatch(
      'visits.log',
      visitAt('v1', 'marta', '2026-11-23T07:02:00Z', { plannedVisitId: plan }),
      anna,
    );
    expect(signed.ok).toBe(true);
    day = await dispatch('visits.today', { date: '2026-11-23' }, anna);
    expect(day.ok && day.value[0]).toMatchObject({ status: 'done', draft: undefined });
    expect(await world.database.drafts.count().exec()).toBe(0);

    const other = 'plan:gustav:2026-11-23:0';
    await dispatch('drafts.save', { plannedVisitId: other, clientId: 'gustav', form: {} }, anna);
    await dispatch('drafts.discard', { plannedVisitId: other }, anna);
    expect(await world.database.drafts.count().exec()).toBe(0);
    expect(
      await dispatch(
        'drafts.save',
        { plannedVisitId: other, clientId: 'gustav', form: { x: 'y'.repeat(40_000) } },
        anna,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', issues: [{ path: 'form', message: 'validation.tooLong' }] },
    });
  });
});
