/**
 * A client (brukare): who they are, where they live and how to get in, who to call, the language they want, their
 * safety alarm, and the care plan's tasks with the weekly schedule the day's visits are planned from.
 * Collect only what the work needs: social files are culled five years after the last entry.
 */
import { z } from 'zod';
import { signatureSchema } from './signing.ts';
import { parsePersonnummer } from './personnummer.ts';
import { SERVICE_TYPES, TASKS } from './visits.ts';

/** Swedish, English, Northern Sami, Finnish (Umeå is an administrative area for Sami and Finnish), or another. */
export const LANGUAGES = ['sv', 'en', 'se', 'fi', 'other'] as const;

const id = z.string().min(1, 'validation.required').max(64);
const text = (max: number) => z.string().trim().max(max, 'validation.tooLong');
const required = (max: number) => text(max).min(1, 'validation.required');
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{4,19}$/, 'validation.phone');

export const personnummerSchema = z.string().transform((value, ctx) => {
  const result = parsePersonnummer(value);
  if (result.ok) return result.value.canonical;
  ctx.addIssue({ code: 'custom', message: `validation.personnummer.${result.problem}` });
  return z.NEVER;
});

export const nextOfKinSchema = z.object({ name: required(120), relation: required(60), phone });

/** A recurring visit: ISO weekdays (1 = Monday), a local start time, how long, what service and tasks. */
export const scheduleSlotSchema = z.object({
  weekdays: z
    .array(z.number().int().min(1).max(7))
    .min(1, 'validation.chooseDays')
    .refine((days) => new Set(days).size === days.length, 'validation.dayTwice'),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'validation.time'),
  durationMinutes: z.number().int().min(5, 'validation.tooShort').max(480, 'validation.tooLong'),
  serviceType: z.enum(SERVICE_TYPES, 'validation.choose'),
  tasks: z.array(z.enum(TASKS, 'validation.choose')).min(1, 'validation.chooseTasks'),
  /** The worker who usually makes this visit (continuity); unassigned slots show on every worker's day. */
  workerId: id.optional(),
});

const clientShape = {
  id,
  givenName: required(80),
  familyName: required(80),
  personnummer: personnummerSchema,
  address: required(200),
  village: required(80),
  /** How to find the house, where to park, which door. */
  directions: text(1000).default(''),
  /** Key box, door code, who holds a key. Shown only to staff on the client's visits. */
  accessNotes: text(500).default(''),
  phone: phone.optional(),
  nextOfKin: z.array(nextOfKinSchema).max(5).default([]),
  preferredLanguage: z.enum(LANGUAGES, 'validation.choose').default('sv'),
  safetyAlarm: z
    .object({
      installed: z.boolean(),
      /** The last test of the alarm button (YYYY-MM-DD); an untested button can fail silently. */
      lastTestedOn: z.iso.date('validation.date').optional(),
    })
    .default({ installed: false }),
  carePlanTasks: z.array(z.enum(TASKS, 'validation.choose')).default([]),
  schedule: z.array(scheduleSlotSchema).max(21).default([]),
};

export const clientInputSchema = z.object(clientShape);
export type ClientInput = z.input<typeof clientInputSchema>;

export const clientRecordSchema = z.strictObject({
  ...clientShape,
  teamId: id,
  /** By whoever keeps the register (core/signing.ts): the signer is the author of this version. */
  signature: signatureSchema.optional(),
});
export type ClientRecord = z.output<typeof clientRecordSchema>;

/**
 * What lists and pickers show of a client: enough to tell two of the same name apart (village, year of birth).
 */
export type ClientSummary = Pick<ClientRecord, 'id' | 'givenName' | 'familyName' | 'address' | 'village'> & {
  /** From the personal identity number (stored canonical, YYYYMMDD-NNNN; a coordination number's year is the same). */
  readonly birthYear: number | undefined;
};

export function summaryOf(client: ClientRecord): ClientSummary {
  const year = Number(client.personnummer.slice(0, 4));
  return {
    id: client.id,
    givenName: client.givenName,
    familyName: client.familyName,
    address: client.address,
    village: client.village,
    birthYear: Number.isInteger(year) && year > 1800 ? year : undefined,
  };
}
