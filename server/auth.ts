/**
 * Accounts and enrolled devices. Passwords are argon2id hashes; device tokens are 256-bit random strings of which the
 * server keeps only a SHA-256 hash. Access tokens live 15 minutes; a refresh token is used once and replaced.
 *
 * Refresh-token rotation with reuse detection: a refresh token that was already used, presented again for any reason,
 * ends the device's whole token family — every access and refresh token it holds — and is answered 401
 * `unauthenticated`. Whoever replayed it gets nothing; the real laptop is refused at its next refresh and must sign in
 * online again. (A laptop whose answer was lost on a poor link is treated the same: that costs one online sign-in,
 * where guessing which of two holders is the thief would hand the thief the device half the time.)
 *
 * Sign-in (enrolment, and a colleague signing in on a laptop) is limited per user name in PostgreSQL, whatever
 * address or header the guesses come with: a few wrong passwords are free, then each one locks the name for longer.
 * One function, `standing`, decides whether a device is let in: not when it is revoked, nor when every person
 * registered on it is disabled or removed from it.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { DeviceCredentials, DeviceUserResponse, EnrolResponse } from '../core/sync.ts';
import type { Role } from '../core/users.ts';
import { registerKey } from './keys.ts';
import type { Queryable, Sql } from './sql.ts';
import { SYNC_CHANNEL, type Writer } from './store.ts';

export const ACCESS_TTL_MS = 15 * 60_000;
export const REFRESH_TTL_MS = 90 * 24 * 3_600_000;

/** Wrong passwords a user name may have before it is locked; each later one doubles the lock, up to the maximum. */
export const FREE_SIGN_IN_ATTEMPTS = 5;
const FIRST_LOCK_MS = 60_000;
const MAX_LOCK_MS = 15 * 60_000;
/** A name's failed attempts are forgotten a day after the last one. */
const ATTEMPTS_FORGOTTEN_AFTER = '1 day';

export const hashPassword = (password: string): Promise<string> => hash(password);

const tokenHash = (token: string): Buffer => createHash('sha256').update(token).digest();
const newToken = (): string => randomBytes(32).toString('base64url');

/** Why a request is not let in. */
export class AuthError extends Error {
  readonly code: 'unauthenticated' | 'token-expired' | 'wrong-credentials' | 'device-revoked' | 'rate-limited';
  readonly finalPush: boolean | undefined;
  /** For rate-limited: when the user name may try again. */
  readonly retryAt: Date | undefined;
  constructor(code: AuthError['code'], message: string, finalPush?: boolean, retryAt?: Date) {
    super(message);
    this.code = code;
    this.finalPush = finalPush;
    this.retryAt = retryAt;
  }
}

export interface Authenticated extends Writer {
  /** The device is refused (see `standing`), except for a last push when `finalPush`. */
  readonly revoked: boolean;
  readonly finalPush: boolean;
}

/** A person registered on a device, as `standing` and the writer's rights need them. */
interface DeviceStaff {
  user_id: string;
  role: Role;
  disabled: boolean;
  removed: boolean;
}

/** The device's people, for `standing`: one subquery, so authentication stays one round trip. */
const STAFF_SQL = `coalesce((SELECT json_agg(json_build_object('user_id', du.user_id, 'role', su.role,
                                 'disabled', su.disabled_at IS NOT NULL, 'removed', du.removed_at IS NOT NULL))
               FROM device_users du JOIN users su ON su.id = du.user_id
               WHERE du.device_id = d.id), '[]'::json) AS staff`;

/**
 * The one place that decides whether a device is let in. It is refused when revoked, or when every person
 * registered on it is disabled or removed from it (a shared laptop keeps working for its other people). A refused
 * device may still make its last push when the administrator allowed one and it has not wiped its data.
 */
export function standing(device: {
  revoked_at: Date | null;
  final_push: boolean;
  wiped_at: Date | null;
  staff: readonly DeviceStaff[];
}): { refused: boolean; finalPush: boolean } {
  const someoneActive = device.staff.some((s) => !s.disabled && !s.removed);
  const refused = device.revoked_at !== null || !someoneActive;
  return { refused, finalPush: refused && device.final_push && device.wiped_at === null };
}

