/** Each numbered migration applies on its own, in order, once; running them again or from two servers is harmless. */
import { inject, afterEach, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from './migrations.ts';
import { connectPostgres, type Sql } from './sql.ts';
import { freshDatabase } from './testing/postgres.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function emptyDatabase(): Promise<Sql> {
  const database = await freshDatabase(inject('postgresUrl'));
  const sql = connectPostgres(database.url, 4);
  cleanups.push(async () => {
    await sql.close();
    await database.drop();
  });
  return sql;
}

const tables = async (sql: Sql) =>
  (
    await sql.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    )
  ).map((r) => r.table_name);

describe('migrations', () => {
  it('are numbered 1, 2, … without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, index) => index + 1));
  });

  it('1 creates the accounts; 2 adds the synced documents; 3 the staff per device, keeping what was there', async () => {
    const sql = await emptyDatabase();
    expect(await migrate(sql, 1)).toEqual([1]);
    expect(await tables(sql)).toEqual([
      'device_tokens',
      'devices',
      'organisations',
      'schema_migrations',
      'teams',
      'users',
    ]);
    await sql.query("INSERT INTO organisations (id, name) VALUES ('org', 'Umeå kommun')");
    await sql.query("INSERT INTO teams (id, organisation_id, name) VALUES ('team', 'org', 'Sävar')");
    await sql.query(
      "INSERT INTO users (id, team_id, username, display_name, role, password_hash) VALUES ('u', 'team', 'u', 'U', 'worker', 'x')",
    );
    await sql.query("INSERT INTO devices (id, user_id, team_id, name) VALUES ('d', 'u', 'team', 'laptop')");
    expect(await migrate(sql, 2)).toEqual([2]);
    expect(await tables(sql)).toEqual(expect.arrayContaining(['documents', 'sync_clock']));
    expect(await sql.query('SELECT id FROM teams')).toEqual([{ id: 'team' }]);
    expect(await migrate(sql, 3)).toEqual([3]);
    // A device enrolled before 3 keeps the user who enrolled it.
    expect(await sql.query('SELECT device_id, user_id FROM device_users')).toEqual([{ device_id: 'd', user_id: 'u' }]);
    await sql.query(
      `INSERT INTO documents (collection, id, team_id, seq, deleted, data) VALUES ('visits', 'v', 'team', 1, false, '{}')`,
    );
  });

  it('5 adds failed sign-ins per user name and marks people removed from a device, keeping who was on it', async () => {
    const sql = await emptyDatabase();
    await migrate(sql, 4);
    await sql.query("INSERT INTO organisations (id, name) VALUES ('org', 'Umeå kommun')");
    await sql.query("INSERT INTO teams (id, organisation_id, name) VALUES ('team', 'org', 'Sävar')");
    await sql.query(
      "INSERT INTO users (id, team_id, username, display_name, role, password_hash) VALUES ('u', 'team', 'u', 'U', 'worker', 'x')",
    );
    await sql.query("INSERT INTO devices (id, user_id, team_id, name) VALUES ('d', 'u', 'team', 'laptop')");
    await sql.query("INSERT INTO device_users (device_id, user_id) VALUES ('d', 'u')");
    expect(await migrate(sql)).toEqual([5]);
    expect(await tables(sql)).toContain('sign_in_failures');
    expect(await sql.query('SELECT device_id, user_id, removed_at FROM device_users')).toEqual([
      { device_id: 'd', user_id: 'u', removed_at: null },
    ]);
    await sql.query("INSERT INTO sign_in_failures (username, attempts, last_attempt_at) VALUES ('u', 1, now())");
  });

  it('run once, even when two servers start at the same moment', async () => {
    const sql = await emptyDatabase();
    const [a, b] = await Promise.all([migrate(sql), migrate(sql)]);
    expect([...a, ...b].sort()).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(sql)).toEqual([]);
  });
});
