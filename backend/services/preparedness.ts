/**
 * Crisis preparedness on the laptop: a client's checklists and electric aids, answers saved item by item, templates
 * edited by supervisors, the priority list for a hazard and villages, and the team's coverage. Every write is an
 * append-only record (core/preparedness.ts), made durable before it is confirmed; a retried call answers what was
 * stored.
 */
import { deepEqual, type MangoQuerySelector } from 'rxdb';
import { ApiFailure, type ClientOnTheDay, type Handlers } from '../../core/api.ts';
import type { ClientRecord } from '../../core/clients.ts';
import {
  alarmWorks,
  checklistState,
  coverage,
  currentAids,
  currentTemplates,
  HAZARDS,
  preparednessRecordSchema,
  priorityList,
  type AidRecord,
  type ChecklistState,
  type Hazard,
  type PreparednessRecord,
  type Template,
} from '../../core/preparedness.ts';
import { localDate } from '../../core/schedule.ts';
import { effectiveVisit, type AmendmentRecord, type VisitRecord } from '../../core/visits.ts';
import { assessScreening, isScreening, oldestFirst, type WellbeingRecord } from '../../core/wellbeing.ts';
import type { HemtryggDatabase } from '../database.ts';
import type { Session } from '../session.ts';
import type { AccessLog } from './access.ts';
import { appendOnce } from './append.ts';
import { clientInTeam, summaryOf } from './clients.ts';
import { staffNames } from './staff.ts';

export interface PreparednessDeps {
  readonly database: HemtryggDatabase;
  readonly now: () => Date;
  readonly accessLog: AccessLog;
}

type PreparednessHandlers = Pick<
  Handlers<Session>,
  | 'preparedness.forClient'
  | 'preparedness.answer'
  | 'preparedness.saveAid'
  | 'preparedness.templates'
  | 'preparedness.saveTemplate'
  | 'preparedness.priority'
  | 'preparedness.coverage'
>;

/** How far back incidents on visits are looked for (a review is due a year after the last anyway). */
const INCIDENT_LOOKBACK_DAYS = 366;

export const onTheDay = (c: ClientRecord): ClientOnTheDay => ({
  ...summaryOf(c),
  phone: c.phone,
  directions: c.directions,
  accessNotes: c.accessNotes,
  nextOfKin: c.nextOfKin,
  safetyAlarm: c.safetyAlarm,
});

/** The instants of incidents logged on visits (as corrected: a correction may add or remove one), by client. */
export async function incidentsByClient(
  database: HemtryggDatabase,
  teamId: string,
  selector: MangoQuerySelector<VisitRecord>,
): Promise<Map<string, string[]>> {
  const { visits, amendments } = database;
  const [found, corrections] = await Promise.all([
    visits.find({ selector }).exec(),
    // Corrections are few beside the visits: all of the team's, rather than a query naming every visit.
    amendments.find({ selector: { teamId } }).exec(),
  ]);
  const byVisit = Map.groupBy(
    corrections.map((d) => d.toJSON() as AmendmentRecord),
    (a) => a.visitId,
  );
  const result = new Map<string, string[]>();
  for (const doc of found) {
    const visit = doc.toJSON() as VisitRecord;
    const corrected = byVisit.get(visit.id);
    const effective = corrected ? effectiveVisit(visit, corrected) : visit;
    if (effective.deviations.some((d) => d.kind === 'incident')) {
      result.set(visit.clientId, [...(result.get(visit.clientId) ?? []), effective.startedAt]);
    }
  }
  return result;
}

