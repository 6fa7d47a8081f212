/**
 * How a laptop resolves a conflict the server reports, per collection (see the sync design):
 * - client records merge field by field against the version both sides started from: a field only one side changed
 *   takes that change; a field both changed keeps the server's value (it was there first);
 * - signed visits and amendments are append-only, so a conflict means two versions of one record: the server's stands.
 * A merged client record is a version nobody signed: the person signed in signs it when they may keep the register;
 * otherwise the server's version stands and the laptop's is kept whole in the conflict record, for a supervisor.
 * Every resolution writes a conflict record — both versions, the result, the fields dropped, device and time — that is
 * synced for supervisors to review. Nothing is dropped silently.
 */
import { createHash } from 'node:crypto';
import { deepEqual, type RxConflictHandler, type WithDeleted } from 'rxdb';
import type { ConflictRecord } from '../../core/conflicts.ts';
import { mayWrite } from '../../core/record-policy.ts';
import { SIGNATURE_FIELD } from '../../core/signing.ts';
import { signRecord, type ActiveSigner } from '../signing.ts';

export interface ConflictSink {
  /** Set once the laptop is enrolled; without it nothing syncs, so no conflict can arise. */
  record?: (conflict: Omit<ConflictRecord, 'id' | 'deviceId' | 'userId' | 'teamId' | 'resolvedAt'>) => Promise<void>;
}

/** The person signed in now, if any (the database's signer sink). */
export interface SignerSource {
  current?: () => ActiveSigner | undefined;
}

type Doc = Record<string, unknown>;

const unsigned = (doc: Doc): Doc => {
  const { [SIGNATURE_FIELD]: _, ...rest } = doc;
  return rest;
};

const changedFields = (mine: Doc, theirs: Doc): string[] =>
  Object.keys({ ...mine, ...theirs }).filter((k) => k !== SIGNATURE_FIELD && !deepEqual(mine[k], theirs[k]));

/**
 * A client record both sides changed: the field-by-field merge, signed by the person signed in when they may keep the
 * register. Without such a person the merge cannot be sent (the server takes only signed client records), so the
 * server's version stands and every field where the laptop's differs counts as dropped.
 */
function resolveClient(base: Doc | undefined, mine: Doc, theirs: Doc, signer: SignerSource) {
  const merged = mergeFields(base && unsigned(base), unsigned(mine), unsigned(theirs));
  if (deepEqual(merged.result, unsigned(theirs))) return { result: theirs, dropped: merged.dropped };
  if (deepEqual(merged.result, unsigned(mine))) return { result: mine, dropped: merged.dropped };
  const active = signer.current?.();
  if (active && mayWrite('clients', active.role, merged.result)) {
    return {
      result: { ...merged.result, [SIGNATURE_FIELD]: signRecord(active, 'clients', merged.result) },
      dropped: merged.dropped,
    };
  }
  return { result: theirs, dropped: changedFields(mine, theirs) };
}

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
  signer: SignerSource = {},
): RxConflictHandler<T> {
  return {
    isEqual: (a, b) => deepEqual(a, b),
    async resolve({ assumedMasterState, realMasterState, newDocumentState }) {
      const mine = newDocumentState as Doc;
      const theirs = realMasterState as Doc;
      const { result, dropped } =
        collection === 'clients'
          ? resolveClient(assumedMasterState as Doc | undefined, mine, theirs, signer)
          : { result: theirs, dropped: changedFields(mine, theirs) };
      await sink.record?.({
        collectionName: collection,
        documentId: String(theirs['id']),
        local: mine,
        server: theirs,
        result,
        droppedFields: [...dropped].sort(),
      });
      return result as WithDeleted<T>;
    },
  };
}
