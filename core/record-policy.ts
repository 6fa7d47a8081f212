/**
 * One record policy: per synced record kind, whether it is append-only, which field names its author, which field
 * says when the author made it, who may write it, and which fields may change. The laptop's guards, the server's
 * authorisation and record-policy.test.ts all read this table, so the three cannot drift apart.
 */
import type { SyncedCollection } from './sync.ts';
import type { Role } from './users.ts';

export interface RecordPolicy {
  /** Written once, never changed or deleted: a different version is a conflict, never a write. */
  readonly appendOnly: boolean;
  /**
   * The field naming the person who wrote the record; the record's signature must be by that person's key.
   * Undefined: the signer is the author (client records, edited by whoever keeps the register).
   */
  readonly authorField: string | undefined;
  /** The field with the author's time of writing (ISO instant); the server checks it is plausible. */
  readonly timeField: string | undefined;
  /** Which roles may write it; `writers(record)` narrows by the record's kind. */
  readonly writers: (record: Readonly<Record<string, unknown>>) => readonly Role[];
  /** Which roles may read it: a laptop receives a kind only while someone of these roles is signed in on it. */
  readonly readers: readonly Role[];
  /** For records that may change: the fields a later version may change (the rest must stay as first written). */
  readonly mutableFields?: readonly string[];
  /** Made by the laptop's sync machinery, not by a person: not signed; it must name the device that sends it. */
  readonly deviceMade?: boolean;
}

const CARE: readonly Role[] = ['worker', 'supervisor'];
const SUPERVISION: readonly Role[] = ['supervisor'];
const EVERYONE: readonly Role[] = ['worker', 'supervisor', 'admin'];
const KEEPERS: readonly Role[] = ['supervisor', 'admin'];

export const RECORD_POLICY: Readonly<Record<SyncedCollection, RecordPolicy>> = {
  clients: {
    appendOnly: false,
    authorField: undefined,
    timeField: undefined,
    writers: () => KEEPERS,
    readers: EVERYONE,
    // Who the person is does not change: a new personal identity number is a new client.
    mutableFields: [
      'givenName',
      'familyName',
      'address',
      'village',
      'directions',
      'accessNotes',
      'phone',
      'nextOfKin',
      'preferredLanguage',
      'safetyAlarm',
      'carePlanTasks',
      'schedule',
      'signature',
    ],
  },
  visits: {
    appendOnly: true,
    authorField: 'workerId',
    timeField: 'signedAt',
    writers: () => CARE,
    readers: EVERYONE,
  },
  amendments: {
    appendOnly: true,
    authorField: 'authorId',
    timeField: 'createdAt',
    writers: () => CARE,
    readers: EVERYONE,
  },
  conflicts: {
    appendOnly: true,
    authorField: 'userId',
    timeField: 'resolvedAt',
    writers: () => EVERYONE,
    readers: SUPERVISION,
    deviceMade: true,
  },
  reviews: {
    appendOnly: true,
    authorField: 'reviewerId',
    timeField: 'createdAt',
    writers: () => SUPERVISION,
    readers: CARE,
  },
  access: {
    appendOnly: true,
    authorField: 'userId',
    timeField: 'at',
    writers: () => EVERYONE,
    // Supervisors and administrators read the log and check it by samples; workers never see who read what.
    readers: KEEPERS,
  },
  wellbeing: {
    appendOnly: true,
    authorField: 'authorId',
    timeField: 'createdAt',
    writers: () => CARE,
    readers: CARE,
  },
  preparedness: {
    appendOnly: true,
    authorField: 'authorId',
    timeField: 'createdAt',
    writers: (record) => (record['kind'] === 'template' ? SUPERVISION : CARE),
    readers: CARE,
  },
  drills: {
    appendOnly: true,
    authorField: 'authorId',
    timeField: 'createdAt',
    writers: (record) => (record['kind'] === 'entry' ? CARE : SUPERVISION),
    readers: CARE,
  },
};

/** The author a record names (undefined for kinds whose signer is the author). */
export function recordAuthor(collection: SyncedCollection, record: Readonly<Record<string, unknown>>): unknown {
  const field = RECORD_POLICY[collection].authorField;
  return field === undefined ? undefined : record[field];
}

/** Whether a person of `role` may write this record at all (before the finer rules: whose visit, the lock date). */
export function mayWrite(collection: SyncedCollection, role: Role, record: Readonly<Record<string, unknown>>): boolean {
  return RECORD_POLICY[collection].writers(record).includes(role);
}

/**
 * Kinds a worker may not read (the access log, sync conflicts): a laptop receives them only while a person of a
 * reading role proves they are signed in on it now (core/signing.ts, PERSON_PROOF_HEADER), not because such a person
 * once signed in there.
 */
export const needsPersonProof = (collection: SyncedCollection): boolean =>
  !RECORD_POLICY[collection].readers.includes('worker');

/** Whether someone of these roles may read this kind of record. */
export function mayRead(collection: SyncedCollection, roles: readonly Role[]): boolean {
  return roles.some((role) => RECORD_POLICY[collection].readers.includes(role));
}
