/**
 * The server's one door to PostgreSQL, whichever PostgreSQL it is: a real server through `pg` (production,
 * DATABASE_URL) or PGlite in-process (the zero-install default of `npm run server`). One SQL dialect for both.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type Row = Record<string, unknown>;

export interface Queryable {
  query<T extends Row = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Sql extends Queryable {
  /** Runs `work` in one transaction (READ COMMITTED): committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Calls `onNotify` for each NOTIFY on `channel`, and `onReconnect` after the listening connection was restored. */
  listen(channel: string, onNotify: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  readonly kind: 'postgres' | 'pglite';
}

export function connectPostgres(connectionString: string, max = 10): Sql {
  const pool = new pg.Pool({ connectionString, max });
  // An idle client's error (the server restarted) must not crash the process; the pool replaces the client.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    async query<T extends Row>(text: string, params: readonly unknown[] = []) {
      return (await pool.query<T>(text, params as unknown[])).rows;
    },
    async transaction<T>(work: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <R extends Row>(text: string, params: readonly unknown[] = []) =>
            (await client.query<R>(text, params as unknown[])).rows,
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel, onNotify, onReconnect) {
      let closed = false;
      let current: pg.Client | undefined;
      const connect = async (): Promise<void> => {
        const client = new pg.Client({ connectionString });
        client.on('notification', (message) => {
          if (message.channel === channel) onNotify(message.payload ?? '');
        });
        client.on('error', () => {
          if (closed) return;
          current = undefined;
          client.end().catch(() => undefined);
          setTimeout(() => void reconnect(), 500);
        });
        await client.connect();
        await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        current = client;
      };
      const reconnect = async (): Promise<void> => {
        if (closed) return;
        try {
          await connect();
          onReconnect?.();
        } catch {
          setTimeout(() => void reconnect(), 1000);
        }
      };
      await connect();
      return async () => {
        closed = true;
        await current?.end().catch(() => undefined);
      };
    },
    close: () => pool.end(),
  };
}

export async function openPglite(dataDir?: string): Promise<Sql> {
  const db = await PGlite.create(dataDir);
  const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
    query: async <T extends Row>(text: string, params: readonly unknown[] = []) =>
      (await q.query<T>(text, params as unknown[])).rows,
  });
  return {
    kind: 'pglite',
    ...wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    async listen(channel, onNotify) {
      return db.listen(channel, onNotify);
    },
    close: () => db.close(),
  };
}
