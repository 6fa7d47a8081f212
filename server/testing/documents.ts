/** Valid synced documents for server tests, as a device would send them (the record plus `_deleted`). */
import type { WireDocument } from '../../core/sync.ts';

export function visitDoc(id: string, teamId: string, workerId: string, note = 'Allt väl.'): WireDocument {
  return {
    id,
    teamId,
    workerId,
    clientId: 'client-1',
    serviceType: 'personal-care',
    location: { address: 'Byvägen 3', village: 'Sävar', elsewhere: false },
    startedAt: '2026-11-20T07:00:00.000Z',
    endedAt: '2026-11-20T07:30:00.000Z',
    timeSource: 'typed',
    tasks: [{ task: 'meals', planned: true, done: true }],
    note,
    observations: [],
    deviations: [],
    signedAt: '2026-11-20T07:31:00.000Z',
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
