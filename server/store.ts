/**
 * The synced documents: the change feed a device pulls from and the compare-and-swap a push goes through.
 *
 * No gaps in pull: every write transaction first takes the next value of its team's clock row (UPDATE … RETURNING,
 * which holds the row lock until commit) and stamps its documents with it. A second writer of the same team waits on
 * that lock, so within a team the clock's order is the commit order, and a row can never appear below a checkpoint
 * already handed out. Pull pages by (seq, id).
 */
import { isDeepStrictEqual } from 'node:util';
import { mayRead, mayWrite, needsPersonProof, RECORD_POLICY, recordAuthor } from '../core/record-policy.ts';
import { isLocked, lockDate, visitReview, type ReviewRecord } from '../core/reviews.ts';
import { localDate } from '../core/schedule.ts';
import { SIGNATURE_FIELD } from '../core/signing.ts';
import { SYNCED_COLLECTIONS, type SyncCheckpoint, type SyncedCollection, type WireDocument } from '../core/sync.ts';
import type { Role } from '../core/users.ts';
import { checkAmendment as checkVisitAmendment, type AmendmentRecord, type VisitRecord } from '../core/visits.ts';
import { loadKeys, verifyPersonProof, verifyRecord, type SigningKey } from './keys.ts';
import { checkRecord, PushRefused } from './records.ts';
import type { Queryable, Sql } from './sql.ts';

export const SYNC_CHANNEL = 'hemtrygg_sync';

/**
 * What goes over SYNC_CHANNEL: `<collection> <team id>` when a team's documents of one collection changed, so its
 * laptops pull that collection only; `device:<id>` when a device was revoked.
 */
export type SyncNotice =
  { kind: 'change'; teamId: string; collection: SyncedCollection | undefined } | { kind: 'revoked'; deviceId: string };

export const changeNotice = (teamId: string, collection: SyncedCollection): string => `${collection} ${teamId}`;

export function parseNotice(payload: string): SyncNotice {
  if (payload.startsWith('device:')) return { kind: 'revoked', deviceId: payload.slice('device:'.length) };
  const space = payload.indexOf(' ');
  const collection = payload.slice(0, space);
  // A bare team id (what servers before this notice sent): every collection.
  if (space < 0 || !(SYNCED_COLLECTIONS as readonly string[]).includes(collection)) {
    return { kind: 'change', teamId: payload, collection: undefined };
  }
  return { kind: 'change', teamId: payload.slice(space + 1), collection: collection as SyncedCollection };
}

/** Who writes: the device, the user who enrolled it, the team everything is scoped to, and who signs in on it. */
export interface Writer {
  readonly deviceId: string;
  readonly userId: string;
  readonly teamId: string;
  readonly role: 'worker' | 'supervisor' | 'admin';
  /** Staff who have signed in online on this device; only their work may come from it. */
  readonly userIds: readonly string[];
  /** The roles of the people registered on it who are still enabled and not removed: what its pulls may bring. */
  readonly activeRoles: readonly Role[];
  /** Whether a supervisor or administrator has signed in on it: only then does it receive the team's access log. */
  readonly mayReadAccessLog: boolean;
}

export interface PushRow {
  readonly assumedMasterState?: WireDocument | null | undefined;
  readonly newDocumentState: WireDocument;
}

export { PushRefused };

/** Takes the team's next clock value; the row stays locked until the transaction ends. */
export type Stamp = (tx: Queryable, teamId: string) => Promise<number>;

export const teamClock: Stamp = async (tx, teamId) => {
  const [row] = await tx.query<{ v: string }>(
    `INSERT INTO sync_clock (team_id, v) VALUES ($1, 1)
     ON CONFLICT (team_id) DO UPDATE SET v = sync_clock.v + 1 RETURNING v`,
    [teamId],
  );
  return Number(row?.v);
};

/** How many documents of each synced collection the team has, tombstones included (what a first sync will pull). */
export async function countDocuments(sql: Queryable, teamId: string): Promise<Record<SyncedCollection, number>> {
  const rows = await sql.query<{ collection: SyncedCollection; n: string }>(
    'SELECT collection, count(*) AS n FROM documents WHERE team_id = $1 GROUP BY collection',
    [teamId],
  );
  const counts = Object.fromEntries(SYNCED_COLLECTIONS.map((c) => [c, 0])) as Record<SyncedCollection, number>;
  for (const row of rows) if (row.collection in counts) counts[row.collection] = Number(row.n);
  return counts;
}

/** Which collections a device may pull: the access log only reaches laptops a supervisor or administrator uses. */
export const mayPull = (writer: Pick<Writer, 'mayReadAccessLog'>, collection: SyncedCollection): boolean =>
  collection !== 'access' || writer.mayReadAccessLog;

