/**
 * The laptop's side of sync: RxDB replication of each synced collection with the central server, run in the backend.
 * Live while online (a server-sent event stream says when to pull), retries with backoff while offline, resumes from
 * its checkpoints after any interruption, and stops with a clear state when the server says the laptop is no longer
 * let in. The status (online, changes not yet pushed, last sync, last error, first-sync progress, refused records) is
 * pushed to the UI.
 *
 * One refused record never stops the rest: a row the server refuses is parked (kept on the laptop, listed in the
 * `sync-refused` setting) and the others are pushed; a pulled record the laptop cannot store is skipped and listed.
 * While a person is signed in, every request carries their proof (core/signing.ts), so the server sends what only
 * their role may read.
 */
import type { KeyObject } from 'node:crypto';
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
  DeviceUserResponse,
  EnrolResponse,
  PullResponse,
  RefusedRecord,
  SyncCheckpoint,
  SyncedCollection,
  SyncErrorBody,
  SyncCounts,
  SyncErrorCode,
  SyncStatus,
} from '../../core/sync.ts';
import { isSafeServerUrl, MAX_PULL_BATCH, SYNCED_COLLECTIONS, syncedRecordSchemas } from '../../core/sync.ts';
import { mayWrite, needsPersonProof, RECORD_POLICY, recordAuthor } from '../../core/record-policy.ts';
import { PERSON_PROOF_HEADER, SIGNATURE_FIELD } from '../../core/signing.ts';
import type { HemtryggDatabase } from '../database.ts';
import { hashSecret } from '../sessions.ts';
import { newPersonKey, personProof, signRecord, type ActiveSigner } from '../signing.ts';
import { conflictId } from './conflicts.ts';
import { ROSTER_SETTING, type RosterEntry } from '../services/staff.ts';

export type { RefusedRecord, SyncStatus };

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
  /** For a refused record: which one, and the field at fault. */
  readonly documentId: string | undefined;
  readonly path: string | undefined;
  constructor(
    status: number,
    code: SyncErrorCode,
    message: string,
    finalPush?: boolean,
    documentId?: string,
    path?: string,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.finalPush = finalPush;
    this.documentId = documentId;
    this.path = path;
  }
}

/** The server refused one named record of a push (not the request as a whole): park it and push the rest. */
function refusedRecord(error: unknown): SyncHttpError | undefined {
  if (!(error instanceof SyncHttpError) || error.documentId === undefined) return undefined;
  // 409 waiting-for-record: the record needs another not on the server yet (a correction before its visit): it is
  // parked like a refusal, and sent again by itself after later pushes (`retryWaiting`).
  const refused =
    (error.status === 403 && error.code === 'forbidden') ||
    (error.status === 422 && error.code === 'invalid-document') ||
    (error.status === 409 && error.code === 'waiting-for-record');
  return refused ? error : undefined;
}

/** The server address has to be HTTPS unless it is this very computer (see core/sync.ts `isSafeServerUrl`). */
export class UnsafeServerUrlError extends Error {
  constructor() {
    super('The server must be reached over https:// (plain http:// only on this computer itself).');
    this.name = 'UnsafeServerUrlError';
  }
}

type PushRow = RxReplicationWriteToMasterRow<unknown>;
type Doc = Record<string, unknown>;

/** A refused record as kept in the `sync-refused` setting; a pushed one keeps its row, to be sent again. */
interface ParkedRecord extends RefusedRecord {
  readonly row?: { assumedMasterState?: Doc; newDocumentState: Doc };
}

