/**
 * The synced documents: the change feed a device pulls from and the compare-and-swap a push goes through.
 *
 * No gaps in pull: every write transaction first takes the next value of its team's clock row (UPDATE … RETURNING,
 * which holds the row lock until commit) and stamps its documents with it. A second writer of the same team waits on
 * that lock, so within a team the clock's order is the commit order, and a row can never appear below a checkpoint
 * already handed out. Pull pages by (seq, id).
 */
import { isDeepStrictEqual } from 'node:util';
import { SYNCED_COLLECTIONS, type SyncCheckpoint, type SyncedCollection, type WireDocument } from '../core/sync.ts';
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
  /** Whether a supervisor or administrator has signed in on it (client records are theirs to change). */
  readonly mayEditClients: boolean;
  /** Supervisors who have signed in online on it: only their review decisions and lock dates may come from it. */
  readonly supervisorIds: readonly string[];
  /** Whether a supervisor or administrator has signed in on it: only then does it receive the team's access log. */
  readonly mayReadAccessLog: boolean;
}

export interface PushRow {
  readonly assumedMasterState?: WireDocument | null | undefined;
  readonly newDocumentState: WireDocument;
}

/** Why a push is refused as a whole (nothing of it is written). */
export class PushRefused extends Error {
  readonly code: 'forbidden' | 'invalid-document';
  readonly documentId: string | undefined;
  constructor(code: PushRefused['code'], message: string, documentId?: string) {
    super(message);
    this.code = code;
    this.documentId = documentId;
  }
}

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

export async function pull(
  sql: Queryable,
  teamId: string,
  collection: SyncedCollection,
  checkpoint: SyncCheckpoint | null | undefined,
  batchSize: number,
): Promise<{ documents: WireDocument[]; checkpoint: SyncCheckpoint | null }> {
  const from = checkpoint ?? { seq: 0, id: '' };
  const rows = await sql.query<{ id: string; seq: string; data: WireDocument }>(
    `SELECT id, seq, data FROM documents
     WHERE team_id = $1 AND collection = $2 AND (seq, id) > ($3::bigint, $4::text)
     ORDER BY seq, id LIMIT $5`,
    [teamId, collection, from.seq, from.id, batchSize],
  );
  const last = rows.at(-1);
  return {
    documents: rows.map((r) => r.data),
    checkpoint: last ? { seq: Number(last.seq), id: last.id } : (checkpoint ?? null),
  };
}

/**
 * What may change once written. Signed visits, amendments, conflict records, review decisions, the access log and
 * wellbeing records are append-only: a different version of an existing one is answered as a conflict (the server's version stands; the
 * device records what it had).
 */
const APPEND_ONLY: ReadonlySet<SyncedCollection> = new Set([
  'visits',
  'amendments',
  'conflicts',
  'reviews',
  'access',
  'wellbeing',
  'preparedness',
  'drills',
]);

/** Checks that the writer may write this document at all; throws PushRefused otherwise. */
export function authorise(writer: Writer, collection: SyncedCollection, doc: WireDocument): void {
  const refuse = (message: string) => {
    throw new PushRefused('forbidden', message, doc.id);
  };
  const known = (userId: unknown) => writer.userIds.includes(String(userId));
  if (doc['teamId'] !== writer.teamId) refuse('The document belongs to another team.');
  if (collection === 'visits' && !known(doc['workerId'])) {
    refuse('A visit can only come from a laptop its worker has signed in on.');
  }
  if (collection === 'amendments' && !known(doc['authorId'])) {
    refuse('A correction can only come from a laptop its author has signed in on.');
  }
  if (collection === 'conflicts' && (doc['deviceId'] !== writer.deviceId || !known(doc['userId']))) {
    refuse('A conflict record can only come from the device that resolved it.');
  }
  if (collection === 'reviews' && !writer.supervisorIds.includes(String(doc['reviewerId']))) {
    refuse('Review decisions and lock dates are made by supervisors, on a laptop they have signed in on.');
  }
  if (collection === 'access' && !known(doc['userId'])) {
    refuse('An access log entry can only come from a laptop its user has signed in on.');
  }
  if (collection === 'wellbeing' && !known(doc['authorId'])) {
    refuse('A screening, action or outcome can only come from a laptop its author has signed in on.');
  }
  if (collection === 'preparedness') {
    if (doc['kind'] === 'template' && !writer.supervisorIds.includes(String(doc['authorId']))) {
      refuse('Checklist templates are made by supervisors, on a laptop they have signed in on.');
    }
    if (!known(doc['authorId']))
      refuse('A preparedness record can only come from a laptop its author has signed in on.');
  }
  if (collection === 'drills') {
    if (doc['kind'] !== 'entry' && !writer.supervisorIds.includes(String(doc['authorId']))) {
      refuse('Drills are started, reassigned and ended by supervisors, on a laptop they have signed in on.');
    }
    if (!known(doc['authorId'])) refuse('A drill entry can only come from a laptop its author has signed in on.');
  }
  if (APPEND_ONLY.has(collection) && doc._deleted) refuse('A signed record is never deleted.');
}

