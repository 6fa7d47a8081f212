/** Screening records, what a client's follow-up shows, and the team's risk over time, against worked examples. */
import { describe, expect, it } from 'vitest';
import type { VisitRecord } from './visits.ts';
import {
  actionsWithOutcomes,
  assessScreening,
  followUp,
  isOverdue,
  monthsUpTo,
  RISK_RULE_VERSION,
  teamRiskByMonth,
  wellbeingRecordSchema,
  type ScreeningAnswerSet,
  type ScreeningRecord,
  type WellbeingRecord,
} from './wellbeing.ts';

const calm: ScreeningAnswerSet = {
  ucla3: { lackCompanionship: 'hardlyEver', leftOut: 'hardlyEver', isolated: 'hardlyEver' },
  direct: 'never',
  lsns6: {
    relativesMonthly: 'threeOrFour',
    relativesPrivate: 'threeOrFour',
    relativesHelp: 'threeOrFour',
    friendsMonthly: 'threeOrFour',
    friendsPrivate: 'threeOrFour',
    friendsHelp: 'threeOrFour',
  },
};
/** UCLA-3 = 7 and LSNS-6 = 5: lonely and isolated, high risk. */
const lonelyAndIsolated: ScreeningAnswerSet = {
  ucla3: { lackCompanionship: 'often', leftOut: 'someOfTheTime', isolated: 'someOfTheTime' },
  direct: 'someOfTheTime',
  lsns6: {
    relativesMonthly: 'one',
    relativesPrivate: 'one',
    relativesHelp: 'one',
    friendsMonthly: 'one',
    friendsPrivate: 'one',
    friendsHelp: 'none',
  },
};

const screening = (
  id: string,
  createdAt: string,
  answers: ScreeningAnswerSet,
  factors: ScreeningRecord['factors'] = [],
  clientId = 'marta',
): ScreeningRecord => ({
  id,
  teamId: 't',
  clientId,
  kind: 'screening',
  authorId: 'anna',
  note: '',
  answers,
  factors,
  rule: RISK_RULE_VERSION,
  createdAt,
});

const visit = (id: string, startedAt: string, extra: Partial<VisitRecord> = {}): VisitRecord => ({
  id,
  teamId: 't',
  clientId: 'marta',
  workerId: 'anna',
  serviceType: 'personal-care',
  location: { address: 'Byvägen 1', village: 'Botsmark', elsewhere: false },
  startedAt,
  endedAt: new Date(Date.parse(startedAt) + 30 * 60_000).toISOString(),
  timeSource: 'typed',
  tasks: [],
  note: '',
  observations: [],
  deviations: [],
  signedAt: startedAt,
  ...extra,
});

describe('wellbeing records', () => {
  it('accepts each kind with its own fields and refuses a field of another kind', () => {
    const record = screening('s1', '2026-03-01T09:00:00.000Z', calm);
    expect(wellbeingRecordSchema.safeParse(record).success).toBe(true);
    const action = {
      ...record,
      kind: 'action',
      answers: undefined,
      factors: undefined,
      rule: undefined,
      action: 'phoneFriend',
    };
    expect(wellbeingRecordSchema.safeParse(action).success).toBe(true);
    const mixed = wellbeingRecordSchema.safeParse({ ...action, outcome: 'helped' });
    expect(mixed.error?.issues.map((i) => i.path.join('.'))).toEqual(['outcome']);
    const bare = wellbeingRecordSchema.safeParse({ ...record, answers: undefined });
    expect(bare.error?.issues).toEqual([
      expect.objectContaining({ path: ['answers'], message: 'validation.required' }),
    ]);
  });

  it('refuses the same risk factor twice, and an answer outside the published options', () => {
    const twice = wellbeingRecordSchema.safeParse(
      screening('s1', '2026-03-01T09:00:00.000Z', calm, [
        { factor: 'livesAlone', note: '' },
        { factor: 'livesAlone', note: 'since 2019' },
      ]),
    );
    expect(twice.error?.issues[0]?.message).toBe('validation.factorTwice');
    const made = { ...calm, direct: 'sometimes' } as unknown as ScreeningAnswerSet;
    expect(wellbeingRecordSchema.safeParse(screening('s2', '2026-03-01T09:00:00.000Z', made)).success).toBe(false);
  });
});

describe('a screening assessed', () => {
  it('gives the level with its reasons, each factor with the note the worker wrote', () => {
    const { assessment } = assessScreening(
      screening('s1', '2026-03-01T09:00:00.000Z', lonelyAndIsolated, [
        { factor: 'livesAlone', note: '' },
        { factor: 'recentBereavement', note: 'her husband died in March' },
      ]),
    );
    expect(assessment.level).toBe('high');
    expect(assessment.ucla3.total).toBe(7);
    expect(assessment.lsns6.total).toBe(5);
    expect(assessment.reasons).toEqual([
      { kind: 'ucla3', score: assessment.ucla3 },
      { kind: 'lsns6', score: assessment.lsns6 },
      { kind: 'factor', factor: 'livesAlone' },
      { kind: 'factor', factor: 'recentBereavement', note: 'her husband died in March' },
    ]);
  });
});

