/** The screening instruments' scoring against worked examples, declined answers, the cut-offs' edges and the risk rule. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assessRisk,
  DIRECT_ANSWERS,
  isolatedByLsns6,
  lonelyByUcla3,
  LSNS6_ANSWERS,
  LSNS6_ITEMS,
  lsns6Score,
  RISK_FACTORS,
  UCLA3_ANSWERS,
  UCLA3_ITEMS,
  ucla3Score,
  type Answer,
  type Lsns6Answer,
  type ScreeningAnswers,
  type Ucla3Answer,
} from './screening.ts';

const ucla = (a: Answer<Ucla3Answer>, b: Answer<Ucla3Answer>, c: Answer<Ucla3Answer>) => ({
  lackCompanionship: a,
  leftOut: b,
  isolated: c,
});
const lsns = (...answers: Answer<Lsns6Answer>[]) =>
  Object.fromEntries(LSNS6_ITEMS.map((item, index) => [item, answers[index]])) as ScreeningAnswers['lsns6'];
/** A network of 3–4 people in every row: 18, well clear of isolation. */
const wideNetwork = lsns('threeOrFour', 'threeOrFour', 'threeOrFour', 'threeOrFour', 'threeOrFour', 'threeOrFour');
const screening = (overrides: Partial<ScreeningAnswers>): ScreeningAnswers => ({
  ucla3: ucla('hardlyEver', 'hardlyEver', 'hardlyEver'),
  direct: 'never',
  lsns6: wideNetwork,
  factors: [],
  ...overrides,
});

describe('UCLA 3-item Loneliness Scale', () => {
  it('scores 1–3 per item, 3–9 in all, and counts 6 or more as lonely', () => {
    expect(ucla3Score(ucla('hardlyEver', 'hardlyEver', 'hardlyEver'))).toEqual({
      min: 3,
      max: 3,
      total: 3,
      declined: 0,
    });
    expect(ucla3Score(ucla('often', 'often', 'often')).total).toBe(9);
    // The edge: 5 is not lonely, 6 is.
    expect(lonelyByUcla3(ucla3Score(ucla('someOfTheTime', 'someOfTheTime', 'hardlyEver')))).toBe('no');
    expect(lonelyByUcla3(ucla3Score(ucla('someOfTheTime', 'someOfTheTime', 'someOfTheTime')))).toBe('yes');
    expect(lonelyByUcla3(ucla3Score(ucla('often', 'often', 'hardlyEver')))).toBe('yes');
  });

  it('never guesses a declined answer: the score is the range still possible', () => {
    const open = ucla3Score(ucla('often', 'declined', 'hardlyEver'));
    expect(open).toEqual({ min: 5, max: 7, total: undefined, declined: 1 });
    expect(lonelyByUcla3(open)).toBe('unknown');
    // Two "often" answers make 6 whatever the third would have been.
    expect(lonelyByUcla3(ucla3Score(ucla('often', 'often', 'declined')))).toBe('yes');
    expect(lonelyByUcla3(ucla3Score(ucla('hardlyEver', 'hardlyEver', 'declined')))).toBe('no');
    expect(ucla3Score(ucla('declined', 'declined', 'declined'))).toEqual({
      min: 3,
      max: 9,
      total: undefined,
      declined: 3,
    });
  });
});

describe('Lubben Social Network Scale, 6 items', () => {
  it('scores none 0 … nine or more 5, 0–30 in all, and counts under 12 as at risk of isolation', () => {
    expect(lsns6Score(wideNetwork).total).toBe(18);
    expect(lsns6Score(lsns('none', 'none', 'none', 'none', 'none', 'none')).total).toBe(0);
    expect(
      lsns6Score(lsns('nineOrMore', 'nineOrMore', 'nineOrMore', 'nineOrMore', 'nineOrMore', 'nineOrMore')).total,
    ).toBe(30);
    // A small network: two relatives seen monthly, one to confide in, one to call on; one friend for each.
    const worked = lsns6Score(lsns('two', 'one', 'one', 'one', 'one', 'one'));
    expect(worked.total).toBe(7);
    expect(isolatedByLsns6(worked)).toBe('yes');
    // The edge: 11 is at risk, 12 is not.
    expect(isolatedByLsns6(lsns6Score(lsns('two', 'two', 'two', 'two', 'two', 'one')))).toBe('yes');
    expect(isolatedByLsns6(lsns6Score(lsns('two', 'two', 'two', 'two', 'two', 'two')))).toBe('no');
  });

  it('leaves the finding open while a declined answer could still cross the cut-off', () => {
    expect(isolatedByLsns6(lsns6Score(lsns('two', 'two', 'two', 'two', 'two', 'declined')))).toBe('unknown');
    expect(isolatedByLsns6(lsns6Score(lsns('none', 'none', 'one', 'none', 'one', 'declined')))).toBe('yes');
    expect(
      isolatedByLsns6(
        lsns6Score(lsns('threeOrFour', 'threeOrFour', 'threeOrFour', 'threeOrFour', 'declined', 'declined')),
      ),
    ).toBe('no');
  });

  it('gives a range that holds every total the declined answers could make', () => {
    const answer = fc.constantFrom<Answer<Lsns6Answer>>(...LSNS6_ANSWERS, 'declined');
    fc.assert(
      fc.property(
        fc.array(answer, { minLength: 6, maxLength: 6 }),
        fc.array(fc.constantFrom(...LSNS6_ANSWERS), { minLength: 6, maxLength: 6 }),
        (given, fill) => {
          const score = lsns6Score(lsns(...given));
          const completed = lsns6Score(lsns(...given.map((a, i) => (a === 'declined' ? fill[i]! : a))));
          expect(completed.total).toBeGreaterThanOrEqual(score.min);
          expect(completed.total).toBeLessThanOrEqual(score.max);
        },
      ),
    );
  });
});

