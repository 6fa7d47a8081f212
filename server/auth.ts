/**
 * Accounts and enrolled devices. Passwords are argon2id hashes; device tokens are 256-bit random strings of which the
 * server keeps only a SHA-256 hash. Access tokens live 15 minutes; a refresh token is used once and replaced.
 * Presenting a refresh token that was already replaced is taken as theft, unless its successor was never used (the
 * answer to the earlier refresh was lost on a poor link): then it is replaced again and the unused successor dies.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { DeviceCredentials, EnrolResponse } from '../core/sync.ts';
import type { Queryable, Sql } from './sql.ts';
import { SYNC_CHANNEL, type Writer } from './store.ts';

export const ACCESS_TTL_MS = 15 * 60_000;
export const REFRESH_TTL_MS = 90 * 24 * 3_600_000;

export const hashPassword = (password: string): Promise<string> => hash(password);

const tokenHash = (token: string): Buffer => createHash('sha256').update(token).digest();
const newToken = (): string => randomBytes(32).toString('base64url');

/** Why a request is not let in. */
export class AuthError extends Error {
  readonly code: 'unauthenticated' | 'token-expired' | 'wrong-credentials' | 'device-revoked';
  readonly finalPush: boolean | undefined;
  constructor(code: AuthError['code'], message: string, finalPush?: boolean) {
    super(message);
    this.code = code;
    this.finalPush = finalPush;
  }
}

export interface Authenticated extends Writer {
  /** The device was revoked (or its user disabled): it is refused, except for a last push when `finalPush`. */
  readonly revoked: boolean;
  readonly finalPush: boolean;
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

/** A user signs in online once on a laptop: the laptop becomes an enrolled device of the user's team. */
export async function enrol(
  sql: Sql,
  input: { username: string; password: string; deviceName: string },
  now = new Date(),
): Promise<EnrolResponse> {
  const user = await checkPassword(sql, input.username, input.password);
  const deviceId = randomUUID();
  const credentials = await sql.transaction(async (tx) => {
    await tx.query('INSERT INTO devices (id, user_id, team_id, name) VALUES ($1, $2, $3, $4)', [
      deviceId,
      user.id,
      user.team_id,
      input.deviceName,
    ]);
    await tx.query('INSERT INTO device_users (device_id, user_id) VALUES ($1, $2)', [deviceId, user.id]);
    return issue(tx, deviceId, now);
  });
  const { refreshHash: _, ...wire } = credentials;
  return { ...wire, user: { id: user.id, teamId: user.team_id, displayName: user.display_name, role: user.role } };
}

type UserRow = {
  id: string;
  team_id: string;
  display_name: string;
  role: 'worker' | 'supervisor' | 'admin';
  password_hash: string;
};

/** The user with this name and password, or an AuthError; an unknown name takes as long as a wrong password. */
async function checkPassword(sql: Sql, username: string, password: string): Promise<UserRow> {
  const [user] = await sql.query<UserRow>(
    'SELECT id, team_id, display_name, role, password_hash FROM users WHERE username = $1 AND disabled_at IS NULL',
    [username],
  );
  decoy ??= hash('decoy password that matches nothing');
  const ok = await verify(user?.password_hash ?? (await decoy), password).catch(() => false);
  if (!user || !ok) throw new AuthError('wrong-credentials', 'Wrong user name or password.');
  return user;
}

/** Another member of the device's team signs in online on it: from now on the device may carry their work. */
export async function addDeviceUser(
  sql: Sql,
  device: { deviceId: string; teamId: string },
  username: string,
  password: string,
): Promise<EnrolResponse['user']> {
  const user = await checkPassword(sql, username, password);
  if (user.team_id !== device.teamId) throw new AuthError('wrong-credentials', 'Wrong user name or password.');
  await sql.query('INSERT INTO device_users (device_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    device.deviceId,
    user.id,
  ]);
  return { id: user.id, teamId: user.team_id, displayName: user.display_name, role: user.role };
}

