/**
 * The one record policy: every synced kind has its rules, and they name fields the kind's schema really has. The
 * laptop's guards (backend/database.ts) and the server's authorisation (server/store.ts) both read this table.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { mayRead, mayWrite, needsPersonProof, RECORD_POLICY } from './record-policy.ts';
import { SYNCED_COLLECTIONS, syncedRecordSchemas } from './sync.ts';

const shapeOf = (collection: (typeof SYNCED_COLLECTIONS)[number]) =>
  (syncedRecordSchemas[collection] as unknown as z.ZodObject).shape as Record<string, unknown>;

describe('the record policy', () => {
  it('covers every synced kind, and names fields its schema has', () => {
    expect(Object.keys(RECORD_POLICY).sort()).toEqual([...SYNCED_COLLECTIONS].sort());
    for (const collection of SYNCED_COLLECTIONS) {
      const { authorField, timeField, mutableFields } = RECORD_POLICY[collection];
      const shape = shapeOf(collection);
      for (const field of [authorField, timeField, ...(mutableFields ?? [])]) {
        if (field !== undefined) expect(shape, `${collection}.${field}`).toHaveProperty(field);
      }
    }
  });

  it('keeps every record append-only but the client register, whose identity fields never change', () => {
    const changing = SYNCED_COLLECTIONS.filter((c) => !RECORD_POLICY[c].appendOnly);
    expect(changing).toEqual(['clients']);
    expect(RECORD_POLICY.clients.mutableFields).not.toContain('personnummer');
    expect(RECORD_POLICY.clients.mutableFields).not.toContain('teamId');
  });

  it('gives supervision to supervisors, care records to care staff, and administrators no care content', () => {
    expect(mayWrite('reviews', 'worker', {})).toBe(false);
    expect(mayWrite('reviews', 'supervisor', {})).toBe(true);
    expect(mayWrite('preparedness', 'worker', { kind: 'template' })).toBe(false);
    expect(mayWrite('preparedness', 'worker', { kind: 'answer' })).toBe(true);
    expect(mayWrite('drills', 'worker', { kind: 'drill' })).toBe(false);
    expect(mayWrite('drills', 'worker', { kind: 'entry' })).toBe(true);
    expect(mayWrite('clients', 'worker', {})).toBe(false);
    expect(mayWrite('visits', 'admin', {})).toBe(false);
    for (const kind of ['wellbeing', 'preparedness', 'drills', 'reviews'] as const) {
      expect(mayRead(kind, ['admin'])).toBe(false);
    }
    expect(mayRead('access', ['worker'])).toBe(false);
    expect(needsPersonProof('access')).toBe(true);
    expect(needsPersonProof('conflicts')).toBe(true);
    expect(needsPersonProof('visits')).toBe(false);
  });
});
