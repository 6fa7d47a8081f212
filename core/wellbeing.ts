/**
 * Following a client's loneliness and isolation: signed screenings, the actions and referrals that follow them, and
 * what came of each. All three are append-only records of one synced collection (`wellbeing`), like visits: a screening
 * is signed and never changes; an action's outcome is a new record about it, so a worker and a supervisor writing
 * offline never overwrite each other, and the history stands up later.
 *
 * From those records and the visit logs this module derives what staff and supervisors see: each screening's risk level
 * and reasons, when the next screening is due, the loneliness signs seen on visits since the last one, the last social
 * contact, and how risk changed across the team.
 */
import { z } from 'zod';
import { signatureSchema } from './signing.ts';
import { addDays, localDate } from './schedule.ts';
import {
  assessRisk,
  DIRECT_ANSWERS,
  LSNS6_ANSWERS,
  RESCREEN_DAYS,
  RISK_FACTORS,
  RISK_LEVELS,
  UCLA3_ANSWERS,
  type RiskAssessment,
  type RiskFactor,
  type RiskLevel,
} from './screening.ts';
import { instantSchema, type VisitRecord } from './visits.ts';

const id = z.string().min(1, 'validation.required').max(64);
const text = (max: number) => z.string().trim().max(max, 'validation.tooLong');
const answer = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum([...values, 'declined'], 'validation.answerOrDecline');

export const screeningAnswersSchema = z.object({
  ucla3: z.object({
    lackCompanionship: answer(UCLA3_ANSWERS),
    leftOut: answer(UCLA3_ANSWERS),
    isolated: answer(UCLA3_ANSWERS),
  }),
  direct: answer(DIRECT_ANSWERS),
  lsns6: z.object({
    relativesMonthly: answer(LSNS6_ANSWERS),
    relativesPrivate: answer(LSNS6_ANSWERS),
    relativesHelp: answer(LSNS6_ANSWERS),
    friendsMonthly: answer(LSNS6_ANSWERS),
    friendsPrivate: answer(LSNS6_ANSWERS),
    friendsHelp: answer(LSNS6_ANSWERS),
  }),
});
export type ScreeningAnswerSet = z.output<typeof screeningAnswersSchema>;

/** A risk factor as recorded, with what the worker knows of it ("bereavement in March"). */
export const factorEntrySchema = z.object({
  factor: z.enum(RISK_FACTORS, 'validation.choose'),
  note: text(200).default(''),
});
export type FactorEntry = z.output<typeof factorEntrySchema>;

