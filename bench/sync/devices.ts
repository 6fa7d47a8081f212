/**
 * Many laptops syncing at once against the central server, for `npm run bench:sync`: each simulated device is a
 * lightweight HTTP client doing what the app's sync client (backend/sync/client.ts) does on the wire — not an RxDB
 * database — so hundreds fit in one process:
 *
 * - it keeps the live stream open (`GET /v1/sync/stream`) and, on every RESYNC event (for all four synced collections
 *   at the start of the stream, for the one that changed after a change of its team), pulls those collections from
 *   its own checkpoints, page after page until a page is not full, in parallel as the app's replications do; what a
 *   RESYNC names during a pull is pulled in one more round after it;
 * - as it comes online it pushes the visits its worker logged while offline (`backlog`, when given);
 * - every `pushEveryMs` (a uniform draw) its worker signs 1–`maxVisitsPerPush` visits and it pushes them, as RxDB
 *   pushes new local writes (valid visit records of its own team and worker, no assumed master state);
 * - once during the run, at a random moment, it refreshes its access token (`POST /v1/token`) and uses the new one.
 *
 * Each device talks from a loopback address of its own (127.0.t.d), as laptops come from their own addresses: the
 * server's per-address limits (enrolment, token refresh) then count per device, as they would in the field.
 *
 * Measured: every request (pull, push, refresh) from its start until its whole body is read, gunzipped and parsed.
 * An error is any answer that is not 2xx, a network error or a timeout; a push answered with conflicts is counted
 * separately (new visits never conflict, so it would be a bug). Streams that fail are counted too.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { v7 as uuidv7 } from 'uuid';
import { recordSigningPayload } from '../../core/signing.ts';
import { SYNCED_COLLECTIONS, type SyncCheckpoint, type SyncedCollection } from '../../core/sync.ts';
import type { VisitRecord } from '../../core/visits.ts';
import { visitRecord } from './visit-docs.ts';

const unzip = promisify(gunzip);

export interface DeviceAccount {
  readonly username: string;
  readonly password: string;
  readonly userId: string;
  readonly teamId: string;
  /** The loopback address this device connects from. */
  readonly address: string;
}

export interface LoadOptions {
  /** The server's root, `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly devices: readonly DeviceAccount[];
  readonly durationMs: number;
  /** Devices come online at random moments over this long at the start. */
  readonly startSpreadMs: number;
  /** Time between one device's pushes, drawn uniformly from [min, max]. */
  readonly pushEveryMs: readonly [number, number];
  readonly maxVisitsPerPush: number;
  /** Visits each device logged while offline and pushes as it comes online, drawn uniformly from [min, max]. */
  readonly backlog?: readonly [number, number];
  readonly pullBatchSize: number;
  /** A request that takes longer is abandoned and counted as an error. */
  readonly timeoutMs?: number;
}

type Kind = 'pull' | 'push' | 'refresh';

export interface KindResult {
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  devices: number;
  /** From the first device's start until the last request answered, ms. */
  elapsedMs: number;
  requests: number;
  errors: number;
  /** A few of the errors, for the record. */
  errorSamples: string[];
  p50: number;
  p99: number;
  max: number;
  byKind: Record<Kind, KindResult>;
  visitsPushed: number;
  documentsPulled: number;
  /** Pushes the server answered with conflicting documents (none are expected). */
  conflicts: number;
  streams: { opened: number; failed: number; resyncEvents: number };
  /** Requests that started once every device had come online (after `startSpreadMs`): p50 and p99, ms. */
  afterArrival: { requests: number; p50: number; p99: number };
  /** How late this process's own event loop ran (p99, ms): when it is high, the devices' figures include waiting here. */
  generatorLoopDelayP99: number;
}

interface Credentials {
  accessToken: string;
  refreshToken: string;
  /** The worker's signing key on this device (every pushed record is signed by its author). */
  signer: { keyId: string; privateKey: KeyObject };
}

