/** A worker's day: the planned visits from the team's schedules, with what has been logged against them. */
import { TZDate } from '@date-fns/tz';
import type { Handlers, TodayEntry } from '../../core/api.ts';
import type { ClientRecord } from '../../core/clients.ts';
import type { DraftRecord } from '../../core/drafts.ts';
import { checklistState, currentTemplates, HAZARDS, type PreparednessRecord } from '../../core/preparedness.ts';
import { plannedStatus, plannedVisitsOn, TIME_ZONE } from '../../core/schedule.ts';
import type { HemtryggDatabase } from '../database.ts';
import type { Session } from '../session.ts';
import { summaryOf } from './clients.ts';
import { incidentsByClient } from './preparedness.ts';

export interface TodayDeps {
  readonly database: HemtryggDatabase;
  readonly now: () => Date;
}

export function todayHandlers({ database, now }: TodayDeps): Pick<Handlers<Session>, 'visits.today'> {
  const { clients, visits } = database;
  return {
    async 'visits.today'({ date }, session) {
      const team = (await clients.find({ selector: { teamId: session.teamId } }).exec()).map(
        (c) => c.toMutableJSON() as ClientRecord,
      );
      const byId = new Map(team.map((c) => [c.id, c]));
      // A supervisor sees the whole team's day; a worker the visits planned for them and the unassigned ones.
      const planned = plannedVisitsOn(team, date).filter(
        (p) => session.role === 'supervisor' || p.workerId === undefined || p.workerId === session.userId,
      );
      const [year, month, day] = date.split('-').map(Number) as [number, number, number];
      const dayStart = new TZDate(year, month - 1, day, TIME_ZONE);
      const from = new Date(dayStart.getTime() - 12 * 3_600_000).toISOString();
      const to = new Date(dayStart.getTime() + 36 * 3_600_000).toISOString();
      const logged = new Map<string, string>();
      for (const visit of await visits
        .find({ selector: { teamId: session.teamId, startedAt: { $gte: from, $lt: to } } })
        .exec()) {
        if (visit.plannedVisitId) logged.set(visit.plannedVisitId, visit.id);
      }
      const drafts = new Map(
        (await database.drafts.find({ selector: { teamId: session.teamId } }).exec()).map((d) => [
          d.id,
          d.toMutableJSON() as DraftRecord,
        ]),
      );
      const at = now();
      const due = await preparednessDue(database, session.teamId, [...new Set(planned.map((p) => p.clientId))], at);
      return planned.map((p): TodayEntry => ({
        planned: p,
        status: plannedStatus(p, logged.has(p.id), at, drafts.get(p.id)?.startedAt !== undefined),
        client: summaryOf(byId.get(p.clientId) as ClientRecord),
        loggedVisitId: logged.get(p.id),
        draft: logged.has(p.id) ? undefined : drafts.get(p.id),
        preparednessDue: due.get(p.clientId) ?? [],
      }));
    },
  };
}

/**
 * The hazards whose checklist each client is due to go through (never done, a year old, or an incident logged on a
 * visit since): shown on the day's visits, so the check happens during one.
 */
async function preparednessDue(
  database: HemtryggDatabase,
  teamId: string,
  clientIds: readonly string[],
  at: Date,
): Promise<Map<string, (typeof HAZARDS)[number][]>> {
  const since = new Date(at.getTime() - 366 * 86_400_000).toISOString();
  const [reviews, incidents] = await Promise.all([
    database.preparedness.find({ selector: { teamId, kind: 'review', clientId: { $in: [...clientIds] } } }).exec(),
    incidentsByClient(database, teamId, { clientId: { $in: [...clientIds] }, startedAt: { $gte: since } }),
  ]);
  const byClient = Map.groupBy(
    reviews.map((d) => d.toJSON() as PreparednessRecord),
    (r) => r.clientId ?? '',
  );
  // Due dates do not depend on the template's items, only on the reviews and incidents.
  const templates = currentTemplates([]);
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE }).format(at);
  return new Map(
    clientIds.map((clientId) => [
      clientId,
      HAZARDS.filter(
        (hazard) =>
          checklistState(hazard, templates[hazard], byClient.get(clientId) ?? [], incidents.get(clientId) ?? [], at)
            .dueOn <= today,
      ),
    ]),
  );
}
