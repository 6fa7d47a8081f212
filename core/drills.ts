/**
 * Emergency drills, and the same mode for a real incident: who must be accounted for, by whom, and how long it took
 * until every vulnerable client was (facts in domain.md, "Crisis preparedness": MSB's exercise types; no product
 * measures this — Hemtrygg does).
 *
 * Everything is an append-only record of one synced collection (`drills`):
 * - `drill`: started by a supervisor — exercise or real incident, exercise type, hazard, villages, start time, and the
 *   clients in scope in priority order, each marked high priority or not, with the worker who contacts them;
 * - `assign`: a client given to another worker mid-drill (the newest counts; what anyone recorded stays);
 * - `entry`: a worker's account of one client — reached by phone or visit, or not reached (with attempts), the
 *   client's state, checklist gaps found — stamped with the laptop's own clock and that laptop's last known offset
 *   from the server's clock, so laptops whose clocks disagree still give one timeline;
 * - `end`: the drill closed, with the supervisor's lessons and actions.
 * Entries that arrive late after a sync count at the time they were made, not the time they arrived.
 */
import { z } from 'zod';
import { signatureSchema } from './signing.ts';
import { HAZARDS, type NeedKind } from './preparedness.ts';
import { instantSchema } from './visits.ts';

const id = z.string().min(1, 'validation.required').max(64);
const text = (max: number) => z.string().trim().max(max, 'validation.tooLong');

export const DRILL_MODES = ['exercise', 'incident'] as const;
export type DrillMode = (typeof DRILL_MODES)[number];
/** MSB's exercise types. */
export const EXERCISE_TYPES = ['seminar', 'simulation', 'functional', 'field'] as const;
export const OUTCOMES = ['phone', 'visit', 'notReached'] as const;
export type ContactOutcome = (typeof OUTCOMES)[number];
export const STATES = ['fine', 'needsHelp', 'urgent'] as const;
export type ClientState = (typeof STATES)[number];
export const DRILL_KINDS = ['drill', 'assign', 'entry', 'end'] as const;

export const scopeEntrySchema = z.object({
  clientId: id,
  /** High priority: the clients the "all accounted for" times are measured on. */
  high: z.boolean(),
  workerId: id.optional(),
});
export type ScopeEntry = z.output<typeof scopeEntrySchema>;

const shape = {
  id,
  teamId: id,
  kind: z.enum(DRILL_KINDS),
  authorId: id,
  /** When it was made, by the clock of the laptop it was made on. */
  createdAt: instantSchema,
  /** That laptop's clock minus the server's, as last measured (0 when never measured). */
  clockOffsetMs: z.number().int().min(-4e12).max(4e12),
  drillId: id.optional(),
  // drill
  mode: z.enum(DRILL_MODES, 'validation.choose').optional(),
  exerciseType: z.enum(EXERCISE_TYPES, 'validation.choose').optional(),
  hazard: z.enum(HAZARDS, 'validation.choose').optional(),
  villages: z.array(text(80)).max(50).optional(),
  startsAt: instantSchema.optional(),
  scope: z.array(scopeEntrySchema).min(1, 'validation.chooseClients').max(2000).optional(),
  workers: z.array(id).max(200).optional(),
  // assign, entry
  clientId: id.optional(),
  workerId: id.optional(),
  outcome: z.enum(OUTCOMES, 'validation.choose').optional(),
  attempts: z.number().int().min(0).max(99).optional(),
  state: z.enum(STATES, 'validation.choose').optional(),
  gaps: z.array(z.string().min(1).max(40)).max(60).optional(),
  // entry, end
  note: text(2000).optional(),
  lessons: text(4000).optional(),
  actions: text(4000).optional(),
};

const NEEDS: Record<(typeof DRILL_KINDS)[number], readonly (keyof typeof shape)[]> = {
  drill: ['mode', 'hazard', 'villages', 'startsAt', 'scope', 'workers'],
  assign: ['drillId', 'clientId', 'workerId'],
  entry: ['drillId', 'clientId', 'outcome', 'attempts', 'gaps', 'note'],
  end: ['drillId', 'lessons', 'actions'],
};
const OPTIONAL: Partial<Record<(typeof DRILL_KINDS)[number], readonly (keyof typeof shape)[]>> = {
  drill: ['exerciseType'],
  entry: ['state'],
};
const COMMON = new Set(['id', 'teamId', 'kind', 'authorId', 'createdAt', 'clockOffsetMs']);

