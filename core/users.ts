/** Staff who can sign in on this laptop: a profile to pick, and a laptop PIN kept only as an argon2 hash. */
import { z } from 'zod';

export const ROLES = ['worker', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const id = z.string().min(1, 'validation.required').max(64);
const base64url = (bytes: number) =>
  z
    .string()
    .length(Math.ceil((bytes * 4) / 3))
    .regex(/^[A-Za-z0-9_-]+$/);

/**
 * A person's signing key on this laptop (see core/signing.ts): the public key, the id the server gave it, and the
 * private key encrypted (AES-256-GCM) with a key derived from the person's PIN (argon2id with this salt). Never leaves
 * the laptop's backend.
 */
export const storedPersonKeySchema = z.object({
  keyId: z.string().min(1).max(64),
  publicKey: base64url(32),
  /** The 32-byte Ed25519 seed, encrypted, followed by the 16-byte GCM tag. */
  wrapped: base64url(48),
  salt: base64url(16),
  nonce: base64url(12),
});
export type StoredPersonKey = z.output<typeof storedPersonKeySchema>;

export const userRecordSchema = z.object({
  id,
  teamId: id,
  displayName: z.string().trim().min(1, 'validation.required').max(120),
  role: z.enum(ROLES),
  /** argon2id hash of the laptop PIN; the PIN itself is never stored. */
  secretHash: z.string().min(1),
  /** Absent for a profile made before signing keys, or a local-only demo profile: its records go unsigned. */
  signingKey: storedPersonKeySchema.optional(),
});
export type UserRecord = z.output<typeof userRecordSchema>;

/** What the sign-in screen shows: never the hash, never the signing key. */
export type Profile = Pick<UserRecord, 'id' | 'displayName' | 'role'>;

/** A PIN of at least six digits, or a password. */
export const secretSchema = z.string().min(6, 'validation.secretTooShort').max(128, 'validation.tooLong');

export const signInInputSchema = z.object({ userId: id, secret: z.string().min(1, 'validation.required').max(128) });
