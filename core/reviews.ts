/**
 * Supervisors review what their team logged: each signed visit (with its corrections) and each sync conflict gets
 * decisions, and the team gets a lock date. Decisions are append-only records, like the visits they judge: an approval
 * is undone by a later decision, not by changing the first, so the history of a review stands up in an audit and two
 * supervisors deciding offline never overwrite each other (the later decision counts; both are kept).
 *
 * ODK Central reviews a submission as approved / has issues; Phoniro Care approves shifts, can undo an approval and
 * sets a lock date after which records cannot change. Hemtrygg does both: a returned visit is the one a worker may
 * correct past the lock date.
 */
import { z } from 'zod';
import { signatureSchema } from './signing.ts';
import { instantSchema, type AmendmentRecord, type VisitRecord } from './visits.ts';

const id = z.string().min(1, 'validation.required').max(64);

export const VISIT_DECISIONS = ['approved', 'returned', 'reopened'] as const;
export const CONFLICT_DECISIONS = ['accepted', 'restored'] as const;
export type VisitDecision = (typeof VISIT_DECISIONS)[number];
export type ConflictDecision = (typeof CONFLICT_DECISIONS)[number];

/** What a decision is about: a visit, a sync conflict, or (for a lock date) the team. */
export const REVIEW_SUBJECTS = ['visit', 'conflict', 'team'] as const;

const reviewShape = {
  id,
  teamId: id,
  subjectKind: z.enum(REVIEW_SUBJECTS),
  subjectId: id,
  decision: z.enum([...VISIT_DECISIONS, ...CONFLICT_DECISIONS, 'locked']),
  /** Required to return a visit: the worker must know what to correct. */
  comment: z.string().trim().max(1000, 'validation.tooLong'),
  /** For a visit: the corrections the reviewer saw. A correction not among them is new since this decision. */
  amendmentIds: z.array(id).max(200),
  /** For a lock: records of visits before this date (YYYY-MM-DD, local) cannot be corrected; absent: no lock. */
  lockedBefore: z.iso.date('validation.date').optional(),
  /** For a restored conflict: the new change that brought the other version back. */
  restoredAs: id.optional(),
  reviewerId: id,
  createdAt: instantSchema,
};

export const reviewRecordSchema = z
  .strictObject({ ...reviewShape, signature: signatureSchema.optional() })
  .superRefine((r, ctx) => {
    const allowed: Record<(typeof REVIEW_SUBJECTS)[number], readonly string[]> = {
      visit: VISIT_DECISIONS,
      conflict: CONFLICT_DECISIONS,
      team: ['locked'],
    };
    if (!allowed[r.subjectKind].includes(r.decision)) {
      ctx.addIssue({ code: 'custom', message: 'validation.choose', path: ['decision'] });
    }
    if (r.decision === 'returned' && r.comment.length < 3) {
      ctx.addIssue({ code: 'custom', message: 'validation.explainReturn', path: ['comment'] });
    }
    if (r.subjectKind === 'team' && r.subjectId !== r.teamId) {
      ctx.addIssue({ code: 'custom', message: 'validation.invalid', path: ['subjectId'] });
    }
  });
export type ReviewRecord = z.output<typeof reviewRecordSchema>;

/** Newest first: by time, then id (so two devices agree on the order of decisions made in the same millisecond). */
export const newestFirst = (a: ReviewRecord, b: ReviewRecord) =>
  b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

export const VISIT_REVIEW_STATUSES = ['new', 'approved', 'returned', 'amended'] as const;
export type VisitReviewStatus = (typeof VISIT_REVIEW_STATUSES)[number];