describe('a client followed up', () => {
  const now = new Date('2026-06-15T10:00:00Z');

  it('is due now when never screened', () => {
    const result = followUp([], [], now);
    expect(result.due).toEqual({ on: '2026-06-15', reason: 'never' });
    expect(result.overdue).toBe(true);
  });

  it('is due 90 days after a low-risk screening and 30 after a high-risk one', () => {
    const low = followUp([screening('s1', '2026-05-01T08:00:00.000Z', calm)], [], now);
    expect(low.latest?.assessment.level).toBe('low');
    expect(low.due).toEqual({ on: '2026-07-30', reason: 'interval' });
    expect(low.overdue).toBe(false);
    const high = followUp([screening('s2', '2026-05-01T08:00:00.000Z', lonelyAndIsolated)], [], now);
    expect(high.due).toEqual({ on: '2026-05-31', reason: 'interval' });
    expect(high.overdue).toBe(true);
  });

  it('uses the latest screening, and is due at once when a visit noted loneliness signs after it', () => {
    const records = [
      screening('s2', '2026-06-01T08:00:00.000Z', calm),
      screening('s1', '2026-03-01T08:00:00.000Z', lonelyAndIsolated),
    ];
    const signs = [
      visit('v-before', '2026-05-20T08:00:00.000Z', {
        observations: [{ kind: 'loneliness-signs', text: 'Talked of nobody calling' }],
      }),
      visit('v-after', '2026-06-10T08:00:00.000Z', {
        observations: [
          { kind: 'mood', text: 'Low' },
          { kind: 'loneliness-signs', text: 'Asked me to stay longer' },
        ],
      }),
    ];
    const result = followUp(records, signs, now);
    expect(result.latest?.screening.id).toBe('s2');
    expect(result.screenings.map((s) => s.screening.id)).toEqual(['s2', 's1']);
    expect(result.due).toEqual({ on: '2026-06-10', reason: 'signs' });
    expect(result.signs.map((s) => s.text)).toEqual(['Asked me to stay longer', 'Talked of nobody calling']);
  });

  it('finds the last social contact: a social-support visit or the social-contact task done', () => {
    const visits = [
      visit('a', '2026-06-01T08:00:00.000Z', { serviceType: 'social-support' }),
      visit('b', '2026-06-05T08:00:00.000Z', {
        tasks: [{ task: 'social-contact', planned: true, done: true }],
      }),
      visit('c', '2026-06-09T08:00:00.000Z', {
        tasks: [{ task: 'social-contact', planned: true, done: false }],
      }),
      visit('d', '2026-06-10T08:00:00.000Z'),
    ];
    expect(followUp([], visits, now).lastSocialContact).toBe('2026-06-05T08:00:00.000Z');
  });
});

describe('actions and their outcomes', () => {
  const base = { teamId: 't', clientId: 'marta', authorId: 'anna', note: '' };
  it('shows the newest outcome of each action and which are still open', () => {
    const records: WellbeingRecord[] = [
      { ...base, id: 'a1', kind: 'action', action: 'phoneFriend', createdAt: '2026-03-01T08:00:00.000Z' },
      { ...base, id: 'a2', kind: 'action', action: 'meetingPlace', createdAt: '2026-03-02T08:00:00.000Z' },
      { ...base, id: 'o2', kind: 'outcome', actionId: 'a1', outcome: 'helped', createdAt: '2026-04-02T08:00:00.000Z' },
      { ...base, id: 'o1', kind: 'outcome', actionId: 'a1', outcome: 'started', createdAt: '2026-03-05T08:00:00.000Z' },
      { ...base, id: 'o3', kind: 'outcome', actionId: 'a2', outcome: 'started', createdAt: '2026-03-06T08:00:00.000Z' },
    ];
    const actions = actionsWithOutcomes(records);
    expect(actions.map((a) => [a.action.id, a.outcome, a.open])).toEqual([
      ['a2', 'started', true],
      ['a1', 'helped', false],
    ]);
    expect(actions[1]?.outcomes.map((o) => o.id)).toEqual(['o1', 'o2']);
  });
});

describe('risk across the team', () => {
  it('counts each client by the latest screening at each month end', () => {
    const now = new Date('2026-03-10T10:00:00Z');
    expect(monthsUpTo(now, 3)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(monthsUpTo(new Date('2026-01-31T23:30:00Z'), 2)).toEqual(['2026-01', '2026-02']);
    const screenings = [
      screening('m1', '2026-01-05T08:00:00.000Z', lonelyAndIsolated, [], 'marta'),
      screening('m2', '2026-03-02T08:00:00.000Z', calm, [], 'marta'),
      screening('g1', '2026-02-10T08:00:00.000Z', calm, [], 'gustav'),
    ];
    const months = teamRiskByMonth(['marta', 'gustav', 'elsa'], screenings, now, 3);
    const pick = (i: number) => {
      const { high, low, notScreened } = months[i]?.counts ?? {};
      return { high, low, notScreened };
    };
    expect(pick(0)).toEqual({ high: 1, low: 0, notScreened: 2 });
    expect(pick(1)).toEqual({ high: 1, low: 1, notScreened: 1 });
    expect(pick(2)).toEqual({ high: 0, low: 2, notScreened: 1 });
  });
});

describe('an overdue screening', () => {
  it('is one due before today, never one not yet screened', () => {
    expect(isOverdue({ on: '2026-03-01', reason: 'interval' }, '2026-03-02')).toBe(true);
    expect(isOverdue({ on: '2026-03-02', reason: 'signs' }, '2026-03-02')).toBe(false);
    expect(isOverdue({ on: '2026-01-01', reason: 'never' }, '2026-03-02')).toBe(false);
  });
});