/** What may be done about loneliness, and be followed up. */
export const ACTION_KINDS = [
  'socialActivity',
  'meetingPlace',
  'volunteerVisitor',
  'phoneFriend',
  'relativesContacted',
  'supervisorTalk',
  'other',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** What came of an action: still going, or how it ended. */
export const ACTION_OUTCOMES = ['started', 'helped', 'noEffect', 'declined', 'notAvailable'] as const;
export type ActionOutcome = (typeof ACTION_OUTCOMES)[number];
/** Outcomes after which nothing more is expected of an action. */
export const CLOSING_OUTCOMES: ReadonlySet<ActionOutcome> = new Set(['helped', 'noEffect', 'declined', 'notAvailable']);

export const WELLBEING_KINDS = ['screening', 'action', 'outcome'] as const;
export type WellbeingKind = (typeof WELLBEING_KINDS)[number];

/** The version of the written-down risk rule (core/screening.ts `assessRisk`) a screening was signed under. */
export const RISK_RULE_VERSION = 1;

const factorsSchema = z
  .array(factorEntrySchema)
  .max(RISK_FACTORS.length)
  .superRefine((entries, ctx) => {
    const seen = new Set<RiskFactor>();
    entries.forEach((entry, index) => {
      if (seen.has(entry.factor)) ctx.addIssue({ code: 'custom', message: 'validation.factorTwice', path: [index] });
      seen.add(entry.factor);
    });
  });

export const wellbeingRecordSchema = z
  .strictObject({
    id,
    teamId: id,
    clientId: id,
    kind: z.enum(WELLBEING_KINDS),
    /** Who signed the screening, or recorded the action or outcome. */
    authorId: id,
    /** The comment of a screening, or what was done or agreed. */
    note: text(2000),
    /** For a screening: each answer, or that the client declined it. */
    answers: screeningAnswersSchema.optional(),
    factors: factorsSchema.optional(),
    rule: z.number().int().min(1).optional(),
    /** For an action: what it is, and the screening it follows (if any). */
    action: z.enum(ACTION_KINDS, 'validation.choose').optional(),
    screeningId: id.optional(),
    /** For an outcome: the action it is about, and what came of it. */
    actionId: id.optional(),
    outcome: z.enum(ACTION_OUTCOMES, 'validation.choose').optional(),
    createdAt: instantSchema,
    signature: signatureSchema.optional(),
  })
  .superRefine((r, ctx) => {
    const needs: Record<WellbeingKind, readonly (keyof typeof r)[]> = {
      screening: ['answers', 'factors', 'rule'],
      action: ['action'],
      outcome: ['actionId', 'outcome'],
    };
    const others = WELLBEING_KINDS.filter((k) => k !== r.kind).flatMap((k) => needs[k]);
    for (const field of needs[r.kind]) {
      if (r[field] === undefined) ctx.addIssue({ code: 'custom', message: 'validation.required', path: [field] });
    }
    for (const field of [...others, ...(r.kind === 'action' ? [] : (['screeningId'] as const))]) {
      if (r[field] !== undefined) ctx.addIssue({ code: 'custom', message: 'validation.invalid', path: [field] });
    }
    if (r.kind === 'action' && r.action === 'other' && r.note.length < 3) {
      ctx.addIssue({ code: 'custom', message: 'validation.describeAction', path: ['note'] });
    }
  });
export type WellbeingRecord = z.output<typeof wellbeingRecordSchema>;

export type ScreeningRecord = WellbeingRecord & {
  readonly kind: 'screening';
  readonly answers: ScreeningAnswerSet;
  readonly factors: FactorEntry[];
};
export type ActionRecord = WellbeingRecord & { readonly kind: 'action'; readonly action: ActionKind };
export type OutcomeRecord = WellbeingRecord & {
  readonly kind: 'outcome';
  readonly actionId: string;
  readonly outcome: ActionOutcome;
};

export const isScreening = (r: WellbeingRecord): r is ScreeningRecord => r.kind === 'screening';
export const isAction = (r: WellbeingRecord): r is ActionRecord => r.kind === 'action';
export const isOutcome = (r: WellbeingRecord): r is OutcomeRecord => r.kind === 'outcome';

/** What a worker signs at the end of a screening conversation. */
export const signScreeningInputSchema = z.object({
  id,
  clientId: id,
  answers: screeningAnswersSchema,
  factors: factorsSchema.default([]),
  note: text(2000).default(''),
});
export type SignScreeningInput = z.input<typeof signScreeningInputSchema>;

export const addActionInputSchema = z
  .object({
    id,
    clientId: id,
    action: z.enum(ACTION_KINDS, 'validation.choose'),
    screeningId: id.optional(),
    note: text(2000).default(''),
  })
  .refine((a) => a.action !== 'other' || a.note.length >= 3, {
    message: 'validation.describeAction',
    path: ['note'],
  });
export type AddActionInput = z.input<typeof addActionInputSchema>;

export const recordOutcomeInputSchema = z.object({
  id,
  actionId: id,
  outcome: z.enum(ACTION_OUTCOMES, 'validation.choose'),
  note: text(2000).default(''),
});
export type RecordOutcomeInput = z.input<typeof recordOutcomeInputSchema>;

/** Oldest first, by time and then id (two laptops agree on the order of records made in the same millisecond). */
export const oldestFirst = (a: WellbeingRecord, b: WellbeingRecord) =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/** A risk reason with the note the worker recorded for a factor. */
export type Reason = RiskAssessment['reasons'][number] & { readonly note?: string };

export interface AssessedScreening {
  readonly screening: ScreeningRecord;
  readonly assessment: RiskAssessment & { readonly reasons: readonly Reason[] };
}

/** A screening's risk level and reasons, by the written-down rule, with the factors' notes. */
export function assessScreening(screening: ScreeningRecord): AssessedScreening {
  const factors = screening.factors.map((f) => f.factor);
  const assessment = assessRisk({ ...screening.answers, factors });
  const notes = new Map(screening.factors.map((f) => [f.factor, f.note]));
  const reasons = assessment.reasons.map((reason): Reason => {
    const note = reason.kind === 'factor' ? notes.get(reason.factor) : undefined;
    return note ? { ...reason, note } : reason;
  });
  return { screening, assessment: { ...assessment, reasons } };
}

/** A loneliness sign a worker noted on a visit. */
export interface SignObservation {
  readonly visitId: string;
  readonly at: string;
  readonly text: string;
  readonly workerId: string;
}

/** The loneliness-sign observations of visits, oldest first. */
export function lonelinessSigns(visits: readonly VisitRecord[]): SignObservation[] {
  return visits
    .flatMap((v) =>
      v.observations
        .filter((o) => o.kind === 'loneliness-signs')
        .map((o) => ({ visitId: v.id, at: v.startedAt, text: o.text, workerId: v.workerId })),
    )
    .sort((a, b) => a.at.localeCompare(b.at) || a.visitId.localeCompare(b.visitId));
}

/** Whether a visit was social contact: a social-support visit, or the social-contact task done. */
export const isSocialContact = (visit: VisitRecord): boolean =>
  visit.serviceType === 'social-support' || visit.tasks.some((t) => t.task === 'social-contact' && t.done);

/**
 * When the next screening is due (a local date) and why:
 * - never: the client has not been screened — due now;
 * - signs: loneliness signs were noted on a visit after the last screening — due on the day they were noted;
 * - interval: the last screening's level sets the interval (`RESCREEN_DAYS`: 90 days at low risk, sooner above).
 */
export interface Due {
  readonly on: string;
  readonly reason: 'never' | 'signs' | 'interval';
}

export function dueScreening(latest: AssessedScreening | undefined, signs: readonly SignObservation[], now: Date): Due {
  if (!latest) return { on: localDate(now), reason: 'never' };
  const byInterval = addDays(localDate(new Date(latest.screening.createdAt)), RESCREEN_DAYS[latest.assessment.level]);
  const firstSign = signs.find((s) => s.at > latest.screening.createdAt);
  const bySigns = firstSign ? localDate(new Date(firstSign.at)) : undefined;
  return bySigns && bySigns < byInterval ? { on: bySigns, reason: 'signs' } : { on: byInterval, reason: 'interval' };
}

/** Past its day: a screening due before today (never screened is "due now", not overdue). */
export const isOverdue = (due: Due, today: string): boolean => due.reason !== 'never' && due.on < today;

export interface ActionWithOutcomes {
  readonly action: ActionRecord;
  /** Oldest first. */
  readonly outcomes: readonly OutcomeRecord[];
  /** The newest outcome, if any. */
  readonly outcome: ActionOutcome | undefined;
  /** No outcome yet, or started and still going. */
  readonly open: boolean;
}

/** Each action with what came of it, newest action first. */
export function actionsWithOutcomes(records: readonly WellbeingRecord[]): ActionWithOutcomes[] {
  const sorted = [...records].sort(oldestFirst);
  const outcomes = new Map<string, OutcomeRecord[]>();
  for (const r of sorted.filter(isOutcome)) outcomes.set(r.actionId, [...(outcomes.get(r.actionId) ?? []), r]);
  return sorted
    .filter(isAction)
    .reverse()
    .map((action) => {
      const list = outcomes.get(action.id) ?? [];
      const outcome = list.at(-1)?.outcome;
      return { action, outcomes: list, outcome, open: outcome === undefined || !CLOSING_OUTCOMES.has(outcome) };
    });
}

/** Everything followed up for one client. */
export interface FollowUp {
  /** Newest first. */
  readonly screenings: readonly AssessedScreening[];
  readonly latest: AssessedScreening | undefined;
  readonly due: Due;
  readonly overdue: boolean;
  readonly actions: readonly ActionWithOutcomes[];
  /** Loneliness signs noted on visits, newest first. */
  readonly signs: readonly SignObservation[];
  /** The start of the last visit that was social contact, if any among the visits given. */
  readonly lastSocialContact: string | undefined;
}

export function followUp(records: readonly WellbeingRecord[], visits: readonly VisitRecord[], now: Date): FollowUp {
  const screenings = [...records].filter(isScreening).sort(oldestFirst).reverse().map(assessScreening);
  const latest = screenings[0];
  const signs = lonelinessSigns(visits);
  const due = dueScreening(latest, signs, now);
  const social = visits.filter(isSocialContact).map((v) => v.startedAt);
  return {
    screenings,
    latest,
    due,
    overdue: due.on <= localDate(now),
    actions: actionsWithOutcomes(records),
    signs: [...signs].reverse(),
    lastSocialContact: social.length > 0 ? social.reduce((a, b) => (a > b ? a : b)) : undefined,
  };
}

/** The number of clients at each level by their latest screening at the end of each month, and those not screened. */
export type LevelCounts = Record<RiskLevel | 'notScreened', number>;
export interface MonthRisk {
  /** YYYY-MM. */
  readonly month: string;
  readonly counts: LevelCounts;
}

/** The last `months` months up to and including `now`'s, oldest first (YYYY-MM, where the team works). */
export function monthsUpTo(now: Date, months: number): string[] {
  const [year, month] = localDate(now).split('-').map(Number) as [number, number];
  return Array.from({ length: months }, (_, index) => {
    const m = year * 12 + (month - 1) - (months - 1 - index);
    return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });
}

/**
 * How risk changed across the team: for each month, every client's level by the latest screening signed by the end
 * of that month (or by now, for the current month). A client not yet screened then counts as not screened.
 */
export function teamRiskByMonth(
  clientIds: readonly string[],
  screenings: readonly ScreeningRecord[],
  now: Date,
  months = 12,
): MonthRisk[] {
  const byClient = new Map<string, AssessedScreening[]>();
  for (const s of [...screenings].sort(oldestFirst)) {
    byClient.set(s.clientId, [...(byClient.get(s.clientId) ?? []), assessScreening(s)]);
  }
  return monthsUpTo(now, months).map((month) => {
    const counts = Object.fromEntries([...RISK_LEVELS, 'notScreened'].map((l) => [l, 0])) as LevelCounts;
    for (const clientId of clientIds) {
      // Local month of each screening: compare the YYYY-MM of its local date.
      const latest = (byClient.get(clientId) ?? [])
        .filter((s) => localDate(new Date(s.screening.createdAt)).slice(0, 7) <= month)
        .at(-1);
      counts[latest ? latest.assessment.level : 'notScreened'] += 1;
    }
    return { month, counts };
  });
}

/** Days without social contact after which a high-risk client is listed for the supervisor, unless they choose. */
export const NO_CONTACT_DAYS = 14;
