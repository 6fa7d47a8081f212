/** The team at a glance, computed on the laptop from what it synced: see core/supervision.ts for each figure. */
import type { Handlers } from '../../core/api.ts';
import type { ClientRecord } from '../../core/clients.ts';
import { staffContinuity } from '../../core/continuity.ts';
import { visitReview, type ReviewRecord } from '../../core/reviews.ts';
import { addDays, localDate, localDayStart } from '../../core/schedule.ts';
import {
  datesBetween,
  dayFigures,
  deviationCounts,
  overdueClients,
  planGapDays,
  type Dashboard,
  type DashboardInput,
  type OpenReturn,
} from '../../core/supervision.ts';
import { effectiveVisit, type AmendmentRecord, type VisitRecord } from '../../core/visits.ts';
import type { HemtryggDatabase } from '../database.ts';
import type { Session } from '../session.ts';
import { summaryOf } from './clients.ts';
import { json, teamRecords } from './reviews.ts';

export interface DashboardDeps {
  readonly database: HemtryggDatabase;
  readonly now: () => Date;
}

export async function teamDashboard(
  { database, now }: DashboardDeps,
  { to, days = 14 }: DashboardInput,
  session: Session,
): Promise<Dashboard> {
  const at = now();
  const from = addDays(to, -(days - 1));
  // The figures stand as of the end of the last day shown, or now when that day is not over.
  const asOf = new Date(Math.min(at.getTime(), Date.parse(localDayStart(addDays(to, 1)))));
  const continuityFrom = addDays(to, -13);
  const team = await teamRecords(database, session.teamId, {
    from: from < continuityFrom ? from : continuityFrom,
    to,
  });
  const amendmentsOf = Map.groupBy(team.amendments, (a) => a.visitId);
  const visits = team.visits.map((v) => effectiveVisit(v, amendmentsOf.get(v.id) ?? []));
  const inPeriod = visits.filter((v) => localDate(new Date(v.startedAt)) >= from);
  const clients = [...team.clients.values()];

  const figures = dayFigures(clients, inPeriod, datesBetween(from, to), (d) => localDate(d), at);
  const deviations = deviationCounts(inPeriod);
  const staff = staffContinuity(visits, asOf);
  const continuity = clients
    .filter((c) => staff.has(c.id))
    .map((c) => ({ client: summaryOf(c), staff: staff.get(c.id) ?? 0 }))
    .sort((a, b) => b.staff - a.staff || a.client.familyName.localeCompare(b.client.familyName, 'sv'));

  const openReturns = await returnsStillOpen(database, session.teamId, team.names, team.clients);
  // The last visit of each client: from the visits already read where there is one (no plan leaves more than a week
  // between visits, and they cover two), one query per client otherwise — those are the overdue ones, usually few.
  const lastVisitAt = new Map<string, string>();
  for (const visit of visits) {
    const seen = lastVisitAt.get(visit.clientId);
    if (visit.startedAt <= asOf.toISOString() && (!seen || seen < visit.startedAt)) {
      lastVisitAt.set(visit.clientId, visit.startedAt);
    }
  }
  for (const client of clients) {
    if (lastVisitAt.has(client.id) || planGapDays(client.schedule) === undefined) continue;
    const last = await database.visits
      .findOne({
        selector: { clientId: client.id, startedAt: { $lte: asOf.toISOString() } },
        sort: [{ clientId: 'desc' }, { startedAt: 'desc' }],
      })
      .exec();
    if (last) lastVisitAt.set(client.id, last.startedAt);
  }
  const overdue = overdueClients(clients, lastVisitAt, asOf, summaryOf);
  const sum = (key: 'planned' | 'done' | 'missed' | 'late') => figures.reduce((n, day) => n + day[key], 0);
  return {
    from,
    to,
    days: figures,
    deviations,
    continuity,
    openReturns,
    overdue,
    totals: {
      planned: sum('planned'),
      done: sum('done'),
      missed: sum('missed'),
      late: sum('late'),
      deviations: deviations.reduce((n, d) => n + d.count, 0),
      openReturns: openReturns.length,
    },
  };
}

/** Visits returned to their workers and not corrected since, oldest return first. */
async function returnsStillOpen(
  database: HemtryggDatabase,
  teamId: string,
  names: Map<string, string>,
  clients: Map<string, ClientRecord>,
): Promise<OpenReturn[]> {
  const returned = await database.reviews
    .find({ selector: { teamId, subjectKind: 'visit', decision: 'returned' } })
    .exec();
  const ids = [...new Set(returned.map((r) => r.subjectId))];
  if (ids.length === 0) return [];
  const [visits, amendments, reviews] = await Promise.all([
    database.visits.findByIds(ids).exec(),
    database.amendments.find({ selector: { visitId: { $in: ids } } }).exec(),
    database.reviews.find({ selector: { subjectKind: 'visit', subjectId: { $in: ids } } }).exec(),
  ]);
  const decisions = Map.groupBy(json<ReviewRecord>(reviews), (r) => r.subjectId);
  const corrections = Map.groupBy(json<AmendmentRecord>(amendments), (a) => a.visitId);
  const open: OpenReturn[] = [];
  for (const doc of visits.values()) {
    const visit = doc.toJSON() as VisitRecord;
    const review = visitReview(visit.id, corrections.get(visit.id) ?? [], decisions.get(visit.id) ?? []);
    if (review.status !== 'returned' || !review.last) continue;
    const client = clients.get(visit.clientId);
    open.push({
      visitId: visit.id,
      client: client ? summaryOf(client) : undefined,
      workerName: names.get(visit.workerId) ?? visit.workerId,
      returnedAt: review.last.createdAt,
      comment: review.last.comment,
      startedAt: visit.startedAt,
    });
  }
  return open.sort((a, b) => a.returnedAt.localeCompare(b.returnedAt));
}

export function dashboardHandlers(deps: DashboardDeps): Pick<Handlers<Session>, 'dashboard.team'> {
  return { 'dashboard.team': (input, session) => teamDashboard(deps, input, session) };
}
