import {
  getSchemaByObjectPath,
  INDEX_MAX,
  INDEX_MIN,
  type RxJsonSchema,
  type RxQueryPlan,
  type RxQueryPlanKey,
} from 'rxdb';
import type { IndexColumn } from './index-keys.ts';

/** One index range: `lower` and `upper` as the column's keys, compared as the plan's inclusive flags say. */
export interface KeyRange {
  readonly lower: Buffer;
  readonly upper: Buffer;
}

/** Past this many ranges (the product of the `$in` lists) one wide range is read instead. */
export const MAX_RANGES = 5000;

type Scalar = string | number | boolean;

/**
 * RxDB's planner turns `{ field: { $in: [a, b, c] } }` into one range from the smallest to the largest value, so a
 * storage reads everything in between. This splits such a plan into one range per value, where that is exact:
 *
 * - walking the plan's index from its first field, every field is either fixed by the plan (start key equals end
 *   key, as `$eq` makes it) or constrained by the selector with nothing but `$in`, until the first field that is
 *   neither; at least one `$in` field must come before it;
 * - every `$in` value has the field's type and a key of the field's fixed width (a string no longer than
 *   `maxLength`, a finite number, a boolean), so each combination of values gives its own key prefix; and none is
 *   one of RxDB's bound sentinels (the string U+FFFF, `Number.MIN_SAFE_INTEGER`), which bounds do not read as values.
 *
 * Every such range is a sub-range of the plan's range with the `$in` fields pinned to one value each, and every
 * document the selector matches lies in the range of its own values, so reading all of them reads every match once.
 * The ranges come back in index order (sorted by their keys, duplicates dropped), so reading them one after the
 * other yields documents in index order. The selector must still be matched in JavaScript: `$in` is never satisfied
 * by the index alone. Returns `undefined` where the plan should run as it is.
 */
export function inRangesOf<T>(
  schema: RxJsonSchema<T>,
  column: IndexColumn,
  selector: Readonly<Record<string, unknown>>,
  plan: RxQueryPlan,
): KeyRange[] | undefined {
  const expansions: { position: number; values: Scalar[] }[] = [];
  let combinations = 1;
  for (const [position, field] of plan.index.entries()) {
    if (plan.startKeys[position] === plan.endKeys[position]) continue;
    const values = inValuesOf(schema, field, selector[field]);
    if (!values) break;
    expansions.push({ position, values });
    combinations *= values.length;
    if (combinations > MAX_RANGES) return undefined;
  }
  if (expansions.length === 0) return undefined;

  const ranges: KeyRange[] = [];
  const startKeys = [...plan.startKeys];
  const endKeys = [...plan.endKeys];
  const pin = (depth: number): void => {
    const expansion = expansions[depth];
    if (!expansion) {
      const pinned: RxQueryPlan = { ...plan, startKeys, endKeys };
      ranges.push({ lower: column.lowerBound(pinned), upper: column.upperBound(pinned) });
      return;
    }
    for (const value of expansion.values) {
      // A boolean is not an RxQueryPlanKey by type, but RxDB's bounds take one (as `_deleted: false` is planned).
      startKeys[expansion.position] = value as RxQueryPlanKey;
      endKeys[expansion.position] = value as RxQueryPlanKey;
      pin(depth + 1);
    }
  };
  pin(0);
  ranges.sort((a, b) => Buffer.compare(a.lower, b.lower));
  return ranges.filter((range, n) => n === 0 || !range.lower.equals(ranges[n - 1]?.lower ?? Buffer.alloc(0)));
}

/**
 * The plan with every span RxDB made of an `$in` widened to the field's whole range. RxDB spans `$in` from its
 * smallest to its largest value in JavaScript's string order, which is not the index's (keys pad strings with spaces,
 * so `'a\t'` sorts before `'a'`, and U+FFFF is read as "highest"): for `$in: ['a', 'a\t']` its range is empty and
 * documents would be missed. `$in` is always matched in JavaScript, so a wider range only reads more.
 */
export function spanningIn(selector: Readonly<Record<string, unknown>>, plan: RxQueryPlan): RxQueryPlan {
  const isSpannedIn = (position: number): boolean => {
    const condition = selector[plan.index[position] ?? ''];
    return (
      typeof condition === 'object' &&
      condition !== null &&
      '$in' in condition &&
      plan.startKeys[position] !== plan.endKeys[position]
    );
  };
  if (!plan.index.some((_, position) => isSpannedIn(position))) return plan;
  return {
    ...plan,
    startKeys: plan.startKeys.map((key, position) => (isSpannedIn(position) ? INDEX_MIN : key)),
    endKeys: plan.endKeys.map((key, position) => (isSpannedIn(position) ? INDEX_MAX : key)),
  };
}

/** The values of a condition that is exactly `{ $in: [...] }`, if each has a fixed-width key for the field. */
function inValuesOf<T>(schema: RxJsonSchema<T>, field: string, condition: unknown): Scalar[] | undefined {
  if (typeof condition !== 'object' || condition === null) return undefined;
  const operators = Object.keys(condition);
  if (operators.length !== 1 || operators[0] !== '$in') return undefined;
  const values = (condition as { $in: unknown }).$in;
  if (!Array.isArray(values)) return undefined;
  const part = getSchemaByObjectPath(schema, field);
  const fits = (value: unknown): value is Scalar => {
    switch (part.type) {
      case 'string':
        // RxDB's bounds read the string U+FFFF as "highest", not as itself.
        return (
          typeof value === 'string' &&
          typeof part.maxLength === 'number' &&
          value.length <= part.maxLength &&
          value !== INDEX_MAX
        );
      case 'number':
      case 'integer':
        // Likewise Number.MIN_SAFE_INTEGER as "lowest".
        return typeof value === 'number' && Number.isFinite(value) && value !== INDEX_MIN;
      case 'boolean':
        return typeof value === 'boolean';
      default:
        return false;
    }
  };
  return values.every(fits) ? values : undefined;
}