export async function refresh(sql: Sql, refreshToken: string, now = new Date()): Promise<DeviceCredentials> {
  const outcome = await sql.transaction(async (tx) => {
    const [token] = await tx.query<{
      device_id: string;
      expires_at: Date;
      used_at: Date | null;
      replaced_by: Buffer | null;
      revoked_at: Date | null;
      final_push: boolean;
    }>(
      `SELECT t.device_id, t.expires_at, t.used_at, t.replaced_by, d.revoked_at, d.final_push
       FROM device_tokens t JOIN devices d ON d.id = t.device_id
       WHERE t.token_hash = $1 AND t.kind = 'refresh' FOR UPDATE OF t`,
      [tokenHash(refreshToken)],
    );
    if (!token || token.expires_at.getTime() <= now.getTime()) {
      throw new AuthError('unauthenticated', 'This laptop must sign in online again.');
    }
    if (token.revoked_at) {
      throw new AuthError('device-revoked', 'This laptop’s access has been withdrawn.', token.final_push);
    }
    if (token.used_at) {
      const [successor] = token.replaced_by
        ? await tx.query<{ used_at: Date | null }>('SELECT used_at FROM device_tokens WHERE token_hash = $1', [
            token.replaced_by,
          ])
        : [];
      if (!successor || successor.used_at) return { stolen: token.device_id } as const;
      await tx.query('DELETE FROM device_tokens WHERE token_hash = $1', [token.replaced_by]);
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
  if ('stolen' in outcome) {
    // Someone else holds a later token: end every token of the device (it must sign in online again).
    await sql.query('DELETE FROM device_tokens WHERE device_id = $1', [outcome.stolen]);
    throw new AuthError('unauthenticated', 'This laptop must sign in online again.');
  }
  return outcome;
}

/** The device behind an access token, or an AuthError saying why not. */
export async function authenticate(
  sql: Sql,
  accessToken: string | undefined,
  now = new Date(),
): Promise<Authenticated> {
  if (!accessToken) throw new AuthError('unauthenticated', 'Sign in first.');
  // One round trip: the token, its device, and the staff the device may write for.
  const [row] = await sql.query<{
    device_id: string;
    user_id: string;
    team_id: string;
    role: 'worker' | 'supervisor' | 'admin';
    expires_at: Date;
    revoked_at: Date | null;
    final_push: boolean;
    wiped_at: Date | null;
    disabled_at: Date | null;
    staff: { user_id: string; role: string; disabled: boolean }[];
  }>(
    `SELECT d.id AS device_id, d.user_id, d.team_id, u.role, t.expires_at, d.revoked_at, d.final_push, d.wiped_at,
            u.disabled_at,
            coalesce((SELECT json_agg(json_build_object('user_id', du.user_id, 'role', su.role,
                                                        'disabled', su.disabled_at IS NOT NULL))
                      FROM device_users du JOIN users su ON su.id = du.user_id
                      WHERE du.device_id = d.id), '[]'::json) AS staff
     FROM device_tokens t JOIN devices d ON d.id = t.device_id JOIN users u ON u.id = d.user_id
     WHERE t.token_hash = $1 AND t.kind = 'access'`,
    [tokenHash(accessToken)],
  );
  if (!row) throw new AuthError('unauthenticated', 'Sign in first.');
  if (row.expires_at.getTime() <= now.getTime()) throw new AuthError('token-expired', 'The access token has expired.');
  // Work made on the laptop by someone who has since left still arrives (refusing it would stop the laptop's whole
  // push for good): who may write counts everyone who signed in online on it. What the laptop may do now — edit
  // client records, receive the access log — counts only those still enabled.
  const staff = row.staff;
  const enabled = staff.filter((s) => !s.disabled);
  const writer = {
    deviceId: row.device_id,
    userId: row.user_id,
    teamId: row.team_id,
    role: row.role,
    userIds: staff.map((s) => s.user_id),
    mayEditClients: enabled.some((s) => s.role !== 'worker'),
    supervisorIds: staff.filter((s) => s.role === 'supervisor').map((s) => s.user_id),
    mayReadAccessLog: enabled.some((s) => s.role !== 'worker'),
  };
  if (row.revoked_at || row.disabled_at) {
    return { ...writer, revoked: true, finalPush: row.final_push && !row.wiped_at };
  }
  return { ...writer, revoked: false, finalPush: false };
}

/** Revokes a device: it is refused at its next sync. With `finalPush`, it may first push what it still holds. */
export async function revokeDevice(sql: Sql, deviceId: string, finalPush: boolean): Promise<boolean> {
  const rows = await sql.query(
    'UPDATE devices SET revoked_at = coalesce(revoked_at, now()), final_push = $2 WHERE id = $1 RETURNING id',
    [deviceId, finalPush],
  );
  // A laptop listening live hears of it at once: its stream is closed, and reopening it is refused.
  if (rows.length > 0) await sql.query('SELECT pg_notify($1, $2)', [SYNC_CHANNEL, `device:${deviceId}`]);
  return rows.length > 0;
}

/** The revoked device says it has wiped its data; its tokens end. */
export async function confirmWiped(sql: Sql, deviceId: string): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.query('UPDATE devices SET wiped_at = now(), final_push = false WHERE id = $1', [deviceId]);
    await tx.query('DELETE FROM device_tokens WHERE device_id = $1', [deviceId]);
  });
}
