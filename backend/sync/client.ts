/**
 * The laptop's side of sync: RxDB replication of each synced collection with the central server, run in the backend.
 * Live while online (a server-sent event stream says when to pull), retries with backoff while offline, resumes from
 * its checkpoints after any interruption, and stops with a clear state when the server says the laptop is no longer
 * let in. The status (online, changes not yet pushed, last sync, last error, first-sync progress) is pushed to the UI.
 */
import { hash } from '@node-rs/argon2';
import { EventSource } from 'eventsource';
import {
  getChangedDocumentsSince,
  getLastCheckpointDoc,
  type RxCollection,
  type RxReplicationPullStreamItem,
  type RxReplicationWriteToMasterRow,
  type WithDeleted,
} from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { BehaviorSubject, filter, map, Subject } from 'rxjs';
import type {
  DeviceCredentials,
  EnrolResponse,
  PullResponse,
  SyncCheckpoint,
  SyncedCollection,
  SyncErrorBody,
  SyncCounts,
  SyncErrorCode,
  SyncStatus,
} from '../../core/sync.ts';
import { MAX_PULL_BATCH, SYNCED_COLLECTIONS } from '../../core/sync.ts';
import type { HemtryggDatabase } from '../database.ts';
import { conflictId } from './conflicts.ts';
import { ROSTER_SETTING, type RosterEntry } from '../services/staff.ts';

export type { SyncStatus };

interface DeviceSetting extends DeviceCredentials {
  serverUrl: string;
  userId: string;
  teamId: string;
  firstSyncDone: boolean;
}

export class SyncHttpError extends Error {
  readonly status: number;
  readonly code: SyncErrorCode;
  readonly finalPush: boolean | undefined;
  constructor(status: number, code: SyncErrorCode, message: string, finalPush?: boolean) {
    super(message);
    this.status = status;
    this.code = code;
    this.finalPush = finalPush;
  }
}

export interface SyncClientOptions {
  readonly database: HemtryggDatabase;
  /** Documents per pull request. */
  readonly pullBatchSize?: number;
  readonly pushBatchSize?: number;
  /** Longest wait between retries while the server cannot be reached. */
  readonly maxBackoffMs?: number;
  readonly now?: () => Date;
}

const DEVICE = 'device';
/** The settings record with this laptop's clock offset from the server's, as last measured. */
export const CLOCK_OFFSET = 'clock-offset';
/** How often the first sync's progress (documents received) is reported: a status per document would flood the UI. */
const PROGRESS_EVERY_MS = 250;
/** How long a first sync waits for the server's counts before it starts without them. */
const TOTAL_WAIT_MS = 2000;

export class SyncClient {
  readonly status$: BehaviorSubject<SyncStatus>;
  private readonly database: HemtryggDatabase;
  private readonly options: Required<Omit<SyncClientOptions, 'database'>>;
  private device: DeviceSetting | undefined;
  private replications: RxReplicationState<unknown, SyncCheckpoint>[] = [];
  /** Which collection the server says changed; undefined: all of them (a new stream, a reconnect). */
  private readonly resync = new Subject<SyncedCollection | undefined>();
  private events: EventSource | undefined;
  private failures = 0;
  private refreshing: Promise<void> | undefined;
  private stopped = false;
  private revokedFinalPush: boolean | undefined;
  private pendingTimer: ReturnType<typeof setTimeout> | undefined;
  private received = 0;
  /** How many documents the server holds for the team, asked once as a first sync starts (for its progress bar). */
  private total: number | undefined;
  private progressTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly recording = new Set<Promise<void>>();
  private offsetMs = 0;
  private offsetSaved = false;

  constructor({ database, ...options }: SyncClientOptions) {
    this.database = database;
    this.options = {
      pullBatchSize: options.pullBatchSize ?? MAX_PULL_BATCH,
      pushBatchSize: options.pushBatchSize ?? 200,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
      now: options.now ?? (() => new Date()),
    };
    this.status$ = new BehaviorSubject<SyncStatus>({ state: 'not-enrolled', pending: 0 });
  }