export function preparednessHandlers({ database, now, accessLog }: PreparednessDeps): PreparednessHandlers {
  const { clients, preparedness, wellbeing } = database;

  const records = async (selector: MangoQuerySelector<PreparednessRecord>) =>
    (await preparedness.find({ selector }).exec()).map((d) => d.toJSON() as PreparednessRecord);
  const templatesOf = async (teamId: string) => currentTemplates(await records({ teamId, kind: 'template' }));

  const lookback = () => new Date(now().getTime() - INCIDENT_LOOKBACK_DAYS * 86_400_000).toISOString();

  const append = (list: PreparednessRecord[]) => appendOnce(database, preparedness, list, ['createdAt']);

  async function statesOf(
    clientId: string,
    teamId: string,
    templates: Record<Hazard, Template>,
  ): Promise<ChecklistState[]> {
    const [own, clientIncidents] = await Promise.all([
      records({ teamId, clientId }),
      incidentsByClient(database, teamId, { clientId, startedAt: { $gte: lookback() } }),
    ]);
    return HAZARDS.map((hazard) =>
      checklistState(hazard, templates[hazard], own, clientIncidents.get(clientId) ?? [], now()),
    );
  }

  return {
    async 'preparedness.forClient'({ clientId }, session) {
      const client = await clientInTeam(database, clientId, session);
      await accessLog.record(session, clientId, 'preparedness');
      const templates = await templatesOf(session.teamId);
      const [checklists, own, names] = await Promise.all([
        statesOf(clientId, session.teamId, templates),
        records({ teamId: session.teamId, clientId, kind: 'aid' }),
        staffNames(database, session.teamId),
      ]);
      return { client: onTheDay(client), checklists, aids: currentAids(own), names: Object.fromEntries(names) };
    },

    async 'preparedness.answer'({ clientId, hazard, answers, review }, session) {
      if (session.role === 'admin') throw new ApiFailure('forbidden', 'Administrators do not record care.');
      await clientInTeam(database, clientId, session);
      const template = (await templatesOf(session.teamId))[hazard];
      const inTemplate = new Set(template.items.map((i) => i.id));
      const unknown = answers.findIndex((a) => !inTemplate.has(a.itemId));
      if (unknown >= 0) {
        throw new ApiFailure('invalid-input', 'The item is not in the checklist.', [
          { path: `answers.${unknown}.itemId`, message: 'validation.unknownItem' },
        ]);
      }
      const at = now().toISOString();
      const base = { teamId: session.teamId, authorId: session.userId, createdAt: at, hazard, clientId };
      const list = answers.map((a) =>
        preparednessRecordSchema.parse({ ...base, ...a, kind: 'answer', version: template.version }),
      );
      if (review) {
        // Signing a checklist as gone through needs every item of the template answered (with these answers).
        const state = checklistState(
          hazard,
          template,
          [...(await records({ teamId: session.teamId, clientId })), ...list],
          [],
          now(),
        );
        const open = state.items.filter((i) => i.current === undefined);
        if (open.length > 0) {
          throw new ApiFailure(
            'invalid-input',
            'Every item must be answered before the checklist is signed as gone through.',
            [{ path: 'review', message: 'validation.answerEveryItem' }],
          );
        }
        list.push(
          preparednessRecordSchema.parse({
            ...base,
            id: review.id,
            kind: 'review',
            version: template.version,
            reason: review.reason,
          }),
        );
      }
      await append(list);
      const states = await statesOf(clientId, session.teamId, { ...(await templatesOf(session.teamId)) });
      return states.find((s) => s.hazard === hazard) as ChecklistState;
    },

    async 'preparedness.saveAid'(input, session) {
      if (session.role === 'admin') throw new ApiFailure('forbidden', 'Administrators do not record care.');
      await clientInTeam(database, input.clientId, session);
      const previous = (await records({ teamId: session.teamId, clientId: input.clientId, kind: 'aid' })).filter(
        (r) => r.aidId === input.aidId,
      );
      if (input.removed && previous.length === 0) {
        throw new ApiFailure('not-found', 'No such aid.', [{ path: 'aidId', message: 'validation.invalid' }]);
      }
      const record = preparednessRecordSchema.parse({
        ...input,
        kind: 'aid',
        teamId: session.teamId,
        authorId: session.userId,
        createdAt: now().toISOString(),
      }) as AidRecord;
      await append([record]);
      return record;
    },

    async 'preparedness.templates'(_input, session) {
      return templatesOf(session.teamId);
    },

    async 'preparedness.saveTemplate'({ id, hazard, basedOn, items }, session) {
      const current = (await templatesOf(session.teamId))[hazard];
      const existing = await preparedness.findOne(id).exec();
      if (existing) {
        const stored = existing.toJSON() as PreparednessRecord;
        if (stored.hazard === hazard && deepEqual(stored.items, items)) return current;
        throw new ApiFailure('conflict', 'Another record has this id.');
      }
      if (basedOn !== current.version) {
        throw new ApiFailure('conflict', 'The template was changed meanwhile.', [
          { path: 'basedOn', message: 'validation.templateChanged' },
        ]);
      }
      const record = preparednessRecordSchema.parse({
        id,
        teamId: session.teamId,
        kind: 'template',
        authorId: session.userId,
        createdAt: now().toISOString(),
        hazard,
        version: current.version + 1,
        items,
      });
      await append([record]);
      return (await templatesOf(session.teamId))[hazard];
    },

    async 'preparedness.priority'({ hazard, villages }, session) {
      const templates = await templatesOf(session.teamId);
      const team = (await clients.find({ selector: { teamId: session.teamId } }).exec()).map(
        (d) => d.toJSON() as ClientRecord,
      );
      const allVillages = [...new Set(team.map((c) => c.village))].sort((a, b) => a.localeCompare(b, 'sv'));
      const chosen = team.filter((c) => villages.length === 0 || villages.includes(c.village));
      const [teamRecords, teamIncidents, screenings] = await Promise.all([
        records({ teamId: session.teamId }),
        incidentsByClient(database, session.teamId, { teamId: session.teamId, startedAt: { $gte: lookback() } }),
        wellbeing.find({ selector: { teamId: session.teamId, kind: 'screening' } }).exec(),
      ]);
      const byClient = Map.groupBy(teamRecords, (r) => r.clientId ?? '');
      const latestScreening = new Map<string, WellbeingRecord>();
      for (const s of screenings.map((d) => d.toJSON() as WellbeingRecord).sort(oldestFirst)) {
        latestScreening.set(s.clientId, s);
      }
      const at = now();
      const rows = priorityList(
        hazard,
        chosen.map((client) => {
          const own = byClient.get(client.id) ?? [];
          const checklist = checklistState(hazard, templates[hazard], own, teamIncidents.get(client.id) ?? [], at);
          const screening = latestScreening.get(client.id);
          const assessed = screening && isScreening(screening) ? assessScreening(screening) : undefined;
          return {
            client: onTheDay(client),
            name: `${client.familyName} ${client.givenName}`,
            aids: currentAids(own),
            alarmWorking: alarmWorks(client.safetyAlarm, own, at),
            aloneHighRisk:
              assessed?.assessment.level === 'high' &&
              (assessed.screening.factors.some((f) => f.factor === 'livesAlone') ?? false),
            checklist,
          };
        }),
      );
      return { hazard, villages: allVillages, chosen: villages, rows, madeAt: at.toISOString(), today: localDate(at) };
    },

    async 'preparedness.coverage'(_input, session) {
      const templates = await templatesOf(session.teamId);
      const team = (await clients.find({ selector: { teamId: session.teamId } }).exec()).map(
        (d) => d.toJSON() as ClientRecord,
      );
      const [teamRecords, teamIncidents] = await Promise.all([
        records({ teamId: session.teamId }),
        incidentsByClient(database, session.teamId, { teamId: session.teamId, startedAt: { $gte: lookback() } }),
      ]);
      const byClient = Map.groupBy(teamRecords, (r) => r.clientId ?? '');
      const at = now();
      return HAZARDS.map((hazard) =>
        coverage(
          hazard,
          templates[hazard],
          team.map((c) =>
            checklistState(hazard, templates[hazard], byClient.get(c.id) ?? [], teamIncidents.get(c.id) ?? [], at),
          ),
        ),
      );
    },
  };
}
