import { describe, expect, it } from 'vitest';
import { weekdayGroup } from './weekdays.ts';

describe('a schedule’s days in words', () => {
  it('names every day, the working week and the weekend, whatever order the days are stored in', () => {
    expect(weekdayGroup([1, 2, 3, 4, 5, 6, 7])).toEqual({ kind: 'every-day' });
    expect(weekdayGroup([7, 6, 5, 4, 3, 2, 1, 1])).toEqual({ kind: 'every-day' });
    expect(weekdayGroup([5, 4, 3, 2, 1])).toEqual({ kind: 'weekdays' });
    expect(weekdayGroup([7, 6])).toEqual({ kind: 'weekend' });
  });

  it('lists any other days in week order, once each', () => {
    expect(weekdayGroup([5, 1, 3, 3])).toEqual({ kind: 'days', days: [1, 3, 5] });
    expect(weekdayGroup([1, 2, 3, 4, 5, 6])).toEqual({ kind: 'days', days: [1, 2, 3, 4, 5, 6] });
    expect(weekdayGroup([6])).toEqual({ kind: 'days', days: [6] });
    expect(weekdayGroup([])).toEqual({ kind: 'days', days: [] });
  });
});