class Recorder {
  readonly latencies: Record<Kind, number[]> = { pull: [], push: [], refresh: [] };
  /** Every request's latency with the moment it started, to tell the arrival of all devices from what follows. */
  readonly timeline: { at: number; ms: number }[] = [];
  readonly errors: Record<Kind, number> = { pull: 0, push: 0, refresh: 0 };
  readonly samples: string[] = [];
  visitsPushed = 0;
  documentsPulled = 0;
  conflicts = 0;
  streamsOpened = 0;
  streamsFailed = 0;
  resyncEvents = 0;

  error(kind: Kind, message: string): void {
    this.errors[kind] += 1;
    if (this.samples.length < 10) this.samples.push(`${kind}: ${message}`);
  }
}

interface Answer {
  status: number;
  body: unknown;
}

/** One request over `agent`; the body is read whole, gunzipped when it came gzip'd, and parsed. */
function send(
  agent: http.Agent,
  base: URL,
  path: string,
  body: unknown,
  token: string | undefined,
  timeoutMs: number,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    const request = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': payload.length,
          'accept-encoding': 'gzip',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const raw = Buffer.concat(chunks);
          const decoded = response.headers['content-encoding'] === 'gzip' ? unzip(raw) : Promise.resolve(raw);
          decoded.then((bytes) => {
            let parsed: unknown;
            try {
              parsed = bytes.length > 0 ? JSON.parse(bytes.toString('utf8')) : undefined;
            } catch {
              parsed = bytes.toString('utf8');
            }
            resolve({ status: response.statusCode ?? 0, body: parsed });
          }, reject);
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(payload);
  });
}