/** The settings record listing refused records (no collection of its own: the laptop's collection budget is tight). */
export const REFUSED_SETTING = 'sync-refused';
/** Pulled records the laptop could not store are listed up to this many (the newest); a pushed one is never dropped. */
const MAX_PULLED_LISTED = 500;

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
  /** Changes to the refused-records setting, one at a time (pushes of several collections run at once). */
  private parking: Promise<unknown> = Promise.resolve();
  private watching = false;

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
    this.failures = 0;
    this.setStatus({ state: 'connecting', serverUrl: this.device.serverUrl, lastError: undefined });
    this.showRefused(await this.refusedRecords());
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
   * Signs in online once: the laptop becomes an enrolled device, the person gets a signing key and a profile opened by
   * the PIN chosen for this laptop, and syncing starts. A laptop whose tokens were ended (signed out) signs in again
   * the same way; what it had not sent is sent then.
   */
  async enrol(
    serverUrl: string,
    username: string,
    password: string,
    deviceName: string,
    pin: string,
  ): Promise<EnrolResponse> {
    // Checked here too, whatever called: a password must never cross a network in clear text.
    if (!isSafeServerUrl(serverUrl)) throw new UnsafeServerUrlError();
    const base = serverUrl.replace(/\/+$/, '');
    const key = await newPersonKey(pin);
    const response = await this.fetchJson<EnrolResponse>(`${base}/v1/enrol`, {
      username,
      password,
      deviceName,
      publicKey: key.publicKey,
    });
    if (this.status.state === 'signed-out') await this.stop();
    const device: DeviceSetting = {
      serverUrl: base,
      deviceId: response.deviceId,
      accessToken: response.accessToken,
      accessExpiresAt: response.accessExpiresAt,
      refreshToken: response.refreshToken,
      userId: response.user.id,
      teamId: response.user.teamId,
      firstSyncDone: this.device?.teamId === response.user.teamId && this.device.firstSyncDone,
    };
    this.revokedFinalPush = undefined;
    await this.database.settings.upsert({ id: DEVICE, value: { ...device } });
    await this.saveProfile(response, pin, key.wrap);
    await this.start();
    void this.retryRefused(signerOf(response, key.privateKey)).catch(() => 0);
    return response;
  }

  /** Another member of the team signs in online on this laptop: they get a profile and a key here, and their work syncs. */
  async addColleague(username: string, password: string, pin: string): Promise<DeviceUserResponse['user']> {
    const key = await newPersonKey(pin);
    const answer = await this.authed<DeviceUserResponse>('/v1/device/users', {
      username,
      password,
      publicKey: key.publicKey,
    });
    await this.saveProfile(answer, pin, key.wrap);
    // What the server refused of theirs before (no key yet, or an old one) goes again, signed with the new key.
    void this.retryRefused(signerOf(answer, key.privateKey)).catch(() => 0);
    return answer.user;
  }

  private async saveProfile(
    { user, keyId }: DeviceUserResponse,
    pin: string,
    wrap: Awaited<ReturnType<typeof newPersonKey>>['wrap'],
  ): Promise<void> {
    await this.database.users.upsert({
      id: user.id,
      teamId: user.teamId,
      displayName: user.displayName,
      role: user.role,
      secretHash: await hashSecret(pin),
      signingKey: { ...wrap, keyId },
    });
  }

  /**
   * Someone signed in or the laptop locked: with a person signed in, pull again what only some roles may read (the
   * server held it back while nobody who may read it could prove they were here).
   */
  personChanged(): void {
    if (this.stopped || !this.device || !this.database.signer.current?.()) return;
    for (const name of SYNCED_COLLECTIONS) if (needsPersonProof(name)) this.resync.next(name);
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
    clearTimeout(this.waitingTimer);
    this.waitingTimer = undefined;
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
        // Who was at the laptop when sync resolved it; the enrolling person when nobody was.
        userId: this.database.signer.current?.()?.userId ?? device.userId,
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
    // The server stops an answer at its byte budget and says `more`. RxDB takes a short batch as the end of the feed,
    // so ask on here (a few answers at most, to bound what is held at once), then have RxDB pull again.
    const documents: Doc[] = [];
    let at = checkpoint;
    let answer: PullResponse;
    let rounds = 0;
    do {
      answer = await this.reported(
        this.authed<PullResponse>(`/v1/sync/${collection}/pull`, {
          checkpoint: at ?? null,
          batchSize: batchSize - documents.length,
        }),
      );
      documents.push(...(answer.documents as Doc[]));
      at = answer.checkpoint ?? at;
      rounds += 1;
    } while (answer.more && documents.length < batchSize && rounds < MAX_PULL_ROUNDS);
    if (answer.more && documents.length < batchSize) setImmediate(() => this.resync.next(collection));
    this.synced();
    const { kept, skipped } = this.storable(collection, documents);
    if (skipped.length > 0 || this.status.refused?.pulled) await this.notePulled(collection, kept, skipped);
    return { documents: kept as WithDeleted<unknown>[], checkpoint: at };
  }

  /**
   * The pulled documents this laptop can store. One it would refuse (its record schema fails) is skipped and listed,
   * not left to fail the whole batch: the rest arrive, and the sync screen says what did not.
   */
  private storable(collection: SyncedCollection, documents: readonly Doc[]) {
    const kept: Doc[] = [];
    const skipped: RefusedRecord[] = [];
    for (const doc of documents) {
      const { _deleted: deleted, ...record } = doc;
      const parsed = deleted === true ? undefined : syncedRecordSchemas[collection].safeParse(record);
      if (!parsed || parsed.success) {
        kept.push(doc);
        continue;
      }
      const issue = parsed.error.issues[0];
      const path = issue?.path.map(String).join('.') ?? '';
      skipped.push({
        collection,
        id: String(doc['id']).slice(0, 64),
        direction: 'pulled',
        code: 'invalid-document',
        message: `This laptop cannot store the server's ${collection} record: ${path}: ${issue?.message ?? ''}`,
        ...(path ? { path } : {}),
        at: this.options.now().toISOString(),
      });
    }
    return { kept, skipped };
  }

  /** Lists pulled records skipped; one that now arrives valid (the server's version was mended) leaves the list. */
  private notePulled(collection: SyncedCollection, kept: readonly Doc[], skipped: readonly RefusedRecord[]) {
    const arrived = new Set(kept.map((doc) => String(doc['id'])));
    return this.changeRefused((records) => {
      const others = records.filter(
        (r) =>
          r.direction !== 'pulled' ||
          r.collection !== collection ||
          (!arrived.has(r.id) && !skipped.some((s) => s.id === r.id)),
      );
      const pulled = [...others.filter((r) => r.direction === 'pulled'), ...skipped].slice(-MAX_PULLED_LISTED);
      return [...others.filter((r) => r.direction === 'pushed'), ...pulled];
    });
  }

  private async push(collection: SyncedCollection, rows: PushRow[]): Promise<WithDeleted<unknown>[]> {
    const { conflicts } = await this.pushRows(collection, rows);
    this.synced();
    this.schedulePending();
    if (this.waiting > 0) this.scheduleWaitingRetry(0);
    return conflicts;
  }

  /**
   * Pushes rows. When the server refuses one named row (403 forbidden, 422 invalid document) the whole push was
   * refused: that row is parked — kept on the laptop as it is, listed for the sync screen — and the others go again.
   * To RxDB a parked row counts as pushed, so replication moves on; `retryRefused` sends it again.
   */
  private async pushRows(
    collection: SyncedCollection,
    rows: readonly PushRow[],
  ): Promise<{ conflicts: WithDeleted<unknown>[]; parked: string[] }> {
    let remaining = [...rows];
    const parked: string[] = [];
    while (remaining.length > 0) {
      try {
        const conflicts = await this.authed<WithDeleted<unknown>[]>(`/v1/sync/${collection}/push`, {
          rows: remaining,
        });
        return { conflicts, parked };
      } catch (error) {
        const refusal = refusedRecord(error);
        const index = refusal ? remaining.findIndex((row) => rowId(row) === refusal.documentId) : -1;
        if (!refusal || index < 0) {
          this.noteError(error);
          throw error;
        }
        const row = remaining[index] as PushRow;
        await this.park(collection, row, refusal);
        parked.push(rowId(row));
        remaining = remaining.filter((_, i) => i !== index);
      }
    }
    return { conflicts: [], parked };
  }

  private park(collection: SyncedCollection, row: PushRow, refusal: SyncHttpError): Promise<void> {
    const parked: ParkedRecord = {
      collection,
      id: rowId(row),
      direction: 'pushed',
      code: refusal.code,
      message: refusal.message.slice(0, 500),
      ...(refusal.path ? { path: refusal.path.slice(0, 200) } : {}),
      at: this.options.now().toISOString(),
      row: {
        ...(row.assumedMasterState ? { assumedMasterState: row.assumedMasterState as Doc } : {}),
        newDocumentState: row.newDocumentState as Doc,
      },
    };
    return this.changeRefused((records) => [...records.filter((r) => !sameRecord(r, parked)), parked]);
  }

  /** The records the server refused or the laptop skipped, newest last (without the parked rows themselves). */
  async refused(): Promise<RefusedRecord[]> {
    return (await this.refusedRecords()).map(({ row: _, ...record }) => record);
  }

  /**
   * Sends the parked records again: each re-signed by `signer` (default: the person signed in now) when it is theirs
   * to sign — their own record, or a client record they may keep. Answers how many the server took. A record the server
   * already holds in another version is kept in a conflict record, as any conflict is.
   */
  async retryRefused(
    signer: ActiveSigner | undefined = this.database.signer.current?.(),
    which: (record: ParkedRecord) => boolean = () => true,
  ): Promise<number> {
    const parked = (await this.refusedRecords()).filter((r) => r.direction === 'pushed' && r.row && which(r));
    let taken = 0;
    for (const collection of SYNCED_COLLECTIONS) {
      const mine = parked.filter((r) => r.collection === collection);
      if (mine.length === 0 || !this.device) continue;
      const rows = mine.map((r) => resigned(collection, r.row as NonNullable<ParkedRecord['row']>, signer));
      const { conflicts, parked: again } = await this.pushRows(collection, rows as PushRow[]);
      for (const theirs of conflicts as Doc[]) {
        const local = rows.find((row) => row.newDocumentState['id'] === theirs['id'])?.newDocumentState;
        if (local) await this.recordParkedConflict(collection, local, theirs);
      }
      const done = new Set(mine.map((r) => r.id).filter((id) => !again.includes(id)));
      taken += done.size - conflicts.length;
      await this.changeRefused((records) =>
        records.filter((r) => !(r.direction === 'pushed' && r.collection === collection && done.has(r.id))),
      );
    }
    this.schedulePending();
    return taken;
  }

  private async recordParkedConflict(collection: SyncedCollection, local: Doc, server: Doc): Promise<void> {
    if (collection === 'conflicts') return;
    await this.database.conflictSink.record?.({
      collectionName: collection,
      documentId: String(server['id']),
      local,
      server,
      result: server,
      droppedFields: Object.keys({ ...local, ...server })
        .filter((k) => k !== SIGNATURE_FIELD && JSON.stringify(local[k]) !== JSON.stringify(server[k]))
        .sort(),
    });
    await Promise.allSettled([...this.recording]);
  }

  /**
   * Sends again, as they are, the records that waited for another (a correction sent before its visit): after each
   * successful push, one retry at a time, so the correction follows its visit without anyone asking.
   */
  private retryingWaiting: Promise<unknown> | undefined;
  private retryWaiting(): Promise<unknown> {
    this.retryingWaiting ??= this.retryRefused(undefined, (r) => r.code === 'waiting-for-record')
      .catch(() => 0)
      .finally(() => (this.retryingWaiting = undefined));
    return this.retryingWaiting;
  }

  /** How many parked records wait for another record (kept in step with the list by `showRefused`). */
  private waiting = 0;

  private async refusedRecords(): Promise<ParkedRecord[]> {
    const stored = await this.database.settings.findOne(REFUSED_SETTING).exec();
    const value = stored?.toJSON().value as { records?: ParkedRecord[] } | undefined;
    return value?.records ?? [];
  }

  /** Changes the refused-records list, one change at a time, and shows the new counts. */
  private changeRefused(change: (records: ParkedRecord[]) => ParkedRecord[]): Promise<void> {
    const next = this.parking.then(async () => {
      const before = await this.refusedRecords();
      const records = change(before);
      // Every pull passes through here while something is listed: write only what changed.
      if (JSON.stringify(records) === JSON.stringify(before)) return;
      await this.database.settings.upsert({ id: REFUSED_SETTING, value: { records } });
      this.showRefused(records);
    });
    this.parking = next.catch(() => undefined);
    return next;
  }

  private showRefused(records: readonly RefusedRecord[]): void {
    // A record waiting for another is not refused: it counts as a change not yet sent, and is sent by itself.
    const waiting = records.filter((r) => r.direction === 'pushed' && r.code === 'waiting-for-record').length;
    if (waiting !== this.waiting) {
      this.waiting = waiting;
      this.schedulePending();
    }
    if (waiting > 0) this.scheduleWaitingRetry();
    const pushed = records.filter((r) => r.direction === 'pushed').length - waiting;
    const pulled = records.length - pushed - waiting;
    const before = this.status.refused;
    if (before?.pushed === pushed && before.pulled === pulled) return;
    this.setStatus({ refused: pushed + pulled > 0 ? { pushed, pulled } : undefined });
    if (this.status.revoked) this.schedulePending();
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
    // A revoked laptop's last push succeeding does not make it a connected laptop again.
    if (this.revokedFinalPush !== undefined) return;
    if (this.status.state !== 'online' || this.status.lastError) {
      this.setStatus({ state: 'online', lastError: undefined });
    }
    // Every request succeeds in a burst during sync; the time shown moves on once a second at most.
    const now = this.options.now();
    const last = this.status.lastSyncedAt ? Date.parse(this.status.lastSyncedAt) : 0;
    if (now.getTime() - last >= 1000) this.setStatus({ lastSyncedAt: now.toISOString() });
    if (this.waiting > 0) this.scheduleWaitingRetry(250);
  }

  /**
   * Sends the records waiting for another again soon: after any successful request (the record they wait for may
   * just have arrived), and otherwise on a timer that backs off to a minute while they keep waiting.
   */
  private waitingTimer: ReturnType<typeof setTimeout> | undefined;
  private waitingDelayMs = 1000;
  private scheduleWaitingRetry(delayMs?: number): void {
    if (this.stopped || (this.waitingTimer && delayMs === undefined)) return;
    clearTimeout(this.waitingTimer);
    const wait = delayMs ?? this.waitingDelayMs;
    this.waitingTimer = setTimeout(() => {
      this.waitingTimer = undefined;
      this.waitingDelayMs = Math.min(60_000, this.waitingDelayMs * 2);
      void this.retryWaiting().then(() => {
        if (this.waiting > 0) this.scheduleWaitingRetry();
        else this.waitingDelayMs = 1000;
      });
    }, wait);
    this.waitingTimer.unref?.();
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
      return await this.fetchJson<T>(`${device.serverUrl}${path}`, body, device.accessToken, this.personHeader());
    } catch (error) {
      if (error instanceof SyncHttpError && error.code === 'token-expired') {
        // Also for a revoked laptop allowed a last push: the server renews its tokens for that push.
        await this.refresh();
        return this.fetchJson<T>(`${device.serverUrl}${path}`, body, this.device?.accessToken, this.personHeader());
      }
      throw error;
    }
  }

  /** The proof that the person signed in now is at this laptop (none while nobody is, or they have no key here). */
  private personHeader(): Record<string, string> {
    const signer = this.database.signer.current?.();
    const deviceId = this.device?.deviceId;
    if (!signer || !deviceId) return {};
    return { [PERSON_PROOF_HEADER]: personProof(signer, deviceId, this.options.now().getTime()) };
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

  private async fetchJson<T>(
    url: string,
    body: unknown,
    token?: string,
    extra: Record<string, string> = {},
  ): Promise<T> {
    let response: Response;
    const sentAt = this.options.now().getTime();
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...extra,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
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
      typeof error.documentId === 'string' ? error.documentId : undefined,
      typeof error.path === 'string' ? error.path : undefined,
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
    const unpushed = await this.countUnpushed();
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
        fetch(input, {
          ...init,
          headers: {
            ...init?.headers,
            ...this.personHeader(),
            authorization: `Bearer ${this.device?.accessToken}`,
          },
        }),
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
        // A revoked laptop allowed a last push gets fresh tokens, and only a pull tells it it was revoked: pull now.
        void this.refresh()
          .then(() => this.resync.next(undefined))
          .catch((error: unknown) => this.noteError(error))
          .finally(() => this.openStream());
      }, 2000);
    };
    this.events = events;
  }

  private watchPending(): void {
    // Once per client: a laptop that signs in online again starts anew, and its watches stay.
    if (this.watching) return this.schedulePending();
    this.watching = true;
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
        if (this.status.revoked) {
          const unpushed = pending + (this.status.refused?.pushed ?? 0);
          this.setStatus({ revoked: { ...this.status.revoked, unpushed } });
        }
      });
    }, 100);
  }

  /** What emptying the laptop would lose: changes not yet pushed, and records the server refused (kept here). */
  private async countUnpushed(): Promise<number> {
    return (await this.countPending()) + (this.status.refused?.pushed ?? 0);
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
    return pending + this.waiting;
  }
}

