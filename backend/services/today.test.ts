/** The day's plan as a worker sees it on the road: where, how to get in, whom to call, whose visit, and who may log it. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../session.ts';
import { ROSTER_SETTING } from './staff.ts';
import { anna, cecilia, testClient, useServiceWorld } from './testing/harness.ts';

const admin: Session = { userId: 'ivar', teamId: 'savar', role: 'admin' };

const slot = { weekdays: [1], durationMinutes: 30, serviceType: 'personal-care' as const, tasks: ['meals' as const] };
const world = useServiceWorld(() => ({
  now: '2026-11-23T06:00:00Z',
  clients: [
    testClient({
      id: 'marta',
      givenName: 'Märta',
      familyName: 'Östlund',
      phone: '090-12 34 56',
      accessNotes: 'Nyckelgömma vid dörren, kod 4711.',
      directions: 'Gula huset efter kyrkan, parkera vid ladan.',
      schedule: [
        { ...slot, time: '08:00', workerId: 'anna' },
        { ...slot, time: '12:00', workerId: 'bertil' },
        { ...slot, time: '17:30' },
      ],
    }),
  ],
  staff: [{ ...anna, displayName: 'Anna Lind' }],
}));
const { dispatch } = world;

beforeEach(async () => {
  // Bertil never signed in on this laptop: the roster from the last sync knows him.
  await world.database.settings.upsert({
    id: ROSTER_SETTING,
    value: { staff: [{ id: 'bertil', displayName: 'Bertil Holm', role: 'worker' }] },
  });
});

describe('visits.today', () => {
  it('gives each visit the client’s address, phone, key and door notes and directions, and whose visit it is', async () => {
    const day = await dispatch('visits.today', { date: '2026-11-23' }, cecilia);
    expect(day.ok).toBe(true);
    if (!day.ok) return;
    expect(day.value.map((e) => [e.planned.id.split(':')[3], e.worker?.displayName, e.worker?.role])).toEqual([
      ['0', 'Anna Lind', 'worker'],
      ['1', 'Bertil Holm', 'worker'],
      ['2', undefined, undefined],
    ]);
    expect(day.value[0]?.client).toMatchObject({
      givenName: 'Märta',
      address: 'Byvägen 3',
      village: 'Sävar',
      birthYear: 1935,
      phone: '090-12 34 56',
      accessNotes: 'Nyckelgömma vid dörren, kod 4711.',
      directions: 'Gula huset efter kyrkan, parkera vid ladan.',
    });
  });

  it('says who may log a visit, so an administrator is not offered what would be refused', async () => {
    const workersDay = await dispatch('visits.today', { date: '2026-11-23' }, anna);
    expect(workersDay.ok && workersDay.value.map((e) => e.mayLog)).toEqual([true, true]);
    const adminsDay = await dispatch('visits.today', { date: '2026-11-23' }, admin);
    expect(adminsDay.ok && adminsDay.value.every((e) => !e.mayLog)).toBe(true);
  });
});
