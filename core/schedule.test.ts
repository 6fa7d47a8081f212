import { describe, expect, it } from 'vitest';
import type { ClientRecord } from './clients.ts';
import { groupDay, localInstant, plannedStatus, plannedVisitsOn } from './schedule.ts';

type Slot = ClientRecord['schedule'][number];
const slot = (weekdays: number[], time: string, extra: Partial<Slot> = {}): Slot => ({
  weekdays,
  time,
  durationMinutes: 30,
  serviceType: 'personal-care',
  tasks: ['meals'],
  ...extra,
});

const clients = [
  { id: 'marta', schedule: [slot([1, 3, 5], '08:00', { workerId: 'anna' }), slot([1, 2, 3, 4, 5, 6, 7], '17:30')] },
  { id: 'gustav', schedule: [slot([1], '07:45', { durationMinutes: 45 }), slot([2], '09:00')] },
];

describe('plannedVisitsOn', () => {
  it('lists the day’s visits in time order, with Swedish wall-clock times as UTC instants', () => {
    // Monday 23 November 2026, winter time (UTC+1).
    expect(plannedVisitsOn(clients, '2026-11-23').map((p) => [p.id, p.plannedStart, p.plannedEnd, p.workerId])).toEqual(
      [
        ['plan:gustav:2026-11-23:0', '2026-11-23T06:45:00.000Z', '2026-11-23T07:30:00.000Z', undefined],
        ['plan:marta:2026-11-23:0', '2026-11-23T07:00:00.000Z', '2026-11-23T07:30:00.000Z', 'anna'],
        ['plan:marta:2026-11-23:1', '2026-11-23T16:30:00.000Z', '2026-11-23T17:00:00.000Z', undefined],
      ],
    );
  });

  it('follows daylight saving time and weekdays', () => {
    // Wednesday 1 July 2026, summer time (UTC+2); Gustav has no Wednesday visit.
    expect(plannedVisitsOn(clients, '2026-07-01').map((p) => p.plannedStart)).toEqual([
      '2026-07-01T06:00:00.000Z',
      '2026-07-01T15:30:00.000Z',
    ]);
    // Sunday 29 March 2026: clocks go forward at 02:00; 17:30 is already summer time.
    expect(plannedVisitsOn(clients, '2026-03-29').map((p) => p.plannedStart)).toEqual(['2026-03-29T15:30:00.000Z']);
  });
});

describe('plannedStatus', () => {
  const [visit] = plannedVisitsOn(clients, '2026-11-23');
  it('is in progress once started, done once logged, missed an hour after its planned end, planned until then', () => {
    expect(plannedStatus(visit!, false, new Date('2026-11-23T20:00:00Z'), true)).toBe('in-progress');
    expect(plannedStatus(visit!, true, new Date('2026-11-23T20:00:00Z'))).toBe('done');
    expect(plannedStatus(visit!, false, new Date('2026-11-23T08:30:00Z'))).toBe('planned');
    expect(plannedStatus(visit!, false, new Date('2026-11-23T08:31:00Z'))).toBe('missed');
  });
});

describe('groupDay', () => {
  // Monday 23 November 2026 (UTC+1): Gustav 07:45–08:30, Märta 08:00–08:30 and 17:30–18:00, plus two more below.
  const day = plannedVisitsOn(
    [
      ...clients,
      { id: 'olof', schedule: [slot([1], '09:30'), slot([1], '13:00')] },
      { id: 'elsa', schedule: [slot([1], '10:15')] },
    ],
    '2026-11-23',
  );
  const entry = (id: string, status: 'planned' | 'in-progress' | 'done' | 'missed' = 'planned') => ({
    planned: day.find((p) => p.id === id)!,
    status,
  });
  const ids = (entries: readonly { planned: { id: string } }[]) => entries.map((e) => e.planned.id.split(':')[1]);

  it('puts what has begun or is about to begin now, what starts within two hours next, and the rest later', () => {
    const groups = groupDay(
      [
        entry('plan:marta:2026-11-23:1'),
        entry('plan:olof:2026-11-23:1'),
        entry('plan:elsa:2026-11-23:0'),
        entry('plan:olof:2026-11-23:0'),
        entry('plan:marta:2026-11-23:0', 'in-progress'),
        entry('plan:gustav:2026-11-23:0', 'done'),
      ],
      new Date('2026-11-23T08:20:00Z'), // 09:20: Olof's 09:30 visit is a quarter of an hour away at most
    );
    expect(ids(groups.now)).toEqual(['marta', 'olof']);
    expect(ids(groups.next)).toEqual(['elsa']);
    expect(ids(groups.later)).toEqual(['olof', 'marta']);
    expect(ids(groups.done)).toEqual(['gustav']);
    expect(groups.missed).toEqual([]);
  });

  it('keeps missed visits apart from done ones, and always names the next visit however far off it is', () => {
    const groups = groupDay(
      [
        entry('plan:marta:2026-11-23:1'),
        entry('plan:gustav:2026-11-23:0', 'missed'),
        entry('plan:marta:2026-11-23:0', 'done'),
      ],
      new Date('2026-11-23T10:00:00Z'), // 11:00; Märta's evening visit is 6½ hours away
    );
    expect(ids(groups.missed)).toEqual(['gustav']);
    expect(ids(groups.done)).toEqual(['marta']);
    expect(groups.now).toEqual([]);
    expect(ids(groups.next)).toEqual(['marta']);
    expect(groups.later).toEqual([]);
  });
});

describe('localInstant', () => {
  it('reads a Swedish wall-clock time on a date as the instant it means, summer or winter, and nothing else', () => {
    expect(localInstant('2026-11-23', '08:05')).toBe('2026-11-23T07:05:00.000Z');
    expect(localInstant('2026-07-01', '23:59')).toBe('2026-07-01T21:59:00.000Z');
    expect(localInstant('2026-11-23', '24:00')).toBeUndefined();
    expect(localInstant('2026-11-23', '8:05')).toBeUndefined();
    expect(localInstant('2026-11-23', '')).toBeUndefined();
  });
});