/** Enrols every device (sign-in online once), a few at a time; not measured. */
export async function enrolDevices(
  url: string,
  accounts: readonly DeviceAccount[],
  concurrency = 4,
): Promise<Credentials[]> {
  const base = new URL(url);
  const credentials: Credentials[] = new Array<Credentials>(accounts.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < accounts.length; i = next++) {
      const account = accounts[i] as DeviceAccount;
      const agent = new http.Agent({ keepAlive: false, localAddress: account.address });
      try {
        const { publicKey, privateKey } = generateKeyPairSync('ed25519');
        const answer = await send(
          agent,
          base,
          '/v1/enrol',
          {
            username: account.username,
            password: account.password,
            deviceName: `load ${account.username}`,
            publicKey: publicKey.export({ format: 'jwk' }).x,
          },
          undefined,
          30_000,
        );
        if (answer.status !== 200) throw new Error(`enrol ${account.username}: ${answer.status}`);
        const body = answer.body as Omit<Credentials, 'signer'> & { keyId: string };
        credentials[i] = { ...body, signer: { keyId: body.keyId, privateKey } };
      } finally {
        agent.destroy();
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return credentials;
}

const between = ([min, max]: readonly [number, number]) => min + Math.random() * (max - min);

class Device {
  private readonly agent: http.Agent;
  private readonly base: URL;
  private readonly checkpoints = new Map<SyncedCollection, SyncCheckpoint | null>();
  private stream: http.ClientRequest | undefined;
  private pulling: Promise<void> | undefined;
  private readonly wanted = new Set<SyncedCollection>();
  private running = true;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private visits = 0;

  private readonly account: DeviceAccount;
  private credentials: Credentials;
  private readonly options: LoadOptions;
  private readonly recorder: Recorder;
  private readonly deviceNumber: number;

  constructor(
    account: DeviceAccount,
    credentials: Credentials,
    options: LoadOptions,
    recorder: Recorder,
    deviceNumber: number,
  ) {
    this.account = account;
    this.credentials = credentials;
    this.options = options;
    this.recorder = recorder;
    this.deviceNumber = deviceNumber;
    this.base = new URL(options.url);
    this.agent = new http.Agent({ keepAlive: true, localAddress: account.address });
  }

  start(endAt: number): void {
    this.openStream();
    if (this.options.backlog) {
      const [min, max] = this.options.backlog;
      this.track(this.push(min + Math.floor(Math.random() * (max - min + 1))));
    }
    const schedulePush = () => {
      const wait = between(this.options.pushEveryMs);
      if (performance.now() + wait >= endAt) return;
      this.later(wait, () => {
        this.track(this.push());
        schedulePush();
      });
    };
    schedulePush();
    const refreshAt = Math.random() * Math.max(0, endAt - performance.now());
    this.later(refreshAt, () => this.track(this.refresh()));
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.running) run();
    }, ms);
    this.timers.add(timer);
  }

  private track(work: Promise<unknown>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** A measured request; resolves with the answer's body when it was 2xx, undefined otherwise. */
  private async request(kind: Kind, path: string, body: unknown, authed = true): Promise<unknown> {
    const started = performance.now();
    try {
      const answer = await send(
        this.agent,
        this.base,
        path,
        body,
        authed ? this.credentials.accessToken : undefined,
        this.options.timeoutMs ?? 10_000,
      );
      this.recorder.latencies[kind].push(performance.now() - started);
      this.recorder.timeline.push({ at: started, ms: performance.now() - started });
      if (answer.status < 200 || answer.status >= 300) {
        this.recorder.error(kind, `${answer.status} ${JSON.stringify(answer.body).slice(0, 160)}`);
        return undefined;
      }
      return answer.body;
    } catch (error) {
      this.recorder.latencies[kind].push(performance.now() - started);
      this.recorder.timeline.push({ at: started, ms: performance.now() - started });
      this.recorder.error(kind, (error as Error).message);
      return undefined;
    }
  }

  private openStream(): void {
    const request = http.request({
      agent: this.agent,
      host: this.base.hostname,
      port: this.base.port,
      path: '/v1/sync/stream',
      method: 'GET',
      headers: { accept: 'text/event-stream', authorization: `Bearer ${this.credentials.accessToken}` },
    });
    this.stream = request;
    request.on('response', (response) => {
      if (response.statusCode !== 200) {
        this.recorder.streamsFailed += 1;
        response.resume();
        return;
      }
      this.recorder.streamsOpened += 1;
      let buffered = '';
      response.setEncoding('utf8');
      response.on('data', (text: string) => {
        buffered += text;
        let end = buffered.indexOf('\n\n');
        while (end >= 0) {
          const event = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          if (/^event: resync$/m.test(event)) {
            this.recorder.resyncEvents += 1;
            // The data names the collection that changed, or is RESYNC for all, as the app reads it.
            const data = /^data: (.*)$/m.exec(event)?.[1] ?? 'RESYNC';
            const named = SYNCED_COLLECTIONS.find((collection) => collection === data);
            this.resync(named ? [named] : SYNCED_COLLECTIONS);
          }
          end = buffered.indexOf('\n\n');
        }
      });
      response.on('error', () => undefined);
    });
    request.on('error', () => {
      if (this.running) this.recorder.streamsFailed += 1;
    });
    request.end();
  }

  /** Pulls `collections` (the ones a RESYNC named); what is named during a pull is pulled in one more round after it. */
  private resync(collections: readonly SyncedCollection[]): void {
    if (!this.running) return;
    for (const collection of collections) this.wanted.add(collection);
    if (this.pulling) return;
    this.pulling = (async () => {
      while (this.wanted.size > 0 && this.running) {
        const round = [...this.wanted];
        this.wanted.clear();
        await Promise.all(round.map((collection) => this.pull(collection)));
      }
    })().finally(() => (this.pulling = undefined));
    this.track(this.pulling);
  }

  private async pull(collection: SyncedCollection): Promise<void> {
    for (;;) {
      const answer = (await this.request('pull', `/v1/sync/${collection}/pull`, {
        checkpoint: this.checkpoints.get(collection) ?? null,
        batchSize: this.options.pullBatchSize,
      })) as { documents: unknown[]; checkpoint: SyncCheckpoint | null } | undefined;
      if (!answer) return;
      this.recorder.documentsPulled += answer.documents.length;
      this.checkpoints.set(collection, answer.checkpoint);
      if (answer.documents.length < this.options.pullBatchSize || !this.running) return;
    }
  }

  private async push(visits?: number): Promise<void> {
    const count = visits ?? 1 + Math.floor(Math.random() * this.options.maxVisitsPerPush);
    const rows = Array.from({ length: count }, () => {
      const template = visitRecord(this.deviceNumber * 1000 + (this.visits++ % 1000));
      // Signed just now: the server takes visits only from around its own time.
      const shift = Date.now() - Date.parse(template.signedAt);
      const moved = (at: string) => new Date(Date.parse(at) + shift).toISOString();
      const visit: VisitRecord = {
        ...template,
        id: uuidv7(),
        teamId: this.account.teamId,
        workerId: this.account.userId,
        startedAt: moved(template.startedAt),
        endedAt: moved(template.endedAt),
        signedAt: moved(template.signedAt),
      };
      const signature = sign(
        null,
        Buffer.from(recordSigningPayload('visits', visit)),
        this.credentials.signer.privateKey,
      );
      const signedVisit = {
        ...visit,
        signature: { keyId: this.credentials.signer.keyId, value: signature.toString('base64url') },
      };
      return { assumedMasterState: null, newDocumentState: { ...signedVisit, _deleted: false } };
    });
    const answer = await this.request('push', '/v1/sync/visits/push', { rows });
    if (answer === undefined) return;
    this.recorder.visitsPushed += count;
    if (Array.isArray(answer) && answer.length > 0) this.recorder.conflicts += answer.length;
  }

  private async refresh(): Promise<void> {
    const answer = (await this.request(
      'refresh',
      '/v1/token',
      { refreshToken: this.credentials.refreshToken },
      false,
    )) as Credentials | undefined;
    if (answer) {
      this.credentials = { ...this.credentials, accessToken: answer.accessToken, refreshToken: answer.refreshToken };
    }
  }

  /** Stops starting anything new, waits for what is in flight, and closes its connections. */
  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.stream?.destroy();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    this.agent.destroy();
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number);

