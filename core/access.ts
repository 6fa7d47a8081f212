/**
 * The access log: who opened which client's record, what of it, when, in which team (the unit), on which laptop.
 * Swedish rules on care records ask for such a log, kept at least five years, checked by regular samples, and a person
 * may ask who has read their record. Entries are made on the laptop when the record is opened — offline too — and
 * are append-only: they sync to the server and are never changed or removed. Only supervisors and administrators read
 * them.
 */
import { z } from 'zod';
import { signatureSchema } from './signing.ts';
import { instantSchema } from './visits.ts';

const id = z.string().min(1).max(64);

/**
 * What was viewed: the client's record, the client's visit history, one visit in the supervisor's review, or the
 * client's loneliness screenings and follow-up, or the client's preparedness checklists and aids.
 */
export const ACCESS_KINDS = ['client-record', 'visit-history', 'visit-review', 'wellbeing', 'preparedness'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

export const accessEntrySchema = z.strictObject({
  id,
  teamId: id,
  userId: id,
  clientId: id,
  what: z.enum(ACCESS_KINDS),
  /** For a visit in review: which visit. */
  visitId: id.optional(),
  /** The laptop, once it is enrolled with the server (a laptop that never was has no id to give). */
  deviceId: id.optional(),
  at: instantSchema,
  signature: signatureSchema.optional(),
});
export type AccessEntry = z.output<typeof accessEntrySchema>;

/** Opening the same thing again within this time is one access (going back to a record just left). */
export const ACCESS_REPEAT_MS = 10 * 60_000;

/** Draws `size` entries at random (without replacement), given a source of random integers below a bound. */
export function sampleEntries<T>(entries: readonly T[], size: number, randomBelow: (bound: number) => number): T[] {
  const pool = [...entries];
  const drawn: T[] = [];
  while (drawn.length < size && pool.length > 0) {
    const index = randomBelow(pool.length);
    drawn.push(pool[index] as T);
    pool[index] = pool.at(-1) as T;
    pool.pop();
  }
  return drawn;
}
