/**
 * What a supervisor sees: the review inbox (its filters and items) and the team dashboard (visits done against planned,
 * missed and late visits, deviations by kind, continuity, returns still open, clients not visited as often as their plan
 * says). The figures are pure functions of the team's records, so the laptop computes them offline from what it synced.
 */
import { z } from 'zod';
import type { ClientRecord, ClientSummary } from './clients.ts';
import type { ConflictRecord } from './conflicts.ts';
import type { ConflictReviewStatus, ReviewRecord, VisitReviewStatus } from './reviews.ts';
import { MISSED_AFTER_MS, plannedVisitsOn, type PlannedVisit } from './schedule.ts';
import type { Role } from './users.ts';
import { DEVIATION_KINDS, SEVERITIES, type DeviationKind, type VisitRecord } from './visits.ts';

const id = z.string().min(1).max(64);
const date = z.iso.date('validation.date');

/** What an inbox item is: every visit is a `visit`; one with deviations is also a `deviation`, one corrected also an `amendment`. */
export const INBOX_KINDS = ['visit', 'deviation', 'amendment', 'conflict'] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

/** `open`: waiting for the supervisor (new, or corrected since the last decision); `all`: everything. */
export const INBOX_STATUSES = ['open', 'new', 'approved', 'returned', 'amended', 'all'] as const;

export const inboxFilterSchema = z
  .object({
    workerId: id.optional(),
    clientId: id.optional(),
    village: z.string().trim().max(80, 'validation.tooLong').optional(),
    from: date.optional(),
    to: date.optional(),
    kind: z.enum(INBOX_KINDS, 'validation.choose').optional(),
    deviationKind: z.enum(DEVIATION_KINDS, 'validation.choose').optional(),
    severity: z.enum(SEVERITIES, 'validation.choose').optional(),
    status: z.enum(INBOX_STATUSES, 'validation.choose').default('open'),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'validation.toBeforeFrom', path: ['to'] });
export type InboxFilter = z.input<typeof inboxFilterSchema>;

export interface DecisionSummary {
  readonly decision: ReviewRecord['decision'];
  readonly comment: string;
  readonly reviewerId: string;
  readonly reviewerName: string;
  readonly createdAt: string;
}

export interface VisitInboxItem {
  readonly kind: 'visit';
  readonly id: string;
  /** The visit as it stands with its corrections. */
  readonly visit: VisitRecord;
  readonly client: ClientSummary | undefined;
  readonly workerName: string;
  readonly status: VisitReviewStatus;
  readonly tags: readonly InboxKind[];
  readonly amendmentCount: number;
  /** Corrections since the last decision. */
  readonly newAmendmentCount: number;
  readonly last: DecisionSummary | undefined;
  /** Before the lock date and not returned: it cannot be corrected. */
  readonly locked: boolean;
}

export interface ConflictInboxItem {
  readonly kind: 'conflict';
  readonly id: string;
  readonly conflict: ConflictRecord;
  readonly status: ConflictReviewStatus;
  readonly userName: string;
  readonly last: DecisionSummary | undefined;
}

export type InboxItem = VisitInboxItem | ConflictInboxItem;

export interface Inbox {
  /** The newest matching items, as many as asked for. */
  readonly items: readonly InboxItem[];
  /** How many match in all. */
  readonly total: number;
  readonly lockedBefore: string | undefined;
  /** For the filters: the team's staff and villages. */
  readonly staff: readonly { id: string; name: string; role: Role | undefined }[];
  readonly villages: readonly string[];
  readonly clients: readonly ClientSummary[];
}

/** Why a person may not correct a visit: someone else's (and they are no supervisor), or before the lock date. */
export type CorrectionRefusal = 'not-author' | 'locked';

/**
 * Whether `viewer` may correct `visit`, as `visits.amend` decides it: the author or a supervisor, and not a visit
 * locked by the team's lock date (see `isLocked`: a returned visit is not). Undefined when they may.
 */
export function correctionRefusal(
  visit: Pick<VisitRecord, 'workerId'>,
  viewer: { readonly userId: string; readonly role: Role },
  locked: boolean,
): CorrectionRefusal | undefined {
  const mayCorrect = viewer.role === 'supervisor' || (viewer.role === 'worker' && visit.workerId === viewer.userId);
  if (!mayCorrect) return 'not-author';
  return locked ? 'locked' : undefined;
}

/** A visit counts as late when it started this long after its planned start. */
export const LATE_AFTER_MS = 30 * 60_000;

export const dashboardInputSchema = z.object({
  /** The last day shown (YYYY-MM-DD). */
  to: date,
  days: z.number().int().min(1).max(92).default(14),
});
export type DashboardInput = z.input<typeof dashboardInputSchema>;

export interface DayFigures {
  readonly date: string;
  /** Planned visits that were due by now (or were done early): today's later visits are not yet counted. */
  readonly planned: number;
  /** Planned visits not yet due. */
  readonly upcoming: number;
  /** Planned visits a visit was logged for. */
  readonly done: number;
  readonly missed: number;
  readonly late: number;
  /** Visits logged without a plan (an alarm call-out, an extra visit). */
  readonly unplanned: number;
}

export interface ContinuityRow {
  readonly client: ClientSummary;
  /** Distinct staff in the 14 days up to the last day shown. */
  readonly staff: number;
}