/** SQL condition: devices `standing` refuses (for the administrator's changes, to close their live streams). */
export const REFUSED_DEVICE_SQL = `(d.revoked_at IS NOT NULL OR NOT EXISTS (
  SELECT 1 FROM device_users du JOIN users u ON u.id = du.user_id
  WHERE du.device_id = d.id AND du.removed_at IS NULL AND u.disabled_at IS NULL))`;

/** Tells every server process to close the live streams of these devices (and refuse new ones while refused). */
export async function endLiveStreams(tx: Queryable, deviceIds: readonly string[]): Promise<void> {
  for (const id of deviceIds) await tx.query('SELECT pg_notify($1, $2)', [SYNC_CHANNEL, `device:${id}`]);
}

let decoy: Promise<string> | undefined;

async function issue(tx: Queryable, deviceId: string, now: Date): Promise<DeviceCredentials & { refreshHash: Buffer }> {
  const accessToken = newToken();
  const refreshToken = newToken();
  const accessExpiresAt = new Date(now.getTime() + ACCESS_TTL_MS);
  const refreshHash = tokenHash(refreshToken);
  await tx.query(
    `INSERT INTO device_tokens (token_hash, device_id, kind, expires_at) VALUES ($1, $2, 'access', $3), ($4, $2, 'refresh', $5)`,
    [tokenHash(accessToken), deviceId, accessExpiresAt, refreshHash, new Date(now.getTime() + REFRESH_TTL_MS)],
  );
  return { deviceId, accessToken, accessExpiresAt: accessExpiresAt.toISOString(), refreshToken, refreshHash };
}

const userAnswer = (user: UserRow): DeviceUserResponse['user'] => ({
  id: user.id,
  teamId: user.team_id,
  displayName: user.display_name,
  role: user.role,
});

/**
 * A user signs in online once on a laptop: the laptop becomes an enrolled device of the user's team, and the person's
 * signing key on it is registered in the same transaction.
 */
export async function enrol(
  sql: Sql,
  input: { username: string; password: string; deviceName: string; publicKey: string },
  now = new Date(),
): Promise<EnrolResponse> {
  const user = await checkPassword(sql, input.username, input.password, now);
  const deviceId = randomUUID();
  const { credentials, keyId } = await sql.transaction(async (tx) => {
    await tx.query('INSERT INTO devices (id, user_id, team_id, name) VALUES ($1, $2, $3, $4)', [
      deviceId,
      user.id,
      user.team_id,
      input.deviceName,
    ]);
    await tx.query('INSERT INTO device_users (device_id, user_id) VALUES ($1, $2)', [deviceId, user.id]);
    const keyId = await registerKey(tx, user.id, deviceId, input.publicKey);
    return { credentials: await issue(tx, deviceId, now), keyId };
  });
  const { refreshHash: _, ...wire } = credentials;
  return { ...wire, user: userAnswer(user), keyId };
}

type UserRow = {
  id: string;
  team_id: string;
  display_name: string;
  role: Role;
  password_hash: string;
};

/**
 * Counts a sign-in attempt for the user name before the password is checked, so guesses sent at once cannot all slip
 * in before the first is counted; a right password then clears the count. Throws rate-limited while the name is locked.
 */
