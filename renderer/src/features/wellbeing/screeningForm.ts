/**
 * The screening conversation as data: its steps, the questions each step asks, the form saved as the draft, and how
 * a complete form becomes the answers that are signed.
 */
import {
  DIRECT_ANSWERS,
  LSNS6_ANSWERS,
  LSNS6_ITEMS,
  RISK_FACTORS,
  UCLA3_ANSWERS,
  UCLA3_ITEMS,
  type RiskFactor,
} from '../../../../core/screening.ts';
import type { ScreeningAnswerSet } from '../../../../core/wellbeing.ts';

export const STEPS = ['intro', 'ucla3', 'direct', 'relatives', 'friends', 'factors', 'summary'] as const;
export type Step = (typeof STEPS)[number];

/** The questions each step asks: [group, item, answer options]. */
export type Question = readonly [group: 'ucla3' | 'direct' | 'lsns6', item: string, answers: readonly string[]];
export const QUESTIONS: Partial<Record<Step, readonly Question[]>> = {
  ucla3: UCLA3_ITEMS.map((item) => ['ucla3', item, UCLA3_ANSWERS] as const),
  direct: [['direct', 'direct', DIRECT_ANSWERS]],
  relatives: LSNS6_ITEMS.slice(0, 3).map((item) => ['lsns6', item, LSNS6_ANSWERS] as const),
  friends: LSNS6_ITEMS.slice(3).map((item) => ['lsns6', item, LSNS6_ANSWERS] as const),
};

/** The conversation as it stands: what is saved as the draft. */
export interface ScreeningForm {
  readonly id: string;
  readonly step: number;
  /** Answers by item (`direct` for the direct question); 'declined' when the client chose not to answer. */
  readonly answers: Readonly<Record<string, string>>;
  readonly factors: Readonly<Partial<Record<RiskFactor, string>>>;
  readonly note: string;
}

/** The id of a question's radio group, for moving focus to the first one left unanswered. */
export const questionId = (item: string) => `screening-question-${item}`;

/** The answers, once every question has one (an answer or "declined"). */
export function completeAnswers(form: ScreeningForm): ScreeningAnswerSet | undefined {
  const all = Object.values(QUESTIONS).flat();
  if (all.some(([, item]) => !form.answers[item])) return undefined;
  const group = (items: readonly string[]) => Object.fromEntries(items.map((item) => [item, form.answers[item]]));
  return {
    ucla3: group(UCLA3_ITEMS),
    direct: form.answers['direct'],
    lsns6: group(LSNS6_ITEMS),
  } as unknown as ScreeningAnswerSet;
}

/** The risk factors ticked, each with its note. */
export function chosenFactors(form: ScreeningForm) {
  return RISK_FACTORS.filter((f) => form.factors[f] !== undefined).map((factor) => ({
    factor,
    note: (form.factors[factor] ?? '').trim(),
  }));
}

/** The first step with a question left unanswered (a draft from an older version may have one). */
export const firstUnansweredStep = (form: ScreeningForm) =>
  Math.max(
    STEPS.findIndex((s) => (QUESTIONS[s] ?? []).some(([, item]) => !form.answers[item])),
    0,
  );