/** The most a pull answer carries, as JSON; a laptop always gets at least one document, so it always moves on. */
export const PULL_BYTE_BUDGET = 4 * 1024 * 1024;

/**
 * A device's pull: what its people may read of the collection, from the checkpoint on. Kinds a worker may not read
 * (the access log, sync conflicts) come only while a person who may read them proves they are signed in on it now;
 * the rest come when someone enabled on the device may read them (an administrator's laptop gets no screenings).
 * A laptop that may not read a kind gets nothing and keeps its checkpoint, so it catches up once it may.
 */
export async function pullFor(
  sql: Queryable,
  writer: Writer,
  collection: SyncedCollection,
  checkpoint: SyncCheckpoint | null | undefined,
  batchSize: number,
  personProof: string | string[] | undefined,
): Promise<PullAnswer> {
  const nothing = { documents: [], checkpoint: checkpoint ?? null };
  if (needsPersonProof(collection)) {
    const person = await verifyPersonProof(sql, writer.deviceId, typeof personProof === 'string' ? personProof : '');
    if (!person || person.teamId !== writer.teamId || !mayRead(collection, [person.role])) return nothing;
  } else if (!mayRead(collection, writer.activeRoles)) {
    return nothing;
  }
  return pull(sql, writer.teamId, collection, checkpoint, batchSize);
}

export interface PullAnswer {
  documents: WireDocument[];
  checkpoint: SyncCheckpoint | null;
  more?: boolean;
}

export async function pull(
  sql: Queryable,
  teamId: string,
  collection: SyncedCollection,
  checkpoint: SyncCheckpoint | null | undefined,
  batchSize: number,
  byteBudget = PULL_BYTE_BUDGET,
): Promise<PullAnswer> {
  const from = checkpoint ?? { seq: 0, id: '' };
  const rows = await sql.query<{ id: string; seq: string; data: WireDocument; bytes: number }>(
    `SELECT id, seq, data, octet_length(data::text) AS bytes FROM documents
     WHERE team_id = $1 AND collection = $2 AND (seq, id) > ($3::bigint, $4::text)
     ORDER BY seq, id LIMIT $5`,
    [teamId, collection, from.seq, from.id, batchSize],
  );
  let used = 0;
  let take = 0;
  while (take < rows.length && (take === 0 || used + Number(rows[take]?.bytes) <= byteBudget)) {
    used += Number(rows[take]?.bytes);
    take += 1;
  }
  const kept = rows.slice(0, take);
  const last = kept.at(-1);
  return {
    documents: kept.map((r) => r.data),
    checkpoint: last ? { seq: Number(last.seq), id: last.id } : (checkpoint ?? null),
    ...(take < rows.length ? { more: true } : {}),
  };
}

/** How far from the server's clock a record's own time may be: a laptop offline for a year, a clock a day fast. */
const PLAUSIBLE_PAST_MS = 400 * 24 * 3_600_000;
const PLAUSIBLE_FUTURE_MS = 2 * 24 * 3_600_000;
/** A visit is logged within this time of when it happened (issue 18 makes it the supervisor's setting). */
const LATEST_LOGGING_MS = 31 * 24 * 3_600_000;

interface AuthoriseContext {
  readonly tx: Queryable;
  readonly writer: Writer;
  readonly keys: ReadonlyMap<string, SigningKey>;
  readonly now: Date;
}

/**
 * Checks that this record may be written by whoever signed it, by the rules of its kind (core/record-policy.ts);
 * throws PushRefused otherwise. Returns the verified author's id (undefined for records the device makes itself).
 */
