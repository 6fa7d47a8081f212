/**
 * Drills and incidents on the laptop: a supervisor starts one (scope, priority, who contacts whom), reassigns clients
 * and ends it with lessons; every worker in it accounts for their clients, offline too, each entry stamped with this
 * laptop's clock and its measured offset from the server's. The board and the after-action report are read from the
 * records (core/drills.ts), whatever order they arrived in.
 */
import { ApiFailure, type DrillPerson, type DrillSummary, type DrillView, type Handlers } from '../../core/api.ts';
import type { ClientRecord } from '../../core/clients.ts';
import {
  drillFigures,
  drillRecordSchema,
  drillState,
  type DrillEntry,
  type DrillRecord,
  type DrillStart,
  takesPart,
} from '../../core/drills.ts';
import { ROLES, type Role } from '../../core/users.ts';
import { currentAids, currentTemplates, type PreparednessRecord } from '../../core/preparedness.ts';
import type { HemtryggDatabase } from '../database.ts';
import type { Session } from '../session.ts';
import { CLOCK_OFFSET } from '../sync/client.ts';
import { appendOnce } from './append.ts';
import { onTheDay } from './preparedness.ts';
import { ROSTER_SETTING, staffNames, type RosterEntry } from './staff.ts';

export interface DrillDeps {
  readonly database: HemtryggDatabase;
  readonly now: () => Date;
}

/** This laptop's clock minus the server's, as the sync client last measured and kept it (0 if it never has). */
async function clockOffsetMs(database: HemtryggDatabase): Promise<number> {
  const stored = (await database.settings.findOne(CLOCK_OFFSET).exec())?.toJSON().value as
    { offsetMs?: unknown } | undefined;
  return typeof stored?.offsetMs === 'number' && Number.isFinite(stored.offsetMs) ? Math.round(stored.offsetMs) : 0;
}

/**
 * The team's staff with their roles, sorted by name: the roster the server sent (everyone) and the profiles on this
 * laptop (which win, being the newer word on a name).
 */
async function drillStaff(database: HemtryggDatabase, teamId: string): Promise<DrillPerson[]> {
  const people = new Map<string, DrillPerson>();
  const roleOf = (role: unknown): Role | undefined => ROLES.find((r) => r === role);
  const roster = await database.settings.findOne(ROSTER_SETTING).exec();
  for (const entry of (roster?.toJSON().value as { staff?: RosterEntry[] } | undefined)?.staff ?? []) {
    people.set(entry.id, { id: entry.id, displayName: entry.displayName, role: roleOf(entry.role) });
  }
  for (const user of await database.users.find({ selector: { teamId } }).exec()) {
    people.set(user.id, { id: user.id, displayName: user.displayName, role: roleOf(user.role) });
  }
  return [...people.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'sv'));
}

type DrillHandlers = Pick<
  Handlers<Session>,
  'drills.list' | 'drills.start' | 'drills.get' | 'drills.record' | 'drills.reassign' | 'drills.end' | 'drills.staff'
>;