describe('the risk rule', () => {
  it('is low with no sign and at most one risk factor', () => {
    expect(assessRisk(screening({ factors: ['livesAlone'] }))).toMatchObject({
      level: 'low',
      reasons: [{ kind: 'factor', factor: 'livesAlone' }],
    });
  });

  it('is moderate with one sign, or with two risk factors alone', () => {
    const lonely = assessRisk(screening({ ucla3: ucla('often', 'someOfTheTime', 'someOfTheTime') }));
    expect(lonely.level).toBe('moderate');
    expect(lonely.reasons).toEqual([{ kind: 'ucla3', score: { min: 7, max: 7, total: 7, declined: 0 } }]);
    expect(assessRisk(screening({ direct: 'oftenOrAlways' })).level).toBe('moderate');
    expect(assessRisk(screening({ factors: ['livesAlone', 'recentBereavement'] })).level).toBe('moderate');
  });

  it('is high with loneliness and isolation, or a sign with two risk factors — and says why', () => {
    const risk = assessRisk(
      screening({
        ucla3: ucla('often', 'someOfTheTime', 'someOfTheTime'),
        factors: ['recentBereavement', 'livesAlone'],
      }),
    );
    expect(risk.level).toBe('high');
    // "UCLA-3 = 7, lives alone, bereavement": in a fixed order, whatever order they were ticked in.
    expect(risk.reasons).toEqual([
      { kind: 'ucla3', score: { min: 7, max: 7, total: 7, declined: 0 } },
      { kind: 'factor', factor: 'livesAlone' },
      { kind: 'factor', factor: 'recentBereavement' },
    ]);
    expect(
      assessRisk(screening({ direct: 'oftenOrAlways', lsns6: lsns('one', 'one', 'one', 'one', 'one', 'one') })).level,
    ).toBe('high');
  });

  it('says "unknown" when declined answers leave the level open, and gives it when they cannot change it', () => {
    // UCLA-3 between 5 and 7, no other sign, no factors: moderate or low — open.
    expect(assessRisk(screening({ ucla3: ucla('often', 'declined', 'hardlyEver') })).level).toBe('unknown');
    // Isolated for certain and two factors: high whatever the declined UCLA item was.
    expect(
      assessRisk(
        screening({
          ucla3: ucla('often', 'declined', 'hardlyEver'),
          lsns6: lsns('none', 'one', 'none', 'one', 'none', 'declined'),
          factors: ['livesAlone', 'noPhoneOrInternet'],
        }),
      ).level,
    ).toBe('high');
    // The direct question declined while UCLA-3 is low: the answer could have been "often or always".
    expect(assessRisk(screening({ direct: 'declined' })).level).toBe('unknown');
  });

  it('never rates a complete screening "unknown", and never lowers the level for an added risk factor', () => {
    const complete = fc.record({
      ucla3: fc.record(Object.fromEntries(UCLA3_ITEMS.map((i) => [i, fc.constantFrom(...UCLA3_ANSWERS)]))),
      direct: fc.constantFrom(...DIRECT_ANSWERS),
      lsns6: fc.record(Object.fromEntries(LSNS6_ITEMS.map((i) => [i, fc.constantFrom(...LSNS6_ANSWERS)]))),
      factors: fc.subarray([...RISK_FACTORS]),
    }) as fc.Arbitrary<ScreeningAnswers>;
    const rank = { low: 0, moderate: 1, high: 2, unknown: -1 } as const;
    fc.assert(
      fc.property(complete, fc.constantFrom(...RISK_FACTORS), (answers, extra) => {
        const before = assessRisk(answers).level;
        expect(before).not.toBe('unknown');
        const after = assessRisk({ ...answers, factors: [...new Set([...answers.factors, extra])] }).level;
        expect(rank[after]).toBeGreaterThanOrEqual(rank[before]);
      }),
    );
  });
});