export async function authorise(
  context: AuthoriseContext,
  collection: SyncedCollection,
  doc: WireDocument,
  current: WireDocument | undefined,
): Promise<string | undefined> {
  const { writer, keys, now } = context;
  const policy = RECORD_POLICY[collection];
  const refuse = (message: string): never => {
    throw new PushRefused('forbidden', message, doc.id);
  };
  const invalid = (message: string, path: string): never => {
    throw new PushRefused('invalid-document', message, doc.id, path);
  };
  if (doc['teamId'] !== writer.teamId) refuse('The record belongs to another team.');
  if (policy.appendOnly && doc._deleted) refuse('A signed record is never deleted.');
  if (policy.appendOnly && current !== undefined) return undefined; // an append-only record never changes: a conflict
  if (policy.timeField !== undefined) {
    const at = Date.parse(String(doc[policy.timeField]));
    if (!(at >= now.getTime() - PLAUSIBLE_PAST_MS && at <= now.getTime() + PLAUSIBLE_FUTURE_MS)) {
      invalid(`The record's time ${String(doc[policy.timeField])} is not plausible.`, policy.timeField);
    }
  }
  if (policy.deviceMade) {
    if (doc['deviceId'] !== writer.deviceId || !writer.userIds.includes(String(doc['userId']))) {
      refuse('A conflict record can only come from the device that resolved it.');
    }
    // The version the device had is what a supervisor's restore would bring back: it must be what its author signed.
    const collectionName = doc['collectionName'] as SyncedCollection;
    const local = doc['local'] as WireDocument;
    if (!RECORD_POLICY[collectionName].deviceMade && !local._deleted) {
      verifySigned(keys, collectionName, local, refuse);
    }
    return undefined;
  }
  const key = verifySigned(keys, collection, doc, refuse);
  if (key.teamId !== writer.teamId) refuse('The record is signed by someone of another team.');
  const at = policy.timeField === undefined ? now.getTime() : Date.parse(String(doc[policy.timeField]));
  if (key.revokedAt && at > key.revokedAt.getTime()) {
    refuse('The record is signed with a key withdrawn before it was written: sign in online again on this laptop.');
  }
  if (policy.mutableFields && current !== undefined && !current._deleted) {
    const fixed = Object.keys({ ...current, ...doc }).find(
      (field) =>
        field !== '_deleted' &&
        !policy.mutableFields?.includes(field) &&
        !isDeepStrictEqual(current[field], doc[field]),
    );
    if (fixed !== undefined) refuse(`The field ${fixed} never changes once written.`);
  }
  if (collection === 'visits') checkVisitTimes(doc, invalid);
  if (collection === 'amendments') await checkAmendment(context, doc, key);
  return key.userId;
}

/** The record's signature, verified: by a registered key, of the author the record names, whose role may write it. */
function verifySigned(
  keys: ReadonlyMap<string, SigningKey>,
  collection: SyncedCollection,
  doc: WireDocument,
  refuse: (message: string) => never,
): SigningKey {
  const signature = doc[SIGNATURE_FIELD] as { keyId: string; value: string } | undefined;
  if (!signature) refuse('The record is not signed by its author: they must sign in online again on this laptop.');
  const key = keys.get(String(signature?.keyId));
  if (!key) return refuse('The record is signed with a key the server does not know.');
  if (!verifyRecord(key, collection, doc, String(signature?.value))) {
    refuse('The record’s signature does not match what it says: it was changed after it was signed.');
  }
  const author = recordAuthor(collection, doc);
  if (author !== undefined && author !== key.userId) refuse('The record is signed by someone other than its author.');
  if (!mayWrite(collection, key.role, doc)) {
    refuse(`A ${key.role} may not write this record (${collection}${doc['kind'] ? `, ${String(doc['kind'])}` : ''}).`);
  }
  return key;
}

function checkVisitTimes(doc: WireDocument, invalid: (message: string, path: string) => never): void {
  const signedAt = Date.parse(String(doc['signedAt']));
  if (Date.parse(String(doc['startedAt'])) < signedAt - LATEST_LOGGING_MS) {
    invalid('The visit is logged more than a month after it happened.', 'startedAt');
  }
  if (Date.parse(String(doc['endedAt'])) > signedAt + 24 * 3_600_000) {
    invalid('The visit ends more than a day after it was signed.', 'endedAt');
  }
}

/**
 * A correction: of a visit of the team the server holds, by the visit's worker or a supervisor, not past the lock
 * date unless a supervisor returned the visit, and leaving a valid visit (core's `checkAmendment`).
 */
async function checkAmendment(context: AuthoriseContext, doc: WireDocument, key: SigningKey): Promise<void> {
  const { tx, writer } = context;
  const refuse = (message: string): never => {
    throw new PushRefused('forbidden', message, doc.id);
  };
  const [visitRow] = await tx.query<{ data: VisitRecord }>(
    `SELECT data FROM documents WHERE collection = 'visits' AND id = $1 AND team_id = $2`,
    [doc['visitId'], writer.teamId],
  );
  if (!visitRow) {
    throw new PushRefused('waiting-for-record', 'The visit this corrects is not on the server yet.', doc.id);
  }
  const { _deleted: _, ...visit } = visitRow.data as VisitRecord & { _deleted?: boolean };
  if (visit.workerId !== key.userId && key.role !== 'supervisor') {
    refuse('Only the visit’s worker or a supervisor may correct it.');
  }
  const related = await tx.query<{ collection: string; data: Record<string, unknown> }>(
    `SELECT collection, data FROM documents WHERE team_id = $1 AND (
       (collection = 'amendments' AND data->>'visitId' = $2) OR
       (collection = 'reviews' AND ((data->>'subjectKind' = 'visit' AND data->>'subjectId' = $2)
                                    OR data->>'subjectKind' = 'team')))`,
    [writer.teamId, visit.id],
  );
  const earlier = related
    .filter((r) => r.collection === 'amendments' && r.data['id'] !== doc.id)
    .map(({ data: { _deleted: _gone, ...amendment } }) => amendment as unknown as AmendmentRecord);
  const reviews = related.filter((r) => r.collection === 'reviews').map((r) => r.data as unknown as ReviewRecord);
  const review = visitReview(visit.id, earlier, reviews);
  if (isLocked(visit, review, lockDate(reviews), (at) => localDate(at))) {
    refuse('The visit is before the team’s lock date: a supervisor must return it before it can be corrected.');
  }
  const { _deleted: _unused, ...amendment } = doc;
  const corrected = checkVisitAmendment(visit, earlier, amendment as unknown as AmendmentRecord);
  if (!corrected.success) {
    const issue = corrected.error.issues[0];
    throw new PushRefused(
      'invalid-document',
      `The correction leaves the visit invalid: ${issue?.message}`,
      doc.id,
      ['changes', ...(issue?.path ?? [])].map(String).join('.'),
    );
  }
}

