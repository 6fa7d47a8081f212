/** A worker's day: the planned visits from the team's schedules, with what has been logged against them. */
import { TZDate } from '@date-fns/tz';
import type { Handlers, TodayEntry } from '../../core/api.ts';
import type { ClientRecord } from '../../core/clients.ts';
import type { DraftRecord } from '../../core/drafts.ts';
import { checklistState, currentTemplates, HAZARDS, type PreparednessRecord } from '../../core/preparedness.ts';
import { plannedStatus, plannedVisitsOn, TIME_ZONE } from '../../core/schedule.ts';
import type { HemtryggDatabase } from '../database.ts';
import type { Role } from '../../core/users.ts';
import type { Session } from '../session.ts';
import { incidentsByClient, onTheDay } from './preparedness.ts';
import { ROSTER_SETTING, type RosterEntry } from './staff.ts';

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
      const staff = await staffWithRoles(database, session.teamId);
      // The call's roles let an administrator see the day, but only those who visit log visits.
      const mayLog = session.role !== 'admin';
      return planned.map((p): TodayEntry => ({
        planned: p,
        status: plannedStatus(p, logged.has(p.id), at, drafts.get(p.id)?.startedAt !== undefined),
        client: onTheDay(byId.get(p.clientId) as ClientRecord),
        worker:
          p.workerId === undefined
            ? undefined
            : (staff.get(p.workerId) ?? { displayName: p.workerId, role: undefined }),
        mayLog,
        loggedVisitId: logged.get(p.id),
        draft: logged.has(p.id) ? undefined : drafts.get(p.id),
        preparednessDue: due.get(p.clientId) ?? [],
      }));
    },
  };
}

const ROLES: readonly string[] = ['worker', 'supervisor', 'admin'] satisfies Role[];

/** The team's staff with their roles: the roster from the last sync, and those who signed in on this laptop. */
async function staffWithRoles(
  database: HemtryggDatabase,
  teamId: string,
): Promise<Map<string, { displayName: string; role: Role | undefined }>> {
  const staff = new Map<string, { displayName: string; role: Role | undefined }>();
  const roster = await database.settings.findOne(ROSTER_SETTING).exec();
  for (const entry of (roster?.toJSON().value as { staff?: RosterEntry[] } | undefined)?.staff ?? []) {
    staff.set(entry.id, {
      displayName: entry.displayName,
      role: ROLES.includes(entry.role) ? (entry.role as Role) : undefined,
    });
  }
  for (const user of await database.users.find({ selector: { teamId } }).exec()) {
    staff.set(user.id, { displayName: user.displayName, role: user.role as Role });
  }
  return staff;
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
