import {
  getIndexableStringMonad,
  getStartIndexStringFromLowerBound,
  getStartIndexStringFromUpperBound,
  type RxDocumentData,
  type RxJsonSchema,
  type RxQueryPlan,
} from 'rxdb';

/**
 * Each schema index becomes one BLOB column holding RxDB's indexable string for that index (the same string RxDB's
 * memory storage sorts by), with an SQL index on the column. A query plan's index range is then a plain `WHERE`
 * range on that column.
 *
 * The strings are stored as UTF-16 big-endian bytes: SQLite compares BLOBs byte by byte, and byte order of UTF-16BE
 * equals JavaScript's string order (UTF-16 code units). Stored as UTF-8 TEXT instead, characters outside the Basic
 * Multilingual Plane would sort after U+FFFF, RxDB's "highest" bound, and fall out of range queries.
 */
export function orderedKey(indexString: string): Buffer {
  return Buffer.from(indexString, 'utf16le').swap16();
}

export interface IndexColumn {
  /** Column name in the collection table: ix0, ix1, ... */
  readonly column: string;
  readonly fields: readonly string[];
  readonly keyOf: (doc: RxDocumentData<unknown>) => Buffer;
  readonly lowerBound: (plan: RxQueryPlan) => Buffer;
  readonly upperBound: (plan: RxQueryPlan) => Buffer;
}

export function indexColumnsOf<T>(schema: RxJsonSchema<RxDocumentData<T>>): IndexColumn[] {
  const indexes = (schema.indexes ?? []).map((index) => (Array.isArray(index) ? [...index] : [index as string]));
  return indexes.map((fields, position) => {
    const indexString = getIndexableStringMonad(schema, fields);
    return {
      column: `ix${position}`,
      fields,
      keyOf: (doc) => orderedKey(indexString(doc as RxDocumentData<T>)),
      lowerBound: (plan) => orderedKey(getStartIndexStringFromLowerBound(schema, fields, plan.startKeys)),
      upperBound: (plan) => orderedKey(getStartIndexStringFromUpperBound(schema, fields, plan.endKeys)),
    };
  });
}

/** A stable name for an index, to find the column a query plan refers to. */
export function indexName(fields: readonly string[]): string {
  return fields.join(',');
}
