/**
 * The sync wire: what the backend and the central server say to each other (RxDB's replication protocol over HTTP).
 * Both sides validate with these schemas; documents themselves are validated with each collection's record schema.
 */
import { z } from 'zod';
import { clientRecordSchema } from './clients.ts';
import { conflictRecordSchema } from './conflicts.ts';
import { amendmentRecordSchema, visitRecordSchema } from './visits.ts';
import { reviewRecordSchema } from './reviews.ts';
import { accessEntrySchema } from './access.ts';
import { wellbeingRecordSchema } from './wellbeing.ts';
import { preparednessRecordSchema } from './preparedness.ts';
import { drillRecordSchema } from './drills.ts';
import type { Role } from './users.ts';
import { publicKeySchema } from './signing.ts';

/** The collections that travel between laptops and the server; drafts and sign-in profiles stay on the laptop. */
export const SYNCED_COLLECTIONS = [
  'clients',
  'visits',
  'amendments',
  'conflicts',
  'reviews',
  'access',
  'wellbeing',
  'preparedness',
  'drills',
] as const;
export type SyncedCollection = (typeof SYNCED_COLLECTIONS)[number];

/** The record schema of each synced collection, plus RxDB's deletion flag. */
export const syncedRecordSchemas = {
  clients: clientRecordSchema,
  visits: visitRecordSchema,
  amendments: amendmentRecordSchema,
  conflicts: conflictRecordSchema,
  reviews: reviewRecordSchema,
  access: accessEntrySchema,
  wellbeing: wellbeingRecordSchema,
  preparedness: preparednessRecordSchema,
  drills: drillRecordSchema,
} as const;

/** Position in a team's change feed: the team clock's value at the write, then the id (one write stamps many). */
export const checkpointSchema = z.strictObject({
  seq: z.number().int().min(0),
  // An id as the server hands it out: printable, no NUL (which PostgreSQL text cannot hold).
  id: z
    .string()
    .max(64)
    .refine((id) => id.isWellFormed() && ![...id].some((c) => c < ' ')),
});
export type SyncCheckpoint = z.output<typeof checkpointSchema>;

export const MAX_PULL_BATCH = 2000;
export const MAX_PUSH_ROWS = 500;

export const pullRequestSchema = z.object({
  checkpoint: checkpointSchema.nullish(),
  batchSize: z.number().int().min(1).max(MAX_PULL_BATCH),
});
export type PullRequest = z.output<typeof pullRequestSchema>;

/** A document as it travels: the record, and `_deleted` for a tombstone. */
export type WireDocument = Record<string, unknown> & { id: string; _deleted: boolean };

export interface PullResponse {
  readonly documents: WireDocument[];
  readonly checkpoint: SyncCheckpoint | null;
  /**
   * The answer stopped at the server's byte budget before `batchSize` documents: more are waiting. (RxDB takes a short
   * batch as the end of the feed, so the laptop asks again from the checkpoint at once.)
   */
  readonly more?: boolean;
}

const wireDocumentSchema = z.looseObject({ id: z.string().min(1).max(64), _deleted: z.boolean() });

export const pushRequestSchema = z.object({
  rows: z
    .array(z.object({ assumedMasterState: wireDocumentSchema.nullish(), newDocumentState: wireDocumentSchema }))
    .max(MAX_PUSH_ROWS),
});
export type PushRequest = z.output<typeof pushRequestSchema>;

/** The server's current version of each document the push could not write (empty when all were written). */
export type PushResponse = WireDocument[];

export const enrolRequestSchema = z.strictObject({
  username: z.string().trim().min(1).max(120),
  password: z.string().min(1).max(128),
  deviceName: z.string().trim().min(1).max(120),
  /** The person's new signing key on this laptop (see core/signing.ts). */
  publicKey: publicKeySchema,
});
export type EnrolRequest = z.output<typeof enrolRequestSchema>;

/** Another member of the team signs in online on an enrolled laptop. */
export const addUserRequestSchema = z.strictObject({
  username: z.string().trim().min(1).max(120),
  password: z.string().min(1).max(128),
  publicKey: publicKeySchema,
});

/** What the server answers when a person signs in online on a laptop: who they are, and their key's id. */
export interface DeviceUserResponse {
  readonly user: { id: string; teamId: string; displayName: string; role: Role };
  /** The id the server gave the person's signing key on this laptop. */
  readonly keyId: string;
}

export const refreshRequestSchema = z.object({ refreshToken: z.string().min(20).max(200) });

export interface DeviceCredentials {
  readonly deviceId: string;
  readonly accessToken: string;
  readonly accessExpiresAt: string;
  readonly refreshToken: string;
}

