/**
 * The API between the UI and the backend: one map names every call with its input and output schemas. The backend
 * validates every input here, at the boundary, and every answer crosses the process line as a Result — never as a
 * thrown error with a stack.
 */
import { z } from 'zod';
import { addColleagueInputSchema, connectInputSchema, type SyncStatus } from './sync.ts';
import type { ClientRecord } from './clients.ts';
import type { PlannedStatus, PlannedVisit } from './schedule.ts';
import { saveDraftInputSchema, type DraftRecord } from './drafts.ts';
import { signInInputSchema, type Profile, type Role } from './users.ts';
import { messageKey } from './validation.ts';
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

export type ClientSummary = Pick<ClientRecord, 'id' | 'givenName' | 'familyName' | 'address' | 'village'>;

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

export interface TodayEntry {
  readonly planned: PlannedVisit;
  readonly status: PlannedStatus;
  readonly client: ClientSummary;
  readonly loggedVisitId: string | undefined;
  /** The form being filled in for this visit, if any (saved as typed). */
  readonly draft: DraftRecord | undefined;
}

const byId = z.object({ id: z.string().min(1, 'validation.required').max(64) });

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
    output: z.custom<HistoryEntry[]>(),
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
} as const;

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

/** dispatchOn() for the calls that need a session. */
export function dispatch<Context, K extends CallName>(
  handlers: Handlers<Context>,
  name: K,
  rawInput: unknown,
  context: Context,
): Promise<Result<CallOutput<K>>> {
  return dispatchOn(contract, handlers, name, rawInput, context);
}
