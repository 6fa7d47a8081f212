/**
 * The API between the UI and the backend: one map names every call with its input and output schemas. The backend
 * validates every input here, at the boundary, and every answer crosses the process line as a Result — never as a
 * thrown error with a stack.
 */
import { z } from 'zod';
import {
  addColleagueInputSchema,
  connectInputSchema,
  SYNCED_COLLECTIONS,
  type RefusedRecord,
  type SyncedCollection,
  type SyncStatus,
} from './sync.ts';
import type { PlannedStatus, PlannedVisit } from './schedule.ts';
import { DRAFT_FORM_MAX_BYTES, saveDraftInputSchema, type DraftRecord } from './drafts.ts';
import { signInInputSchema, type Profile, type Role } from './users.ts';
import { messageKey } from './validation.ts';
import type { AccessEntry } from './access.ts';
import type { ConflictRecord } from './conflicts.ts';
import {
  decideConflictInputSchema,
  decideVisitInputSchema,
  setLockInputSchema,
  type ConflictReviewStatus,
  type ReviewRecord,
  type VisitReview,
} from './reviews.ts';
import {
  dashboardInputSchema,
  inboxFilterSchema,
  type CorrectionRefusal,
  type Dashboard,
  type Inbox,
} from './supervision.ts';
import type { RiskLevel } from './screening.ts';
import {
  answerItemsInputSchema,
  priorityInputSchema,
  saveAidInputSchema,
  saveTemplateInputSchema,
  type AidRecord,
  type ChecklistState,
  type Coverage,
  type Hazard,
  type PriorityRow,
  type Template,
} from './preparedness.ts';
import type { ClientRecord } from './clients.ts';
import {
  endDrillInputSchema,
  reassignInputSchema,
  recordEntryInputSchema,
  startDrillInputSchema,
  type DrillEntry,
  type DrillFigures,
  type DrillMode,
  type DrillRecord,
  type DrillStart,
  type DrillState,
} from './drills.ts';
import {
  addActionInputSchema,
  recordOutcomeInputSchema,
  signScreeningInputSchema,
  type ActionRecord,
  type AssessedScreening,
  type Due,
  type FollowUp,
  type MonthRisk,
  type OutcomeRecord,
  type Reason,
} from './wellbeing.ts';
import {
  amendVisitInputSchema,
  amendmentRecordSchema,
  logVisitInputSchema,
  visitRecordSchema,
  type AmendmentRecord,
  type VisitRecord,
} from './visits.ts';

export interface ApiIssue {
  /** Dotted path of the field, e.g. `location.address`; empty for the whole input. */
  readonly path: string;
  /** An i18n key, e.g. `validation.required`. */
  readonly message: string;
}

