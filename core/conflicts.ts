/**
 * A conflict record: whenever sync resolves two versions of one record into one, what each side had, what was kept,
 * on which device and when. Nothing a resolution drops is lost: supervisors review these records.
 */
import { z } from 'zod';

const id = z.string().min(1).max(64);

/** Fields the sync machinery keeps for itself in a document's versions: not part of what anyone typed. */
export const SYNC_INTERNAL_FIELDS: ReadonlySet<string> = new Set(['_deleted', '_meta', '_rev', '_attachments']);

export const CONFLICT_COLLECTIONS = [
  'clients',
  'visits',
  'amendments',
  'reviews',
  'access',
  'wellbeing',
  'preparedness',
  'drills',
] as const;

export const conflictRecordSchema = z.strictObject({
  /** Derived from the conflict itself, so a resolution that runs twice writes one record. */
  id,
  teamId: id,
  /** The synced collection (not `collection`: RxDB documents have a property of that name). */
  collectionName: z.enum(CONFLICT_COLLECTIONS),
  documentId: id,
  /** The version this device had. */
  local: z.record(z.string(), z.unknown()),
  /** The version the server had. */
  server: z.record(z.string(), z.unknown()),
  /** What both now hold. */
  result: z.record(z.string(), z.unknown()),
  /** Fields where the two disagreed and the server's value was kept; the device's value is in `local`. */
  droppedFields: z.array(z.string().max(64)).max(200),
  deviceId: id,
  userId: id,
  resolvedAt: z.iso.datetime({ offset: true }),
});
export type ConflictRecord = z.output<typeof conflictRecordSchema>;
