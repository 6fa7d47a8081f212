/**
 * Storing signed, append-only records once: a record already stored with the same content (apart from the fields the
 * laptop stamped, such as the time) is a retried call and changes nothing; a different record under the same id is a
 * clash. The records are durable before the call answers.
 */
import { deepEqual, type RxCollection } from 'rxdb';
import { ApiFailure } from '../../core/api.ts';
import type { HemtryggDatabase } from '../database.ts';

/** Stores each record of `records` not yet stored; answers each as stored (a retry gets the first one back). */
export async function appendOnce<T extends { readonly id: string }>(
  database: HemtryggDatabase,
  collection: RxCollection<T>,
  records: readonly T[],
  stamped: readonly (keyof T)[],
): Promise<T[]> {
  const existing = await collection.findByIds(records.map((r) => r.id)).exec();
  // The signature is added as the record is stored (backend/database.ts): a retry carries none.
  const blank = Object.fromEntries([...stamped, 'signature'].map((field) => [field, null]));
  const fresh: T[] = [];
  const answer = records.map((record) => {
    const stored = existing.get(record.id)?.toJSON() as T | undefined;
    if (!stored) {
      fresh.push(record);
      return record;
    }
    if (!deepEqual({ ...stored, ...blank }, { ...record, ...blank })) {
      throw new ApiFailure('conflict', 'Another record has this id.');
    }
    return stored;
  });
  if (fresh.length > 0) {
    const result = await collection.bulkInsert(fresh);
    if (result.error.length > 0) throw new Error(`Could not store ${result.error.length} records.`);
    database.flush();
  }
  return answer;
}
