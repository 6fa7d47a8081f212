/**
 * Hemtrygg's central server for `npm run bench:sync`, in a process of its own like the PouchDB peer's server
 * (`pouchdb-server.child.ts`): the server and the laptop it serves never share an event loop. `buildServer` from
 * server/app.ts over `connectPostgres(url, pool)` on 127.0.0.1, a port the system picks. Forked by
 * `startHemtryggServer` in `hemtrygg-peer.ts`, which talks to it over the IPC channel (`ServerRequest`, through child-rpc.ts).
 *
 * Arguments: the database URL (already migrated and loaded), the pg pool size, and the rate limit per device and
 * minute. gzip is on as in production (@fastify/compress, responses of 1 kB and more).
 *
 * Bytes on the wire are counted at the socket level, as on the PouchDB server: every accepted connection is kept, and
 * `traffic` sums bytesWritten (down to clients) and bytesRead (up from them), headers included, over all of them.
 *
 * `profile` starts or stops a V8 CPU profile of this process (node:inspector) and answers with where its time went.
 */
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildServer } from '../../server/app.ts';
import { connectPostgres, type Sql } from '../../server/sql.ts';
import { answerParent, countTraffic, type Traffic } from './child-rpc.ts';

export type { Traffic };
import { profileThisProcess, type ProfileSummary } from './profile.ts';

export type ServerRequest =
  | { id: number; method: 'traffic' }
  | { id: number; method: 'profile'; start: boolean }
  | { id: number; method: 'loopDelay'; reset: boolean }
  | { id: number; method: 'close' };
/** How late the server's event loop ran timers since the last reset, ms: a busy or blocked loop shows here. */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
  /** Requests answered since the last reset, and their time inside the server, ms. */
  requests: number;
  handledP50: number;
  handledP99: number;
  queries: number;
  queryP50: number;
  queryP99: number;
}

const [databaseUrl, pool = '20', rateLimit = '100000'] = process.argv.slice(2);
if (!databaseUrl) throw new Error('usage: hemtrygg-server.child.ts <database url> [pool] [rate limit per minute]');

async function main(): Promise<void> {
  const raw = connectPostgres(databaseUrl as string, Number(pool));
  const queried: number[] = [];
  const sql: Sql = {
    ...raw,
    kind: raw.kind,
    query: async (text, params) => {
      const t = performance.now();
      try {
        return await raw.query(text, params);
      } finally {
        queried.push(performance.now() - t);
      }
    },
    transaction: async (work) => {
      const t = performance.now();
      try {
        return await raw.transaction(work);
      } finally {
        queried.push(performance.now() - t);
      }
    },
  };
  const app = await buildServer({ sql, rateLimitPerMinute: Number(rateLimit) });
  // Time each request spends inside the server (from its arrival to its response's end), to tell server time from
  // time in transit or in the client.
  const handled: number[] = [];
  app.addHook('onRequest', async (request) => {
    (request as unknown as { benchStart: number }).benchStart = performance.now();
  });
  app.addHook('onResponse', async (request) => {
    handled.push(performance.now() - (request as unknown as { benchStart: number }).benchStart);
  });
  const traffic = countTraffic(app.server);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  // A port, not a name: the laptops' URLs must be 127.0.0.1 (the load test connects from other loopback addresses).
  const port = (app.server.address() as AddressInfo).port;

  let profiling: Awaited<ReturnType<typeof profileThisProcess>> | undefined;
  const profile = async (start: boolean): Promise<ProfileSummary | null> => {
    if (start) {
      profiling = await profileThisProcess();
      return null;
    }
    const summary = (await profiling?.stop()) ?? null;
    profiling = undefined;
    return summary;
  };
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const loopDelay = (reset: boolean): LoopDelay => {
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const sorted = [...handled].sort((a, b) => a - b);
    const at = (p: number) => Math.round(100 * (sorted[Math.floor(sorted.length * p)] ?? 0)) / 100;
    const value = {
      p50: ms(delay.percentile(50)),
      p99: ms(delay.percentile(99)),
      max: ms(delay.max),
      requests: sorted.length,
      handledP50: at(0.5),
      handledP99: at(0.99),
      queries: queried.length,
      queryP50: Math.round(100 * ([...queried].sort((a, b) => a - b)[Math.floor(queried.length / 2)] ?? 0)) / 100,
      queryP99: Math.round(100 * ([...queried].sort((a, b) => a - b)[Math.floor(queried.length * 0.99)] ?? 0)) / 100,
    };
    if (reset) {
      delay.reset();
      handled.length = 0;
      queried.length = 0;
    }
    return value;
  };
  let closed = false;
  const close = async (): Promise<null> => {
    if (closed) return null;
    closed = true;
    await app.close();
    await raw.close();
    return null;
  };

  const handle = async (request: ServerRequest): Promise<Traffic | ProfileSummary | LoopDelay | null> => {
    switch (request.method) {
      case 'traffic':
        return traffic();
      case 'profile':
        return profile(request.start);
      case 'loopDelay':
        return loopDelay(request.reset);
      case 'close':
        return close();
    }
  };
  answerParent(url.includes('127.0.0.1') ? url : `http://127.0.0.1:${port}`, handle, close);
}

main().catch((error: unknown) => {
  console.error('Hemtrygg bench server failed:', error);
  process.exit(1);
});