export interface VisitReview {
  /**
   * - new: not decided yet (or its approval was undone);
   * - approved: approved as it stands;
   * - returned: sent back to the worker with a comment, and not corrected since;
   * - amended: corrected after the last decision (an answer to a return, or a correction of an approved visit):
   *   it needs a review again.
   */
  readonly status: VisitReviewStatus;
  /** The decision that counts, if any. */
  readonly last: ReviewRecord | undefined;
  /** Corrections made after the decision that counts. */
  readonly newAmendmentIds: readonly string[];
  /** Every decision on the visit, newest first. */
  readonly history: readonly ReviewRecord[];
}

/** Which decision a visit can take from where its review stands (the screen offers these; the backend refuses others). */
export const DECIDABLE_FROM: Record<VisitDecision, readonly VisitReviewStatus[]> = {
  approved: ['new', 'amended', 'returned'],
  returned: ['new', 'amended', 'approved'],
  reopened: ['approved'],
};

/** Where a visit's review stands, from its decisions and its corrections. */
export function visitReview(
  visitId: string,
  amendments: readonly Pick<AmendmentRecord, 'id' | 'visitId'>[],
  reviews: readonly ReviewRecord[],
): VisitReview {
  const history = reviews.filter((r) => r.subjectKind === 'visit' && r.subjectId === visitId).toSorted(newestFirst);
  const last = history[0];
  const mine = amendments.filter((a) => a.visitId === visitId).map((a) => a.id);
  const seen = new Set(last?.amendmentIds ?? []);
  const newAmendmentIds = last ? mine.filter((a) => !seen.has(a)) : [];
  let status: VisitReviewStatus = 'new';
  if (last && last.decision !== 'reopened') {
    status = newAmendmentIds.length > 0 ? 'amended' : last.decision === 'approved' ? 'approved' : 'returned';
  }
  return { status, last, newAmendmentIds, history };
}

export type ConflictReviewStatus = 'new' | ConflictDecision;

export function conflictReview(
  conflictId: string,
  reviews: readonly ReviewRecord[],
): { status: ConflictReviewStatus; last: ReviewRecord | undefined } {
  const last = reviews
    .filter((r) => r.subjectKind === 'conflict' && r.subjectId === conflictId)
    .toSorted(newestFirst)[0];
  return { status: last ? (last.decision as ConflictDecision) : 'new', last };
}

/** The team's lock date that counts (the latest lock decision), or undefined when nothing is locked. */
export function lockDate(reviews: readonly ReviewRecord[]): string | undefined {
  return reviews.filter((r) => r.subjectKind === 'team' && r.decision === 'locked').toSorted(newestFirst)[0]
    ?.lockedBefore;
}

/**
 * Whether a visit may be corrected: not when it happened before the lock date, unless a supervisor returned it for
 * correction (which is how a supervisor unlocks one visit); moving the lock date back unlocks them all.
 */
export function isLocked(
  visit: Pick<VisitRecord, 'startedAt'>,
  review: Pick<VisitReview, 'status'>,
  lockedBefore: string | undefined,
  localDateOf: (instant: Date) => string,
): boolean {
  if (!lockedBefore || review.status === 'returned') return false;
  return localDateOf(new Date(visit.startedAt)) < lockedBefore;
}

/** A supervisor's decision on a visit, as the UI sends it. */
export const decideVisitInputSchema = z
  .object({
    id,
    visitId: id,
    decision: z.enum(VISIT_DECISIONS, 'validation.choose'),
    comment: z.string().trim().max(1000, 'validation.tooLong').default(''),
    /** The corrections the supervisor had on screen; when given, a decision is refused if others have arrived. */
    seenAmendmentIds: z.array(id).max(200).optional(),
  })
  .refine((d) => d.decision !== 'returned' || d.comment.length >= 3, {
    message: 'validation.explainReturn',
    path: ['comment'],
  });

export const setLockInputSchema = z.object({ id, lockedBefore: z.iso.date('validation.date').nullable() });

export const decideConflictInputSchema = z.object({
  id,
  conflictId: id,
  decision: z.enum(CONFLICT_DECISIONS, 'validation.choose'),
  comment: z.string().trim().max(1000, 'validation.tooLong').default(''),
});