async function countAttempt(sql: Sql, username: string, now: Date): Promise<void> {
  const counted = await sql.query(
    `INSERT INTO sign_in_failures AS f (username, attempts, last_attempt_at) VALUES ($1, 1, $2)
     ON CONFLICT (username) DO UPDATE SET
       attempts = CASE WHEN f.last_attempt_at < $2::timestamptz - $6::interval THEN 1 ELSE f.attempts + 1 END,
       last_attempt_at = $2,
       locked_until = CASE
         WHEN f.last_attempt_at < $2::timestamptz - $6::interval OR f.attempts + 1 < $3 THEN NULL
         ELSE $2::timestamptz
           + least($5::float8, $4::float8 * power(2, least(f.attempts + 1 - $3, 30))) * interval '1 millisecond'
       END
     WHERE f.locked_until IS NULL OR f.locked_until <= $2
     RETURNING attempts`,
    [username, now, FREE_SIGN_IN_ATTEMPTS, FIRST_LOCK_MS, MAX_LOCK_MS, ATTEMPTS_FORGOTTEN_AFTER],
  );
  if (counted.length > 0) return;
  const [lock] = await sql.query<{ locked_until: Date }>(
    'SELECT locked_until FROM sign_in_failures WHERE username = $1',
    [username],
  );
  const retryAt = lock?.locked_until ?? new Date(now.getTime() + FIRST_LOCK_MS);
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  throw new AuthError(
    'rate-limited',
    `Too many wrong passwords for this user name. Try again in ${minutes} minute${minutes === 1 ? '' : 's'} ` +
      `(at ${retryAt.toISOString()}), or ask an administrator to reset the password.`,
    undefined,
    retryAt,
  );
}

/**
 * The user with this name and password, or an AuthError. An unknown name, a disabled account and a wrong password are
 * answered alike and take as long, and all count towards the name's backoff, so none of them can be told apart.
 */
async function checkPassword(sql: Sql, username: string, password: string, now: Date): Promise<UserRow> {
  await countAttempt(sql, username, now);
  const [user] = await sql.query<UserRow>(
    'SELECT id, team_id, display_name, role, password_hash FROM users WHERE username = $1 AND disabled_at IS NULL',
    [username],
  );
  decoy ??= hash('decoy password that matches nothing');
  const ok = await verify(user?.password_hash ?? (await decoy), password).catch(() => false);
  if (!user || !ok) throw new AuthError('wrong-credentials', 'Wrong user name or password.');
  await sql.query('DELETE FROM sign_in_failures WHERE username = $1', [username]);
  return user;
}

/**
 * Another member of the device's team signs in online on it: from now on the device may carry their work, signed
 * with the key registered here (in the same transaction). Someone removed from the device earlier is back.
 */