/** Runs the devices for `durationMs` (after their staggered start) and reports what they saw. */
export async function runDevices(options: LoadOptions, credentials: readonly Credentials[]): Promise<LoadResult> {
  const recorder = new Recorder();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  const endAt = started + options.durationMs;
  const devices = options.devices.map(
    (account, i) => new Device(account, credentials[i] as Credentials, options, recorder, i),
  );
  const starts = devices.map(
    (device) =>
      new Promise<void>((resolve) =>
        setTimeout(() => {
          device.start(endAt);
          resolve();
        }, Math.random() * options.startSpreadMs),
      ),
  );
  await Promise.all(starts);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, endAt - performance.now())));
  await Promise.all(devices.map((device) => device.stop()));
  const elapsedMs = performance.now() - started;
  loop.disable();
  const arrived = started + options.startSpreadMs;
  const later = recorder.timeline
    .filter((r) => r.at >= arrived)
    .map((r) => r.ms)
    .sort((a, b) => a - b);

  const summarise = (values: number[], errors: number): KindResult => {
    const sorted = [...values].sort((a, b) => a - b);
    return {
      requests: sorted.length,
      errors,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      max: sorted.at(-1) ?? 0,
    };
  };
  const kinds = ['pull', 'push', 'refresh'] as const;
  const byKind = Object.fromEntries(
    kinds.map((kind) => [kind, summarise(recorder.latencies[kind], recorder.errors[kind])]),
  ) as Record<Kind, KindResult>;
  const all = summarise(
    kinds.flatMap((kind) => recorder.latencies[kind]),
    kinds.reduce((sum, kind) => sum + recorder.errors[kind], 0),
  );
  return {
    devices: devices.length,
    elapsedMs,
    requests: all.requests,
    errors: all.errors,
    errorSamples: recorder.samples,
    p50: all.p50,
    p99: all.p99,
    max: all.max,
    byKind,
    visitsPushed: recorder.visitsPushed,
    documentsPulled: recorder.documentsPulled,
    conflicts: recorder.conflicts,
    streams: {
      opened: recorder.streamsOpened,
      failed: recorder.streamsFailed,
      resyncEvents: recorder.resyncEvents,
    },
    afterArrival: { requests: later.length, p50: percentile(later, 0.5), p99: percentile(later, 0.99) },
    generatorLoopDelayP99: loop.percentile(99) / 1e6,
  };
}
