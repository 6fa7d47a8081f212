/** Staff who can sign in on this laptop: a profile to pick, and a PIN or password kept only as an argon2 hash. */
import { z } from 'zod';

export const ROLES = ['worker', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const id = z.string().min(1, 'validation.required').max(64);

export const userRecordSchema = z.object({
  id,
  teamId: id,
  displayName: z.string().trim().min(1, 'validation.required').max(120),
  role: z.enum(ROLES),
  /** argon2id hash of the PIN or password; the secret itself is never stored. */
  secretHash: z.string().min(1),
});
export type UserRecord = z.output<typeof userRecordSchema>;

/** What the sign-in screen shows: never the hash. */
export type Profile = Pick<UserRecord, 'id' | 'displayName' | 'role'>;

/** A PIN of at least six digits, or a password. */
export const secretSchema = z.string().min(6, 'validation.secretTooShort').max(128, 'validation.tooLong');

export const signInInputSchema = z.object({ userId: id, secret: z.string().min(1, 'validation.required').max(128) });
