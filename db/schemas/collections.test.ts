import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { clientRecordSchema } from '../../core/clients.ts';
import { conflictRecordSchema } from '../../core/conflicts.ts';
import { amendmentRecordSchema, visitRecordSchema } from '../../core/visits.ts';
import { userRecordSchema } from '../../core/users.ts';
import { reviewRecordSchema } from '../../core/reviews.ts';
import { accessEntrySchema } from '../../core/access.ts';
import { wellbeingRecordSchema } from '../../core/wellbeing.ts';
import { preparednessRecordSchema } from '../../core/preparedness.ts';
import { drillRecordSchema } from '../../core/drills.ts';
import {
  accessCollectionSchema,
  amendmentCollectionSchema,
  reviewCollectionSchema,
  clientCollectionSchema,
  conflictCollectionSchema,
  userCollectionSchema,
  visitCollectionSchema,
  wellbeingCollectionSchema,
  preparednessCollectionSchema,
  drillCollectionSchema,
} from './collections.ts';

/** Fields and required fields of a zod record as stored (its output). */
function stored(schema: z.ZodType) {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as {
    properties: Record<string, unknown>;
    required?: string[];
  };
  return { fields: Object.keys(json.properties).sort(), required: [...(json.required ?? [])].sort() };
}

describe.each([
  ['clients', clientRecordSchema, clientCollectionSchema],
  ['visits', visitRecordSchema, visitCollectionSchema],
  ['amendments', amendmentRecordSchema, amendmentCollectionSchema],
  ['users', userRecordSchema, userCollectionSchema],
  ['conflicts', conflictRecordSchema, conflictCollectionSchema],
  ['reviews', reviewRecordSchema, reviewCollectionSchema],
  ['access', accessEntrySchema, accessCollectionSchema],
  ['wellbeing', wellbeingRecordSchema, wellbeingCollectionSchema],
  ['preparedness', preparednessRecordSchema, preparednessCollectionSchema],
  ['drills', drillRecordSchema, drillCollectionSchema],
] as const)('the %s collection', (_name, rules, collection) => {
  it('stores exactly the fields core/ defines, and requires the ones it requires', () => {
    const { fields, required } = stored(rules);
    expect(Object.keys(collection.properties).sort()).toEqual(fields);
    expect([...(collection.required as string[])].sort()).toEqual(required);
  });
});
