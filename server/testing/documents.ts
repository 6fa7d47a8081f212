/** Valid synced documents for server tests, as a device would send them (the record plus `_deleted`). */
import type { WireDocument } from '../../core/sync.ts';

/** An instant `daysAgo` days before today at `time` UTC: test records stay within what the server finds plausible. */
export function daysAgo(days: number, time = '07:00'): string {
  const day = new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
  return `${day}T${time}:00.000Z`;
}

export function visitDoc(id: string, teamId: string, workerId: string, note = 'Allt väl.'): WireDocument {
  return {
    id,
    teamId,
    workerId,
    clientId: 'client-1',
    serviceType: 'personal-care',
    location: { address: 'Byvägen 3', village: 'Sävar', elsewhere: false },
    startedAt: daysAgo(15, '07:00'),
    endedAt: daysAgo(15, '07:30'),
    timeSource: 'typed',
    tasks: [{ task: 'meals', planned: true, done: true }],
    note,
    observations: [],
    deviations: [],
    signedAt: daysAgo(15, '07:31'),
    _deleted: false,
  };
}

export function clientDoc(id: string, teamId: string, changes: Record<string, unknown> = {}): WireDocument {
  return {
    id,
    teamId,
    givenName: 'Märta',
    familyName: 'Östlund',
    personnummer: '19121212-1212',
    address: 'Byvägen 3',
    village: 'Sävar',
    directions: '',
    accessNotes: '',
    nextOfKin: [],
    preferredLanguage: 'sv',
    safetyAlarm: { installed: false },
    carePlanTasks: ['meals'],
    schedule: [],
    _deleted: false,
    ...changes,
  };
}

/** A correction of a visit, by `authorId`. */
export function amendmentDoc(
  id: string,
  visitId: string,
  authorId: string,
  changes: Record<string, unknown> = { note: 'Rättad anteckning.' },
  teamId = 'team-north',
): WireDocument {
  return {
    id,
    teamId,
    visitId,
    reason: 'note-correction',
    comment: 'Fel i anteckningen.',
    changes,
    authorId,
    createdAt: daysAgo(1, '10:00'),
    _deleted: false,
  };
}

/** A supervisor's decision on a visit. */
export function reviewDoc(id: string, reviewerId: string, subjectId = 'visit-1', teamId = 'team-north'): WireDocument {
  return {
    id,
    teamId,
    subjectKind: 'visit',
    subjectId,
    decision: 'approved',
    comment: '',
    amendmentIds: [],
    reviewerId,
    createdAt: daysAgo(1, '10:00'),
    _deleted: false,
  };
}

/** A lock date for the team: visits before `lockedBefore` cannot be corrected. */
export function lockDoc(id: string, reviewerId: string, lockedBefore: string, teamId = 'team-north'): WireDocument {
  return { ...reviewDoc(id, reviewerId, teamId, teamId), subjectKind: 'team', decision: 'locked', lockedBefore };
}

/** An access log entry: `userId` opened client-1's record. */
export function accessDoc(id: string, userId: string, teamId = 'team-north'): WireDocument {
  return { id, teamId, userId, clientId: 'client-1', what: 'client-record', at: daysAgo(1, '10:00'), _deleted: false };
}

/** An action against loneliness for client-1, by `authorId`. */
export function actionDoc(id: string, authorId: string, teamId = 'team-north'): WireDocument {
  return {
    id,
    teamId,
    clientId: 'client-1',
    kind: 'action',
    authorId,
    note: 'Ringer varje tisdag.',
    action: 'phoneFriend',
    createdAt: daysAgo(1, '10:00'),
    _deleted: false,
  };
}
