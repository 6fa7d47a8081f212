/**
 * Logging and correcting visits. A visit is signed when it is logged: it is stored once, by its author, and never
 * changes; a correction is an amendment by the author or a supervisor. Both are made durable before they are
 * confirmed, and a retried call (same id, same content) answers the stored record instead of failing.
 */
import { deepEqual } from 'rxdb';
import { ApiFailure, issuesOf, type Handlers } from '../../core/api.ts';
import {
  amendmentRecordSchema,
  checkAmendment,
  visitRecordSchema,
  type AmendmentRecord,
  type VisitRecord,
} from '../../core/visits.ts';
import { isLocked, lockDate, visitReview, type ReviewRecord } from '../../core/reviews.ts';
import { correctionRefusal } from '../../core/supervision.ts';
import { localDate } from '../../core/schedule.ts';
import type { HemtryggDatabase } from '../database.ts';
import type { Session } from '../session.ts';

/** Laptop clocks drift; a visit may end a little "in the future" by the device's clock. */
export const CLOCK_TOLERANCE_MS = 5 * 60 * 1000;

export interface VisitDeps {
  readonly database: HemtryggDatabase;
  readonly now: () => Date;
}

/** Whether a supervisor's lock date stops this visit being corrected (it is unless it was returned for correction). */
async function lockedForCorrection(
  database: HemtryggDatabase,
  visit: VisitRecord,
  corrections: readonly AmendmentRecord[],
): Promise<boolean> {
  const decisions = (
    await database.reviews
      .find({ selector: { subjectKind: { $in: ['visit', 'team'] }, subjectId: { $in: [visit.id, visit.teamId] } } })
      .exec()
  ).map((d) => d.toJSON() as ReviewRecord);
  const lockedBefore = lockDate(decisions);
  return isLocked(visit, visitReview(visit.id, corrections, decisions), lockedBefore, (at) => localDate(at));
}

type VisitHandlers = Pick<Handlers<Session>, 'visits.log' | 'visits.amend'>;

/** Whether a retried call carries what was stored, apart from the time stamped and the signature added on storing. */
const sameContent = <T extends object>(stored: T, retried: T, stamped: keyof T) =>
  deepEqual({ ...stored, [stamped]: null, signature: null }, { ...retried, [stamped]: null, signature: null });

export function visitHandlers({ database, now }: VisitDeps): VisitHandlers {
  const { clients, visits, amendments } = database;

  async function visitInTeam(visitId: string, session: Session): Promise<VisitRecord> {
    const visit = await visits.findOne(visitId).exec();
    if (!visit || visit.teamId !== session.teamId) {
      throw new ApiFailure('not-found', 'No such visit.', [{ path: 'visitId', message: 'validation.unknownVisit' }]);
    }
    return visit.toMutableJSON() as VisitRecord;
  }

  return {
    async 'visits.log'(input, session) {
      if (session.role === 'admin') throw new ApiFailure('forbidden', 'Administrators do not log visits.');
      const client = await clients.findOne(input.clientId).exec();
      if (!client || client.teamId !== session.teamId) {
        throw new ApiFailure('not-found', 'No such client.', [
          { path: 'clientId', message: 'validation.unknownClient' },
        ]);
      }
      const at = now();
      const latest = at.getTime() + CLOCK_TOLERANCE_MS;
      const future = (['startedAt', 'endedAt'] as const).filter((field) => Date.parse(input[field]) > latest);
      if (future.length > 0) {
        throw new ApiFailure(
          'invalid-input',
          'A visit cannot be logged before it happened.',
          future.map((path) => ({ path, message: 'validation.inFuture' })),
        );
      }
      const record = visitRecordSchema.parse({
        ...input,
        teamId: session.teamId,
        workerId: session.userId,
        signedAt: at.toISOString(),
      });
      const existing = await visits.findOne(record.id).exec();
      if (existing) {
        const stored = existing.toMutableJSON() as VisitRecord;
        if (sameContent(stored, record, 'signedAt')) return stored;
        throw new ApiFailure('conflict', 'Another visit has this id.');
      }
      await visits.insert(record);
      // The visit is signed: its draft has served.
      if (record.plannedVisitId) await (await database.drafts.findOne(record.plannedVisitId).exec())?.remove();
      database.flush();
      return record;
    },

    async 'visits.amend'(input, session) {
      const visit = await visitInTeam(input.visitId, session);
      // The same rule the history's "Rätta" follows (core/supervision.ts), so the screen and the call agree.
      if (correctionRefusal(visit, session, false) === 'not-author') {
        throw new ApiFailure('forbidden', 'Only the author or a supervisor can correct a visit.');
      }
      const record = amendmentRecordSchema.parse({
        ...input,
        teamId: session.teamId,
        authorId: session.userId,
        createdAt: now().toISOString(),
      });
      const existing = await amendments.findOne(record.id).exec();
      if (existing) {
        const stored = existing.toMutableJSON() as AmendmentRecord;
        if (sameContent(stored, record, 'createdAt')) return stored;
        throw new ApiFailure('conflict', 'Another amendment has this id.');
      }
      const earlier = (await amendments.find({ selector: { visitId: visit.id } }).exec()).map(
        (a) => a.toMutableJSON() as AmendmentRecord,
      );
      if (await lockedForCorrection(database, visit, earlier)) {
        throw new ApiFailure('visit-locked', 'The visit is before the lock date: a supervisor must return it first.', [
          { path: 'visitId', message: 'validation.visitLocked' },
        ]);
      }
      const corrected = checkAmendment(visit, earlier, record);
      if (!corrected.success) {
        throw new ApiFailure('invalid-input', 'The correction leaves the visit invalid.', issuesOf(corrected.error));
      }
      await amendments.insert(record);
      database.flush();
      return record;
    },
  };
}