export const drillRecordSchema = z
  .strictObject({ ...shape, signature: signatureSchema.optional() })
  .superRefine((r, ctx) => {
    const allowed = new Set<string>([...NEEDS[r.kind], ...(OPTIONAL[r.kind] ?? [])]);
    for (const field of NEEDS[r.kind]) {
      if (r[field] === undefined) ctx.addIssue({ code: 'custom', message: 'validation.required', path: [field] });
    }
    for (const field of Object.keys(shape) as (keyof typeof shape)[]) {
      if (!COMMON.has(field) && !allowed.has(field) && r[field] !== undefined) {
        ctx.addIssue({ code: 'custom', message: 'validation.invalid', path: [field] });
      }
    }
    if (r.kind === 'drill' && r.mode === 'exercise' && !r.exerciseType) {
      ctx.addIssue({ code: 'custom', message: 'validation.choose', path: ['exerciseType'] });
    }
    if (r.kind === 'entry' && r.outcome !== 'notReached' && !r.state) {
      ctx.addIssue({ code: 'custom', message: 'validation.chooseState', path: ['state'] });
    }
    if (r.kind === 'entry' && r.outcome === 'notReached' && (r.attempts ?? 0) < 1) {
      ctx.addIssue({ code: 'custom', message: 'validation.countAttempts', path: ['attempts'] });
    }
  });
export type DrillRecord = z.output<typeof drillRecordSchema>;
export type DrillStart = DrillRecord & {
  kind: 'drill';
  mode: DrillMode;
  hazard: (typeof HAZARDS)[number];
  villages: string[];
  startsAt: string;
  scope: ScopeEntry[];
  workers: string[];
};
export type DrillEntry = DrillRecord & {
  kind: 'entry';
  drillId: string;
  clientId: string;
  outcome: ContactOutcome;
  attempts: number;
  gaps: string[];
  note: string;
};

/** An instant on the server's clock: the laptop's clock corrected by its measured offset. */
export const serverTime = (r: Pick<DrillRecord, 'createdAt' | 'clockOffsetMs'>): number =>
  Date.parse(r.createdAt) - r.clockOffsetMs;

const byServerTime = (a: DrillRecord, b: DrillRecord) => serverTime(a) - serverTime(b) || a.id.localeCompare(b.id);

export interface ClientStatus {
  readonly clientId: string;
  readonly high: boolean;
  /** The worker the client is given to now (after any reassignment). */
  readonly workerId: string | undefined;
  /** Every entry about the client, oldest first on the server's clock. */
  readonly entries: readonly DrillEntry[];
  /** The newest entry. */
  readonly last: DrillEntry | undefined;
  /** When the client was first reached (server clock, ms since the drill started), if they were. */
  readonly accountedAfterMs: number | undefined;
  readonly status: 'open' | 'notReached' | 'fine' | 'needsHelp' | 'urgent';
}

/** Whether a user takes part: chosen at the start, or given a client since. */
export const takesPart = (state: DrillState, userId: string): boolean =>
  state.drill.workers.includes(userId) || state.clients.some((c) => c.workerId === userId);

export interface DrillState {
  readonly drill: DrillStart;
  readonly ended: (DrillRecord & { kind: 'end' }) | undefined;
  /** In the drill's priority order. */
  readonly clients: readonly ClientStatus[];
}

