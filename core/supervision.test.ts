import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleEntries } from './access.ts';
import { lockDate, visitReview, type ReviewRecord } from './reviews.ts';
import { correctionRefusal, datesBetween, planGapDays } from './supervision.ts';

const decision = (id: string, decision: ReviewRecord['decision'], createdAt: string, amendmentIds: string[] = []) =>
  ({
    id,
    teamId: 't',
    subjectKind: decision === 'locked' ? 'team' : 'visit',
    subjectId: decision === 'locked' ? 't' : 'v',
    decision,
    comment: '',
    amendmentIds,
    reviewerId: 's',
    createdAt,
  }) as ReviewRecord;

describe('where a visit’s review stands', () => {
  it('follows the latest decision, and a correction the reviewer had not seen reopens it', () => {
    const a1 = { id: 'a1', visitId: 'v' };
    expect(visitReview('v', [], []).status).toBe('new');
    expect(visitReview('v', [a1], []).status).toBe('new');
    const returned = decision('d1', 'returned', '2026-11-22T10:00:00Z');
    expect(visitReview('v', [], [returned]).status).toBe('returned');
    expect(visitReview('v', [a1], [returned])).toMatchObject({ status: 'amended', newAmendmentIds: ['a1'] });
    const approved = decision('d2', 'approved', '2026-11-22T11:00:00Z', ['a1']);
    expect(visitReview('v', [a1], [approved, returned]).status).toBe('approved');
    expect(visitReview('v', [a1, { id: 'a2', visitId: 'v' }], [approved, returned]).status).toBe('amended');
    const undone = decision('d3', 'reopened', '2026-11-22T12:00:00Z', ['a1']);
    expect(visitReview('v', [a1], [returned, undone, approved])).toMatchObject({
      status: 'new',
      history: [undone, approved, returned],
    });
  });

  it('takes the latest lock date, whichever order the decisions arrive in', () => {
    const early = { ...decision('l1', 'locked', '2026-11-01T10:00:00Z'), lockedBefore: '2026-10-01' };
    const late = { ...decision('l2', 'locked', '2026-11-20T10:00:00Z'), lockedBefore: '2026-11-01' };
    const cleared = decision('l3', 'locked', '2026-11-21T10:00:00Z');
    expect(lockDate([late, early])).toBe('2026-11-01');
    expect(lockDate([early, late, cleared])).toBeUndefined();
  });
});

describe('a random sample of the access log', () => {
  it('draws as many as asked (or all there are), each once, all from the log', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer(), { maxLength: 60 }), fc.integer({ min: 1, max: 80 }), (log, size) => {
        const drawn = sampleEntries(log, size, (bound) => Math.floor(Math.random() * bound));
        expect(drawn).toHaveLength(Math.min(size, log.length));
        expect(new Set(drawn).size).toBe(drawn.length);
        expect(drawn.every((entry) => log.includes(entry))).toBe(true);
      }),
    );
  });
});

describe('the plan’s longest gap between visits', () => {
  const slot = (weekdays: number[]) => ({
    weekdays,
    time: '08:00',
    durationMinutes: 30,
    serviceType: 'personal-care' as const,
    tasks: ['meals' as const],
  });
  it('counts the days between planned weekdays, round the week', () => {
    expect(planGapDays([])).toBeUndefined();
    expect(planGapDays([slot([1, 2, 3, 4, 5, 6, 7])])).toBe(1);
    expect(planGapDays([slot([1, 4])])).toBe(4);
    expect(planGapDays([slot([3])])).toBe(7);
    expect(planGapDays([slot([1]), slot([4]), slot([1])])).toBe(4);
  });

  it('lists every date of a period, across a change of daylight saving time', () => {
    expect(datesBetween('2026-10-24', '2026-10-26')).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
  });
});

describe('who may correct a visit', () => {
  const annas = { workerId: 'anna' };
  it('lets the author and a supervisor correct an open visit, and nobody else', () => {
    expect(correctionRefusal(annas, { userId: 'anna', role: 'worker' }, false)).toBeUndefined();
    expect(correctionRefusal(annas, { userId: 'cecilia', role: 'supervisor' }, false)).toBeUndefined();
    expect(correctionRefusal(annas, { userId: 'bertil', role: 'worker' }, false)).toBe('not-author');
    expect(correctionRefusal(annas, { userId: 'anna', role: 'admin' }, false)).toBe('not-author');
  });

  it('refuses a locked visit to the author and the supervisor alike, and a colleague for being one', () => {
    expect(correctionRefusal(annas, { userId: 'anna', role: 'worker' }, true)).toBe('locked');
    expect(correctionRefusal(annas, { userId: 'cecilia', role: 'supervisor' }, true)).toBe('locked');
    expect(correctionRefusal(annas, { userId: 'bertil', role: 'worker' }, true)).toBe('not-author');
  });
});
