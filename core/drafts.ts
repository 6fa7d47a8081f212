/**
 * A visit being logged, saved as it is filled in: a closed lid, a flat battery or a crash loses nothing typed, and
 * the day shows the visit in progress. Drafts stay on the laptop; only a signed visit is a record.
 */
import { z } from 'zod';

/** The form as the UI keeps it; opaque to the backend, but bounded. */
export const DRAFT_FORM_MAX_BYTES = 32_000;

export const saveDraftInputSchema = z.object({
  plannedVisitId: z.string().min(1, 'validation.required').max(64),
  clientId: z.string().min(1, 'validation.required').max(64),
  /** When the start button was pressed, if it was. */
  startedAt: z.iso.datetime({ offset: true, message: 'validation.dateTime' }).optional(),
  form: z
    .record(z.string(), z.unknown())
    .refine((form) => JSON.stringify(form).length <= DRAFT_FORM_MAX_BYTES, 'validation.tooLong'),
});
export type SaveDraftInput = z.input<typeof saveDraftInputSchema>;

export interface DraftRecord {
  /** The planned visit's id: one draft per planned visit. */
  readonly id: string;
  readonly teamId: string;
  readonly workerId: string;
  readonly clientId: string;
  readonly startedAt?: string;
  readonly form: Record<string, unknown>;
  readonly savedAt: string;
}