/** Where a drill stands from its records, whatever order they arrived in. */
export function drillState(drill: DrillStart, records: readonly DrillRecord[]): DrillState {
  const mine = records.filter((r) => r.drillId === drill.id).sort(byServerTime);
  // The start on the server's clock too: the supervisor's laptop may run fast or slow like any other.
  const start = Date.parse(drill.startsAt) - drill.clockOffsetMs;
  const assigned = new Map(drill.scope.map((s) => [s.clientId, s.workerId]));
  for (const r of mine) if (r.kind === 'assign' && r.clientId) assigned.set(r.clientId, r.workerId);
  const entries = Map.groupBy(
    mine.filter((r): r is DrillEntry => r.kind === 'entry'),
    (e) => e.clientId,
  );
  const clients = drill.scope.map((s): ClientStatus => {
    const list = entries.get(s.clientId) ?? [];
    const last = list.at(-1);
    const reached = list.find((e) => e.outcome !== 'notReached');
    // How the client is: by the newest entry that reached them (a later failed call does not undo having reached them).
    const lastReached = list.filter((e) => e.outcome !== 'notReached').at(-1);
    return {
      clientId: s.clientId,
      high: s.high,
      workerId: assigned.get(s.clientId),
      entries: list,
      last,
      // An entry stamped before the start (a laptop clock behind, not corrected) counts as at the start.
      accountedAfterMs: reached ? Math.max(0, serverTime(reached) - start) : undefined,
      status: lastReached ? (lastReached.state ?? 'fine') : last ? 'notReached' : 'open',
    };
  });
  // The first end counts; a second (two supervisors offline) changes nothing.
  const ended = mine.filter((r): r is DrillRecord & { kind: 'end' } => r.kind === 'end').at(0);
  return { drill, ended, clients };
}

/** Milliseconds from the start until `share` (0–1) of the high-priority clients were accounted for; undefined: not yet. */
export function timeToShare(state: DrillState, share: number): number | undefined {
  const high = state.clients.filter((c) => c.high);
  if (high.length === 0) return undefined;
  const needed = Math.ceil(share * high.length);
  const times = high
    .flatMap((c) => (c.accountedAfterMs === undefined ? [] : [c.accountedAfterMs]))
    .sort((a, b) => a - b);
  return times.length >= needed ? times[needed - 1] : undefined;
}

/** The after-action figures: times to 50, 90 and 100 % of the high-priority clients, and what was found. */
export interface DrillFigures {
  readonly highCount: number;
  readonly to50: number | undefined;
  readonly to90: number | undefined;
  readonly to100: number | undefined;
  readonly accounted: number;
  readonly notReached: readonly ClientStatus[];
  readonly needs: readonly ClientStatus[];
  /** Checklist items found missing, with how many clients lacked each. */
  readonly gaps: readonly { readonly itemId: string; readonly clients: number }[];
  /** Cumulative high-priority clients accounted for, per minute from the start: the timeline chart. */
  readonly timeline: readonly { readonly minute: number; readonly accounted: number }[];
}

export function drillFigures(state: DrillState): DrillFigures {
  const high = state.clients.filter((c) => c.high);
  const gapCounts = new Map<string, number>();
  for (const c of state.clients) {
    const found = new Set(c.entries.flatMap((e) => e.gaps));
    for (const itemId of found) gapCounts.set(itemId, (gapCounts.get(itemId) ?? 0) + 1);
  }
  const minutes = high
    .flatMap((c) => (c.accountedAfterMs === undefined ? [] : [Math.ceil(c.accountedAfterMs / 60_000)]))
    .sort((a, b) => a - b);
  const timeline = [{ minute: 0, accounted: 0 }];
  minutes.forEach((minute, index) => {
    const lastPoint = timeline.at(-1);
    if (lastPoint && lastPoint.minute === minute) timeline[timeline.length - 1] = { minute, accounted: index + 1 };
    else timeline.push({ minute, accounted: index + 1 });
  });
  return {
    highCount: high.length,
    to50: timeToShare(state, 0.5),
    to90: timeToShare(state, 0.9),
    to100: timeToShare(state, 1),
    accounted: state.clients.filter((c) => c.accountedAfterMs !== undefined).length,
    notReached: state.clients.filter((c) => c.accountedAfterMs === undefined),
    // Every client found needing help at any point of the drill (a later entry may say they are fine now).
    needs: state.clients.filter((c) => c.entries.some((e) => e.state === 'needsHelp' || e.state === 'urgent')),
    gaps: [...gapCounts].map(([itemId, clients]) => ({ itemId, clients })).sort((a, b) => b.clients - a.clients),
    timeline,
  };
}

/** Inputs of the calls that write. */
export const startDrillInputSchema = z
  .object({
    id,
    mode: z.enum(DRILL_MODES, 'validation.choose'),
    exerciseType: z.enum(EXERCISE_TYPES, 'validation.choose').optional(),
    hazard: z.enum(HAZARDS, 'validation.choose'),
    villages: z.array(text(80)).max(50).default([]),
    startsAt: instantSchema,
    scope: z.array(scopeEntrySchema).min(1, 'validation.chooseClients').max(2000),
    workers: z.array(id).min(1, 'validation.chooseWorkers').max(200),
  })
  .refine((d) => d.mode === 'incident' || d.exerciseType !== undefined, {
    message: 'validation.choose',
    path: ['exerciseType'],
  });
