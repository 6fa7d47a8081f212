/**
 * RxDB collection schemas. The zod schemas in core/ are the rules (what is valid); these say how documents are stored
 * and indexed. collections.test.ts fails when the two disagree on fields or required fields.
 * A change here needs a new version and a migration strategy, with a test that migrates real old documents.
 */
import type { ClientRecord } from '../../core/clients.ts';
import type { UserRecord } from '../../core/users.ts';
import type { DraftRecord } from '../../core/drafts.ts';
import type { AmendmentRecord, VisitRecord } from '../../core/visits.ts';
import type { ConflictRecord } from '../../core/conflicts.ts';
import type { ReviewRecord } from '../../core/reviews.ts';
import type { AccessEntry } from '../../core/access.ts';
import type { WellbeingRecord } from '../../core/wellbeing.ts';
import type { PreparednessRecord } from '../../core/preparedness.ts';
import type { DrillRecord } from '../../core/drills.ts';
import type { RxJsonSchema } from 'rxdb';

const key = { type: 'string', maxLength: 64 } as const;
/** UTC ISO instants ('2026-11-22T07:00:00.000Z'), which sort in time order. */
const instant = { type: 'string', maxLength: 30 } as const;
const text = { type: 'string' } as const;
const location = {
  type: 'object',
  properties: { address: text, village: text, elsewhere: { type: 'boolean' } },
  required: ['address', 'village', 'elsewhere'],
} as const;
const list = { type: 'array', items: { type: 'object' } } as const;
/** A record's signature by its author (core/signing.ts); optional here, the server refuses a record without one. */
const signature = {
  type: 'object',
  properties: { keyId: { type: 'string', maxLength: 64 }, value: { type: 'string', maxLength: 86 } },
  required: ['keyId', 'value'],
  additionalProperties: false,
} as const;
/** The wrapped signing key of a profile (core/users.ts storedPersonKeySchema). */
const signingKey = {
  type: 'object',
  properties: {
    keyId: { type: 'string', maxLength: 64 },
    publicKey: { type: 'string', maxLength: 43 },
    wrapped: { type: 'string', maxLength: 64 },
    salt: { type: 'string', maxLength: 22 },
    nonce: { type: 'string', maxLength: 16 },
  },
  required: ['keyId', 'publicKey', 'wrapped', 'salt', 'nonce'],
  additionalProperties: false,
} as const;

/**
 * Version 1 added the optional `signature` (and a profile's `signingKey`): documents written before stay as they
 * were, unsigned (the server refuses them, and says so, rather than anyone signing them after the fact).
 */
const keptAsTheyWere = { 1: <T>(doc: T): T => doc } as const;
export const MIGRATIONS = {
  users: keptAsTheyWere,
  clients: keptAsTheyWere,
  visits: keptAsTheyWere,
  amendments: keptAsTheyWere,
  reviews: keptAsTheyWere,
  access: keptAsTheyWere,
  wellbeing: keptAsTheyWere,
  preparedness: keptAsTheyWere,
  drills: keptAsTheyWere,
} as const;

export const clientCollectionSchema: RxJsonSchema<ClientRecord> = {
  title: 'client',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: key,
    teamId: key,
    givenName: { type: 'string', maxLength: 80 },
    familyName: { type: 'string', maxLength: 80 },
    personnummer: { type: 'string', maxLength: 13 },
    address: text,
    village: { type: 'string', maxLength: 80 },
    directions: text,
    accessNotes: text,
    phone: text,
    nextOfKin: list,
    preferredLanguage: { type: 'string' },
    safetyAlarm: { type: 'object' },
    carePlanTasks: { type: 'array', items: { type: 'string' } },
    schedule: list,
    signature,
  },
  required: [
    'id',
    'teamId',
    'givenName',
    'familyName',
    'personnummer',
    'address',
    'village',
    'directions',
    'accessNotes',
    'nextOfKin',
    'preferredLanguage',
    'safetyAlarm',
    'carePlanTasks',
    'schedule',
  ],
  indexes: [
    ['teamId', 'familyName', 'givenName'],
    ['teamId', 'village'],
  ],
};

