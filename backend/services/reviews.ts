/**
 * Supervisors review the team's synced work: the inbox of visits (with their deviations and corrections) and sync
 * conflicts, a decision on each (approve, return with a comment, undo an approval; accept or restore a conflict), and
 * the team's lock date. Workers see what was returned to them. Every decision is a new append-only record.
 */
import { v7 as uuidv7 } from 'uuid';
import { deepEqual } from 'rxdb';
import {
  ApiFailure,
  type ClientSummary,
  type ConflictForReview,
  type Handlers,
  type HistoryEntry,
  type ReturnedVisit,
  type VisitForReview,
} from '../../core/api.ts';
import type { ClientRecord } from '../../core/clients.ts';
import { SYNC_INTERNAL_FIELDS, type ConflictRecord } from '../../core/conflicts.ts';
import {
  conflictReview,
  DECIDABLE_FROM,
  isLocked,
  lockDate,
  newestFirst,
  reviewRecordSchema,
  visitReview,
  type ReviewRecord,
} from '../../core/reviews.ts';
import { localDate, localPeriod } from '../../core/schedule.ts';
import type {
  inboxFilterSchema,
  ConflictInboxItem,
  DecisionSummary,
  InboxItem,
  VisitInboxItem,
} from '../../core/supervision.ts';
import {
  amendmentRecordSchema,
  amendableFields,
  checkAmendment,
  effectiveVisit,
  type AmendmentRecord,
  type VisitRecord,
} from '../../core/visits.ts';
import type { z } from 'zod';
import type { HemtryggDatabase } from '../database.ts';
import type { Session } from '../session.ts';
import type { AccessLog } from './access.ts';
import { summaryOf } from './clients.ts';
import { ROSTER_SETTING, staffNames, type RosterEntry } from './staff.ts';
import { ROLES, type Role } from '../../core/users.ts';

export interface ReviewDeps {
  readonly database: HemtryggDatabase;
  readonly now: () => Date;
  readonly accessLog: AccessLog;
}

type ReviewHandlers = Pick<
  Handlers<Session>,
  | 'reviews.inbox'
  | 'reviews.visit'
  | 'reviews.decide'
  | 'reviews.setLock'
  | 'reviews.returned'
  | 'conflicts.get'
  | 'conflicts.decide'
>;

/** Documents as the records they hold. */
/** The role of each of the team's staff (the roster the server sent, and who signed in here), for the filters. */
async function staffRoles(database: HemtryggDatabase, teamId: string): Promise<Map<string, Role>> {
  const roles = new Map<string, Role>();
  const roster = await database.settings.findOne(ROSTER_SETTING).exec();
  const staff = (roster?.toJSON().value as { staff?: RosterEntry[] } | undefined)?.staff ?? [];
  for (const entry of staff)
    if ((ROLES as readonly string[]).includes(entry.role)) roles.set(entry.id, entry.role as Role);
  for (const user of await database.users.find({ selector: { teamId } }).exec()) roles.set(user.id, user.role);
  return roles;
}

export const json = <T>(docs: { toJSON(): unknown }[]): T[] => docs.map((d) => d.toJSON() as T);

/** The team's records a review needs, read once per call. */
export interface TeamRecords {
  readonly clients: Map<string, ClientRecord>;
  readonly visits: VisitRecord[];
  readonly amendments: AmendmentRecord[];
  readonly reviews: ReviewRecord[];
  readonly conflicts: ConflictRecord[];
  readonly names: Map<string, string>;
}

