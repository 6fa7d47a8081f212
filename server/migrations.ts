/**
 * The server's schema, as numbered migrations. Each runs once, in its own transaction, recorded in
 * schema_migrations; a migration already applied is never edited — a change is a new number.
 */
import type { Sql } from './sql.ts';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'organisations, teams, users, devices and their tokens',
    sql: `
      CREATE TABLE organisations (
        id text PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE teams (
        id text PRIMARY KEY,
        organisation_id text NOT NULL REFERENCES organisations (id),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE users (
        id text PRIMARY KEY,
        team_id text NOT NULL REFERENCES teams (id),
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('worker', 'supervisor', 'admin')),
        password_hash text NOT NULL,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE devices (
        id text PRIMARY KEY,
        user_id text NOT NULL REFERENCES users (id),
        team_id text NOT NULL REFERENCES teams (id),
        name text NOT NULL,
        enrolled_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz,
        revoked_at timestamptz,
        -- Whether a revoked device may still push what it holds before it wipes its data.
        final_push boolean NOT NULL DEFAULT true,
        wiped_at timestamptz
      );
      -- Only hashes of tokens are kept. A refresh token is used once; its successor is recorded, so a replayed
      -- refresh token is recognised.
      CREATE TABLE device_tokens (
        token_hash bytea PRIMARY KEY,
        device_id text NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('access', 'refresh')),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        replaced_by bytea
      );
      CREATE INDEX device_tokens_device ON device_tokens (device_id);
    `,
  },
  {
    version: 2,
    name: 'synced documents and the per-team clock',
    sql: `
      -- One row per team: every write transaction takes the next value, holding the row lock until it commits, so
      -- within a team the clock's order is the commit order and a pull never skips a change (see docs/sync in README).
      CREATE TABLE sync_clock (
        team_id text PRIMARY KEY REFERENCES teams (id),
        v bigint NOT NULL
      );
      CREATE TABLE documents (
        collection text NOT NULL,
        id text NOT NULL,
        team_id text NOT NULL REFERENCES teams (id),
        seq bigint NOT NULL,
        deleted boolean NOT NULL,
        data jsonb NOT NULL,
        device_id text,
        written_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collection, id)
      );
      CREATE INDEX documents_feed ON documents (team_id, collection, seq, id);
    `,
  },
  {
    version: 3,
    name: 'the staff who have signed in on each device',
    sql: `
      -- A team laptop is shared: each worker signs in online once on it, and may then sign visits from it. A push
      -- may carry only these users' work.
      CREATE TABLE device_users (
        device_id text NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        user_id text NOT NULL REFERENCES users (id),
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (device_id, user_id)
      );
      INSERT INTO device_users (device_id, user_id) SELECT id, user_id FROM devices;
    `,
  },
  {
    version: 4,
    name: 'signing keys per person and laptop, and when the server received each record',
    sql: `
      -- Each person who signs in online on a laptop registers a public key (Ed25519, 32 bytes) made there; every
      -- record they write carries a signature by it. A key revoked from a time signs nothing the server takes after.
      CREATE TABLE user_keys (
        id text PRIMARY KEY,
        user_id text NOT NULL REFERENCES users (id),
        device_id text NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        public_key bytea NOT NULL CHECK (length(public_key) = 32),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE INDEX user_keys_user ON user_keys (user_id);
      CREATE INDEX user_keys_device ON user_keys (device_id);
      -- When the server first received the record, and who signed it (the author, as the server verified it).
      ALTER TABLE documents ADD COLUMN received_at timestamptz NOT NULL DEFAULT now();
      ALTER TABLE documents ADD COLUMN signed_by text;
    `,
  },
  {
    version: 5,
    name: 'failed sign-ins per user name, and people removed from a device',
    sql: `
      -- Per-account backoff that survives a restart and is shared by every server process. Keyed on the user name as
      -- typed, known or not, so a name that exists is refused exactly like one that does not.
      CREATE TABLE sign_in_failures (
        username text PRIMARY KEY,
        attempts integer NOT NULL,
        last_attempt_at timestamptz NOT NULL,
        locked_until timestamptz
      );
      -- A person removed from a shared laptop: their earlier work from it still counts, nothing new does.
      ALTER TABLE device_users ADD COLUMN removed_at timestamptz;
    `,
  },
];

/** Applies the migrations not yet applied, up to `target` (all by default). Returns the versions applied now. */
export async function migrate(sql: Sql, target = Infinity): Promise<number[]> {
  const done: number[] = [];
  for (const migration of MIGRATIONS) {
    if (migration.version > target) break;
    await sql.transaction(async (tx) => {
      // Two servers starting at once: the second waits here, then finds the version applied.
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('hemtrygg schema migrations'))");
      await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const applied = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (applied.length > 0) return;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      done.push(migration.version);
    });
  }
  return done;
}

/** Our migrations hold no semicolons inside strings or bodies, so, without their comments, they split on them. */
function splitStatements(script: string): string[] {
  return script
    .replace(/--.*$/gm, '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
