/**
 * A home visit as a worker logs and signs it. The six elements of Electronic Visit Verification make a record
 * verifiable: type of service, client, date, location, worker, start and end time. A signed visit never changes;
 * a correction is an amendment that keeps the original, its author and time (SOSFS 2014:5).
 *
 * Validation messages are i18n keys (`validation.*`), translated where they are shown.
 */
import { z } from 'zod';
import { signatureSchema } from './signing.ts';
import { messageKey } from './validation.ts';

export const SERVICE_TYPES = ['personal-care', 'household', 'social-support', 'alarm-response'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Care-plan tasks (insatser). */
export const TASKS = [
  'personal-care',
  'dressing',
  'meals',
  'medication-reminder',
  'cleaning',
  'laundry',
  'shopping',
  'social-contact',
  'safety-check',
  'alarm-call-out',
] as const;
export type Task = (typeof TASKS)[number];

export const OBSERVATION_KINDS = ['fall', 'health-change', 'nutrition', 'mood', 'loneliness-signs', 'hygiene'] as const;
export type ObservationKind = (typeof OBSERVATION_KINDS)[number];

export const DEVIATION_KINDS = ['not-at-home', 'late', 'missed', 'cut-short', 'incident'] as const;
export type DeviationKind = (typeof DEVIATION_KINDS)[number];
export const SEVERITIES = ['low', 'medium', 'high'] as const;

/** Why a signed visit was corrected (EVV systems require a reason code for every corrected visit). */
export const AMENDMENT_REASONS = [
  'wrong-time',
  'wrong-task',
  'wrong-service',
  'note-correction',
  'late-entry',
  'other',
] as const;
export type AmendmentReason = (typeof AMENDMENT_REASONS)[number];

/** Longest visit Hemtrygg accepts; anything longer is a typing mistake (a night shift is split into visits). */
export const MAX_VISIT_MINUTES = 16 * 60;
export const NOTE_MAX = 4000;

const id = z.string().min(1, 'validation.required').max(64);
/** An instant, stored in UTC ('…Z') so that stored strings sort in time order whatever offset they were typed in. */
export const instantSchema = z.iso
  .datetime({ offset: true, message: 'validation.dateTime' })
  .transform((value) => new Date(value).toISOString());
const instant = instantSchema;
const text = (max: number) => z.string().trim().max(max, 'validation.tooLong');

export const locationSchema = z.object({
  address: text(200).min(1, 'validation.required'),
  village: text(80).min(1, 'validation.required'),
  /** Set when the visit did not happen at the client's home (e.g. hospital, day centre). */
  elsewhere: z.boolean().default(false),
});

export const taskOutcomeSchema = z.object({
  task: z.enum(TASKS, 'validation.choose'),
  planned: z.boolean(),
  done: z.boolean(),
  comment: text(500).optional(),
});

export const observationSchema = z.object({
  kind: z.enum(OBSERVATION_KINDS, 'validation.choose'),
  text: text(1000).min(1, 'validation.required'),
});

export const deviationSchema = z
  .object({
    kind: z.enum(DEVIATION_KINDS, 'validation.choose'),
    severity: z.enum(SEVERITIES, 'validation.choose'),
    description: text(1000).min(1, 'validation.required'),
    followUp: text(1000).default(''),
  })
  .refine((d) => d.kind !== 'not-at-home' || d.followUp.length > 0, {
    // A client who does not answer needs the escalation routine: what was done must be written down.
    message: 'validation.notAtHomeNeedsFollowUp',
    path: ['followUp'],
  });

/** The times of a visit: typed in, or taken from the start/stop timer. */
const timesShape = {
  startedAt: instant,
  endedAt: instant,
  timeSource: z.enum(['timer', 'typed']),
};
function checkTimes(v: { startedAt: string; endedAt: string }, ctx: z.RefinementCtx): void {
  const minutes = (Date.parse(v.endedAt) - Date.parse(v.startedAt)) / 60_000;
  if (!(minutes > 0)) ctx.addIssue({ code: 'custom', message: 'validation.endBeforeStart', path: ['endedAt'] });
  else if (minutes > MAX_VISIT_MINUTES) {
    ctx.addIssue({ code: 'custom', message: 'validation.visitTooLong', path: ['endedAt'] });
  }
}
function checkTasks(v: { tasks: { task: Task }[] }, ctx: z.RefinementCtx): void {
  const seen = new Set<Task>();
  v.tasks.forEach((t, index) => {
    if (seen.has(t.task)) ctx.addIssue({ code: 'custom', message: 'validation.taskTwice', path: ['tasks', index] });
    seen.add(t.task);
  });
}

const logVisitShape = {
  id,
  clientId: id,
  plannedVisitId: id.optional(),
  serviceType: z.enum(SERVICE_TYPES, 'validation.choose'),
  location: locationSchema,
  ...timesShape,
  tasks: z.array(taskOutcomeSchema).max(TASKS.length),
  note: text(NOTE_MAX).default(''),
  observations: z.array(observationSchema).max(20).default([]),
  deviations: z.array(deviationSchema).max(20).default([]),
};

/** What a worker submits to sign a visit. */
export const logVisitInputSchema = z.object(logVisitShape).superRefine(checkTimes).superRefine(checkTasks);
export type LogVisitInput = z.input<typeof logVisitInputSchema>;

/** A signed visit as stored: the input, plus who signed it and when. Immutable. */
export const visitRecordSchema = z
  .strictObject({
    ...logVisitShape,
    teamId: id,
    workerId: id,
    signedAt: instant,
    signature: signatureSchema.optional(),
  })
  .superRefine(checkTimes)
  .superRefine(checkTasks);
export type VisitRecord = z.output<typeof visitRecordSchema>;

/** The fields a correction may change. Who, whom and when it was signed never change. */
export const amendableFields = [
  'serviceType',
  'location',
  'startedAt',
  'endedAt',
  'tasks',
  'note',
  'observations',
  'deviations',
] as const;

const amendShape = {
  id,
  visitId: id,
  reason: z.enum(AMENDMENT_REASONS, 'validation.choose'),
  /** Why, in words: a correction without an explanation does not stand up in review. */
  comment: text(1000).min(3, 'validation.explainCorrection'),
  changes: z
    .strictObject({
      serviceType: z.enum(SERVICE_TYPES, 'validation.choose'),
      location: locationSchema,
      startedAt: instant,
      endedAt: instant,
      tasks: z.array(taskOutcomeSchema).max(TASKS.length),
      note: text(NOTE_MAX),
      observations: z.array(observationSchema).max(20),
      deviations: z.array(deviationSchema).max(20),
    })
    .partial()
    .refine((c) => Object.keys(c).length > 0, 'validation.nothingChanged'),
};

export const amendVisitInputSchema = z.object(amendShape).superRefine((a, ctx) => {
  if (a.changes.tasks) checkTasks({ tasks: a.changes.tasks }, ctx);
});
export type AmendVisitInput = z.input<typeof amendVisitInputSchema>;

export const amendmentRecordSchema = z.strictObject({
  ...amendShape,
  teamId: id,
  authorId: id,
  createdAt: instant,
  signature: signatureSchema.optional(),
});
export type AmendmentRecord = z.output<typeof amendmentRecordSchema>;

/**
 * The visit as it stands after its corrections, applied in the order they were made. The original and every
 * amendment stay as they were; this is only the reading of them.
 */
export function effectiveVisit(original: VisitRecord, amendments: readonly AmendmentRecord[]): VisitRecord {
  const mine = amendments
    .filter((a) => a.visitId === original.id)
    .toSorted((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  // Who, whom and when it was signed are not among the fields a correction can carry (see amendShape.changes).
  return mine.reduce<VisitRecord>((visit, amendment) => ({ ...visit, ...amendment.changes }), original);
}

/** Whether a correction, on top of the earlier ones, leaves a valid visit (e.g. the end still after the start). */
export function checkAmendment(
  original: VisitRecord,
  earlier: readonly AmendmentRecord[],
  amendment: AmendmentRecord,
): z.ZodSafeParseResult<VisitRecord> {
  return visitRecordSchema.safeParse(effectiveVisit(original, [...earlier, amendment]), { error: messageKey });
}