  /** This laptop's id with the server, once enrolled. */
  get deviceId(): string | undefined {
    return this.device?.deviceId;
  }

  get status(): SyncStatus {
    return this.status$.getValue();
  }

  /**
   * This laptop's clock minus the server's, as last measured from the server's Date header (to the second; 0 until the
   * first answer). Drill entries carry it, so laptops whose clocks disagree still give one timeline.
   */
  get clockOffsetMs(): number {
    return this.offsetMs;
  }

  private setStatus(change: Partial<SyncStatus>): void {
    this.status$.next({ ...this.status, ...change });
  }

  /** Starts syncing if this laptop is enrolled. */
  async start(): Promise<void> {
    const stored = await this.database.settings.findOne(DEVICE).exec();
    if (!stored) return;
    this.device = stored.toJSON().value as unknown as DeviceSetting;
    this.bindConflicts();
    this.stopped = false;
    this.setStatus({ state: 'connecting', serverUrl: this.device.serverUrl });
    if (!this.device.firstSyncDone) {
      // Knowing the total first gives the bar its length from the start; a slow answer does not hold the sync up.
      const asked = this.askTotal(this.device);
      await Promise.race([asked, new Promise((resolve) => setTimeout(resolve, TOTAL_WAIT_MS).unref())]);
    }
    this.startReplications();
    void this.fetchRoster();
    this.openStream();
    this.watchPending();
  }

  /**
   * Signs in online once: the laptop becomes an enrolled device, the user's password also opens the app offline,
   * and syncing starts.
   */
  async enrol(serverUrl: string, username: string, password: string, deviceName: string): Promise<EnrolResponse> {
    const base = serverUrl.replace(/\/+$/, '');
    const response = await this.fetchJson<EnrolResponse>(`${base}/v1/enrol`, { username, password, deviceName });
    const device: DeviceSetting = {
      serverUrl: base,
      deviceId: response.deviceId,
      accessToken: response.accessToken,
      accessExpiresAt: response.accessExpiresAt,
      refreshToken: response.refreshToken,
      userId: response.user.id,
      teamId: response.user.teamId,
      firstSyncDone: false,
    };
    await this.database.settings.upsert({ id: DEVICE, value: { ...device } });
    await this.database.users.upsert({
      id: response.user.id,
      teamId: response.user.teamId,
      displayName: response.user.displayName,
      role: response.user.role,
      secretHash: await hash(password),
    });
    await this.start();
    return response;
  }

  /** Another member of the team signs in online on this laptop: they get a profile here, and their work syncs. */
  async addColleague(username: string, password: string): Promise<EnrolResponse['user']> {
    const user = await this.authed<EnrolResponse['user']>('/v1/device/users', { username, password });
    await this.database.users.upsert({ ...user, secretHash: await hash(password) });
    return user;
  }