export async function addDeviceUser(
  sql: Sql,
  device: { deviceId: string; teamId: string },
  input: { username: string; password: string; publicKey: string },
  now = new Date(),
): Promise<DeviceUserResponse> {
  const user = await checkPassword(sql, input.username, input.password, now);
  if (user.team_id !== device.teamId) throw new AuthError('wrong-credentials', 'Wrong user name or password.');
  const keyId = await sql.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO device_users (device_id, user_id) VALUES ($1, $2)
       ON CONFLICT (device_id, user_id) DO UPDATE SET removed_at = NULL`,
      [device.deviceId, user.id],
    );
    return registerKey(tx, user.id, device.deviceId, input.publicKey);
  });
  return { user: userAnswer(user), keyId };
}

/** Trades a refresh token for a new pair; see the rule at the top of this file. */
export async function refresh(sql: Sql, refreshToken: string, now = new Date()): Promise<DeviceCredentials> {
  const outcome = await sql.transaction(async (tx) => {
    const [token] = await tx.query<{
      device_id: string;
      expires_at: Date;
      used_at: Date | null;
      revoked_at: Date | null;
      final_push: boolean;
      wiped_at: Date | null;
      staff: DeviceStaff[];
    }>(
      `SELECT t.device_id, t.expires_at, t.used_at, d.revoked_at, d.final_push, d.wiped_at, ${STAFF_SQL}
       FROM device_tokens t JOIN devices d ON d.id = t.device_id
       WHERE t.token_hash = $1 AND t.kind = 'refresh' FOR UPDATE OF t`,
      [tokenHash(refreshToken)],
    );
    if (!token || token.expires_at.getTime() <= now.getTime()) {
      throw new AuthError('unauthenticated', 'This laptop must sign in online again.');
    }
    // Reuse of a spent token: end the family (outside this transaction, which the throw would roll back).
    if (token.used_at) return { reused: token.device_id } as const;
    // A refused device gets tokens only for its permitted last push; what they open is decided per request.
    const { refused, finalPush } = standing(token);
    if (refused && !finalPush) {
      throw new AuthError('device-revoked', 'This laptop’s access has been withdrawn.', false);
    }
    const credentials = await issue(tx, token.device_id, now);
    await tx.query('UPDATE device_tokens SET used_at = $2, replaced_by = $3 WHERE token_hash = $1', [
      tokenHash(refreshToken),
      now,
      credentials.refreshHash,
    ]);
    const { refreshHash: _, ...wire } = credentials;
    return wire;
  });
  if ('reused' in outcome) {
    await sql.query('DELETE FROM device_tokens WHERE device_id = $1', [outcome.reused]);
    throw new RefreshTokenReused(outcome.reused);
  }
  return outcome;
}

/** A spent refresh token came back: the device's tokens have ended (answered as `unauthenticated`, and logged). */
export class RefreshTokenReused extends AuthError {
  readonly deviceId: string;
  constructor(deviceId: string) {
    super('unauthenticated', 'This laptop must sign in online again.');
    this.deviceId = deviceId;
  }
}

/** The device behind an access token, or an AuthError saying why not. */
export async function authenticate(
  sql: Sql,
  accessToken: string | undefined,
  now = new Date(),
): Promise<Authenticated> {
  if (!accessToken) throw new AuthError('unauthenticated', 'Sign in first.');
  // One round trip: the token, its device, and the staff registered on the device.
  const [row] = await sql.query<{
    device_id: string;
    user_id: string;
    team_id: string;
    role: Role;
    expires_at: Date;
    revoked_at: Date | null;
    final_push: boolean;
    wiped_at: Date | null;
    staff: DeviceStaff[];
  }>(
    `SELECT d.id AS device_id, d.user_id, d.team_id, u.role, t.expires_at, d.revoked_at, d.final_push, d.wiped_at,
            ${STAFF_SQL}
     FROM device_tokens t JOIN devices d ON d.id = t.device_id JOIN users u ON u.id = d.user_id
     WHERE t.token_hash = $1 AND t.kind = 'access'`,
    [tokenHash(accessToken)],
  );
  if (!row) throw new AuthError('unauthenticated', 'Sign in first.');
  if (row.expires_at.getTime() <= now.getTime()) throw new AuthError('token-expired', 'The access token has expired.');
  // Work made on the laptop by someone who has since left still arrives (refusing it would stop the laptop's whole
  // push for good): who may write counts everyone who signed in online on it. What the laptop may do now — edit
  // client records, receive the access log — counts only those still enabled and not removed from it.
  const staff = row.staff;
  const active = staff.filter((s) => !s.disabled && !s.removed);
  const { refused, finalPush } = standing(row);
  return {
    deviceId: row.device_id,
    userId: row.user_id,
    teamId: row.team_id,
    role: row.role,
    userIds: staff.map((s) => s.user_id),
    activeRoles: [...new Set(active.map((s) => s.role))],
    mayReadAccessLog: active.some((s) => s.role !== 'worker'),
    revoked: refused,
    finalPush,
  };
}

/** Revokes a device: it is refused at its next sync. With `finalPush`, it may first push what it still holds. */
export async function revokeDevice(sql: Sql, deviceId: string, finalPush: boolean): Promise<boolean> {
  const rows = await sql.query(
    'UPDATE devices SET revoked_at = coalesce(revoked_at, now()), final_push = $2 WHERE id = $1 RETURNING id',
    [deviceId, finalPush],
  );
  // A laptop listening live hears of it at once: its stream is closed, and reopening it is refused.
  if (rows.length > 0) await endLiveStreams(sql, [deviceId]);
  return rows.length > 0;
}

/** The revoked device says it has wiped its data; its tokens end. */
export async function confirmWiped(sql: Sql, deviceId: string): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.query('UPDATE devices SET wiped_at = now(), final_push = false WHERE id = $1', [deviceId]);
    await tx.query('DELETE FROM device_tokens WHERE device_id = $1', [deviceId]);
  });
}
