/**
 * The demo: a fictional home-care team around Umeå — four workers and a supervisor, 60 clients in eight villages with
 * weekly schedules, and three weeks of logged visits. PINs are for this demo only. Every client carries Skatteverket's
 * published test personal identity number (Tolvan Tolvansson's); no real person's number is used.
 * The first five clients are fixed (the UI tests use them); the rest and the history are generated, the same each time.
 */
import { clientRecordSchema, type ClientInput } from './clients.ts';
import {
  demoClients,
  demoHistory,
  demoPreparedness,
  demoReviews,
  demoWellbeing,
  withCarePlan,
} from './demo-history.ts';
import { localDate } from './schedule.ts';

export const DEV_TEAM = 'savar';
export const DEV_PIN = '123456';
const TEST_PERSONNUMMER = '19121212-1212';

const everyDay = [1, 2, 3, 4, 5, 6, 7];
const fixedClients: (ClientInput & { id: string })[] = [
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

/** The team's staff: ids as the laptop and the server both know them, user names for signing in online. */
export const DEMO_STAFF = [
  { id: 'user-anna', username: 'anna', displayName: 'Anna Lind', role: 'worker' },
  { id: 'user-bertil', username: 'bertil', displayName: 'Bertil Holm', role: 'worker' },
  { id: 'user-dragan', username: 'dragan', displayName: 'Dragan Petrović', role: 'worker' },
  { id: 'user-eeva', username: 'eeva', displayName: 'Eeva Koskinen', role: 'worker' },
  { id: 'user-cecilia', username: 'cecilia', displayName: 'Cecilia Ek', role: 'supervisor' },
] as const;

/** The team's clients and the three weeks of history before `today` (YYYY-MM-DD), the same each time. */
export function demoTeamData(today: string = localDate()) {
  const fixed = fixedClients.map((c) => withCarePlan(clientRecordSchema.parse({ ...c, teamId: DEV_TEAM })));
  const workers = DEMO_STAFF.filter((s) => s.role === 'worker').map((s) => s.id);
  const clients = [...fixed, ...demoClients(55, DEV_TEAM, workers, TEST_PERSONNUMMER)];
  const { visits, amendments } = demoHistory(clients, workers, 'user-cecilia', today, 21);
  const reviews = demoReviews(visits, amendments, 'user-cecilia', today);
  const wellbeing = demoWellbeing(clients, workers, today);
  const preparedness = demoPreparedness(clients, workers, today);
  return { clients, visits, amendments, reviews, wellbeing, preparedness };
}
