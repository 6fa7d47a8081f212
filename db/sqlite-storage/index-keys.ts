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
 * SQLite compares BLOBs byte by byte, so the bytes must sort as JavaScript sorts the strings (by UTF-16 code unit).
 * UTF-8 does not: characters above U+FFFF would sort after U+FFFF, RxDB's "highest" bound, and fall out of range
 * queries. CESU-8 does — it is UTF-8 applied to each UTF-16 code unit, surrogates included — and for a string
 * without surrogates it is byte for byte UTF-8, which Node encodes natively. One byte per ASCII character.
 */
const SURROGATE = /[\uD800-\uDFFF]/;
export function orderedKey(indexString: string): Buffer {
  if (!SURROGATE.test(indexString)) return Buffer.from(indexString, 'utf8');
  const bytes: number[] = [];
  for (let i = 0; i < indexString.length; i++) {
    const unit = indexString.charCodeAt(i);
    if (unit < 0x80) bytes.push(unit);
    else if (unit < 0x800) bytes.push(0xc0 | (unit >> 6), 0x80 | (unit & 0x3f));
    else bytes.push(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f));
  }
  return Buffer.from(bytes);
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