export interface OpenReturn {
  readonly visitId: string;
  readonly client: ClientSummary | undefined;
  readonly workerName: string;
  readonly returnedAt: string;
  readonly comment: string;
  readonly startedAt: string;
}

export interface OverdueClient {
  readonly client: ClientSummary;
  /** Most days the plan leaves between two visits. */
  readonly planGapDays: number;
  readonly lastVisitAt: string | undefined;
  /** Whole days since the last visit (undefined: never visited). */
  readonly daysSince: number | undefined;
}

export interface Dashboard {
  readonly from: string;
  readonly to: string;
  readonly days: readonly DayFigures[];
  readonly deviations: readonly { kind: DeviationKind; count: number }[];
  readonly continuity: readonly ContinuityRow[];
  readonly openReturns: readonly OpenReturn[];
  readonly overdue: readonly OverdueClient[];
  readonly totals: {
    readonly planned: number;
    readonly done: number;
    readonly missed: number;
    readonly late: number;
    readonly deviations: number;
    readonly openReturns: number;
  };
}

const DAY_MS = 86_400_000;

/** The calendar dates from `from` to `to`, inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let at = Date.parse(`${from}T12:00:00Z`); at <= Date.parse(`${to}T12:00:00Z`); at += DAY_MS) {
    dates.push(new Date(at).toISOString().slice(0, 10));
  }
  return dates;
}

/**
 * The most days a client's weekly plan leaves between two visits: visits on Monday and Thursday leave at most 4 (Thursday
 * to Monday). Undefined for a client without a schedule.
 */
export function planGapDays(schedule: ClientRecord['schedule']): number | undefined {
  const days = [...new Set(schedule.flatMap((slot) => slot.weekdays))].sort((a, b) => a - b);
  if (days.length === 0) return undefined;
  let gap = 0;
  days.forEach((day, index) => {
    const next = index + 1 < days.length ? (days[index + 1] as number) : (days[0] as number) + 7;
    gap = Math.max(gap, next - day);
  });
  return gap;
}

/** Per day: planned, done, missed, late and unplanned visits, given every visit of the team in the period. */
export function dayFigures(
  clients: readonly Pick<ClientRecord, 'id' | 'schedule'>[],
  visits: readonly Pick<VisitRecord, 'plannedVisitId' | 'startedAt' | 'deviations'>[],
  dates: readonly string[],
  localDateOf: (instant: Date) => string,
  now: Date,
): DayFigures[] {
  const byPlan = new Map<string, (typeof visits)[number]>();
  const unplannedOn = new Map<string, number>();
  for (const visit of visits) {
    if (visit.plannedVisitId) byPlan.set(visit.plannedVisitId, visit);
    else {
      const day = localDateOf(new Date(visit.startedAt));
      unplannedOn.set(day, (unplannedOn.get(day) ?? 0) + 1);
    }
  }
  return dates.map((day) => {
    const planned = plannedVisitsOn(clients, day);
    let done = 0;
    let missed = 0;
    let late = 0;
    let upcoming = 0;
    for (const plan of planned) {
      const visit = byPlan.get(plan.id);
      if (visit) {
        done += 1;
        if (isLate(plan, visit)) late += 1;
      } else if (now.getTime() > Date.parse(plan.plannedEnd) + MISSED_AFTER_MS) missed += 1;
      else upcoming += 1;
    }
    return {
      date: day,
      planned: planned.length - upcoming,
      upcoming,
      done,
      missed,
      late,
      unplanned: unplannedOn.get(day) ?? 0,
    };
  });
}

function isLate(plan: PlannedVisit, visit: Pick<VisitRecord, 'startedAt' | 'deviations'>): boolean {
  return (
    Date.parse(visit.startedAt) > Date.parse(plan.plannedStart) + LATE_AFTER_MS ||
    visit.deviations.some((d) => d.kind === 'late')
  );
}

/** Deviations by kind, every kind listed (zeros included) so a chart keeps its axis. */
export function deviationCounts(
  visits: readonly Pick<VisitRecord, 'deviations'>[],
): { kind: DeviationKind; count: number }[] {
  const counts = new Map<DeviationKind, number>(DEVIATION_KINDS.map((k) => [k, 0]));
  for (const visit of visits) for (const d of visit.deviations) counts.set(d.kind, (counts.get(d.kind) ?? 0) + 1);
  return DEVIATION_KINDS.map((kind) => ({ kind, count: counts.get(kind) ?? 0 }));
}

/** Clients whose last visit is longer ago than their plan allows (never visited counts), longest first. */
export function overdueClients(
  clients: readonly ClientRecord[],
  lastVisitAt: ReadonlyMap<string, string>,
  now: Date,
  summaryOf: (client: ClientRecord) => ClientSummary,
): OverdueClient[] {
  const rows: OverdueClient[] = [];
  for (const client of clients) {
    const gap = planGapDays(client.schedule);
    if (gap === undefined) continue;
    const last = lastVisitAt.get(client.id);
    const daysSince = last === undefined ? undefined : Math.floor((now.getTime() - Date.parse(last)) / DAY_MS);
    if (daysSince !== undefined && daysSince <= gap) continue;
    rows.push({ client: summaryOf(client), planGapDays: gap, lastVisitAt: last, daysSince });
  }
  return rows.sort((a, b) => (b.daysSince ?? Infinity) - (a.daysSince ?? Infinity));
}
