/** A server test's world: its own database on the run's PostgreSQL, migrated, with two teams, over real HTTP. */
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import type { DeviceUserResponse, EnrolResponse } from '../../core/sync.ts';
import { newTestKey } from './signing.ts';
import { createOrganisation, createTeam, createUser } from '../admin.ts';
import { buildServer, type ServerOptions } from '../app.ts';
import { migrate } from '../migrations.ts';
import { connectPostgres, type Sql } from '../sql.ts';
import { freshDatabase } from './postgres.ts';

export const PASSWORD = 'correct horse 1';

export interface World {
  readonly sql: Sql;
  readonly databaseUrl: string;
  readonly teams: { north: string; south: string };
  readonly users: { anna: string; bertil: string; cecilia: string; sven: string };
  close(): Promise<void>;
}

export async function makeWorld(): Promise<World> {
  const database = await freshDatabase(inject('postgresUrl'));
  const sql = connectPostgres(database.url, 20);
  await migrate(sql);
  const org = await createOrganisation(sql, 'Umeå kommun', 'org-umea');
  const north = await createTeam(sql, org, 'Hemtjänst Sävar', 'team-north');
  const south = await createTeam(sql, org, 'Hemtjänst Holmsund', 'team-south');
  const user = (id: string, teamId: string, role: 'worker' | 'supervisor') =>
    createUser(sql, { id, teamId, username: id, displayName: id, role, password: PASSWORD });
  const users = {
    anna: await user('anna', north, 'worker'),
    bertil: await user('bertil', north, 'worker'),
    cecilia: await user('cecilia', north, 'supervisor'),
    sven: await user('sven', south, 'worker'),
  };
  return {
    sql,
    databaseUrl: database.url,
    teams: { north, south },
    users,
    close: async () => {
      await sql.close();
      await database.drop();
    },
  };
}

export async function startServer(
  sql: Sql,
  options: Partial<ServerOptions> = {},
): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildServer({ sql, ...options });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url };
}

/** Enrols a laptop as `username` would: with a new signing key, returned with the answer (`privateKey`). */
export async function enrolDevice(url: string, username: string, deviceName = `laptop of ${username}`) {
  const key = newTestKey();
  const response = await fetch(`${url}/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD, deviceName, publicKey: key.publicKey }),
  });
  if (!response.ok) throw new Error(`enrol ${username}: ${response.status} ${await response.text()}`);
  const answer = (await response.json()) as EnrolResponse;
  return { ...answer, privateKey: key.privateKey };
}

/** Another person signs in online on an enrolled laptop; returns their key for signing their records. */
export async function addDeviceUser(url: string, accessToken: string, username: string) {
  const key = newTestKey();
  const response = await call(url, '/v1/device/users', accessToken, {
    username,
    password: PASSWORD,
    publicKey: key.publicKey,
  });
  if (response.status !== 200) throw new Error(`add ${username}: ${response.status} ${JSON.stringify(response.body)}`);
  return { ...(response.body as unknown as DeviceUserResponse), privateKey: key.privateKey };
}

/** POSTs JSON with the device's access token; returns status and parsed body. */
export async function call(url: string, path: string, token: string | undefined, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return {
    status: response.status,
    body: json as Record<string, unknown> & { error?: { code: string; message: string } },
  };
}