const signerOf = ({ user, keyId }: DeviceUserResponse, privateKey: KeyObject): ActiveSigner => ({
  userId: user.id,
  role: user.role,
  keyId,
  privateKey,
});

/** Server answers one pull request may gather before handing RxDB a short batch (each at most the server's budget). */
const MAX_PULL_ROUNDS = 4;

const rowId = (row: PushRow): string => String((row.newDocumentState as Doc)['id']);

const sameRecord = (a: RefusedRecord, b: RefusedRecord): boolean =>
  a.direction === b.direction && a.collection === b.collection && a.id === b.id;

/**
 * A parked row as it goes again: signed anew by `signer` when the record is theirs to sign (their own, or a client
 * record they may keep) and carries no signature by their current key. Others' records go as they were.
 */
function resigned(
  collection: SyncedCollection,
  row: NonNullable<ParkedRecord['row']>,
  signer: ActiveSigner | undefined,
): NonNullable<ParkedRecord['row']> {
  const doc = row.newDocumentState;
  if (!signer || RECORD_POLICY[collection].deviceMade || doc['_deleted'] === true) return row;
  const { [SIGNATURE_FIELD]: signature, _deleted: deleted, ...record } = doc;
  const theirs =
    RECORD_POLICY[collection].authorField === undefined
      ? mayWrite(collection, signer.role, record)
      : recordAuthor(collection, record) === signer.userId;
  if (!theirs || (signature as { keyId?: unknown } | undefined)?.keyId === signer.keyId) return row;
  return {
    ...row,
    newDocumentState: { ...record, [SIGNATURE_FIELD]: signRecord(signer, collection, record), _deleted: deleted },
  };
}
