/**
 * Preparedness over a real encrypted database file, called through the API boundary as the UI calls it: a checklist
 * filled in and signed as gone through, electric aids, a template changed by a supervisor without losing answers, the
 * priority list for a hazard and villages, coverage, the day's visits showing what is due, and bad input refused.
 */
import { describe, expect, it } from 'vitest';
import { BUILT_IN_ITEMS, type Hazard } from '../../core/preparedness.ts';
import { SignedRecordError } from '../database.ts';
import { anna, cecilia, erik, testClient, useServiceWorld } from './testing/harness.ts';

let ids = 0;
const id = (prefix: string) => `${prefix}-${(ids += 1)}`;

const client = (clientId: string, givenName: string, village: string, alarm = true) =>
  testClient({
    id: clientId,
    givenName,
    village,
    safetyAlarm: alarm ? { installed: true, lastTestedOn: '2026-10-01' } : { installed: false },
    schedule: [
      {
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        time: '08:00',
        durationMinutes: 30,
        serviceType: 'personal-care',
        tasks: ['meals'],
      },
    ],
  });

const world = useServiceWorld(() => ({
  now: '2026-12-03T09:00:00Z',
  clients: [
    client('marta', 'Märta', 'Sävar'),
    client('gustav', 'Gustav', 'Sävar', false),
    client('olof', 'Olof', 'Botsmark'),
  ],
  staff: [anna, cecilia],
}));
const { call, dispatch } = world;

const answerAll = (clientId: string, hazard: Hazard, answer: (item: string) => 'yes' | 'no' | 'na' = () => 'yes') =>
  BUILT_IN_ITEMS[hazard].map((itemId) => ({ id: id('answer'), itemId, answer: answer(itemId) }));

