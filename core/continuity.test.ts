import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { staffContinuity } from './continuity.ts';

const now = new Date('2026-11-22T12:00:00Z');
const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000).toISOString();

describe('staffContinuity', () => {
  it('counts each worker once per client within the last 14 days', () => {
    const visits = [
      { clientId: 'anna', workerId: 'w1', startedAt: at(1) },
      { clientId: 'anna', workerId: 'w1', startedAt: at(2) },
      { clientId: 'anna', workerId: 'w2', startedAt: at(13.9) },
      { clientId: 'anna', workerId: 'w3', startedAt: at(14) },
      { clientId: 'anna', workerId: 'w4', startedAt: at(-0.1) },
      { clientId: 'erik', workerId: 'w3', startedAt: at(0) },
    ];
    expect(staffContinuity(visits, now)).toEqual(
      new Map([
        ['anna', 2],
        ['erik', 1],
      ]),
    );
  });

  it('never counts more staff than visits, nor fewer than one for a visited client', () => {
    const visit = fc.record({
      clientId: fc.constantFrom('a', 'b', 'c'),
      workerId: fc.constantFrom('w1', 'w2', 'w3', 'w4'),
      startedAt: fc.integer({ min: -2, max: 20 }).map(at),
    });
    fc.assert(
      fc.property(fc.array(visit, { maxLength: 40 }), (visits) => {
        for (const [clientId, staff] of staffContinuity(visits, now)) {
          const inWindow = visits.filter((v) => v.clientId === clientId && v.startedAt <= now.toISOString());
          expect(staff).toBeGreaterThanOrEqual(1);
          expect(staff).toBeLessThanOrEqual(Math.min(4, inWindow.length));
        }
      }),
    );
  });
});
