/**
 * Loneliness and social isolation screening: the instruments as published, their scoring with declined answers, and the
 * written-down rule that combines scores and risk factors into a risk level with its reasons. Support for judgement,
 * not a diagnosis. Item texts are i18n keys (`screening.item.*`); the app shows them with their sources.
 *
 * - UCLA 3-item Loneliness Scale (Hughes, Waite, Hawkley & Cacioppo 2004, Research on Aging 26(6)): lacks
 *   companionship, feels left out, feels isolated from others; hardly ever = 1, some of the time = 2, often = 3;
 *   total 3–9; 6 or more is the usual research cut-off for "lonely".
 * - The direct question of the UK Office for National Statistics (2018): "How often do you feel lonely?" — often or
 *   always, some of the time, occasionally, hardly ever, never. Not scored into the UCLA total; "often or always" is
 *   what the ONS reports as chronic loneliness.
 * - Lubben Social Network Scale, 6 items (Lubben et al. 2006, The Gerontologist 46(4)): relatives and friends seen or
 *   heard from at least monthly, to talk to about private matters, to call on for help; none = 0, one = 1, two = 2,
 *   three or four = 3, five to eight = 4, nine or more = 5; total 0–30, under 12 means risk of social isolation.
 *
 * A client may decline any question. A declined answer is never guessed: the score becomes the range it could still
 * take, and a cut-off is met only when every possible answer meets it.
 */

export const UCLA3_ITEMS = ['lackCompanionship', 'leftOut', 'isolated'] as const;
export const UCLA3_ANSWERS = ['hardlyEver', 'someOfTheTime', 'often'] as const;
export type Ucla3Answer = (typeof UCLA3_ANSWERS)[number];
const UCLA3_POINTS: Record<Ucla3Answer, number> = { hardlyEver: 1, someOfTheTime: 2, often: 3 };
/** UCLA-3 total at or above which the usual research cut-off counts a person as lonely. */
export const UCLA3_LONELY_FROM = 6;

export const DIRECT_ANSWERS = ['oftenOrAlways', 'someOfTheTime', 'occasionally', 'hardlyEver', 'never'] as const;
export type DirectAnswer = (typeof DIRECT_ANSWERS)[number];

export const LSNS6_ITEMS = [
  'relativesMonthly',
  'relativesPrivate',
  'relativesHelp',
  'friendsMonthly',
  'friendsPrivate',
  'friendsHelp',
] as const;
export const LSNS6_ANSWERS = ['none', 'one', 'two', 'threeOrFour', 'fiveToEight', 'nineOrMore'] as const;
export type Lsns6Answer = (typeof LSNS6_ANSWERS)[number];
const LSNS6_POINTS: Record<Lsns6Answer, number> = {
  none: 0,
  one: 1,
  two: 2,
  threeOrFour: 3,
  fiveToEight: 4,
  nineOrMore: 5,
};
/** LSNS-6 total below which a person is at risk of social isolation. */
export const LSNS6_ISOLATED_BELOW = 12;

/** What the client said to one question, or that they chose not to answer it. */
export type Answer<A extends string> = A | 'declined';

/** A score that declined answers leave open: the lowest and highest total still possible, and what was declined. */
export interface Score {
  readonly min: number;
  readonly max: number;
  /** The total, when nothing was declined. */
  readonly total: number | undefined;
  readonly declined: number;
}

function scoreOf<A extends string>(
  answers: readonly Answer<A>[],
  points: Record<A, number>,
  lowest: number,
  highest: number,
): Score {
  let min = 0;
  let max = 0;
  let declined = 0;
  for (const answer of answers) {
    if (answer === 'declined') {
      declined += 1;
      min += lowest;
      max += highest;
    } else {
      min += points[answer];
      max += points[answer];
    }
  }
  return { min, max, total: declined === 0 ? min : undefined, declined };
}

export const ucla3Score = (answers: Readonly<Record<(typeof UCLA3_ITEMS)[number], Answer<Ucla3Answer>>>): Score =>
  scoreOf(
    UCLA3_ITEMS.map((item) => answers[item]),
    UCLA3_POINTS,
    1,
    3,
  );

export const lsns6Score = (answers: Readonly<Record<(typeof LSNS6_ITEMS)[number], Answer<Lsns6Answer>>>): Score =>
  scoreOf(
    LSNS6_ITEMS.map((item) => answers[item]),
    LSNS6_POINTS,
    0,
    5,
  );

/** Met, not met, or left open by declined answers. */
export type Finding = 'yes' | 'no' | 'unknown';

/** Lonely by the UCLA-3 cut-off: yes only if every possible total is at least 6, no only if none is. */
export function lonelyByUcla3(score: Score): Finding {
  if (score.min >= UCLA3_LONELY_FROM) return 'yes';
  if (score.max < UCLA3_LONELY_FROM) return 'no';
  return 'unknown';
}