export const visitCollectionSchema: RxJsonSchema<VisitRecord> = {
  title: 'signed visit',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: key,
    teamId: key,
    clientId: key,
    workerId: key,
    plannedVisitId: key,
    serviceType: { type: 'string' },
    location,
    startedAt: instant,
    endedAt: instant,
    timeSource: { type: 'string' },
    tasks: list,
    note: text,
    observations: list,
    deviations: list,
    signedAt: instant,
    signature,
  },
  required: [
    'id',
    'teamId',
    'clientId',
    'workerId',
    'serviceType',
    'location',
    'startedAt',
    'endedAt',
    'timeSource',
    'tasks',
    'note',
    'observations',
    'deviations',
    'signedAt',
  ],
  indexes: [
    ['clientId', 'startedAt'],
    ['workerId', 'startedAt'],
    ['teamId', 'startedAt'],
  ],
};

export const amendmentCollectionSchema: RxJsonSchema<AmendmentRecord> = {
  title: 'visit amendment',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: key,
    teamId: key,
    visitId: key,
    authorId: key,
    reason: { type: 'string' },
    comment: text,
    changes: { type: 'object' },
    createdAt: instant,
    signature,
  },
  required: ['id', 'teamId', 'visitId', 'authorId', 'reason', 'comment', 'changes', 'createdAt'],
  indexes: [['visitId', 'createdAt']],
};

export const userCollectionSchema: RxJsonSchema<UserRecord> = {
  title: 'staff profile',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: key,
    teamId: key,
    displayName: { type: 'string', maxLength: 120 },
    role: { type: 'string' },
    secretHash: text,
    signingKey,
  },
  required: ['id', 'teamId', 'displayName', 'role', 'secretHash'],
  indexes: [['teamId', 'displayName']],
};

/** Drafts are the laptop's own: never synced, removed once the visit is signed or the draft discarded. */
export const draftCollectionSchema: RxJsonSchema<DraftRecord> = {
  title: 'visit draft',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: key,
    teamId: key,
    workerId: key,
    clientId: key,
    startedAt: instant,
    form: { type: 'object' },
    savedAt: instant,
  },
  required: ['id', 'teamId', 'workerId', 'clientId', 'form', 'savedAt'],
  indexes: [['teamId', 'savedAt']],
};

export const conflictCollectionSchema: RxJsonSchema<ConflictRecord> = {
  title: 'sync conflict',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: key,
    teamId: key,
    collectionName: { type: 'string' },
    documentId: key,
    local: { type: 'object' },
    server: { type: 'object' },
    result: { type: 'object' },
    droppedFields: { type: 'array', items: { type: 'string' } },
    deviceId: key,
    userId: key,
    resolvedAt: instant,
  },
  required: [
    'id',
    'teamId',
    'collectionName',
    'documentId',
    'local',
    'server',
    'result',
    'droppedFields',
    'deviceId',
    'userId',
    'resolvedAt',
  ],
  indexes: [['teamId', 'resolvedAt']],
};

/** Supervisors' decisions on visits and conflicts, and the team's lock dates: append-only. */
export const reviewCollectionSchema: RxJsonSchema<ReviewRecord> = {
  title: 'review decision',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: key,
    teamId: key,
    subjectKind: { type: 'string', maxLength: 16 },
    subjectId: key,
    decision: { type: 'string' },
    comment: text,
    amendmentIds: { type: 'array', items: { type: 'string' } },
    lockedBefore: { type: 'string' },
    restoredAs: key,
    reviewerId: key,
    createdAt: instant,
    signature,
  },
  required: [
    'id',
    'teamId',
    'subjectKind',
    'subjectId',
    'decision',
    'comment',
    'amendmentIds',
    'reviewerId',
    'createdAt',
  ],
  indexes: [
    ['subjectKind', 'subjectId', 'createdAt'],
    ['teamId', 'createdAt'],
  ],
};