describe('a checklist', () => {
  it('is filled in item by item, and signed as gone through only once every item is answered', async () => {
    const first = await call(
      'preparedness.answer',
      {
        clientId: 'marta',
        hazard: 'powerOutage',
        answers: [{ id: id('answer'), itemId: 'water', answer: 'no', note: 'Bara 2 liter' }],
      },
      anna,
    );
    expect(first.items.find((i) => i.item.id === 'water')?.current).toMatchObject({
      answer: 'no',
      note: 'Bara 2 liter',
    });
    expect(first).toMatchObject({ current: false, dueReason: 'never' });

    const early = await dispatch(
      'preparedness.answer',
      {
        clientId: 'marta',
        hazard: 'powerOutage',
        answers: [{ id: id('answer'), itemId: 'heat', answer: 'yes' }],
        review: { id: id('review'), reason: 'routine' },
      },
      anna,
    );
    expect(early).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', issues: [{ path: 'review', message: 'validation.answerEveryItem' }] },
    });
    // Refused as a whole: the answer sent with it was not stored either.
    const before = await call('preparedness.forClient', { clientId: 'marta' }, anna);
    expect(before.checklists[0]?.items.find((i) => i.item.id === 'heat')?.current).toBeUndefined();

    const input = {
      clientId: 'marta',
      hazard: 'powerOutage' as const,
      answers: answerAll('marta', 'powerOutage', (item) => (item === 'water' ? 'no' : 'yes')),
      review: { id: id('review'), reason: 'routine' as const },
    };
    const done = await call('preparedness.answer', input, anna);
    expect(done).toMatchObject({ current: true, dueOn: '2027-12-03', dueReason: 'interval' });
    // A year later nothing has changed: the checklist is signed as gone through again without a new answer.
    world.clock = new Date('2027-12-10T09:00:00Z');
    const again = await call(
      'preparedness.answer',
      { clientId: 'marta', hazard: 'powerOutage', answers: [], review: { id: id('review'), reason: 'routine' } },
      anna,
    );
    expect(again).toMatchObject({ current: true, dueOn: '2028-12-10' });
    const nothing = await dispatch(
      'preparedness.answer',
      { clientId: 'marta', hazard: 'powerOutage', answers: [] },
      anna,
    );
    expect(nothing).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'answers', message: 'validation.tooFew' }] },
    });
    world.clock = new Date('2026-12-03T09:00:00Z');
    // The first answer to "water" is kept in the history.
    expect(done.items.find((i) => i.item.id === 'water')?.history).toHaveLength(2);
    // A retry stores nothing twice; a stored answer cannot be rewritten.
    const count = await world.database.preparedness.count().exec();
    await call('preparedness.answer', input, anna);
    expect(await world.database.preparedness.count().exec()).toBe(count);
    const stored = await world.database.preparedness.findOne(input.answers[0]!.id).exec();
    await expect(stored!.incrementalPatch({ answer: 'na' })).rejects.toBeInstanceOf(SignedRecordError);
  });

  it('refuses an item the checklist does not have, an unknown client, and administrators', async () => {
    const unknownItem = await dispatch(
      'preparedness.answer',
      { clientId: 'marta', hazard: 'heatWave', answers: [{ id: id('a'), itemId: 'generator', answer: 'yes' }] },
      anna,
    );
    expect(unknownItem).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'answers.0.itemId', message: 'validation.unknownItem' }] },
    });
    const nobody = await dispatch(
      'preparedness.answer',
      { clientId: 'nobody', hazard: 'heatWave', answers: [{ id: id('a'), itemId: 'drinking', answer: 'yes' }] },
      anna,
    );
    expect(nobody).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await dispatch('preparedness.forClient', { clientId: 'marta' }, erik)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await world.database.preparedness.count().exec()).toBe(0);
  });

  it('is due again at once after an incident is logged on a visit', async () => {
    world.clock = new Date('2026-10-01T09:00:00Z');
    await call(
      'preparedness.answer',
      {
        clientId: 'marta',
        hazard: 'heatWave',
        answers: answerAll('marta', 'heatWave'),
        review: { id: id('r'), reason: 'routine' },
      },
      anna,
    );
    world.clock = new Date('2026-12-03T09:00:00Z');
    await call(
      'visits.log',
      {
        id: id('visit'),
        clientId: 'marta',
        serviceType: 'personal-care',
        location: { address: 'Byvägen 3', village: 'Sävar' },
        startedAt: '2026-12-02T08:00:00+01:00',
        endedAt: '2026-12-02T08:30:00+01:00',
        timeSource: 'typed',
        tasks: [],
        deviations: [{ kind: 'incident', severity: 'high', description: 'Föll i hallen när strömmen gick.' }],
      },
      anna,
    );
    const { checklists } = await call('preparedness.forClient', { clientId: 'marta' }, anna);
    expect(checklists.find((c) => c.hazard === 'heatWave')).toMatchObject({
      dueOn: '2026-12-02',
      dueReason: 'incident',
    });
    // And the day's visits say which checklists are due.
    const day = await call('visits.today', { date: '2026-12-03' }, anna);
    expect(day.find((e) => e.client.id === 'marta')?.preparednessDue).toEqual([
      'powerOutage',
      'stormSnow',
      'heatWave',
      'waterOutage',
      'infection',
    ]);
  });
});

describe('electric aids', () => {
  it('are registered, changed and removed as versions, with a backup routine required', async () => {
    const missing = await dispatch(
      'preparedness.saveAid',
      { id: id('aid'), clientId: 'marta', aidId: 'oxygen', device: 'homeOxygen', backupRoutine: '' },
      anna,
    );
    expect(missing).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'backupRoutine', message: 'validation.describeBackup' }] },
    });
    await call(
      'preparedness.saveAid',
      {
        id: id('aid'),
        clientId: 'marta',
        aidId: 'oxygen',
        device: 'homeOxygen',
        batteryHours: 4,
        backupRoutine: 'Reservflaskor i förrådet',
        supplier: 'Region Västerbotten, 090-785 00 00',
      },
      anna,
    );
    await call(
      'preparedness.saveAid',
      { id: id('aid'), clientId: 'marta', aidId: 'bed', device: 'electricBed', backupRoutine: 'Vev för hand' },
      anna,
    );
    await call(
      'preparedness.saveAid',
      {
        id: id('aid'),
        clientId: 'marta',
        aidId: 'bed',
        device: 'electricBed',
        backupRoutine: 'Vev för hand',
        removed: true,
      },
      cecilia,
    );
    const { aids } = await call('preparedness.forClient', { clientId: 'marta' }, anna);
    expect(aids.map((a) => [a.device, a.batteryHours])).toEqual([['homeOxygen', 4]]);
  });
});

