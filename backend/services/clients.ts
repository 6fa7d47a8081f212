/** The team's clients: the list with search, one client with continuity, and a client's visit history. */
import { ApiFailure, type ClientHistoryEntry, type Handlers } from '../../core/api.ts';
import { summaryOf, type ClientRecord } from '../../core/clients.ts';
import { CONTINUITY_DAYS, staffContinuity } from '../../core/continuity.ts';
import { isLocked, lockDate, visitReview, type ReviewRecord } from '../../core/reviews.ts';
import { localDate } from '../../core/schedule.ts';
import { correctionRefusal } from '../../core/supervision.ts';
import { effectiveVisit, type AmendmentRecord, type VisitRecord } from '../../core/visits.ts';
import type { HemtryggDatabase } from '../database.ts';
import type { Session } from '../session.ts';
import type { AccessLog } from './access.ts';

export interface ClientDeps {
  readonly database: HemtryggDatabase;
  readonly now: () => Date;
  /** Opening a client's record or history is logged (who, what, when), offline too. */
  readonly accessLog: AccessLog;
}

type ClientHandlers = Pick<Handlers<Session>, 'clients.list' | 'clients.get' | 'clients.history'>;

export { summaryOf };

/** Case- and accent-insensitive: "sävar" finds "Sävar", "ostlund" finds "Östlund". */
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('sv');

/** The client, if in the caller's team; `not-found` (on the `clientId` field) otherwise. */
export async function clientInTeam(database: HemtryggDatabase, id: string, session: Session): Promise<ClientRecord> {
  const client = await database.clients.findOne(id).exec();
  if (!client || client.teamId !== session.teamId) {
    throw new ApiFailure('not-found', 'No such client.', [{ path: 'clientId', message: 'validation.unknownClient' }]);
  }
  return client.toMutableJSON() as ClientRecord;
}

export function clientHandlers({ database, now, accessLog }: ClientDeps): ClientHandlers {
  const { clients, visits, amendments } = database;

  return {
    async 'clients.list'({ search }, session) {
      const team = await clients
        .find({ selector: { teamId: session.teamId }, sort: [{ familyName: 'asc' }, { givenName: 'asc' }] })
        .exec();
      const words = fold(search).split(/\s+/).filter(Boolean);
      return team
        .map((doc) => summaryOf(doc.toMutableJSON() as ClientRecord))
        .filter((c) => {
          const haystack = fold(`${c.givenName} ${c.familyName} ${c.village} ${c.address}`);
          return words.every((word) => haystack.includes(word));
        });
    },

    async 'clients.get'({ id }, session) {
      const client = await clientInTeam(database, id, session);
      await accessLog.record(session, id, 'client-record');
      const at = now();
      const since = new Date(at.getTime() - CONTINUITY_DAYS * 86_400_000).toISOString();
      const recent = await visits.find({ selector: { clientId: id, startedAt: { $gt: since } } }).exec();
      const staff = staffContinuity(
        recent.map((v) => ({ clientId: v.clientId, workerId: v.workerId, startedAt: v.startedAt })),
        at,
      );
      return { client, staffLast14Days: staff.get(id) ?? 0 };
    },

    async 'clients.history'({ clientId, limit }, session) {
      await clientInTeam(database, clientId, session);
      await accessLog.record(session, clientId, 'visit-history');
      const found = await visits
        .find({ selector: { clientId }, sort: [{ startedAt: 'desc' }, { id: 'desc' }], limit })
        .exec();
      const originals = found.map((v) => v.toMutableJSON() as VisitRecord);
      const corrections = originals.length
        ? (await amendments.find({ selector: { visitId: { $in: originals.map((v) => v.id) } } }).exec()).map(
            (a) => a.toMutableJSON() as AmendmentRecord,
          )
        : [];
      // The decisions that say whether each visit may still be corrected: the team's lock date and each visit's review.
      const decisions = originals.length
        ? (
            await database.reviews
              .find({
                selector: {
                  subjectKind: { $in: ['visit', 'team'] },
                  subjectId: { $in: [session.teamId, ...originals.map((v) => v.id)] },
                },
              })
              .exec()
          ).map((d) => d.toJSON() as ReviewRecord)
        : [];
      const lockedBefore = lockDate(decisions);
      return originals.map((original): ClientHistoryEntry => {
        const mine = corrections
          .filter((a) => a.visitId === original.id)
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
        const review = visitReview(original.id, mine, decisions);
        const locked = isLocked(original, review, lockedBefore, (at) => localDate(at));
        return {
          visit: effectiveVisit(original, mine),
          original,
          amendments: mine,
          correctionRefused: correctionRefusal(original, session, locked),
        };
      });
    },
  };
}