/**
 * Writes the rows whose assumed master state is what the server holds (compare-and-swap per document, under a row
 * lock), in one transaction with one clock value. Returns the server's version of each row it did not write.
 * Sending the same push again changes nothing: a row whose new state the server already holds counts as written.
 */
export async function push(
  sql: Sql,
  writer: Writer,
  collection: SyncedCollection,
  rows: readonly PushRow[],
  stamp: Stamp = teamClock,
): Promise<WireDocument[]> {
  for (const row of rows) {
    if (row.newDocumentState['teamId'] !== writer.teamId) authorise(writer, collection, row.newDocumentState);
  }
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.map((r) => r.newDocumentState.id))];
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
    const conflicts = new Map<string, WireDocument>();
    const writes = new Map<string, WireDocument>();
    for (const { assumedMasterState, newDocumentState } of rows) {
      const id = newDocumentState.id;
      const current = writes.get(id) ?? stored.get(id)?.data;
      if (stored.get(id) && stored.get(id)?.team_id !== writer.teamId) {
        throw new PushRefused('forbidden', 'The document belongs to another team.', id);
      }
      // A record the server already holds, sent back as it is (RxDB re-sends pulled records it lost track of, after a
      // crash between writing a record and its bookkeeping), changes nothing: it is accepted whoever wrote it, so such a
      // laptop is never stuck refusing to sync. Anything else must come from a device allowed to write it.
      if (!(current !== undefined && isDeepStrictEqual(current, newDocumentState))) {
        authorise(writer, collection, newDocumentState);
      }
      const mayWrite = () => {
        if (collection === 'clients' && !writer.mayEditClients) {
          throw new PushRefused('forbidden', 'Client records are kept by supervisors.', id);
        }
      };
      if (current === undefined) {
        mayWrite();
        writes.set(id, newDocumentState);
      } else if (isDeepStrictEqual(current, newDocumentState)) {
        // Already there: a retried push, or two devices that agree.
      } else if (assumedMasterState && isDeepStrictEqual(current, assumedMasterState) && !APPEND_ONLY.has(collection)) {
        mayWrite();
        writes.set(id, newDocumentState);
      } else {
        conflicts.set(id, current);
      }
    }
    for (const [id, doc] of writes) {
      await tx.query(
        `INSERT INTO documents (collection, id, team_id, seq, deleted, data, device_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (collection, id) DO UPDATE
           SET seq = EXCLUDED.seq, deleted = EXCLUDED.deleted, data = EXCLUDED.data, device_id = EXCLUDED.device_id,
               written_at = now()`,
        [collection, id, writer.teamId, seq, doc._deleted, JSON.stringify(doc), writer.deviceId],
      );
    }
    if (writes.size > 0) {
      await tx.query('SELECT pg_notify($1, $2)', [SYNC_CHANNEL, changeNotice(writer.teamId, collection)]);
    }
    return [...conflicts.values()];
  });
}
