/**
 * What an administrator does: organisations, teams, users and devices. Used by the admin CLI and the demo seed. It
 * works on the database directly; a running server hears of what concerns it (a device now refused) through
 * pg_notify, so it closes that device's live streams at once, whichever server process holds them.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { PASSWORD_PROBLEM_TEXT, passwordProblem } from '../core/passwords.ts';
import { endLiveStreams, hashPassword, REFUSED_DEVICE_SQL } from './auth.ts';
import { revokeKeys } from './keys.ts';
import type { Queryable, Sql } from './sql.ts';

export async function createOrganisation(sql: Sql, name: string, id: string = randomUUID()): Promise<string> {
  await sql.query('INSERT INTO organisations (id, name) VALUES ($1, $2)', [id, name]);
  return id;
}

export async function createTeam(
  sql: Sql,
  organisationId: string,
  name: string,
  id: string = randomUUID(),
): Promise<string> {
  await sql.query('INSERT INTO teams (id, organisation_id, name) VALUES ($1, $2, $3)', [id, organisationId, name]);
  return id;
}

export interface NewUser {
  readonly teamId: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: 'worker' | 'supervisor' | 'admin';
  readonly password: string;
  readonly id?: string;
}

/** An administrator's mistake, in words that say what to do (the CLI prints the message). */
export class AdminError extends Error {}

function checkPolicy(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new AdminError(PASSWORD_PROBLEM_TEXT[problem]);
}

export async function createUser(sql: Sql, user: NewUser): Promise<string> {
  checkPolicy(user.password, user.username);
  const id = user.id ?? randomUUID();
  await sql.query(
    'INSERT INTO users (id, team_id, username, display_name, role, password_hash) VALUES ($1, $2, $3, $4, $5, $6)',
    [id, user.teamId, user.username, user.displayName, user.role, await hashPassword(user.password)],
  );
  return id;
}

export interface DeviceRow {
  id: string;
  name: string;
  username: string;
  team_id: string;
  enrolled_at: Date;
  last_seen_at: Date | null;
  revoked_at: Date | null;
  final_push: boolean;
  wiped_at: Date | null;
  /** Whether the server refuses it (revoked, or nobody left on it who may sign in). */
  refused: boolean;
  /** The people registered on it: user name, with "(disabled)" or "(removed)". */
  people: string[];
}

export const listDevices = (sql: Sql): Promise<DeviceRow[]> =>
  sql.query<DeviceRow & Record<string, unknown>>(
    `SELECT d.id, d.name, u.username, d.team_id, d.enrolled_at, d.last_seen_at, d.revoked_at, d.final_push, d.wiped_at,
            ${REFUSED_DEVICE_SQL} AS refused,
            coalesce((SELECT array_agg(pu.username
                        || CASE WHEN pu.disabled_at IS NOT NULL THEN ' (disabled)' ELSE '' END
                        || CASE WHEN du.removed_at IS NOT NULL THEN ' (removed)' ELSE '' END ORDER BY du.added_at)
                      FROM device_users du JOIN users pu ON pu.id = du.user_id WHERE du.device_id = d.id),
                     '{}') AS people
     FROM devices d JOIN users u ON u.id = d.user_id ORDER BY d.enrolled_at`,
  );

type UserRef = { id: string; username: string };

async function findUser(sql: Queryable, username: string): Promise<UserRef> {
  const [user] = await sql.query<UserRef>('SELECT id, username FROM users WHERE username = $1', [username]);
  if (!user) throw new AdminError(`No user named ${username}. See who there is with list-devices.`);
  return user;
}

/** Of these devices, those the server now refuses: their live streams are closed. */
async function endStreamsOfRefused(tx: Queryable, deviceIds: readonly string[]): Promise<string[]> {
  if (deviceIds.length === 0) return [];
  const refused = await tx.query<{ id: string }>(
    `SELECT d.id FROM devices d WHERE d.id = ANY($1) AND ${REFUSED_DEVICE_SQL}`,
    [[...deviceIds]],
  );
  const ids = refused.map((r) => r.id);
  await endLiveStreams(tx, ids);
  return ids;
}

/**
 * Disables a person: from now on no device lets them in (a device is refused once every person on it is disabled;
 * a shared laptop keeps working for its other people), their signing keys sign nothing new, and they cannot sign in
 * online. What they signed before stays valid. Returns the devices now refused.
 */
export async function disableUser(sql: Sql, username: string): Promise<string[]> {
  return sql.transaction(async (tx) => {
    const user = await findUser(tx, username);
    await tx.query('UPDATE users SET disabled_at = coalesce(disabled_at, now()) WHERE id = $1', [user.id]);
    await revokeKeys(tx, { userId: user.id });
    const devices = await tx.query<{ device_id: string }>('SELECT device_id FROM device_users WHERE user_id = $1', [
      user.id,
    ]);
    return endStreamsOfRefused(
      tx,
      devices.map((d) => d.device_id),
    );
  });
}

/**
 * Enables a disabled person again. Their old keys stay revoked: they sign in online once more on each laptop they
 * use, which registers a new key there.
 */
export async function enableUser(sql: Sql, username: string): Promise<void> {
  const user = await findUser(sql, username);
  await sql.query('UPDATE users SET disabled_at = NULL WHERE id = $1', [user.id]);
}

/** A strong one-time password: 20 letters and digits in groups of four (about 100 bits), easy to read aloud. */
export function generatePassword(): string {
  // No 0/O, 1/l/I: it is read off a screen and typed in by someone else.
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const group = () => Array.from({ length: 4 }, () => alphabet.charAt(randomInt(alphabet.length))).join('');
  return Array.from({ length: 5 }, group).join('-');
}

/**
 * Sets a new password (the one given, or a generated one, returned to be shown once) and clears the name's failed
 * sign-ins. Devices already enrolled keep working: their tokens are not the password.
 */
export async function resetPassword(sql: Sql, username: string, password = generatePassword()): Promise<string> {
  checkPolicy(password, username);
  const user = await findUser(sql, username);
  const passwordHash = await hashPassword(password);
  await sql.transaction(async (tx) => {
    await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [user.id, passwordHash]);
    await tx.query('DELETE FROM sign_in_failures WHERE username = $1', [user.username]);
  });
  return password;
}

/**
 * Removes a person from a device: their key there is revoked (what they signed before still counts) and the device
 * no longer lets them in; if nobody else is left on it, the device is refused. They may sign in online on it again.
 */
export async function removeDeviceUser(sql: Sql, deviceId: string, username: string): Promise<void> {
  await sql.transaction(async (tx) => {
    const user = await findUser(tx, username);
    const removed = await tx.query(
      'UPDATE device_users SET removed_at = coalesce(removed_at, now()) WHERE device_id = $1 AND user_id = $2 RETURNING 1',
      [deviceId, user.id],
    );
    if (removed.length === 0) {
      throw new AdminError(`${username} has not signed in on device ${deviceId}. See the devices with list-devices.`);
    }
    await revokeKeys(tx, { userId: user.id, deviceId });
    await endStreamsOfRefused(tx, [deviceId]);
  });
}