export interface ApiError {
  /** Stable code the UI translates: `invalid-input`, `not-found`, `forbidden`, `conflict`, `internal`, ... */
  readonly code: string;
  /** For logs and developers; the UI shows its own translation of `code` and of each issue. */
  readonly message: string;
  readonly issues?: readonly ApiIssue[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** An error a handler throws on purpose, to be answered as it is (a thrown anything else becomes `internal`). */
export class ApiFailure extends Error {
  readonly code: string;
  readonly issues: readonly ApiIssue[] | undefined;
  constructor(code: string, message: string, issues?: readonly ApiIssue[]) {
    super(message);
    this.name = 'ApiFailure';
    this.code = code;
    this.issues = issues;
  }
}

export type { ClientSummary } from './clients.ts';
import type { ClientSummary } from './clients.ts';

export interface ClientDetails {
  readonly client: ClientRecord;
  /** Distinct staff who visited in the last 14 days (continuity; fewer is better). */
  readonly staffLast14Days: number;
}

export interface HistoryEntry {
  /** The visit as it stands with its corrections. */
  readonly visit: VisitRecord;
  /** As signed, when it has been corrected. */
  readonly original: VisitRecord;
  readonly amendments: readonly AmendmentRecord[];
}

/** A visit in a client's history, with whether the person asking may correct it (and why not, when not). */
export interface ClientHistoryEntry extends HistoryEntry {
  /** Undefined when the person may correct the visit; else why not, so the screen shows the reason, not the button. */
  readonly correctionRefused: CorrectionRefusal | undefined;
}

export interface TodayEntry {
  readonly planned: PlannedVisit;
  readonly status: PlannedStatus;
  /** Where the client lives, how to get in and find the door, and their phone: what a visit needs on the road. */
  readonly client: ClientOnTheDay;
  /** Whom the visit is planned for (a supervisor sees the team's day), or undefined when unassigned. */
  readonly worker: { readonly displayName: string; readonly role: Role | undefined } | undefined;
  /** Whether the signed-in person may log this visit (an administrator may not), so the button is not offered. */
  readonly mayLog: boolean;
  readonly loggedVisitId: string | undefined;
  /** The form being filled in for this visit, if any (saved as typed). */
  readonly draft: DraftRecord | undefined;
  /** The client's preparedness checklists due for review (never gone through, a year old, or an incident since). */
  readonly preparednessDue: readonly Hazard[];
}

const byId = z.object({ id: z.string().min(1, 'validation.required').max(64) });

/** One visit as a supervisor reviews it: as signed, as it stands, its corrections and every decision. */
export interface VisitForReview {
  readonly entry: HistoryEntry;
  readonly client: ClientSummary | undefined;
  readonly workerName: string;
  readonly review: VisitReview;
  readonly names: Readonly<Record<string, string>>;
  readonly locked: boolean;
  readonly lockedBefore: string | undefined;
}

/** A visit of the signed-in worker that a supervisor returned, waiting for a correction. */
export interface ReturnedVisit {
  readonly entry: HistoryEntry;
  readonly client: ClientSummary | undefined;
  readonly comment: string;
  readonly reviewerName: string;
  readonly returnedAt: string;
}

export interface ConflictForReview {
  readonly conflict: ConflictRecord;
  readonly status: ConflictReviewStatus;
  readonly history: readonly ReviewRecord[];
  readonly names: Readonly<Record<string, string>>;
  /** Whether "restore" can bring the laptop's version back (for clients, visits and corrections). */
  readonly restorable: boolean;
}

export interface AccessRow extends AccessEntry {
  readonly userName: string;
  readonly clientName: string;
}

/** What a client's loneliness and isolation page shows. */
export interface ClientWellbeing {
  readonly client: ClientSummary;
  readonly followUp: FollowUp;
  /** Staff names by id, for who signed or recorded what. */
  readonly names: Readonly<Record<string, string>>;
  /** The screening the signed-in user is holding with this client on this laptop, as last saved. */
  readonly draft: { readonly form: Record<string, unknown>; readonly savedAt: string } | undefined;
}

export interface HighRiskRow {
  readonly client: ClientSummary;
  /** High, or open with high possible. */
  readonly level: RiskLevel;
  readonly screenedAt: string;
  readonly reasons: readonly Reason[];
  /** The last social contact logged, if any in the last year. */
  readonly lastSocialContact: string | undefined;
}

export interface OverdueRow {
  readonly client: ClientSummary;
  readonly due: Due;
  readonly level: RiskLevel | undefined;
}

export interface WellbeingOverview {
  readonly noContactDays: number;
  /** At high risk by their latest screening, with no social contact logged in `noContactDays` days. */
  readonly highRiskNoContact: readonly HighRiskRow[];
  /** Screenings due by today, most overdue first. */
  readonly overdue: readonly OverdueRow[];
  readonly trend: readonly MonthRisk[];
}

/** What the team needs of a client on the day: where, how to get in, whom to call. */
export type ClientOnTheDay = ClientSummary &
  Pick<ClientRecord, 'phone' | 'directions' | 'accessNotes' | 'nextOfKin' | 'safetyAlarm'>;

export interface ClientPreparedness {
  readonly client: ClientOnTheDay;
  /** One per hazard, in the order of HAZARDS. */
  readonly checklists: readonly ChecklistState[];
  readonly aids: readonly AidRecord[];
  readonly names: Readonly<Record<string, string>>;
}

export interface PriorityList {
  readonly hazard: Hazard;
  /** Every village of the team, and those chosen (none: all). */
  readonly villages: readonly string[];
  readonly chosen: readonly string[];
  readonly rows: readonly PriorityRow<ClientOnTheDay>[];
  readonly madeAt: string;
  readonly today: string;
}

export interface DrillSummary {
  readonly drill: DrillStart;
  /** When it was ended (the supervisor's laptop clock), if it was. */
  readonly ended: string | undefined;
  readonly highCount: number;
  readonly accountedHigh: number;
  /** How many clients are the signed-in user's to account for. */
  readonly mine: number;
  readonly to100: number | undefined;
}

/** A colleague as the drill screens list and choose them: the name and, when known, the role beside it. */
export interface DrillPerson {
  readonly id: string;
  readonly displayName: string;
  readonly role: Role | undefined;
}

export interface DrillView {
  readonly state: DrillState;
  readonly figures: DrillFigures;
  /** The clients in scope, with what the team needs on the day and their electric aids. */
  readonly clients: Readonly<Record<string, ClientOnTheDay & { readonly aids: readonly AidRecord[] }>>;
  readonly names: Readonly<Record<string, string>>;
  /** Everyone who may be given a client, with their role, so two colleagues of one name are told apart. */
  readonly staff: readonly DrillPerson[];
  /** The hazard's checklist items, for the gaps a worker finds. */
  readonly items: readonly { readonly id: string; readonly label?: string | undefined }[];
  /** Earlier drills of the same hazard, newest first. */
  readonly earlier: readonly {
    readonly id: string;
    readonly mode: DrillMode;
    readonly startsAt: string;
    readonly villages: readonly string[];
    readonly highCount: number;
    readonly to50: number | undefined;
    readonly to90: number | undefined;
    readonly to100: number | undefined;
  }[];
  /** This laptop's time, and its clock's offset from the server's, when the answer was made. */
  readonly now: string;
  readonly clockOffsetMs: number;
}

const dateRange = {
  from: z.iso.date('validation.date').optional(),
  to: z.iso.date('validation.date').optional(),
};
const clientId = z.string().min(1, 'validation.required').max(64);

/** Outputs are made by the backend, not parsed from outside: their schemas only carry the type. */
export const contract = {
  'clients.list': {
    input: z.object({ search: z.string().trim().max(80, 'validation.tooLong').default('') }),
    output: z.custom<ClientSummary[]>(),
  },
  'clients.get': { input: byId, output: z.custom<ClientDetails>() },
  'clients.history': {
    input: z.object({
      clientId: z.string().min(1, 'validation.required').max(64),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.custom<ClientHistoryEntry[]>(),
  },
  'visits.today': {
    input: z.object({ date: z.iso.date('validation.date') }),
    output: z.custom<TodayEntry[]>(),
  },
  'drafts.save': { input: saveDraftInputSchema, output: z.custom<DraftRecord>() },
  'drafts.discard': { input: z.object({ plannedVisitId: z.string().min(1).max(64) }), output: z.custom<null>() },
  'visits.log': { input: logVisitInputSchema, output: visitRecordSchema },
  'visits.amend': { input: amendVisitInputSchema, output: amendmentRecordSchema },
  /** After revocation, once the user has seen what it costs: remove everything from this laptop. */
  'sync.wipe': { input: z.object({}), output: z.custom<null>() },
  /** Records the server refused (kept on this laptop) and server records this laptop could not store. */
  'sync.refused': { input: z.object({}), output: z.custom<RefusedRecord[]>() },
  /** Sends the refused records again, signed anew by the person signed in where they are theirs; answers how many went. */
  'sync.retryRefused': { input: z.object({}), output: z.custom<number>() },
  /** The team's staff by id (those known on this laptop, and the roster the server last sent). */
  'staff.names': { input: z.object({}), output: z.custom<Record<string, string>>() },
  'reviews.inbox': {
    /** `limit`: the newest this many (the screen shows 500; an export asks for all). */
    input: inboxFilterSchema.and(z.object({ limit: z.number().int().min(1).max(50_000).default(500) })),
    output: z.custom<Inbox>(),
  },
  'reviews.visit': { input: z.object({ visitId: clientId }), output: z.custom<VisitForReview>() },
  'reviews.decide': { input: decideVisitInputSchema, output: z.custom<ReviewRecord>() },
  'reviews.setLock': { input: setLockInputSchema, output: z.custom<ReviewRecord>() },
  /** The signed-in worker's visits a supervisor returned, not yet corrected. */
  'reviews.returned': { input: z.object({}), output: z.custom<ReturnedVisit[]>() },
  'conflicts.get': { input: byId, output: z.custom<ConflictForReview>() },
  'conflicts.decide': { input: decideConflictInputSchema, output: z.custom<ReviewRecord>() },
  'access.forClient': { input: z.object({ clientId, ...dateRange }), output: z.custom<AccessRow[]>() },
  'access.sample': {
    input: z.object({
      size: z.number().int().min(1, 'validation.tooFew').max(200, 'validation.tooMany'),
      ...dateRange,
    }),
    output: z.custom<AccessRow[]>(),
  },
  'dashboard.team': { input: dashboardInputSchema, output: z.custom<Dashboard>() },
  /** A client's screenings, actions, loneliness signs from visits, and the next screening's due date. */
  'wellbeing.forClient': { input: z.object({ clientId }), output: z.custom<ClientWellbeing>() },
  /** The screening conversation as it stands, kept on this laptop until it is signed. */
  'wellbeing.saveDraft': {
    input: z.object({
      clientId,
      form: z
        .record(z.string(), z.unknown())
        .refine((form) => JSON.stringify(form).length <= DRAFT_FORM_MAX_BYTES, 'validation.tooLong'),
    }),
    output: z.custom<null>(),
  },
  'wellbeing.discardDraft': { input: z.object({ clientId }), output: z.custom<null>() },
  'wellbeing.sign': { input: signScreeningInputSchema, output: z.custom<AssessedScreening>() },
  'wellbeing.addAction': { input: addActionInputSchema, output: z.custom<ActionRecord>() },
  'wellbeing.recordOutcome': { input: recordOutcomeInputSchema, output: z.custom<OutcomeRecord>() },
  'preparedness.forClient': { input: z.object({ clientId }), output: z.custom<ClientPreparedness>() },
  /** Answers to items of one checklist, and optionally signing it as gone through. */
  'preparedness.answer': { input: answerItemsInputSchema, output: z.custom<ChecklistState>() },
  'preparedness.saveAid': { input: saveAidInputSchema, output: z.custom<AidRecord>() },
  'preparedness.templates': { input: z.object({}), output: z.custom<Record<Hazard, Template>>() },
  'preparedness.saveTemplate': { input: saveTemplateInputSchema, output: z.custom<Template>() },
  'preparedness.priority': { input: priorityInputSchema, output: z.custom<PriorityList>() },
  'preparedness.coverage': { input: z.object({}), output: z.custom<Coverage[]>() },
  /** Drills and incidents the user takes part in (all, for a supervisor), newest first. */
  'drills.list': { input: z.object({}), output: z.custom<DrillSummary[]>() },
  'drills.start': { input: startDrillInputSchema, output: z.custom<DrillStart>() },
  'drills.get': { input: z.object({ drillId: clientId }), output: z.custom<DrillView>() },
  'drills.record': { input: recordEntryInputSchema, output: z.custom<DrillEntry>() },
  'drills.reassign': { input: reassignInputSchema, output: z.custom<DrillRecord>() },
  'drills.end': { input: endDrillInputSchema, output: z.custom<DrillRecord>() },
  /** The team's staff who may take part in a drill, with their roles (for the start form). */
  'drills.staff': { input: z.object({}), output: z.custom<DrillPerson[]>() },
  'wellbeing.overview': {
    input: z.object({
      noContactDays: z.number().int().min(1, 'validation.tooShort').max(365, 'validation.tooLong').default(14),
      months: z.number().int().min(1).max(36).default(12),
    }),
    output: z.custom<WellbeingOverview>(),
  },
} as const;

/**
 * Who may make each call. The backend checks this before any handler runs, and the server checks its part again on
 * every push (a worker's laptop cannot send a decision or a lock date, nor receive the access log).
 */
export const CALL_ROLES: Record<keyof typeof contract, readonly Role[]> = {
  'clients.list': ['worker', 'supervisor', 'admin'],
  'clients.get': ['worker', 'supervisor', 'admin'],
  'clients.history': ['worker', 'supervisor', 'admin'],
  'visits.today': ['worker', 'supervisor', 'admin'],
  'drafts.save': ['worker', 'supervisor'],
  'drafts.discard': ['worker', 'supervisor'],
  'visits.log': ['worker', 'supervisor'],
  'visits.amend': ['worker', 'supervisor'],
  'sync.wipe': ['worker', 'supervisor', 'admin'],
  'sync.refused': ['worker', 'supervisor', 'admin'],
  'sync.retryRefused': ['worker', 'supervisor', 'admin'],
  'staff.names': ['worker', 'supervisor', 'admin'],
  'reviews.inbox': ['supervisor'],
  'reviews.visit': ['supervisor'],
  'reviews.decide': ['supervisor'],
  'reviews.setLock': ['supervisor'],
  'reviews.returned': ['worker', 'supervisor'],
  'conflicts.get': ['supervisor'],
  'conflicts.decide': ['supervisor'],
  'access.forClient': ['supervisor', 'admin'],
  'access.sample': ['supervisor', 'admin'],
  'dashboard.team': ['supervisor'],
  'wellbeing.forClient': ['worker', 'supervisor'],
  'wellbeing.saveDraft': ['worker', 'supervisor'],
  'wellbeing.discardDraft': ['worker', 'supervisor'],
  'wellbeing.sign': ['worker', 'supervisor'],
  'wellbeing.addAction': ['worker', 'supervisor'],
  'wellbeing.recordOutcome': ['worker', 'supervisor'],
  'wellbeing.overview': ['supervisor'],
  'preparedness.forClient': ['worker', 'supervisor'],
  'preparedness.answer': ['worker', 'supervisor'],
  'preparedness.saveAid': ['worker', 'supervisor'],
  'preparedness.templates': ['worker', 'supervisor'],
  'preparedness.saveTemplate': ['supervisor'],
  'preparedness.priority': ['worker', 'supervisor'],
  'preparedness.coverage': ['supervisor'],
  'drills.list': ['worker', 'supervisor'],
  'drills.start': ['supervisor'],
  'drills.get': ['worker', 'supervisor'],
  'drills.record': ['worker', 'supervisor'],
  'drills.reassign': ['supervisor'],
  'drills.end': ['supervisor'],
  'drills.staff': ['supervisor'],
};

/** The laptop's collections, as the backend's database names them (synced ones, and those kept on the laptop). */
export type CollectionName = SyncedCollection | 'users' | 'settings' | 'drafts';

/** The laptop-only collections, then every synced one (core/sync.ts keeps that list). */
const ALL_COLLECTIONS: readonly CollectionName[] = ['users', 'settings', 'drafts', ...SYNCED_COLLECTIONS];
const STAFF = ['settings', 'users'] as const;
const CLIENTS = ['clients', 'visits', 'amendments', 'reviews'] as const;
const REVIEWS = ['clients', 'visits', 'amendments', 'reviews', 'conflicts', ...STAFF] as const;
const PREPAREDNESS = ['clients', 'preparedness', 'wellbeing', 'visits', 'amendments', ...STAFF] as const;
const WELLBEING = ['clients', 'wellbeing', 'visits', 'amendments', 'drafts', ...STAFF] as const;
const DRILLS = ['drills', 'clients', 'preparedness', ...STAFF] as const;
const ACCESS = ['access', 'clients', ...STAFF] as const;

/**
 * Which collections each call's answer is read from: a watch of the call is answered again only after a write to
 * one of them. Keep it a superset (a collection too many costs a rerun; one too few, a screen that does not update):
 * each entry is every collection its service and the helpers it calls read. Sync calls follow the whole database.
 */
export const CALL_READS: Record<keyof typeof contract, readonly CollectionName[]> = {
  'clients.list': CLIENTS,
  'clients.get': CLIENTS,
  'clients.history': CLIENTS,
  'visits.today': ['clients', 'visits', 'amendments', 'drafts', 'preparedness', ...STAFF],
  'drafts.save': ['drafts'],
  'drafts.discard': ['drafts'],
  'visits.log': ['clients', 'visits', 'amendments', 'drafts', 'reviews'],
  'visits.amend': ['clients', 'visits', 'amendments', 'drafts', 'reviews'],
  'sync.wipe': ALL_COLLECTIONS,
  'sync.refused': ALL_COLLECTIONS,
  'sync.retryRefused': ALL_COLLECTIONS,
  'staff.names': STAFF,
  'reviews.inbox': REVIEWS,
  'reviews.visit': REVIEWS,
  'reviews.decide': REVIEWS,
  'reviews.setLock': REVIEWS,
  'reviews.returned': REVIEWS,
  'conflicts.get': REVIEWS,
  'conflicts.decide': REVIEWS,
  'access.forClient': ACCESS,
  'access.sample': ACCESS,
  'dashboard.team': REVIEWS,
  'wellbeing.forClient': WELLBEING,
  'wellbeing.saveDraft': WELLBEING,
  'wellbeing.discardDraft': WELLBEING,
  'wellbeing.sign': WELLBEING,
  'wellbeing.addAction': WELLBEING,
  'wellbeing.recordOutcome': WELLBEING,
  'wellbeing.overview': WELLBEING,
  'preparedness.forClient': PREPAREDNESS,
  'preparedness.answer': PREPAREDNESS,
  'preparedness.saveAid': PREPAREDNESS,
  'preparedness.templates': PREPAREDNESS,
  'preparedness.saveTemplate': PREPAREDNESS,
  'preparedness.priority': PREPAREDNESS,
  'preparedness.coverage': PREPAREDNESS,
  'drills.list': DRILLS,
  'drills.start': DRILLS,
  'drills.get': DRILLS,
  'drills.record': DRILLS,
  'drills.reassign': DRILLS,
  'drills.end': DRILLS,
  'drills.staff': DRILLS,
};

/**
 * Fields of a call's answer that change on every call (the time it was made), not with the data. A watch ignores
 * them when it decides whether an answer changed, so a rerun over unchanged data sends nothing; the screen keeps its
 * own clock. Set by the services: `drills.get` → `now` (backend/services/drills.ts), `preparedness.priority` →
 * `madeAt` (backend/services/preparedness.ts).
 */
export const WATCH_VOLATILE_FIELDS: Partial<Record<keyof typeof contract, readonly string[]>> = {
  'drills.get': ['now'],
  'preparedness.priority': ['madeAt'],
};

/** Whether a role may make a call. */
export const mayCall = (role: Role, name: keyof typeof contract): boolean => CALL_ROLES[name].includes(role);

/** Calls that work without a session: choosing a profile and signing in, and locking. */
export const authContract = {
  'auth.profiles': { input: z.object({}), output: z.custom<Profile[]>() },
  'auth.signIn': { input: signInInputSchema, output: z.custom<SessionInfo>() },
  'auth.lock': { input: z.object({}), output: z.custom<null>() },
  /** Sync works before anyone has a profile on the laptop: connecting it is how the first profile arrives. */
  'sync.status': { input: z.object({}), output: z.custom<SyncStatus>() },
  'sync.connect': { input: connectInputSchema, output: z.custom<SyncStatus>() },
  'sync.addColleague': { input: addColleagueInputSchema, output: z.custom<Profile>() },
} as const;

/** Who is signed in, as the UI sees it. */
export interface SessionInfo {
  readonly userId: string;
  readonly teamId: string;
  readonly role: Role;
  readonly displayName: string;
}

type ContractMap = Record<string, { input: z.ZodType; output: z.ZodType }>;
export type CallName = keyof typeof contract;
export type AuthCallName = keyof typeof authContract;
type AnyContract = typeof contract & typeof authContract;
export type CallInput<K extends keyof AnyContract> = z.input<AnyContract[K]['input']>;
export type CallOutput<K extends keyof AnyContract> = z.output<AnyContract[K]['output']>;

/** What the backend implements: one function per call of a contract, given the validated input. */
export type HandlersOf<C extends ContractMap, Context> = {
  [K in keyof C]: (input: z.output<C[K]['input']>, context: Context) => Promise<z.output<C[K]['output']>>;
};
export type Handlers<Context> = HandlersOf<typeof contract, Context>;
export type AuthHandlers<Context> = HandlersOf<typeof authContract, Context>;

export function issuesOf(error: z.ZodError): ApiIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Validates the input of `name` against `calls`, runs its handler and wraps whatever happens in a Result. */
export async function dispatchOn<C extends ContractMap, Context, K extends keyof C & string>(
  calls: C,
  handlers: HandlersOf<C, Context>,
  name: K,
  rawInput: unknown,
  context: Context,
): Promise<Result<z.output<C[K]['output']>>> {
  const call = Object.hasOwn(calls, name) ? calls[name] : undefined;
  const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
  if (!call || typeof handler !== 'function') {
    return { ok: false, error: { code: 'unknown-call', message: `No call named ${String(name)}.` } };
  }
  const input = call.input.safeParse(rawInput, { error: messageKey });
  if (!input.success) {
    return {
      ok: false,
      error: { code: 'invalid-input', message: `Invalid input for ${name}.`, issues: issuesOf(input.error) },
    };
  }
  try {
    return { ok: true, value: await handler(input.data as z.output<C[K]['input']>, context) };
  } catch (error) {
    if (error instanceof ApiFailure) {
      return {
        ok: false,
        error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) },
      };
    }
    return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
  }
}

/** dispatchOn() for the calls that need a session: refused before anything else when the caller's role may not. */
export async function dispatch<Context extends { readonly role: Role }, K extends CallName>(
  handlers: Handlers<Context>,
  name: K,
  rawInput: unknown,
  context: Context,
): Promise<Result<CallOutput<K>>> {
  if (Object.hasOwn(CALL_ROLES, name) && !mayCall(context.role, name)) {
    return { ok: false, error: { code: 'forbidden', message: `The ${context.role} role may not call ${name}.` } };
  }
  return dispatchOn(contract, handlers, name, rawInput, context);
}
