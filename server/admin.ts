/** What an administrator does: organisations, teams, users and devices. Used by the admin CLI and the demo seed. */
import { randomUUID } from 'node:crypto';
import { hashPassword } from './auth.ts';
import type { Sql } from './sql.ts';

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

export async function createUser(sql: Sql, user: NewUser): Promise<string> {
  if (user.password.length < 6) throw new Error('The password must have at least six characters.');
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
}

export const listDevices = (sql: Sql): Promise<DeviceRow[]> =>
  sql.query<DeviceRow & Record<string, unknown>>(
    `SELECT d.id, d.name, u.username, d.team_id, d.enrolled_at, d.last_seen_at, d.revoked_at, d.final_push, d.wiped_at
     FROM devices d JOIN users u ON u.id = d.user_id ORDER BY d.enrolled_at`,
  );
