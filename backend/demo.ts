/**
 * The demo: a fictional home-care team around Umeå — four workers and a supervisor, 60 clients in eight villages with
 * weekly schedules, and three weeks of logged visits. PINs are for this demo only. Every client carries Skatteverket's
 * published test personal identity number (Tolvan Tolvansson's); no real person's number is used.
 * The first five clients are fixed (the UI tests use them); the rest and the history are generated, the same each time.
 */
import { clientRecordSchema, type ClientInput } from '../core/clients.ts';
import type { HemtryggDatabase } from './database.ts';
import { hashSecret } from './sessions.ts';
import { demoClients, demoHistory, withCarePlan } from './demo-history.ts';
import { localDate } from '../core/schedule.ts';

export const DEV_TEAM = 'savar';
export const DEV_PIN = '123456';
const TEST_PERSONNUMMER = '19121212-1212';

const everyDay = [1, 2, 3, 4, 5, 6, 7];
const clients: (ClientInput & { id: string })[] = [
  {
    id: 'client-marta',
    givenName: 'Märta',
    familyName: 'Östlund',
    personnummer: TEST_PERSONNUMMER,
    address: 'Byvägen 3',
    village: 'Sävar',
    accessNotes: 'Nyckel i nyckelgömman vid altanen, kod 1914.',
    schedule: [
      {
        weekdays: everyDay,
        time: '08:00',
        durationMinutes: 30,
        serviceType: 'personal-care',
        tasks: ['personal-care', 'meals', 'medication-reminder'],
        workerId: 'user-anna',
      },
      { weekdays: everyDay, time: '17:30', durationMinutes: 30, serviceType: 'personal-care', tasks: ['meals'] },
    ],
  },
  {
    id: 'client-gustav',
    givenName: 'Gustav',
    familyName: 'Andersson',
    personnummer: TEST_PERSONNUMMER,
    address: 'Tavelsjövägen 112',
    village: 'Tavelsjö',
    schedule: [
      {
        weekdays: [1, 3, 5],
        time: '10:00',
        durationMinutes: 45,
        serviceType: 'social-support',
        tasks: ['social-contact'],
        workerId: 'user-anna',
      },
    ],
  },
  {
    id: 'client-ingrid',
    givenName: 'Ingrid',
    familyName: 'Lindqvist',
    personnummer: TEST_PERSONNUMMER,
    address: 'Skolgatan 7',
    village: 'Sävar',
    schedule: [
      {
        weekdays: everyDay,
        time: '09:00',
        durationMinutes: 30,
        serviceType: 'personal-care',
        tasks: ['dressing', 'meals'],
        workerId: 'user-bertil',
      },
    ],
  },
  {
    id: 'client-olof',
    givenName: 'Olof',
    familyName: 'Nordin',
    personnummer: TEST_PERSONNUMMER,
    address: 'Botsmarksvägen 40',
    village: 'Botsmark',
    schedule: [
      {
        weekdays: [2, 4],
        time: '13:00',
        durationMinutes: 90,
        serviceType: 'household',
        tasks: ['cleaning', 'laundry', 'shopping'],
      },
    ],
  },
  {
    id: 'client-elsa',
    givenName: 'Elsa',
    familyName: 'Berglund',
    personnummer: TEST_PERSONNUMMER,
    address: 'Kustvägen 5',
    village: 'Yttersjö',
    schedule: [
      {
        weekdays: everyDay,
        time: '12:00',
        durationMinutes: 20,
        serviceType: 'personal-care',
        tasks: ['meals', 'safety-check'],
      },
    ],
  },
];

/** Adds the team when the database has no staff yet; leaves an existing database alone. */
export async function seedDemo(database: HemtryggDatabase): Promise<boolean> {
  if ((await database.users.count().exec()) > 0) return false;
  const secretHash = await hashSecret(DEV_PIN);
  await database.users.bulkInsert([
    { id: 'user-anna', teamId: DEV_TEAM, displayName: 'Anna Lind', role: 'worker', secretHash },
    { id: 'user-bertil', teamId: DEV_TEAM, displayName: 'Bertil Holm', role: 'worker', secretHash },
    { id: 'user-dragan', teamId: DEV_TEAM, displayName: 'Dragan Petrović', role: 'worker', secretHash },
    { id: 'user-eeva', teamId: DEV_TEAM, displayName: 'Eeva Koskinen', role: 'worker', secretHash },
    { id: 'user-cecilia', teamId: DEV_TEAM, displayName: 'Cecilia Ek', role: 'supervisor', secretHash },
  ]);
  const fixed = clients.map((c) => withCarePlan(clientRecordSchema.parse({ ...c, teamId: DEV_TEAM })));
  const workers = ['user-anna', 'user-bertil', 'user-dragan', 'user-eeva'];
  const all = [...fixed, ...demoClients(55, DEV_TEAM, workers, TEST_PERSONNUMMER)];
  await database.clients.bulkInsert(all);
  const { visits, amendments } = demoHistory(all, workers, 'user-cecilia', localDate(), 21);
  for (let i = 0; i < visits.length; i += 1000) await database.visits.bulkInsert(visits.slice(i, i + 1000));
  await database.amendments.bulkInsert(amendments);
  return true;
}