/** Who opened which client's record, when: append-only, read by supervisors and administrators only. */
export const accessCollectionSchema: RxJsonSchema<AccessEntry> = {
  title: 'access log entry',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: key,
    teamId: key,
    userId: key,
    clientId: key,
    what: { type: 'string' },
    visitId: key,
    deviceId: key,
    at: instant,
    signature,
  },
  required: ['id', 'teamId', 'userId', 'clientId', 'what', 'at'],
  indexes: [
    ['clientId', 'at'],
    ['teamId', 'at'],
  ],
};

/** Loneliness screenings, the actions that follow them and their outcomes: append-only, one collection for the three. */
export const wellbeingCollectionSchema: RxJsonSchema<WellbeingRecord> = {
  title: 'wellbeing record',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: key,
    teamId: key,
    clientId: key,
    kind: { type: 'string', maxLength: 16 },
    authorId: key,
    note: text,
    answers: { type: 'object' },
    factors: list,
    rule: { type: 'integer' },
    action: { type: 'string' },
    screeningId: key,
    actionId: key,
    outcome: { type: 'string' },
    createdAt: instant,
    signature,
  },
  required: ['id', 'teamId', 'clientId', 'kind', 'authorId', 'note', 'createdAt'],
  indexes: [
    ['clientId', 'createdAt'],
    ['teamId', 'kind', 'createdAt'],
  ],
};

/** Preparedness: checklist templates, answers, reviews and electric aids; append-only, one collection for the four. */
export const preparednessCollectionSchema: RxJsonSchema<PreparednessRecord> = {
  title: 'preparedness record',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: key,
    teamId: key,
    kind: { type: 'string', maxLength: 16 },
    authorId: key,
    createdAt: instant,
    hazard: { type: 'string' },
    version: { type: 'integer' },
    items: list,
    clientId: { type: 'string', maxLength: 64 },
    itemId: { type: 'string' },
    answer: { type: 'string' },
    note: text,
    reason: { type: 'string' },
    aidId: key,
    device: { type: 'string' },
    batteryHours: { type: 'number' },
    backupRoutine: text,
    supplier: text,
    removed: { type: 'boolean' },
    signature,
  },
  required: ['id', 'teamId', 'kind', 'authorId', 'createdAt'],
  indexes: [['teamId', 'kind', 'createdAt']],
};

/** Drills and incidents: starts, reassignments, workers' entries and ends; append-only, one collection for the four. */
export const drillCollectionSchema: RxJsonSchema<DrillRecord> = {
  title: 'drill record',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: key,
    teamId: key,
    kind: { type: 'string', maxLength: 16 },
    authorId: key,
    createdAt: instant,
    clockOffsetMs: { type: 'integer' },
    drillId: key,
    mode: { type: 'string' },
    exerciseType: { type: 'string' },
    hazard: { type: 'string' },
    villages: { type: 'array', items: { type: 'string' } },
    startsAt: instant,
    scope: list,
    workers: { type: 'array', items: { type: 'string' } },
    clientId: key,
    workerId: key,
    outcome: { type: 'string' },
    attempts: { type: 'integer' },
    state: { type: 'string' },
    gaps: { type: 'array', items: { type: 'string' } },
    note: text,
    lessons: text,
    actions: text,
    signature,
  },
  required: ['id', 'teamId', 'kind', 'authorId', 'createdAt', 'clockOffsetMs'],
  indexes: [['teamId', 'kind', 'createdAt']],
};

/** This laptop's own settings (the server it syncs with and its credentials); never synced. */
export interface SettingRecord {
  readonly id: string;
  readonly value: Record<string, unknown>;
}

export const settingCollectionSchema: RxJsonSchema<SettingRecord> = {
  title: 'device setting',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id: key, value: { type: 'object' } },
  required: ['id', 'value'],
};
