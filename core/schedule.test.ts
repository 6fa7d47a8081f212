import { describe, expect, it } from 'vitest';
import type { ClientRecord } from './clients.ts';
import { plannedStatus, plannedVisitsOn } from './schedule.ts';

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
