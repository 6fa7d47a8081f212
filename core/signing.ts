/**
 * Records signed by their authors (see README, "Security"). When a person signs in online on a laptop, the laptop
 * makes an Ed25519 key pair for that person and registers the public key with the server; the private key is kept
 * wrapped with a key derived from the person's PIN, so it signs only while that person is signed in there. Every
 * record a person writes carries `signature`: the key's id and an Ed25519 signature over the payload below. The server
 * verifies it against the author's registered keys before any other rule runs.
 *
 * This module is pure (no Node): the canonical form that both sides sign and verify, and the wire shapes.
 */
import { z } from 'zod';

/** The field that carries a record's signature. */
export const SIGNATURE_FIELD = 'signature';

/** Fields the sync machinery keeps for itself: never signed, never part of what anyone wrote. */
const UNSIGNED_FIELDS: ReadonlySet<string> = new Set([SIGNATURE_FIELD, '_deleted', '_meta', '_rev', '_attachments']);

/** An Ed25519 public key: 32 bytes, base64url without padding. */
export const publicKeySchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'validation.publicKey');

/** An Ed25519 signature: 64 bytes, base64url without padding. */
export const signatureValueSchema = z.string().regex(/^[A-Za-z0-9_-]{86}$/);

export const signatureSchema = z.strictObject({
  /** The id the server gave the key when it was registered. */
  keyId: z.string().min(1).max(64),
  value: signatureValueSchema,
});
export type RecordSignature = z.output<typeof signatureSchema>;

/** No record nests deeper than this; anything deeper is refused before it is signed or verified. */
const MAX_CANONICAL_DEPTH = 64;

/** JSON with object keys sorted at every depth and undefined values left out: one string for one value. */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_CANONICAL_DEPTH) throw new RangeError('Nested too deeply to sign.');
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null, depth + 1)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item, depth + 1)}`).join(',')}}`;
}

/**
 * What a record's signature covers: the collection it belongs to (a visit's signature is no amendment's) and every
 * field of the record but the signature itself and the sync machinery's bookkeeping.
 */
export function recordSigningPayload(collection: string, record: Readonly<Record<string, unknown>>): string {
  const signed = Object.fromEntries(Object.entries(record).filter(([key]) => !UNSIGNED_FIELDS.has(key)));
  return `hemtrygg-record/v1\n${collection}\n${canonicalJson(signed)}`;
}

/**
 * The header by which a laptop shows the server who is signed in on it now: `keyId.issuedAtMs.signature`, the
 * signature over `personProofPayload`. Reading what only some roles may read (the access log) needs it.
 */
export const PERSON_PROOF_HEADER = 'x-hemtrygg-person';
/** How long a person proof is good for after it was made (laptop clocks drift; the server's clock decides). */
export const PERSON_PROOF_TTL_MS = 10 * 60_000;

export function personProofPayload(deviceId: string, issuedAtMs: number): string {
  return `hemtrygg-person/v1\n${deviceId}\n${issuedAtMs}`;
}
