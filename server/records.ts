/**
 * What a pushed record must be before the server looks at who sent it: within its byte limit, text PostgreSQL can
 * hold, no deeper than a record can be, valid under its kind's shared schema (core/), and already in the exact form
 * that schema produces — so what the server stores is what the schema parsed, nothing else, and a laptop never meets a
 * record on the server that it would refuse to store.
 */
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { SYNC_INTERNAL_FIELDS } from '../core/conflicts.ts';
import { syncedRecordSchemas, type SyncedCollection, type WireDocument } from '../core/sync.ts';

/** Why a push is refused as a whole (nothing of it is written). */
export class PushRefused extends Error {
  /** forbidden: not this writer's to write; invalid-document: not a valid record; waiting: needs a record not here yet. */
  readonly code: 'forbidden' | 'invalid-document' | 'waiting-for-record';
  readonly documentId: string | undefined;
  /** For an invalid document: the field at fault ('changes.workerId'). */
  readonly path: string | undefined;
  constructor(code: PushRefused['code'], message: string, documentId?: string, path?: string) {
    super(message);
    this.code = code;
    this.documentId = documentId;
    this.path = path;
  }
}

/** The largest record a laptop may push, as JSON (a drill over 2,000 clients is about 200 KB). */
export const MAX_RECORD_BYTES = 256 * 1024;
/** No record of ours nests deeper than this (a conflict record holds a record that holds lists of objects). */
export const MAX_RECORD_DEPTH = 12;

/** The first place where a value is JSON PostgreSQL's jsonb cannot hold (NUL, a lone surrogate), or too deep. */
function findUnstorable(
  value: unknown,
  path: string[],
  depth: number,
): { path: string[]; problem: string } | undefined {
  if (depth > MAX_RECORD_DEPTH) return { path, problem: 'nested too deeply' };
  if (typeof value === 'string') {
    return value.includes('\u0000') || !value.isWellFormed()
      ? { path, problem: 'text with a NUL character or a broken character' }
      : undefined;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return { path, problem: 'not a finite number' };
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorable(item, [...path, String(index)], depth + 1);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findUnstorable(key, [...path, key], depth + 1) ?? findUnstorable(item, [...path, key], depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** The first path where two JSON values differ (the sent record against what its schema made of it). */
export function firstDifference(sent: unknown, parsed: unknown, path: string[] = []): string[] | undefined {
  if (isDeepStrictEqual(sent, parsed)) return undefined;
  if (sent && parsed && typeof sent === 'object' && typeof parsed === 'object') {
    if (Array.isArray(sent) !== Array.isArray(parsed)) return path;
    const keys = new Set([...Object.keys(sent), ...Object.keys(parsed)]);
    for (const key of [...keys].sort()) {
      const found = firstDifference((sent as Record<string, unknown>)[key], (parsed as Record<string, unknown>)[key], [
        ...path,
        key,
      ]);
      if (found) return found;
    }
  }
  return path;
}

const refuse = (doc: { id?: unknown }, message: string, path: readonly PropertyKey[]): never => {
  throw new PushRefused('invalid-document', message, String(doc.id), path.map(String).join('.'));
};

/** The record without the sync machinery's fields (`_deleted` travels beside it; the rest never reach the server). */
function recordOf(doc: WireDocument): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !SYNC_INTERNAL_FIELDS.has(key)));
}

/**
 * Checks a pushed document; returns the document to store (equal to what was sent, now known to be exactly what the
 * schema produces) or throws PushRefused('invalid-document') naming the field.
 */
export function checkRecord(collection: SyncedCollection, doc: WireDocument): WireDocument {
  const unknownInternal = Object.keys(doc).find((key) => key.startsWith('_') && key !== '_deleted');
  if (unknownInternal !== undefined) refuse(doc, `The field ${unknownInternal} is not stored.`, [unknownInternal]);
  const bytes = Buffer.byteLength(JSON.stringify(doc));
  if (bytes > MAX_RECORD_BYTES) {
    refuse(doc, `The record is ${bytes} bytes; at most ${MAX_RECORD_BYTES} are taken.`, []);
  }
  const unstorable = findUnstorable(doc, [], 0);
  if (unstorable) refuse(doc, `The record holds ${unstorable.problem}.`, unstorable.path);
  const record = recordOf(doc);
  const parsed = (syncedRecordSchemas[collection] as z.ZodType).safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue?.code === 'unrecognized_keys' ? issue.keys : [];
    const path = [...(issue?.path ?? []), ...keys.slice(0, 1)];
    refuse(doc, `Invalid ${collection} record: ${path.map(String).join('.') || 'record'}: ${issue?.message}`, path);
    throw new Error('unreachable');
  }
  if (collection === 'conflicts') checkConflictVersions(doc, parsed.data as Record<string, unknown>);
  const different = firstDifference(record, parsed.data);
  if (different) {
    refuse(
      doc,
      `The field ${different.join('.') || 'record'} is not in the form the app stores (untrimmed text, a time ` +
        'not in UTC, a missing default or an unknown field).',
      different,
    );
  }
  return { ...(parsed.data as Record<string, unknown>), id: String(doc.id), _deleted: doc._deleted === true };
}

/**
 * A conflict record holds versions of another record: each must itself be a valid record of its collection (with
 * `_deleted` beside it), so a restore can only bring back what could have been written.
 */
function checkConflictVersions(doc: WireDocument, conflict: Record<string, unknown>): void {
  const collection = conflict['collectionName'] as SyncedCollection;
  for (const side of ['local', 'server', 'result'] as const) {
    const version = conflict[side] as Record<string, unknown>;
    const deleted = version['_deleted'];
    if (deleted !== undefined && typeof deleted !== 'boolean') refuse(doc, 'Invalid _deleted.', [side, '_deleted']);
    const parsed = (syncedRecordSchemas[collection] as z.ZodType).safeParse(recordOf(version as WireDocument));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      refuse(doc, `The ${side} version is no valid ${collection} record: ${issue?.message}`, [
        side,
        ...(issue?.path ?? []),
      ]);
    }
  }
}
