import { describe, expect, it } from 'vitest';
import {
  amendVisitInputSchema,
  checkAmendment,
  effectiveVisit,
  logVisitInputSchema,
  visitRecordSchema,
  type AmendmentRecord,
  type LogVisitInput,
  type VisitRecord,
} from './visits.ts';
import { messageKey } from './validation.ts';

const input: LogVisitInput = {
  id: 'v1',
  clientId: 'c1',
  serviceType: 'personal-care',
  location: { address: 'Byvägen 3', village: 'Tavelsjö' },
  startedAt: '2026-11-22T08:00:00+01:00',
  endedAt: '2026-11-22T08:40:00+01:00',
  timeSource: 'timer',
  tasks: [
    { task: 'meals', planned: true, done: true },
    { task: 'medication-reminder', planned: true, done: false, comment: 'Had already taken them' },
  ],
};

const messages = (result: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];

describe('logging a visit', () => {
  it('accepts the six verification elements with tasks, and fills in the optional parts', () => {
    const parsed = logVisitInputSchema.parse(input);
    expect(parsed).toMatchObject({ note: '', observations: [], deviations: [], location: { elsewhere: false } });
  });

  it('stores times in UTC, so that stored times sort in time order', () => {
    const parsed = logVisitInputSchema.parse(input);
    expect([parsed.startedAt, parsed.endedAt]).toEqual(['2026-11-22T07:00:00.000Z', '2026-11-22T07:40:00.000Z']);
  });

  it('refuses an end before the start, a visit over 16 hours and a task logged twice, with message keys', () => {
    expect(messages(logVisitInputSchema.safeParse({ ...input, endedAt: '2026-11-22T07:59:00+01:00' }))).toEqual([
      'endedAt: validation.endBeforeStart',
    ]);
    expect(messages(logVisitInputSchema.safeParse({ ...input, endedAt: '2026-11-23T08:00:00+01:00' }))).toEqual([
      'endedAt: validation.visitTooLong',
    ]);
    const twice = { ...input, tasks: [...input.tasks, { task: 'meals', planned: false, done: true }] };
    expect(messages(logVisitInputSchema.safeParse(twice))).toEqual(['tasks.2: validation.taskTwice']);
  });

  it('names each missing or wrong field with a message key', () => {
    const result = logVisitInputSchema.safeParse(
      {
        ...input,
        clientId: undefined,
        serviceType: 'massage',
        location: { address: ' ', village: 'Sävar' },
        startedAt: 'yesterday',
        note: 'x'.repeat(4001),
        tasks: 'meals',
      },
      { error: messageKey },
    );
    expect(messages(result)).toEqual([
      'clientId: validation.required',
      'serviceType: validation.choose',
      'location.address: validation.required',
      'startedAt: validation.dateTime',
      'tasks: validation.invalid',
      'note: validation.tooLong',
    ]);
  });

  it('asks what was done when the client did not open', () => {
    const notAtHome = { kind: 'not-at-home', severity: 'high', description: 'No answer at the door' } as const;
    expect(messages(logVisitInputSchema.safeParse({ ...input, deviations: [notAtHome] }))).toEqual([
      'deviations.0.followUp: validation.notAtHomeNeedsFollowUp',
    ]);
    const handled = { ...notAtHome, followUp: 'Called next of kin, who was with her' };
    expect(logVisitInputSchema.safeParse({ ...input, deviations: [handled] }).success).toBe(true);
  });
});

describe('correcting a signed visit', () => {
  const original: VisitRecord = visitRecordSchema.parse({
    ...input,
    teamId: 't1',
    workerId: 'w1',
    signedAt: '2026-11-22T08:41:00+01:00',
  });
  const amendment = (n: number, createdAt: string, changes: AmendmentRecord['changes']): AmendmentRecord => ({
    id: `a${n}`,
    visitId: 'v1',
    reason: 'note-correction',
    comment: 'Forgot to write it down',
    changes,
    teamId: 't1',
    authorId: 'w1',
    createdAt,
  });

  it('needs a reason, an explanation and at least one change', () => {
    const result = amendVisitInputSchema.safeParse({
      id: 'a1',
      visitId: 'v1',
      reason: 'oops',
      comment: '',
      changes: {},
    });
    expect(messages(result)).toEqual([
      'reason: validation.choose',
      'comment: validation.explainCorrection',
      'changes: validation.nothingChanged',
    ]);
  });

  it('reads the visit with its corrections in the order they were made, leaving the original as it was', () => {
    const later = amendment(2, '2026-11-22T10:00:00+01:00', { note: 'Second correction' });
    const earlier = amendment(1, '2026-11-22T09:00:00+01:00', {
      note: 'First correction',
      endedAt: '2026-11-22T08:45:00+01:00',
    });
    const other = { ...amendment(3, '2026-11-22T11:00:00+01:00', { note: 'Another visit' }), visitId: 'v2' };
    const frozen = structuredClone(original);
    expect(effectiveVisit(original, [later, other, earlier])).toEqual({
      ...original,
      note: 'Second correction',
      endedAt: '2026-11-22T08:45:00+01:00',
    });
    expect(original.endedAt).toBe('2026-11-22T07:40:00.000Z');
    expect(original).toEqual(frozen);
  });

  it('refuses a correction that would leave the visit ending before it started', () => {
    const earlier = amendment(1, '2026-11-22T09:00:00+01:00', { startedAt: '2026-11-22T08:10:00+01:00' });
    const bad = amendment(2, '2026-11-22T10:00:00+01:00', { endedAt: '2026-11-22T08:05:00+01:00' });
    expect(messages(checkAmendment(original, [earlier], bad))).toEqual(['endedAt: validation.endBeforeStart']);
    const good = amendment(3, '2026-11-22T10:00:00+01:00', { endedAt: '2026-11-22T08:50:00+01:00' });
    expect(checkAmendment(original, [earlier], good).success).toBe(true);
  });
});