/**
 * Writes the rows whose assumed master state is what the server holds (compare-and-swap per document, under a row
 * lock), in one transaction with one clock value. Returns the server's version of each row it did not write.
 * Sending the same push again changes nothing: a row whose new state the server already holds counts as written.
 * Every row is first checked (records.ts) and authorised by its kind's rules; one refused row refuses the push.
 */
export async function push(
  sql: Sql,
  writer: Writer,
  collection: SyncedCollection,
  rows: readonly PushRow[],
  stamp: Stamp = teamClock,
  now = new Date(),
): Promise<WireDocument[]> {
  const checked = rows.map((row) => ({
    assumed: row.assumedMasterState ?? undefined,
    doc: checkRecord(collection, row.newDocumentState),
  }));
  for (const { doc } of checked) {
    if (doc['teamId'] !== writer.teamId)
      throw new PushRefused('forbidden', 'The record belongs to another team.', doc.id);
  }
  if (checked.length === 0) return [];
  const keyIds = checked.flatMap(({ doc }) => [
    (doc[SIGNATURE_FIELD] as { keyId?: string } | undefined)?.keyId,
    ((doc['local'] as Record<string, unknown> | undefined)?.[SIGNATURE_FIELD] as { keyId?: string } | undefined)?.keyId,
  ]);
  const keys = await loadKeys(
    sql,
    keyIds.filter((k): k is string => typeof k === 'string'),
  );
  const ids = [...new Set(checked.map((r) => r.doc.id))];
  return sql.transaction(async (tx) => {
    const seq = await stamp(tx, writer.teamId);
    const stored = new Map(
      (
        await tx.query<{ id: string; team_id: string; data: WireDocument }>(
          'SELECT id, team_id, data FROM documents WHERE collection = $1 AND id = ANY($2) FOR UPDATE',
          [collection, ids],
        )
      ).map((r) => [r.id, r]),
    );
    const context: AuthoriseContext = { tx, writer, keys, now };
    const conflicts = new Map<string, WireDocument>();
    const writes = new Map<string, { doc: WireDocument; signedBy: string | undefined }>();
    for (const { assumed, doc } of checked) {
      const id = doc.id;
      if (stored.get(id) && stored.get(id)?.team_id !== writer.teamId) {
        throw new PushRefused('forbidden', 'The record belongs to another team.', id);
      }
      const current = writes.get(id)?.doc ?? stored.get(id)?.data;
      // A record the server already holds, sent back as it is (RxDB re-sends pulled records it lost track of, after a
      // crash between writing a record and its bookkeeping), changes nothing: it is accepted whoever sent it, so such a
      // laptop is never stuck refusing to sync. Anything else must be signed by someone allowed to write it.
      if (current !== undefined && isDeepStrictEqual(current, doc)) continue;
      if (current !== undefined && RECORD_POLICY[collection].appendOnly) {
        conflicts.set(id, current);
        continue;
      }
      const signedBy = await authorise(context, collection, doc, current);
      if (current === undefined || (assumed && isDeepStrictEqual(current, assumed))) {
        writes.set(id, { doc, signedBy });
      } else {
        conflicts.set(id, current);
      }
    }
    for (const [id, { doc, signedBy }] of writes) {
      await tx.query(
        `INSERT INTO documents (collection, id, team_id, seq, deleted, data, device_id, signed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (collection, id) DO UPDATE
           SET seq = EXCLUDED.seq, deleted = EXCLUDED.deleted, data = EXCLUDED.data, device_id = EXCLUDED.device_id,
               signed_by = EXCLUDED.signed_by, written_at = now(), received_at = now()`,
        [collection, id, writer.teamId, seq, doc._deleted, JSON.stringify(doc), writer.deviceId, signedBy ?? null],
      );
    }
    if (writes.size > 0) {
      await tx.query('SELECT pg_notify($1, $2)', [SYNC_CHANNEL, changeNotice(writer.teamId, collection)]);
    }
    return [...conflicts.values()];
  });
}