export interface EnrolResponse extends DeviceCredentials, DeviceUserResponse {}

/** Error codes the server answers with; the app turns them into words in the user's language. */
export const SYNC_ERROR_CODES = [
  'bad-request',
  'invalid-document',
  'unauthenticated',
  'token-expired',
  'wrong-credentials',
  'device-revoked',
  'forbidden',
  'not-found',
  'too-large',
  'rate-limited',
  /** A record that needs another not on the server yet (a correction before its visit): send it again later. */
  'waiting-for-record',
  'server-error',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

export interface SyncErrorBody {
  readonly error: {
    readonly code: SyncErrorCode;
    readonly message: string;
    /** For device-revoked: whether the server still takes a last push before the laptop wipes its data. */
    readonly finalPush?: boolean;
    /** For invalid-document: which document and which field. */
    readonly documentId?: string;
    readonly path?: string;
  };
}

/** How many documents of each collection the server holds for the device's team (`POST /v1/sync/counts`). */
export type SyncCounts = Record<SyncedCollection, number>;

/**
 * A record the server refused (pushed) or the laptop would not store (pulled). It stays where it is — on the laptop,
 * or on the server — and sync goes on with the rest; the app says what to do about it.
 */
export interface RefusedRecord {
  readonly collection: SyncedCollection;
  readonly id: string;
  /** `pushed`: this laptop's record the server refused; `pulled`: a server record this laptop cannot store. */
  readonly direction: 'pushed' | 'pulled';
  readonly code: SyncErrorCode;
  readonly message: string;
  /** The field at fault, when the server or the laptop's schema named one. */
  readonly path?: string;
  /** When it was refused (ISO instant). */
  readonly at: string;
}

/** What the app shows about sync (the backend's SyncClient status). */
export interface SyncStatus {
  readonly state:
    'not-enrolled' | 'connecting' | 'online' | 'offline' | 'revoked' | 'signed-out' | 'wiped' | 'unavailable';
  readonly serverUrl?: string;
  /** Local changes the server does not have yet. */
  readonly pending: number;
  readonly lastSyncedAt?: string;
  readonly lastError?: { readonly code: SyncErrorCode | 'offline'; readonly message: string };
  /** During the first sync: documents received so far, and how many the server holds for the team (once known). */
  readonly firstSync?: { readonly received: number; readonly total?: number };
  /** When revoked: whether the server takes a last push, and how many changes would be lost without it. */
  readonly revoked?: { readonly finalPush: boolean; readonly unpushed: number };
  /** Records the server refused (kept on this laptop) and server records this laptop could not store. */
  readonly refused?: { readonly pushed: number; readonly pulled: number };
}

/**
 * Whether the app may talk to a server at this address: HTTPS, or plain HTTP only to this very computer (a test
 * server, or a TLS proxy beside the app). Passwords, tokens and care records never cross a network in clear text.
 */
export function isSafeServerUrl(address: string): boolean {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  if (url.protocol !== 'http:') return false;
  const host = url.hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** A laptop PIN: at least six digits, typed twice (it opens the app offline and unlocks the person's signing key). */
const pinSchema = z.string().regex(/^\d{6,32}$/, 'validation.pin');
const pinAgainSchema = z.string().min(1, 'validation.required').max(32);
const pinsMatch = (input: { pin: string; pinAgain: string }) => input.pin === input.pinAgain;
const PINS_DIFFER = { path: ['pinAgain'], message: 'validation.pinMismatch' };

/** Connecting this laptop to the central server: a user signs in online once, and chooses a PIN for this laptop. */
export const connectInputSchema = z
  .object({
    serverUrl: z
      .url({ protocol: /^https?$/, message: 'validation.serverUrl' })
      .max(300)
      .refine(isSafeServerUrl, 'validation.serverUrlHttps'),
    username: z.string().trim().min(1, 'validation.required').max(120),
    password: z.string().min(1, 'validation.required').max(128),
    deviceName: z.string().trim().min(1, 'validation.required').max(120),
    pin: pinSchema,
    pinAgain: pinAgainSchema,
  })
  .refine(pinsMatch, PINS_DIFFER);
export type ConnectInput = z.input<typeof connectInputSchema>;

/** Another member of the team signs in online on this laptop, chooses a PIN for it, and gets a profile on it. */
export const addColleagueInputSchema = z
  .object({
    username: z.string().trim().min(1, 'validation.required').max(120),
    password: z.string().min(1, 'validation.required').max(128),
    pin: pinSchema,
    pinAgain: pinAgainSchema,
  })
  .refine(pinsMatch, PINS_DIFFER);
