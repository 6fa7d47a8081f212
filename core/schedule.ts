/**
 * The day's planned visits, from each client's weekly schedule. Schedule times are local (Swedish) wall-clock times;
 * a planned visit carries the UTC instants they mean on that date, daylight-saving changes included.
 */
import { TZDate } from '@date-fns/tz';
import type { ClientRecord } from './clients.ts';
import type { ServiceType, Task } from './visits.ts';

export const TIME_ZONE = 'Europe/Stockholm';
/** A planned visit counts as missed when nothing was logged this long after its planned end. */
export const MISSED_AFTER_MS = 60 * 60 * 1000;

export interface PlannedVisit {
  /** Stable for the same client, date and slot, so a logged visit can point at it. */
  readonly id: string;
  readonly clientId: string;
  readonly workerId: string | undefined;
  readonly serviceType: ServiceType;
  readonly tasks: readonly Task[];
  readonly plannedStart: string;
  readonly plannedEnd: string;
}

export type PlannedStatus = 'planned' | 'in-progress' | 'done' | 'missed';

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
function isoWeekday(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export function plannedVisitsOn(
  clients: Iterable<Pick<ClientRecord, 'id' | 'schedule'>>,
  date: string,
  timeZone: string = TIME_ZONE,
): PlannedVisit[] {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const weekday = isoWeekday(date);
  const planned: PlannedVisit[] = [];
  // Schedules use a handful of distinct times: work out each one's instant on this date once.
  const startOf = new Map<string, number>();
  const instantOf = (time: string) => {
    let at = startOf.get(time);
    if (at === undefined) {
      const [hours, minutes] = time.split(':').map(Number) as [number, number];
      at = new TZDate(year, month - 1, day, hours, minutes, timeZone).getTime();
      startOf.set(time, at);
    }
    return at;
  };
  for (const client of clients) {
    client.schedule.forEach((slot, index) => {
      if (!slot.weekdays.includes(weekday)) return;
      const start = instantOf(slot.time);
      planned.push({
        id: `plan:${client.id}:${date}:${index}`,
        clientId: client.id,
        workerId: slot.workerId,
        serviceType: slot.serviceType,
        tasks: slot.tasks,
        plannedStart: new Date(start).toISOString(),
        plannedEnd: new Date(start + slot.durationMinutes * 60_000).toISOString(),
      });
    });
  }
  return planned.sort((a, b) => a.plannedStart.localeCompare(b.plannedStart) || a.id.localeCompare(b.id));
}

export function plannedStatus(visit: PlannedVisit, logged: boolean, now: Date, started = false): PlannedStatus {
  if (logged) return 'done';
  if (started) return 'in-progress';
  return now.getTime() > Date.parse(visit.plannedEnd) + MISSED_AFTER_MS ? 'missed' : 'planned';
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The date (YYYY-MM-DD) where the team works, at `now`. */
export function localDate(now: Date = new Date(), timeZone: string = TIME_ZONE): string {
  // Making a formatter costs far more than using one, and the dashboard asks this of every visit.
  let format = dateFormats.get(timeZone);
  if (!format) dateFormats.set(timeZone, (format = new Intl.DateTimeFormat('sv-SE', { timeZone })));
  return format.format(now);
}

/** The instant (ISO, UTC) a local calendar date (YYYY-MM-DD) starts where the team works. */
export function localDayStart(date: string, timeZone: string = TIME_ZONE): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day, 0, 0, timeZone).getTime()).toISOString();
}

/** The calendar date (YYYY-MM-DD) `days` after `day` (before, when negative). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The instants [start, end) of the local dates from `from` to `to`, either end open when not given. */
export function localPeriod(from?: string, to?: string): { $gte?: string; $lt?: string } {
  return { ...(from ? { $gte: localDayStart(from) } : {}), ...(to ? { $lt: localDayStart(addDays(to, 1)) } : {}) };
}

/** A planned visit counts as due now from this long before its planned start. */
export const DUE_BEFORE_MS = 15 * 60 * 1000;
/** Visits starting within this long after the ones due now are "next"; later ones wait below. */
export const NEXT_WITHIN_MS = 2 * 60 * 60 * 1000;

/** Where a visit stands in a worker's day: due now, next up, later today, done, or missed. */
export type DayGroup = 'now' | 'next' | 'later' | 'done' | 'missed';
export const DAY_GROUPS: readonly DayGroup[] = ['now', 'next', 'later', 'done', 'missed'];

/** Which part of the day a visit belongs to at `now`. */
export function dayGroupOf(visit: PlannedVisit, status: PlannedStatus, now: Date): DayGroup {
  if (status === 'done') return 'done';
  if (status === 'missed') return 'missed';
  // Started, or its time has come and nothing is logged yet (not missed until an hour after its end).
  if (status === 'in-progress' || now.getTime() >= Date.parse(visit.plannedStart) - DUE_BEFORE_MS) return 'now';
  return 'later';
}

/**
 * A worker's day in its parts, each in planned order. "Next" is what starts within two hours, and always at least the
 * first visit still to come, so there is one when the day's next visit is far off.
 */
export function groupDay<T extends { readonly planned: PlannedVisit; readonly status: PlannedStatus }>(
  entries: readonly T[],
  now: Date,
): Record<DayGroup, T[]> {
  const groups: Record<DayGroup, T[]> = { now: [], next: [], later: [], done: [], missed: [] };
  const sorted = [...entries].sort((a, b) => a.planned.plannedStart.localeCompare(b.planned.plannedStart));
  for (const entry of sorted) groups[dayGroupOf(entry.planned, entry.status, now)].push(entry);
  // The later visits are in planned order, so those starting soon are the first of them.
  const soon = now.getTime() + NEXT_WITHIN_MS;
  const next = Math.max(1, groups.later.filter((entry) => Date.parse(entry.planned.plannedStart) <= soon).length);
  groups.next = groups.later.slice(0, next);
  groups.later = groups.later.slice(next);
  return groups;
}

/** A wall-clock time (HH:mm) on a local date (YYYY-MM-DD) where the team works, as an instant; undefined if no time. */
export function localInstant(date: string, time: string, timeZone: string = TIME_ZONE): string | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) return undefined;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(
    new TZDate(year, month - 1, day, Number(match[1]), Number(match[2]), timeZone).getTime(),
  ).toISOString();
}