export function drillHandlers({ database, now }: DrillDeps): DrillHandlers {
  const { drills, clients, preparedness } = database;

  const teamRecords = async (teamId: string) =>
    (await drills.find({ selector: { teamId } }).exec()).map((d) => d.toJSON() as DrillRecord);
  const starts = (records: readonly DrillRecord[]) =>
    records.filter((r): r is DrillStart => r.kind === 'drill').sort((a, b) => b.startsAt.localeCompare(a.startsAt));

  async function drillInTeam(
    drillId: string,
    session: Session,
  ): Promise<{ drill: DrillStart; records: DrillRecord[] }> {
    const records = await teamRecords(session.teamId);
    const drill = starts(records).find((d) => d.id === drillId);
    if (!drill)
      throw new ApiFailure('not-found', 'No such drill.', [{ path: 'drillId', message: 'validation.unknownDrill' }]);
    return { drill, records };
  }

  /** A retry answers the stored record; the laptop's time and clock offset are stamped afresh and do not count. */
  const once = async <T extends DrillRecord>(record: T): Promise<T> =>
    (await appendOnce(database, drills, [record], ['createdAt', 'clockOffsetMs']))[0] as T;
  const stamp = async (session: Session) => ({
    teamId: session.teamId,
    authorId: session.userId,
    createdAt: now().toISOString(),
    clockOffsetMs: await clockOffsetMs(database),
  });

  return {
    async 'drills.staff'(_input, session) {
      return drillStaff(database, session.teamId);
    },

    async 'drills.list'(_input, session) {
      const records = await teamRecords(session.teamId);
      return starts(records)
        .map((drill) => drillState(drill, records))
        .filter((state) => session.role === 'supervisor' || takesPart(state, session.userId))
        .map((state): DrillSummary => {
          const { drill } = state;
          const figures = drillFigures(state);
          return {
            drill,
            ended: state.ended?.createdAt,
            highCount: figures.highCount,
            accountedHigh: state.clients.filter((c) => c.high && c.accountedAfterMs !== undefined).length,
            mine: state.clients.filter((c) => c.workerId === session.userId).length,
            to100: figures.to100,
          };
        });
    },

    async 'drills.start'(input, session) {
      const team = new Set((await clients.find({ selector: { teamId: session.teamId } }).exec()).map((c) => c.id));
      const unknown = input.scope.findIndex((s) => !team.has(s.clientId));
      if (unknown >= 0) {
        throw new ApiFailure('invalid-input', 'A client in scope is not in the team.', [
          { path: `scope.${unknown}.clientId`, message: 'validation.unknownClient' },
        ]);
      }
      const outside = input.scope.findIndex((s) => s.workerId !== undefined && !input.workers.includes(s.workerId));
      if (outside >= 0) {
        throw new ApiFailure('invalid-input', 'A client is given to someone not taking part.', [
          { path: `scope.${outside}.workerId`, message: 'validation.notInDrill' },
        ]);
      }
      const record = drillRecordSchema.parse({
        ...input,
        ...(input.mode === 'incident' ? { exerciseType: undefined } : {}),
        kind: 'drill',
        ...(await stamp(session)),
      }) as DrillStart;
      return once(record);
    },

    async 'drills.get'({ drillId }, session) {
      const { drill, records } = await drillInTeam(drillId, session);
      const state = drillState(drill, records);
      if (session.role !== 'supervisor' && !takesPart(state, session.userId)) {
        throw new ApiFailure('forbidden', 'You do not take part in this drill.');
      }
      const ids = drill.scope.map((s) => s.clientId);
      const [found, prepared, staff] = await Promise.all([
        clients.findByIds(ids).exec(),
        preparedness.find({ selector: { teamId: session.teamId } }).exec(),
        drillStaff(database, session.teamId),
      ]);
      const prep = prepared.map((d) => d.toJSON() as PreparednessRecord);
      const byClient = Map.groupBy(prep, (r) => r.clientId ?? '');
      const details = Object.fromEntries(
        [...found.values()].map((doc) => {
          const client = doc.toJSON() as ClientRecord;
          return [client.id, { ...onTheDay(client), aids: currentAids(byClient.get(client.id) ?? []) }];
        }),
      );
      // Earlier drills of the same scenario (hazard, and exercise or real), ended, for comparison.
      const ended = new Set(records.filter((r) => r.kind === 'end').map((r) => r.drillId));
      const earlier = starts(records)
        .filter(
          (d) =>
            d.id !== drill.id &&
            d.hazard === drill.hazard &&
            d.mode === drill.mode &&
            ended.has(d.id) &&
            d.startsAt < drill.startsAt,
        )
        .map((d) => ({ drill: d, figures: drillFigures(drillState(d, records)) }))
        .map(({ drill: d, figures }) => ({
          id: d.id,
          mode: d.mode,
          startsAt: d.startsAt,
          villages: d.villages,
          highCount: figures.highCount,
          to50: figures.to50,
          to90: figures.to90,
          to100: figures.to100,
        }));
      return {
        state,
        figures: drillFigures(state),
        clients: details,
        names: Object.fromEntries(staff.map((p) => [p.id, p.displayName])),
        staff,
        items: currentTemplates(prep.filter((r) => r.kind === 'template'))[drill.hazard].items,
        earlier,
        now: now().toISOString(),
        clockOffsetMs: await clockOffsetMs(database),
      } satisfies DrillView;
    },

    async 'drills.record'(input, session) {
      if (session.role === 'admin') throw new ApiFailure('forbidden', 'Administrators do not take part in drills.');
      const { drill, records } = await drillInTeam(input.drillId, session);
      if (!drill.scope.some((s) => s.clientId === input.clientId)) {
        throw new ApiFailure('invalid-input', 'The client is not in this drill.', [
          { path: 'clientId', message: 'validation.notInDrill' },
        ]);
      }
      if (session.role !== 'supervisor' && !takesPart(drillState(drill, records), session.userId)) {
        throw new ApiFailure('forbidden', 'You do not take part in this drill.');
      }
      const record = drillRecordSchema.parse({
        ...input,
        ...(input.outcome === 'notReached' ? { state: undefined } : {}),
        kind: 'entry',
        ...(await stamp(session)),
      }) as DrillEntry;
      return once(record);
    },

    async 'drills.reassign'(input, session) {
      const { drill } = await drillInTeam(input.drillId, session);
      if (!drill.scope.some((s) => s.clientId === input.clientId)) {
        throw new ApiFailure('invalid-input', 'The client is not in this drill.', [
          { path: 'clientId', message: 'validation.notInDrill' },
        ]);
      }
      // Someone may be brought in mid-drill: anyone of the team's staff this laptop knows.
      if (
        !drill.workers.includes(input.workerId) &&
        !(await staffNames(database, session.teamId)).has(input.workerId)
      ) {
        throw new ApiFailure('invalid-input', 'Nobody of that name in the team.', [
          { path: 'workerId', message: 'validation.notInDrill' },
        ]);
      }
      return once(drillRecordSchema.parse({ ...input, kind: 'assign', ...(await stamp(session)) }));
    },

    async 'drills.end'(input, session) {
      const { drill, records } = await drillInTeam(input.drillId, session);
      const ended = drillState(drill, records).ended;
      if (ended && ended.id !== input.id) {
        throw new ApiFailure('conflict', 'The drill has already ended.', [
          { path: 'drillId', message: 'validation.drillEnded' },
        ]);
      }
      return once(drillRecordSchema.parse({ ...input, kind: 'end', ...(await stamp(session)) }));
    },
  };
}