  /** Resolves when everything local has been pushed and everything on the server pulled (tests, benchmarks). */
  async awaitInSync(): Promise<void> {
    await Promise.all(this.replications.map((r) => r.awaitInSync()));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.recording]);
    this.events?.close();
    this.events = undefined;
    clearTimeout(this.pendingTimer);
    clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
    await Promise.all(this.replications.map((r) => r.cancel()));
    this.replications = [];
  }

  /**
   * After revocation: removes this laptop's database — every record, settings and sign-in profiles — and tells the
   * server. Call it once the user has seen what it costs; the backend must be started again afterwards.
   */
  async wipe(): Promise<void> {
    await this.stop();
    const device = this.device;
    await this.database.db.remove();
    if (device) await this.authed('/v1/device/wiped', {}).catch(() => undefined);
    this.device = undefined;
    this.setStatus({ state: 'wiped', pending: 0, revoked: undefined });
  }

  private bindConflicts(): void {
    this.database.conflictSink.record = (conflict) => {
      const device = this.device;
      if (!device) return Promise.resolve();
      const record = {
        ...conflict,
        id: conflictId(conflict.collectionName, conflict.local, conflict.server),
        teamId: device.teamId,
        deviceId: device.deviceId,
        userId: device.userId,
        resolvedAt: this.options.now().toISOString(),
      };
      // Written just after the resolution, not inside it: RxDB's replication holds the database's write path while
      // it resolves, and a write awaited there never completes. stop() waits for these writes.
      const write = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => this.database.conflicts.insertIfNotExists(record))
        .then(() => undefined);
      this.recording.add(write);
      void write.finally(() => this.recording.delete(write));
      return Promise.resolve();
    };
  }

  private startReplications(): void {
    const device = this.device;
    if (!device) return;
    for (const name of SYNCED_COLLECTIONS) {
      const collection = this.database.db.collections[name] as RxCollection;
      const replication = replicateRxCollection<unknown, SyncCheckpoint>({
        collection,
        replicationIdentifier: `hemtrygg:${device.serverUrl}:${device.teamId}:${name}`,
        live: true,
        retryTime: 1000,
        waitForLeadership: false,
        autoStart: true,
        pull: {
          batchSize: this.options.pullBatchSize,
          stream$: this.resync.pipe(
            filter((changed) => changed === undefined || changed === name),
            map((): RxReplicationPullStreamItem<unknown, SyncCheckpoint> => 'RESYNC'),
          ),
          handler: (checkpoint, batchSize) => this.pull(name, checkpoint, batchSize),
        },
        push: {
          batchSize: this.options.pushBatchSize,
          handler: (rows) => this.push(name, rows),
        },
      });
      // RxDB turns handler errors into plain objects on error$; the handlers report their own failures instead.
      replication.received$.subscribe(() => {
        if (device.firstSyncDone) return;
        this.received += 1;
        this.progressTimer ??= setTimeout(() => {
          this.progressTimer = undefined;
          if (!device.firstSyncDone && !this.stopped) this.setStatus({ firstSync: this.firstSyncProgress() });
        }, PROGRESS_EVERY_MS);
      });
      this.replications.push(replication);
    }
    void Promise.all(this.replications.map((r) => r.awaitInitialReplication())).then(async () => {
      if (this.stopped || device.firstSyncDone) return;
      device.firstSyncDone = true;
      await this.saveDevice();
      this.setStatus({ firstSync: undefined });
    });
  }

  private firstSyncProgress(): NonNullable<SyncStatus['firstSync']> {
    if (this.total === undefined) return { received: this.received };
    return { received: Math.min(this.received, this.total), total: this.total };
  }

  /**
   * A first sync's progress bar needs to know how much is coming: the server's counts, once. What the laptop already
   * holds (a first sync interrupted and started again) counts as received. Without an answer the count still moves.
   */
  private async askTotal(device: DeviceSetting): Promise<void> {
    try {
      const counts = await this.authed<SyncCounts>('/v1/sync/counts', {});
      let local = 0;
      for (const name of SYNCED_COLLECTIONS) {
        local += await (this.database.db.collections[name] as RxCollection).count().exec();
      }
      this.received = Math.max(this.received, local);
      this.total = Object.values(counts).reduce((sum, n) => sum + n, 0);
      if (!device.firstSyncDone && !this.stopped) this.setStatus({ firstSync: this.firstSyncProgress() });
    } catch {
      // An older server, or the connection went: the bar shows the count alone.
    }
  }

  /** The team's staff names, for a supervisor reviewing colleagues' work; kept for offline use. */
  private async fetchRoster(): Promise<void> {
    try {
      const staff = await this.authed<RosterEntry[]>('/v1/team/staff', {});
      if (!this.stopped) await this.database.settings.upsert({ id: ROSTER_SETTING, value: { staff } });
    } catch {
      // Offline, or an older server: the names stay as they were.
    }
  }

  private async pull(
    collection: SyncedCollection,
    checkpoint: SyncCheckpoint | undefined,
    batchSize: number,
  ): Promise<{ documents: WithDeleted<unknown>[]; checkpoint: SyncCheckpoint | undefined }> {
    if (this.revokedFinalPush !== undefined) throw new SyncHttpError(403, 'device-revoked', 'Revoked.');
    const answer = await this.reported(
      this.authed<PullResponse>(`/v1/sync/${collection}/pull`, {
        checkpoint: checkpoint ?? null,
        batchSize,
      }),
    );
    this.synced();
    return { documents: answer.documents as WithDeleted<unknown>[], checkpoint: answer.checkpoint ?? checkpoint };
  }

  private async push(
    collection: SyncedCollection,
    rows: RxReplicationWriteToMasterRow<unknown>[],
  ): Promise<WithDeleted<unknown>[]> {
    const conflicts = await this.reported(this.authed<WithDeleted<unknown>[]>(`/v1/sync/${collection}/push`, { rows }));
    this.synced();
    this.schedulePending();
    return conflicts;
  }

  private async reported<T>(request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (error) {
      this.noteError(error);
      throw error;
    }
  }

  private synced(): void {
    this.failures = 0;
    if (this.status.state !== 'online' || this.status.lastError) {
      this.setStatus({ state: 'online', lastError: undefined });
    }
    // Every request succeeds in a burst during sync; the time shown moves on once a second at most.
    const now = this.options.now();
    const last = this.status.lastSyncedAt ? Date.parse(this.status.lastSyncedAt) : 0;
    if (now.getTime() - last >= 1000) this.setStatus({ lastSyncedAt: now.toISOString() });
  }

  /** A request with the access token; refreshes it once when it has expired. Waits out earlier failures first. */
  private async authed<T>(path: string, body: unknown): Promise<T> {
    const device = this.device;
    if (!device) throw new SyncHttpError(401, 'unauthenticated', 'Not enrolled.');
    if (this.failures > 0) {
      const wait = Math.min(this.options.maxBackoffMs, 250 * 2 ** Math.min(this.failures, 10));
      await new Promise((resolve) => setTimeout(resolve, wait * (0.5 + Math.random() / 2)));
    }
    try {
      return await this.fetchJson<T>(`${device.serverUrl}${path}`, body, device.accessToken);
    } catch (error) {
      if (error instanceof SyncHttpError && error.code === 'token-expired') {
        await this.refresh();
        return this.fetchJson<T>(`${device.serverUrl}${path}`, body, this.device?.accessToken);
      }
      throw error;
    }
  }

  private async refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      const device = this.device;
      if (!device) return;
      const fresh = await this.fetchJson<DeviceCredentials>(`${device.serverUrl}/v1/token`, {
        refreshToken: device.refreshToken,
      });
      Object.assign(device, fresh);
      await this.saveDevice();
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async saveDevice(): Promise<void> {
    if (this.device) await this.database.settings.upsert({ id: DEVICE, value: { ...this.device } });
  }

  private async fetchJson<T>(url: string, body: unknown, token?: string): Promise<T> {
    let response: Response;
    const sentAt = this.options.now().getTime();
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (cause) {
      throw new SyncHttpError(0, 'server-error', `The server cannot be reached (${(cause as Error).message}).`);
    }
    const serverDate = Date.parse(response.headers.get('date') ?? '');
    if (!Number.isNaN(serverDate)) {
      // The header has whole seconds: the server's clock read somewhere in [date, date + 1 s), halfway is the guess.
      const localMid = (sentAt + this.options.now().getTime()) / 2;
      const measured = Math.round(localMid - (serverDate + 500));
      // Kept on the laptop too (a restart without a connection, in a power cut, still knows it); written when it moves.
      if (Math.abs(measured - this.offsetMs) > 1000 || !this.offsetSaved) {
        this.offsetSaved = true;
        void this.database.settings
          .upsert({ id: CLOCK_OFFSET, value: { offsetMs: measured, measuredAt: new Date(localMid).toISOString() } })
          .catch(() => undefined);
      }
      this.offsetMs = measured;
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new SyncHttpError(response.status, 'server-error', 'The server’s answer was cut off.');
      }
    }
    let error: Partial<SyncErrorBody['error']> = {};
    try {
      error = (JSON.parse(text) as SyncErrorBody).error;
    } catch {
      // a proxy's or load balancer's page: keep the status
    }
    throw new SyncHttpError(
      response.status,
      error.code ?? 'server-error',
      error.message ?? `The server answered ${response.status}.`,
      error.finalPush,
    );
  }

  private noteError(error: unknown): void {
    if (this.stopped) return;
    const failure = error instanceof SyncHttpError ? error : undefined;
    if (failure?.code === 'device-revoked') {
      void this.revoked(failure.finalPush ?? false);
      return;
    }
    if (failure && (failure.code === 'unauthenticated' || failure.code === 'wrong-credentials')) {
      this.setStatus({ state: 'signed-out', lastError: { code: failure.code, message: failure.message } });
      void this.stop();
      return;
    }
    this.failures += 1;
    const offline = !failure || failure.status === 0;
    this.setStatus({
      state: offline ? 'offline' : this.status.state,
      lastError: offline
        ? { code: 'offline', message: failure?.message ?? String(error) }
        : { code: failure.code, message: failure.message },
    });
  }

  private async revoked(finalPush: boolean): Promise<void> {
    if (this.revokedFinalPush !== undefined) return;
    this.revokedFinalPush = finalPush;
    this.events?.close();
    const unpushed = await this.countPending();
    if (!finalPush) {
      // Nothing more goes out or comes in; the records stay until the user has been told and confirms the wipe.
      await this.stop();
    }
    this.setStatus({ state: 'revoked', revoked: { finalPush, unpushed }, pending: unpushed });
  }

  private openStream(): void {
    const device = this.device;
    if (!device || this.stopped) return;
    const events = new EventSource(`${device.serverUrl}/v1/sync/stream`, {
      fetch: (input, init) =>
        fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${this.device?.accessToken}` } }),
    });
    // The event's data names the collection that changed, or is `RESYNC` for all of them.
    events.addEventListener('resync', (event) => {
      const named = (SYNCED_COLLECTIONS as readonly string[]).includes(event.data);
      this.resync.next(named ? (event.data as SyncedCollection) : undefined);
    });
    events.onopen = () => {
      this.resync.next(undefined);
    };
    events.onerror = () => {
      if (events.readyState !== EventSource.CLOSED || this.stopped) return;
      // The server refused the stream (an expired token, revocation): refresh, then open it again.
      events.close();
      setTimeout(() => {
        if (this.stopped || this.revokedFinalPush !== undefined) return;
        void this.refresh()
          .catch((error: unknown) => this.noteError(error))
          .finally(() => this.openStream());
      }, 2000);
    };
    this.events = events;
  }

  private watchPending(): void {
    for (const name of SYNCED_COLLECTIONS) {
      (this.database.db.collections[name] as RxCollection).$.subscribe(() => this.schedulePending());
    }
    this.schedulePending();
  }

  private schedulePending(): void {
    clearTimeout(this.pendingTimer);
    if (this.stopped) return;
    this.pendingTimer = setTimeout(() => {
      void this.countPending().then((pending) => {
        if (pending !== this.status.pending) this.setStatus({ pending });
        if (this.status.revoked) this.setStatus({ revoked: { ...this.status.revoked, unpushed: pending } });
      });
    }, 100);
  }

  /** Local changes after each replication's upstream checkpoint that did not come from the server. */
  async countPending(): Promise<number> {
    let pending = 0;
    for (const replication of this.replications) {
      const state = replication.internalReplicationState;
      if (!state) continue;
      let checkpoint = await getLastCheckpointDoc(state, 'up');
      for (;;) {
        const page = await getChangedDocumentsSince(state.input.forkInstance, 1000, checkpoint);
        checkpoint = page.checkpoint;
        pending += page.documents.filter(
          (doc) => doc._meta[state.input.identifier] !== Number(doc._rev.split('-')[0]),
        ).length;
        if (page.documents.length < 1000) break;
      }
    }
    return pending;
  }
}