describe('templates', () => {
  it('are changed by supervisors only; answers to items kept stay, a new item starts unanswered', async () => {
    await call(
      'preparedness.answer',
      { clientId: 'marta', hazard: 'heatWave', answers: answerAll('marta', 'heatWave') },
      anna,
    );
    const items = [{ id: 'drinking' }, { id: 'coolRoom' }, { id: 'thermometer', label: 'Termometer inomhus finns' }];
    const byWorker = await dispatch(
      'preparedness.saveTemplate',
      { id: id('t'), hazard: 'heatWave', basedOn: 1, items },
      anna,
    );
    expect(byWorker).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const v2 = await call('preparedness.saveTemplate', { id: id('t'), hazard: 'heatWave', basedOn: 1, items }, cecilia);
    expect(v2.version).toBe(2);
    // A supervisor who edited version 1 meanwhile is told, not allowed to overwrite version 2.
    const stale = await dispatch(
      'preparedness.saveTemplate',
      { id: id('t'), hazard: 'heatWave', basedOn: 1, items: [{ id: 'drinking' }] },
      cecilia,
    );
    expect(stale).toMatchObject({
      ok: false,
      error: { code: 'conflict', issues: [{ message: 'validation.templateChanged' }] },
    });

    const { checklists } = await call('preparedness.forClient', { clientId: 'marta' }, anna);
    const heat = checklists.find((c) => c.hazard === 'heatWave');
    expect(heat?.items.map((i) => [i.item.id, i.current?.answer ?? null, i.current?.version ?? null])).toEqual([
      ['drinking', 'yes', 1],
      ['coolRoom', 'yes', 1],
      ['thermometer', null, null],
    ]);
    expect(heat?.retired.map((i) => i.item.id)).toEqual(['heatMedicines', 'phone', 'nextOfKin']);
  });
});

describe('the priority list and coverage', () => {
  it('puts the client on home oxygen first for a power outage, then the one without an alarm; villages narrow it', async () => {
    await call(
      'preparedness.saveAid',
      { id: id('aid'), clientId: 'olof', aidId: 'oxygen', device: 'homeOxygen', backupRoutine: 'Reservflaskor' },
      anna,
    );
    const all = await call('preparedness.priority', { hazard: 'powerOutage' }, anna);
    expect(all.rows.map((r) => [r.client.id, r.needs[0]])).toEqual([
      ['olof', 'electricAid'],
      ['gustav', 'noWorkingAlarm'],
      ['marta', 'noCurrentChecklist'],
    ]);
    expect(all.villages).toEqual(['Botsmark', 'Sävar']);
    const savar = await call('preparedness.priority', { hazard: 'powerOutage', villages: ['Sävar'] }, anna);
    expect(savar.rows.map((r) => r.client.id)).toEqual(['gustav', 'marta']);
    // An alarm that failed its test counts as not working.
    await call(
      'preparedness.answer',
      { clientId: 'marta', hazard: 'powerOutage', answers: [{ id: id('a'), itemId: 'alarmTested', answer: 'no' }] },
      anna,
    );
    const after = await call('preparedness.priority', { hazard: 'powerOutage', villages: ['Sävar'] }, anna);
    expect(after.rows.map((r) => [r.client.id, r.needs])).toEqual([
      ['marta', ['noWorkingAlarm', 'unmetItems', 'noCurrentChecklist']],
      ['gustav', ['noWorkingAlarm', 'noCurrentChecklist']],
    ]);
  });

  it('counts current checklists per hazard and the gaps by item, for supervisors', async () => {
    await call(
      'preparedness.answer',
      {
        clientId: 'marta',
        hazard: 'waterOutage',
        answers: answerAll('marta', 'waterOutage', (item) => (item === 'water' ? 'no' : 'yes')),
        review: { id: id('r'), reason: 'routine' },
      },
      anna,
    );
    expect(await dispatch('preparedness.coverage', {}, anna)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const result = await call('preparedness.coverage', {}, cecilia);
    const water = result.find((c) => c.hazard === 'waterOutage');
    expect(water).toMatchObject({ clients: 3, current: 1 });
    expect(water?.items.find((i) => i.item.id === 'water')).toMatchObject({ no: 1, unanswered: 2 });
  });
});