/** At risk of isolation by the LSNS-6 cut-off: yes only if every possible total is under 12, no only if none is. */
export function isolatedByLsns6(score: Score): Finding {
  if (score.max < LSNS6_ISOLATED_BELOW) return 'yes';
  if (score.min >= LSNS6_ISOLATED_BELOW) return 'no';
  return 'unknown';
}

/** Risk factors recorded beside the scores (what the staff know or were told, not asked as a test). */
export const RISK_FACTORS = [
  'livesAlone',
  'recentBereavement',
  'reducedMobility',
  'hearingOrVisionLoss',
  'noPhoneOrInternet',
  'farFromNeighbours',
  'recentlyDischarged',
  'decliningVisits',
] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];

export const RISK_LEVELS = ['low', 'moderate', 'high', 'unknown'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** One reason behind a risk level, to be put in words by the UI (e.g. "UCLA-3 = 7", "lives alone"). */
export type RiskReason =
  | { readonly kind: 'ucla3'; readonly score: Score }
  | { readonly kind: 'direct'; readonly answer: DirectAnswer }
  | { readonly kind: 'lsns6'; readonly score: Score }
  | { readonly kind: 'factor'; readonly factor: RiskFactor };

export interface ScreeningAnswers {
  readonly ucla3: Readonly<Record<(typeof UCLA3_ITEMS)[number], Answer<Ucla3Answer>>>;
  readonly direct: Answer<DirectAnswer>;
  readonly lsns6: Readonly<Record<(typeof LSNS6_ITEMS)[number], Answer<Lsns6Answer>>>;
  readonly factors: readonly RiskFactor[];
}

export interface RiskAssessment {
  readonly level: RiskLevel;
  /** The levels declined answers leave possible (just `level` when it is known). */
  readonly possible: readonly Exclude<RiskLevel, 'unknown'>[];
  readonly reasons: readonly RiskReason[];
  readonly ucla3: Score;
  readonly lsns6: Score;
}

/**
 * The rule, written down (and shown in the app beside every result):
 * - a loneliness sign: UCLA-3 of 6 or more, or "often or always" lonely to the direct question;
 * - an isolation sign: LSNS-6 under 12;
 * - high risk: a loneliness sign and an isolation sign, or either sign with two or more risk factors;
 * - moderate risk: either sign, or two or more risk factors;
 * - low risk: neither sign, and at most one risk factor;
 * - unknown: declined answers leave it open which of these applies — the level it would be either way is never
 *   guessed.
 */
export function assessRisk(answers: ScreeningAnswers): RiskAssessment {
  const ucla3 = ucla3Score(answers.ucla3);
  const lsns6 = lsns6Score(answers.lsns6);
  const factors = RISK_FACTORS.filter((f) => answers.factors.includes(f));
  const often = answers.direct === 'oftenOrAlways';
  const lonelyUcla = lonelyByUcla3(ucla3);
  const lonely: Finding = often ? 'yes' : answers.direct === 'declined' && lonelyUcla === 'no' ? 'unknown' : lonelyUcla;
  const isolated = isolatedByLsns6(lsns6);

  const levelFor = (isLonely: boolean, isIsolated: boolean): Exclude<RiskLevel, 'unknown'> => {
    const manyFactors = factors.length >= 2;
    if ((isLonely && isIsolated) || ((isLonely || isIsolated) && manyFactors)) return 'high';
    if (isLonely || isIsolated || manyFactors) return 'moderate';
    return 'low';
  };
  // Every way the open findings could fall; the level is known only when they all agree.
  const options = (finding: Finding) => (finding === 'unknown' ? [true, false] : [finding === 'yes']);
  const levels = new Set(options(lonely).flatMap((l) => options(isolated).map((i) => levelFor(l, i))));
  const [only] = levels;
  const level: RiskLevel = levels.size === 1 && only ? only : 'unknown';

  const reasons: RiskReason[] = [];
  if (lonelyUcla !== 'no') reasons.push({ kind: 'ucla3', score: ucla3 });
  if (often) reasons.push({ kind: 'direct', answer: 'oftenOrAlways' });
  if (isolated !== 'no') reasons.push({ kind: 'lsns6', score: lsns6 });
  for (const factor of factors) reasons.push({ kind: 'factor', factor });
  const possible = (['low', 'moderate', 'high'] as const).filter((l) => levels.has(l));
  return { level, possible, reasons, ucla3, lsns6 };
}

/** Days until the next screening: every 90 days, sooner the higher the risk (and soon when the level is open). */
export const RESCREEN_DAYS: Record<RiskLevel, number> = { low: 90, moderate: 60, high: 30, unknown: 30 };
