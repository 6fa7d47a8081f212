/**
 * How a laptop resolves a conflict the server reports, per collection (see the sync design):
 * - client records merge field by field against the version both sides started from: a field only one side changed
 *   takes that change; a field both changed keeps the server's value (it was there first);
 * - signed visits and amendments are append-only, so a conflict means two versions of one record: the server's stands.
 * Every resolution writes a conflict record — both versions, the result, the fields dropped, device and time — that is
 * synced for supervisors to review. Nothing is dropped silently.
 */
import { createHash } from 'node:crypto';
import { deepEqual, type RxConflictHandler, type WithDeleted } from 'rxdb';
import type { ConflictRecord } from '../../core/conflicts.ts';

export interface ConflictSink {
  /** Set once the laptop is enrolled; without it nothing syncs, so no conflict can arise. */
  record?: (conflict: Omit<ConflictRecord, 'id' | 'deviceId' | 'userId' | 'teamId' | 'resolvedAt'>) => Promise<void>;
}

type Doc = Record<string, unknown>;

/** Three-way merge of one document's fields. Returns the merged document and the fields where the server won. */
export function mergeFields(base: Doc | undefined, mine: Doc, theirs: Doc): { result: Doc; dropped: string[] } {
  const result: Doc = {};
  const dropped: string[] = [];
  for (const field of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
    const [b, m, t] = [base?.[field], mine[field], theirs[field]];
    let value: unknown;
    if (deepEqual(m, t)) value = m;
    else if (base !== undefined && deepEqual(m, b)) value = t;
    else if (base !== undefined && deepEqual(t, b)) value = m;
    else {
      value = t;
      dropped.push(field);
    }
    if (value !== undefined) result[field] = value;
  }
  return { result, dropped: dropped.sort() };
}

export const conflictId = (collection: string, local: unknown, server: unknown): string =>
  createHash('sha256')
    .update(JSON.stringify([collection, local, server]))
    .digest('hex')
    .slice(0, 40);

export function conflictHandlerFor<T>(
  collection: ConflictRecord['collectionName'],
  sink: ConflictSink,
): RxConflictHandler<T> {
  return {
    isEqual: (a, b) => deepEqual(a, b),
    async resolve({ assumedMasterState, realMasterState, newDocumentState }) {
      const mine = newDocumentState as Doc;
      const theirs = realMasterState as Doc;
      const { result, dropped } =
        collection === 'clients'
          ? mergeFields(assumedMasterState as Doc | undefined, mine, theirs)
          : {
              result: theirs,
              dropped: Object.keys({ ...mine, ...theirs }).filter((k) => !deepEqual(mine[k], theirs[k])),
            };
      await sink.record?.({
        collectionName: collection,
        documentId: String(theirs['id']),
        local: mine,
        server: theirs,
        result,
        droppedFields: dropped.sort(),
      });
      return result as WithDeleted<T>;
    },
  };
}