export async function teamRecords(
  database: HemtryggDatabase,
  teamId: string,
  scope: {
    from?: string | undefined;
    to?: string | undefined;
    workerId?: string | undefined;
    clientId?: string | undefined;
  } = {},
): Promise<TeamRecords> {
  const started = localPeriod(scope.from, scope.to);
  const narrowed = Object.keys(started).length > 0 || scope.workerId !== undefined || scope.clientId !== undefined;
  const [clients, visits, amendments, teamReviews, conflicts, names] = await Promise.all([
    database.clients.find({ selector: { teamId } }).exec(),
    database.visits
      .find({
        selector: {
          teamId,
          ...(scope.workerId ? { workerId: scope.workerId } : {}),
          ...(scope.clientId ? { clientId: scope.clientId } : {}),
          ...(Object.keys(started).length ? { startedAt: started } : {}),
        },
      })
      .exec(),
    // Corrections are few beside the visits: all of the team's, rather than a query naming every visit.
    database.amendments.find({ selector: { teamId } }).exec(),
    // Every decision of the team, or for a narrowed inbox those that are not about visits (the visits' come below).
    database.reviews
      .find({ selector: narrowed ? { teamId, subjectKind: { $in: ['team', 'conflict'] } } : { teamId } })
      .exec(),
    database.conflicts.find({ selector: { teamId } }).exec(),
    staffNames(database, teamId),
  ]);
  const visitIds = new Set(visits.map((v) => v.id));
  const reviews = [...teamReviews];
  if (narrowed) {
    // The decisions on the visits in scope, found by the visits they are about (not by date: laptop clocks drift).
    const ids = [...visitIds];
    for (let i = 0; i < ids.length; i += 2000) {
      const subjectId = { $in: ids.slice(i, i + 2000) };
      reviews.push(...(await database.reviews.find({ selector: { subjectKind: 'visit', subjectId } }).exec()));
    }
  }
  return {
    clients: new Map(json<ClientRecord>(clients).map((c) => [c.id, c])),
    visits: json<VisitRecord>(visits),
    amendments: json<AmendmentRecord>(amendments.filter((a) => visitIds.has(a.visitId))),
    reviews: json<ReviewRecord>(reviews),
    conflicts: json<ConflictRecord>(conflicts),
    names,
  };
}

const byCreated = (a: AmendmentRecord, b: AmendmentRecord) =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

function summarise(decision: ReviewRecord | undefined, names: Map<string, string>): DecisionSummary | undefined {
  if (!decision) return undefined;
  return {
    decision: decision.decision,
    comment: decision.comment,
    reviewerId: decision.reviewerId,
    reviewerName: names.get(decision.reviewerId) ?? decision.reviewerId,
    createdAt: decision.createdAt,
  };
}

/** Every inbox item matching the filter, newest first. */
export function inboxItems(
  team: TeamRecords,
  filter: z.output<typeof inboxFilterSchema>,
): { items: InboxItem[]; lockedBefore: string | undefined } {
  const lockedBefore = lockDate(team.reviews);
  const amendmentsOf = Map.groupBy(team.amendments, (a) => a.visitId);
  const decisionsOn = Map.groupBy(team.reviews, (r) => r.subjectId);
  const items: InboxItem[] = [];
  const statusMatches = (status: string) =>
    filter.status === 'all' ||
    filter.status === status ||
    (filter.status === 'open' && (status === 'new' || status === 'amended'));
  if (filter.kind !== 'conflict') {
    for (const original of team.visits) {
      const mine = (amendmentsOf.get(original.id) ?? []).toSorted(byCreated);
      const visit = effectiveVisit(original, mine);
      const review = visitReview(visit.id, mine, decisionsOn.get(visit.id) ?? []);
      const client = team.clients.get(visit.clientId);
      const tags: VisitInboxItem['tags'] = [
        'visit',
        ...(visit.deviations.length > 0 ? (['deviation'] as const) : []),
        ...(mine.length > 0 ? (['amendment'] as const) : []),
      ];
      if (!statusMatches(review.status)) continue;
      if (filter.kind && !tags.includes(filter.kind)) continue;
      if (filter.workerId && visit.workerId !== filter.workerId) continue;
      if (filter.clientId && visit.clientId !== filter.clientId) continue;
      // The client's village (the list offers those); a visit away from home still belongs to it.
      if (filter.village && (client?.village ?? visit.location.village) !== filter.village) continue;
      if (filter.deviationKind && !visit.deviations.some((d) => d.kind === filter.deviationKind)) continue;
      if (filter.severity && !visit.deviations.some((d) => d.severity === filter.severity)) continue;
      items.push({
        kind: 'visit',
        id: visit.id,
        visit,
        client: client ? summaryOf(client) : undefined,
        workerName: team.names.get(visit.workerId) ?? visit.workerId,
        status: review.status,
        tags,
        amendmentCount: mine.length,
        newAmendmentCount: review.newAmendmentIds.length,
        last: summarise(review.last, team.names),
        // As the correction itself is checked: by when the visit was signed as having started.
        locked: isLocked(original, review, lockedBefore, (at) => localDate(at)),
      });
    }
  }
  // Conflicts have no village or deviations; staff means who was signed in, and a client a clash on their record.
  const conflictFilterApplies = !filter.village && !filter.deviationKind && !filter.severity;
  if ((!filter.kind || filter.kind === 'conflict') && conflictFilterApplies) {
    const period = localPeriod(filter.from, filter.to);
    for (const conflict of team.conflicts) {
      if (filter.workerId && conflict.userId !== filter.workerId) continue;
      if (filter.clientId && !(conflict.collectionName === 'clients' && conflict.documentId === filter.clientId)) {
        continue;
      }
      if (period.$gte && conflict.resolvedAt < period.$gte) continue;
      if (period.$lt && conflict.resolvedAt >= period.$lt) continue;
      const { status, last } = conflictReview(conflict.id, decisionsOn.get(conflict.id) ?? []);
      const open = status === 'new';
      if (!(filter.status === 'all' || (filter.status === 'open' && open) || (filter.status === 'new' && open))) {
        continue;
      }
      items.push({
        kind: 'conflict',
        id: conflict.id,
        conflict,
        status,
        userName: team.names.get(conflict.userId) ?? conflict.userId,
        last: summarise(last, team.names),
      } satisfies ConflictInboxItem);
    }
  }
  const when = (item: InboxItem) => (item.kind === 'visit' ? item.visit.startedAt : item.conflict.resolvedAt);
  items.sort((a, b) => when(b).localeCompare(when(a)) || b.id.localeCompare(a.id));
  return { items, lockedBefore };
}