export type StartDrillInput = z.input<typeof startDrillInputSchema>;

export const recordEntryInputSchema = z
  .object({
    id,
    drillId: id,
    clientId: id,
    outcome: z.enum(OUTCOMES, 'validation.choose'),
    attempts: z.number().int().min(0).max(99).default(1),
    state: z.enum(STATES, 'validation.choose').optional(),
    gaps: z.array(z.string().min(1).max(40)).max(60).default([]),
    note: text(2000).default(''),
  })
  .refine((e) => e.outcome === 'notReached' || e.state !== undefined, {
    message: 'validation.chooseState',
    path: ['state'],
  });
export type RecordEntryInput = z.input<typeof recordEntryInputSchema>;

export const endDrillInputSchema = z.object({
  id,
  drillId: id,
  lessons: text(4000).default(''),
  actions: text(4000).default(''),
});

export const reassignInputSchema = z.object({ id, drillId: id, clientId: id, workerId: id });

/** Needs that make a client high priority in a drill by default (the supervisor can change each). */
export const HIGH_PRIORITY_NEEDS: ReadonlySet<NeedKind> = new Set(['electricAid', 'noWorkingAlarm', 'aloneHighRisk']);

/** What the start form proposes for one client, before the supervisor changes anything. */
export interface ScopeCandidate {
  readonly clientId: string;
  readonly needs: readonly NeedKind[];
}

/** The supervisor's changes to the proposal: high priority or not, and who contacts the client ('' for nobody). */
export type ScopeOverrides = Readonly<Record<string, { readonly high?: boolean; readonly workerId?: string }>>;

/**
 * The clients a drill covers, in the priority list's order: high priority by need unless the supervisor says
 * otherwise, only the high-priority ones when `onlyHigh`; each given to the worker the supervisor chose, or else to the
 * workers taking part in turn.
 */
export function proposeScope(
  candidates: readonly ScopeCandidate[],
  workers: readonly string[],
  overrides: ScopeOverrides,
  onlyHigh: boolean,
): ScopeEntry[] {
  let next = 0;
  return candidates
    .map((c) => ({ c, high: overrides[c.clientId]?.high ?? c.needs.some((n) => HIGH_PRIORITY_NEEDS.has(n)) }))
    .filter(({ high }) => high || !onlyHigh)
    .map(({ c, high }) => {
      const chosen = overrides[c.clientId]?.workerId;
      // Chosen as nobody (''), chosen as someone taking part, or else the next in turn.
      const workerId =
        chosen === ''
          ? undefined
          : chosen !== undefined && workers.includes(chosen)
            ? chosen
            : workers[next++ % workers.length || 0];
      return { clientId: c.clientId, high, ...(workerId !== undefined && workers.length > 0 ? { workerId } : {}) };
    });
}

/** The board's three figures for a group of clients: accounted for (reached at least once), not yet, needing help. */
export interface BoardCounts {
  readonly accounted: number;
  readonly open: number;
  readonly help: number;
}

export function boardCounts(clients: readonly ClientStatus[]): BoardCounts {
  const accounted = clients.filter((c) => c.accountedAfterMs !== undefined).length;
  return {
    accounted,
    open: clients.length - accounted,
    help: clients.filter((c) => c.status === 'needsHelp' || c.status === 'urgent').length,
  };
}

/**
 * How a worker may say she contacted a client: by phone only when the client has a phone, so "reached by phone" is
 * never offered for someone who cannot be called.
 */
export function offeredOutcomes(
  client: { readonly phone?: string | undefined } | undefined,
): readonly ContactOutcome[] {
  return client?.phone?.trim() ? OUTCOMES : OUTCOMES.filter((o) => o !== 'phone');
}

/** How long a drill ran (ended) or has run (now, on the server's clock), in milliseconds from its start. */
export function drillElapsedMs(state: DrillState, serverNowMs: number): number {
  const end = state.ended ? serverTime(state.ended) : serverNowMs;
  return Math.max(0, end - serverTime(state.drill));
}