/** A new change that brings back what a conflict's resolution dropped: the laptop's version of those fields. */
async function restore(
  database: HemtryggDatabase,
  conflict: ConflictRecord,
  session: Session,
  at: Date,
): Promise<string> {
  const local = conflict.local;
  if (conflict.collectionName === 'clients') {
    const doc = await database.clients.findOne(conflict.documentId).exec();
    if (!doc) throw new ApiFailure('not-found', 'The client record is not on this laptop.');
    const fields = conflict.droppedFields.filter((f) => f !== 'id' && f !== 'teamId' && !SYNC_INTERNAL_FIELDS.has(f));
    // Only what still stands as the resolution left it: a field changed since is someone's newer work, and restoring
    // over it would lose that.
    const current = doc.toJSON() as Record<string, unknown>;
    const changedSince = fields.filter((f) => !deepEqual(current[f], conflict.result[f]));
    if (changedSince.length > 0) {
      throw new ApiFailure('invalid-state', `Changed since the conflict: ${changedSince.join(', ')}.`, [
        { path: 'decision', message: 'review.cannot.restoreChanged' },
      ]);
    }
    // The laptop's value of each dropped field (a field it did not have is left out).
    await doc.incrementalModify((latest) => {
      const kept = Object.entries(latest).filter(([field]) => !fields.includes(field));
      const restored = fields.filter((field) => field in local).map((field) => [field, local[field]] as const);
      return Object.fromEntries([...kept, ...restored]) as unknown as typeof latest;
    });
    return conflict.documentId;
  }
  if (conflict.collectionName === 'visits' || conflict.collectionName === 'amendments') {
    // A signed visit never changes: what the other version said comes back as a correction of it.
    const visitId = String(conflict.collectionName === 'visits' ? local['id'] : local['visitId']);
    const source =
      conflict.collectionName === 'visits' ? local : ((local['changes'] as Record<string, unknown> | undefined) ?? {});
    const changes = Object.fromEntries(amendableFields.filter((f) => f in source).map((f) => [f, source[f]] as const));
    const original = (await database.visits.findOne(visitId).exec())?.toJSON() as VisitRecord | undefined;
    if (!original) throw new ApiFailure('not-found', 'The visit is not on this laptop.');
    const amendment = amendmentRecordSchema.safeParse({
      id: uuidv7(),
      visitId,
      reason: 'other',
      comment: 'Återställd version efter synkkonflikt / Version restored after a sync conflict',
      changes,
      teamId: session.teamId,
      authorId: session.userId,
      createdAt: at.toISOString(),
    });
    const earlier = json<AmendmentRecord>(await database.amendments.find({ selector: { visitId } }).exec());
    if (!amendment.success || !checkAmendment(original, earlier, amendment.data).success) {
      throw new ApiFailure('invalid-input', 'The other version cannot be restored.', [
        { path: 'decision', message: 'review.cannot.restore' },
      ]);
    }
    await database.amendments.insert(amendment.data);
    database.flush();
    return amendment.data.id;
  }
  throw new ApiFailure('invalid-input', 'This kind of record is append-only: both versions are kept as they are.');
}

export function reviewHandlers({ database, now, accessLog }: ReviewDeps): ReviewHandlers {
  async function decide(session: Session, record: Omit<ReviewRecord, 'teamId' | 'reviewerId' | 'createdAt'>) {
    const existing = await database.reviews.findOne(record.id).exec();
    if (existing) {
      const stored = existing.toJSON() as ReviewRecord;
      const { createdAt: _, signature: _signature, ...rest } = stored;
      if (deepEqual({ ...rest }, { ...record, teamId: session.teamId, reviewerId: session.userId })) return stored;
      throw new ApiFailure('conflict', 'Another decision has this id.');
    }
    const parsed = reviewRecordSchema.parse({
      ...record,
      teamId: session.teamId,
      reviewerId: session.userId,
      createdAt: now().toISOString(),
    });
    await database.reviews.insert(parsed);
    database.flush();
    return parsed;
  }

  async function visitOf(visitId: string, session: Session): Promise<VisitRecord> {
    const doc = await database.visits.findOne(visitId).exec();
    if (!doc || doc.teamId !== session.teamId) {
      throw new ApiFailure('not-found', 'No such visit.', [{ path: 'visitId', message: 'validation.unknownVisit' }]);
    }
    return doc.toJSON() as VisitRecord;
  }

  async function amendmentsOf(visitId: string): Promise<AmendmentRecord[]> {
    return json<AmendmentRecord>(await database.amendments.find({ selector: { visitId } }).exec()).sort(byCreated);
  }

  async function reviewsOf(subjectKind: ReviewRecord['subjectKind'], subjectId: string): Promise<ReviewRecord[]> {
    return json<ReviewRecord>(await database.reviews.find({ selector: { subjectKind, subjectId } }).exec());
  }

  async function teamLock(teamId: string): Promise<string | undefined> {
    return lockDate(await reviewsOf('team', teamId));
  }

  return {
    async 'reviews.inbox'(filter, session) {
      const [team, roles] = await Promise.all([
        teamRecords(database, session.teamId, filter),
        staffRoles(database, session.teamId),
      ]);
      const { items, lockedBefore } = inboxItems(team, filter);
      const clients = [...team.clients.values()]
        .map(summaryOf)
        .sort((a, b) => a.familyName.localeCompare(b.familyName, 'sv') || a.givenName.localeCompare(b.givenName, 'sv'));
      return {
        items: items.slice(0, filter.limit),
        total: items.length,
        lockedBefore,
        staff: [...team.names]
          .map(([id, name]) => ({ id, name, role: roles.get(id) }))
          .sort((a, b) => a.name.localeCompare(b.name, 'sv')),
        villages: [...new Set(clients.map((c) => c.village))].sort((a, b) => a.localeCompare(b, 'sv')),
        clients,
      };
    },

    async 'reviews.visit'({ visitId }, session) {
      const original = await visitOf(visitId, session);
      await accessLog.record(session, original.clientId, 'visit-review', visitId);
      const amendments = await amendmentsOf(visitId);
      const review = visitReview(visitId, amendments, await reviewsOf('visit', visitId));
      const client = (await database.clients.findOne(original.clientId).exec())?.toJSON() as ClientRecord | undefined;
      const names = await staffNames(database, session.teamId);
      const entry: HistoryEntry = { visit: effectiveVisit(original, amendments), original, amendments };
      const lockedBefore = await teamLock(session.teamId);
      return {
        entry,
        client: client ? summaryOf(client) : undefined,
        workerName: names.get(original.workerId) ?? original.workerId,
        review,
        names: Object.fromEntries(names),
        locked: isLocked(original, review, lockedBefore, (at) => localDate(at)),
        lockedBefore,
      } satisfies VisitForReview;
    },

    async 'reviews.decide'({ id, visitId, decision, comment, seenAmendmentIds }, session) {
      await visitOf(visitId, session);
      const amendments = await amendmentsOf(visitId);
      const retry = (await database.reviews.findOne(id).exec()) !== null;
      if (!retry && seenAmendmentIds && amendments.some((a) => !seenAmendmentIds.includes(a.id))) {
        throw new ApiFailure('invalid-state', 'A correction arrived after the visit was shown.', [
          { path: 'decision', message: 'review.cannot.newCorrection' },
        ]);
      }
      const review = visitReview(visitId, amendments, await reviewsOf('visit', visitId));
      if (!retry && !DECIDABLE_FROM[decision].includes(review.status)) {
        throw new ApiFailure('invalid-state', `A visit that is ${review.status} cannot be ${decision}.`, [
          { path: 'decision', message: `review.cannot.${decision}` },
        ]);
      }
      return decide(session, {
        id,
        subjectKind: 'visit',
        subjectId: visitId,
        decision,
        comment,
        amendmentIds: amendments.map((a) => a.id),
      });
    },

    async 'reviews.setLock'({ id, lockedBefore }, session) {
      const today = localDate(now());
      if (lockedBefore && lockedBefore > today) {
        throw new ApiFailure('invalid-input', 'A lock date cannot be in the future.', [
          { path: 'lockedBefore', message: 'validation.lockInFuture' },
        ]);
      }
      return decide(session, {
        id,
        subjectKind: 'team',
        subjectId: session.teamId,
        decision: 'locked',
        comment: '',
        amendmentIds: [],
        ...(lockedBefore ? { lockedBefore } : {}),
      });
    },

    async 'reviews.returned'(_input, session) {
      // Only visits a supervisor has ever returned can be waiting: start from those decisions, not from every visit.
      const everReturned = await database.reviews
        .find({ selector: { teamId: session.teamId, subjectKind: 'visit', decision: 'returned' } })
        .exec();
      const candidates = [...new Set(everReturned.map((r) => r.subjectId))];
      if (candidates.length === 0) return [];
      const mine = json<VisitRecord>(
        await database.visits.find({ selector: { id: { $in: candidates }, workerId: session.userId } }).exec(),
      );
      if (mine.length === 0) return [];
      const ids = mine.map((v) => v.id);
      const [amendments, reviews] = await Promise.all([
        database.amendments.find({ selector: { visitId: { $in: ids } } }).exec(),
        database.reviews.find({ selector: { subjectKind: 'visit', subjectId: { $in: ids } } }).exec(),
      ]);
      const byVisit = Map.groupBy(json<AmendmentRecord>(amendments).sort(byCreated), (a) => a.visitId);
      const decisions = Map.groupBy(json<ReviewRecord>(reviews), (r) => r.subjectId);
      const names = await staffNames(database, session.teamId);
      const clients = await database.clients.findByIds([...new Set(mine.map((v) => v.clientId))]).exec();
      const returned: ReturnedVisit[] = [];
      for (const original of mine) {
        const corrections = byVisit.get(original.id) ?? [];
        const review = visitReview(original.id, corrections, decisions.get(original.id) ?? []);
        if (review.status !== 'returned' || !review.last) continue;
        const client = clients.get(original.clientId)?.toJSON() as ClientRecord | undefined;
        returned.push({
          entry: { visit: effectiveVisit(original, corrections), original, amendments: corrections },
          client: client ? (summaryOf(client) satisfies ClientSummary) : undefined,
          comment: review.last.comment,
          reviewerName: names.get(review.last.reviewerId) ?? review.last.reviewerId,
          returnedAt: review.last.createdAt,
        });
      }
      return returned.sort((a, b) => b.returnedAt.localeCompare(a.returnedAt));
    },

    async 'conflicts.get'({ id }, session) {
      const doc = await database.conflicts.findOne(id).exec();
      if (!doc || doc.teamId !== session.teamId) throw new ApiFailure('not-found', 'No such conflict.');
      const conflict = doc.toJSON() as ConflictRecord;
      const history = await reviewsOf('conflict', id);
      const { status } = conflictReview(id, history);
      const names = await staffNames(database, session.teamId);
      return {
        conflict,
        status,
        history: history.sort(newestFirst),
        names: Object.fromEntries(names),
        restorable: ['clients', 'visits', 'amendments'].includes(conflict.collectionName),
      } satisfies ConflictForReview;
    },

    async 'conflicts.decide'({ id, conflictId, decision, comment }, session) {
      const doc = await database.conflicts.findOne(conflictId).exec();
      if (!doc || doc.teamId !== session.teamId) throw new ApiFailure('not-found', 'No such conflict.');
      const retried = await database.reviews.findOne(id).exec();
      if (retried) {
        const stored = retried.toJSON() as ReviewRecord;
        const same = stored.subjectId === conflictId && stored.decision === decision && stored.comment === comment;
        if (same && stored.reviewerId === session.userId) return stored;
        throw new ApiFailure('conflict', 'Another decision has this id.');
      }
      const { status } = conflictReview(conflictId, await reviewsOf('conflict', conflictId));
      if (status !== 'new') {
        throw new ApiFailure('invalid-state', `This conflict was already ${status}.`, [
          { path: 'decision', message: 'review.cannot.conflictDecided' },
        ]);
      }
      const restoredAs =
        decision === 'restored' ? await restore(database, doc.toJSON() as ConflictRecord, session, now()) : undefined;
      return decide(session, {
        id,
        subjectKind: 'conflict',
        subjectId: conflictId,
        decision,
        comment,
        amendmentIds: [],
        ...(restoredAs ? { restoredAs } : {}),
      });
    },
  };
}
