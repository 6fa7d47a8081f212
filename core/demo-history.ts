/**
 * The demo's weeks of history and its generated clients: deterministic (a seeded generator), fictional, in villages
 * around Umeå. Visits by each slot's usual worker mostly, some by colleagues; now and then a note about mood or
 * loneliness, a late arrival or a client not at home (with what was done), a correction.
 */
import { clientRecordSchema, type ClientRecord } from './clients.ts';
import type { ReviewRecord } from './reviews.ts';
import {
  BUILT_IN_ITEMS,
  HAZARDS,
  preparednessRecordSchema,
  type Hazard,
  type PreparednessRecord,
} from './preparedness.ts';
import { LSNS6_ANSWERS, RESCREEN_DAYS, RISK_FACTORS, UCLA3_ANSWERS } from './screening.ts';
import {
  ACTION_KINDS,
  assessScreening,
  RISK_RULE_VERSION,
  wellbeingRecordSchema,
  type ActionKind,
  type ActionOutcome,
  type FactorEntry,
  type ScreeningAnswerSet,
  type ScreeningRecord,
  type WellbeingRecord,
} from './wellbeing.ts';
import { plannedVisitsOn } from './schedule.ts';
import { amendmentRecordSchema, visitRecordSchema, type AmendmentRecord, type VisitRecord } from './visits.ts';

/** mulberry32: small, fast, good enough to make the same demo every time. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VILLAGES = ['Sävar', 'Hörnefors', 'Holmsund', 'Obbola', 'Tavelsjö', 'Botsmark', 'Yttersjö', 'Ersmark'];
const GIVEN = ['Karin', 'Sven', 'Greta', 'Nils', 'Astrid', 'Per', 'Inga', 'Lennart', 'Maj', 'Bengt', 'Ulla', 'Rune'];
const FAMILY = ['Sjöberg', 'Ström', 'Forsberg', 'Marklund', 'Lundström', 'Öberg', 'Wikström', 'Burman', 'Nyström'];
const STREETS = ['Storgatan', 'Skolvägen', 'Älvvägen', 'Kyrkvägen', 'Gamla vägen', 'Strandvägen', 'Norrbyvägen'];
const NOTES = [
  'Pigg och glad i dag.',
  'Åt bra, drack två glas vatten.',
  'Lite trött, vilade efter lunch.',
  'Pratade om barnbarnen.',
  'Ville gå en kort promenad, gick till brevlådan.',
  'Snöat ute, skottade trappan.',
];
const TIMES = ['07:30', '08:00', '08:30', '11:30', '12:00', '16:30', '17:00', '19:00'];

export function demoClients(count: number, teamId: string, workers: string[], personnummer: string): ClientRecord[] {
  const random = seeded(1914);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return Array.from({ length: count }, (_, n) => withCarePlan(demoClient(n)));
  function demoClient(n: number): ClientRecord {
    const village = VILLAGES[n % VILLAGES.length] as string;
    const daily = random() < 0.6;
    const slots = 1 + Math.floor(random() * 2);
    return clientRecordSchema.parse({
      id: `client-demo-${String(n + 1).padStart(3, '0')}`,
      teamId,
      givenName: pick(GIVEN),
      familyName: `${pick(FAMILY)}`,
      personnummer,
      address: `${pick(STREETS)} ${1 + Math.floor(random() * 60)}`,
      village,
      directions: random() < 0.3 ? 'Gult hus efter busshållplatsen, infart från vänster.' : '',
      accessNotes: random() < 0.5 ? 'Nyckelgömma vid dörren.' : '',
      phone: `090-${String(100000 + Math.floor(random() * 899999))}`,
      nextOfKin:
        random() < 0.7 ? [{ name: `${pick(GIVEN)} ${pick(FAMILY)}`, relation: 'Barn', phone: '070-1234567' }] : [],
      preferredLanguage: n % 23 === 0 ? 'fi' : n % 29 === 0 ? 'se' : 'sv',
      safetyAlarm: random() < 0.7 ? { installed: true, lastTestedOn: '2026-10-01' } : { installed: false },
      schedule: Array.from({ length: slots }, (_, s) => ({
        weekdays: daily ? [1, 2, 3, 4, 5, 6, 7] : [1, 3, 5],
        time: TIMES[(n + s * 3) % TIMES.length] as string,
        durationMinutes: [20, 30, 45][(n + s) % 3] as number,
        serviceType: s === 1 && !daily ? 'household' : 'personal-care',
        tasks: s === 1 && !daily ? ['cleaning', 'shopping'] : ['meals', 'medication-reminder'],
        ...(random() < 0.8 ? { workerId: workers[(n + s) % workers.length] } : {}),
      })),
    });
  }
}

/** The care plan's tasks: everything the client's schedule plans, each once. */
export const withCarePlan = (client: ClientRecord): ClientRecord => ({
  ...client,
  carePlanTasks: [...new Set([...client.carePlanTasks, ...client.schedule.flatMap((slot) => slot.tasks)])],
});

/** Visits for every planned slot of the `days` before `today` (YYYY-MM-DD), and a few corrections. */
export function demoHistory(
  clients: ClientRecord[],
  workers: string[],
  supervisor: string,
  today: string,
  days: number,
): { visits: VisitRecord[]; amendments: AmendmentRecord[] } {
  const random = seeded(2019);
  const visits: VisitRecord[] = [];
  const amendments: AmendmentRecord[] = [];
  const byId = new Map(clients.map((c) => [c.id, c]));
  for (let back = days; back >= 1; back--) {
    const date = new Date(Date.parse(`${today}T12:00:00Z`) - back * 86_400_000).toISOString().slice(0, 10);
    for (const planned of plannedVisitsOn(clients, date)) {
      if (random() < 0.03) continue; // missed: nothing was logged
      const client = byId.get(planned.clientId) as ClientRecord;
      const late = random() < 0.05 ? 20 + Math.floor(random() * 25) : Math.floor(random() * 8);
      const start = Date.parse(planned.plannedStart) + late * 60_000;
      const length = Date.parse(planned.plannedEnd) - Date.parse(planned.plannedStart);
      const workerId =
        planned.workerId && random() < 0.85
          ? planned.workerId
          : (workers[Math.floor(random() * workers.length)] as string);
      const notAtHome = random() < 0.01;
      // Loneliness signs are noted for a few clients only (the draw is made for all, so the rest of the demo stays).
      const lonely = !notAtHome && random() < 0.04 && (client.id === 'client-elsa' || client.id.endsWith('7'));
      const visit = visitRecordSchema.parse({
        id: `visit-demo-${visits.length + 1}`,
        teamId: client.teamId,
        clientId: client.id,
        workerId,
        plannedVisitId: planned.id,
        serviceType: planned.serviceType,
        location: { address: client.address, village: client.village },
        startedAt: new Date(start).toISOString(),
        endedAt: new Date(start + (notAtHome ? 10 * 60_000 : length)).toISOString(),
        timeSource: random() < 0.8 ? 'timer' : 'typed',
        tasks: planned.tasks.map((task) => ({ task, planned: true, done: !notAtHome && random() < 0.95 })),
        note: notAtHome ? '' : (NOTES[Math.floor(random() * NOTES.length)] as string),
        observations: lonely
          ? [{ kind: 'loneliness-signs', text: 'Säger att hon sällan träffar någon nu för tiden.' }]
          : [],
        deviations: [
          ...(late >= 20
            ? [{ kind: 'late', severity: 'low', description: `Kom ${late} minuter sent: snöoväder.` }]
            : []),
          ...(notAtHome
            ? [
                {
                  kind: 'not-at-home',
                  severity: 'high',
                  description: 'Ingen öppnade, inget svar i telefon.',
                  followUp: 'Ringde anhörig som bekräftade att brukaren var hos dottern.',
                },
              ]
            : []),
        ],
        signedAt: new Date(start + length + 2 * 60_000).toISOString(),
      });
      visits.push(visit);
      if (random() < 0.01) {
        amendments.push(
          amendmentRecordSchema.parse({
            id: `amendment-demo-${amendments.length + 1}`,
            teamId: client.teamId,
            visitId: visit.id,
            reason: 'wrong-time',
            comment: 'Timern startades för sent.',
            changes: { startedAt: new Date(start - 5 * 60_000).toISOString() },
            authorId: random() < 0.5 ? workerId : supervisor,
            createdAt: new Date(start + length + 3 * 3_600_000).toISOString(),
          }),
        );
      }
    }
  }
  return { visits, amendments };
}

/**
 * The supervisor's reviews of the demo history: everything up to three days before `today` approved, a few visits
 * returned with a comment, and the visits of more than two weeks ago locked — so the demo's review inbox holds the last days' work, as
 * a supervisor who reviews twice a week would find it.
 */
export function demoReviews(
  visits: readonly VisitRecord[],
  amendments: readonly AmendmentRecord[],
  supervisor: string,
  today: string,
): ReviewRecord[] {
  const cutoff = new Date(Date.parse(`${today}T00:00:00Z`) - 3 * 86_400_000).toISOString();
  const byVisit = Map.groupBy(amendments, (a) => a.visitId);
  const reviews: ReviewRecord[] = [];
  const older = visits.filter((v) => v.startedAt < cutoff);
  older.forEach((visit, index) => {
    const returned = index % 97 === 41;
    reviews.push({
      id: `review-demo-${index + 1}`,
      teamId: visit.teamId,
      subjectKind: 'visit',
      subjectId: visit.id,
      decision: returned ? 'returned' : 'approved',
      comment: returned ? 'Skriv vilka uppgifter som blev gjorda och varför besöket blev kortare.' : '',
      amendmentIds: (byVisit.get(visit.id) ?? []).map((a) => a.id),
      reviewerId: supervisor,
      createdAt: new Date(Date.parse(visit.endedAt) + 2 * 86_400_000).toISOString(),
    });
  });
  const first = visits[0];
  if (first) {
    reviews.push({
      id: 'review-demo-lock',
      teamId: first.teamId,
      subjectKind: 'team',
      subjectId: first.teamId,
      decision: 'locked',
      comment: '',
      amendmentIds: [],
      lockedBefore: new Date(Date.parse(`${today}T12:00:00Z`) - 14 * 86_400_000).toISOString().slice(0, 10),
      reviewerId: supervisor,
      createdAt: cutoff,
    });
  }
  return reviews;
}

const ACTION_NOTES: Record<ActionKind, string> = {
  socialActivity: 'Tipsade om kyrkans sopplunch på torsdagar.',
  meetingPlace: 'Följde med till träffpunkten i byn första gången.',
  volunteerVisitor: 'Anmäld till besöksvän via frivilligcentralen.',
  phoneFriend: 'Anmäld till telefonvän, samtal två gånger i veckan.',
  relativesContacted: 'Ringde dottern, som ska höra av sig oftare.',
  supervisorTalk: 'Tog upp med samordnaren på teamträffen.',
  other: 'Ordnade färdtjänst till biblioteket.',
};

/**
 * A year of loneliness screenings for the demo: most clients screened every one to three months, some never; at high
 * risk a worker usually starts an action, and its outcome follows weeks later. The fixed clients have their own story
 * (Elsa high risk with a phone friend started, Märta low, Gustav overdue; Ingrid and Olof never screened).
 */
export function demoWellbeing(clients: readonly ClientRecord[], workers: readonly string[], today: string) {
  const random = seeded(1947);
  const records: WellbeingRecord[] = [];
  const at = (daysAgo: number, hour = 10) =>
    new Date(Date.parse(`${today}T${String(hour).padStart(2, '0')}:00:00Z`) - daysAgo * 86_400_000).toISOString();
  const scale = <T>(values: readonly T[], position: number): T =>
    values[Math.max(0, Math.min(values.length - 1, Math.round(position)))] as T;
  const answers = (tendency: number): ScreeningAnswerSet => {
    const ucla = () => (random() < 0.03 ? 'declined' : scale(UCLA3_ANSWERS, tendency * 2 + (random() - 0.5) * 1.2));
    const lsns = () => (random() < 0.03 ? 'declined' : scale(LSNS6_ANSWERS, (1 - tendency) * 4 + (random() - 0.5) * 2));
    return {
      ucla3: { lackCompanionship: ucla(), leftOut: ucla(), isolated: ucla() },
      direct: scale(['never', 'hardlyEver', 'occasionally', 'someOfTheTime', 'oftenOrAlways'] as const, tendency * 4),
      lsns6: {
        relativesMonthly: lsns(),
        relativesPrivate: lsns(),
        relativesHelp: lsns(),
        friendsMonthly: lsns(),
        friendsPrivate: lsns(),
        friendsHelp: lsns(),
      },
    };
  };
  let n = 0;
  const add = (record: Omit<WellbeingRecord, 'id' | 'note'> & { note?: string }) => {
    n += 1;
    records.push(wellbeingRecordSchema.parse({ note: '', ...record, id: `wellbeing-demo-${n}` }));
  };
  const screen = (client: ClientRecord, daysAgo: number, tendency: number, factors: FactorEntry[]) => {
    const id = `wellbeing-demo-${n + 1}`;
    add({
      teamId: client.teamId,
      clientId: client.id,
      kind: 'screening',
      authorId: workers[Math.floor(random() * workers.length)] as string,
      answers: answers(tendency),
      factors,
      rule: RISK_RULE_VERSION,
      createdAt: at(daysAgo),
    });
    return id;
  };
  const act = (
    client: ClientRecord,
    screeningId: string,
    daysAgo: number,
    action: ActionKind,
    outcomes: ActionOutcome[],
  ) => {
    const actionId = `wellbeing-demo-${n + 1}`;
    const authorId = workers[Math.floor(random() * workers.length)] as string;
    add({
      teamId: client.teamId,
      clientId: client.id,
      kind: 'action',
      authorId,
      action,
      screeningId,
      note: ACTION_NOTES[action],
      createdAt: at(daysAgo, 11),
    });
    outcomes.forEach((outcome, index) => {
      const when = daysAgo - 10 * (index + 1);
      if (when > 0)
        add({
          teamId: client.teamId,
          clientId: client.id,
          kind: 'outcome',
          authorId,
          actionId,
          outcome,
          createdAt: at(when, 12),
        });
    });
  };

  for (const client of clients) {
    if (client.id === 'client-ingrid' || client.id === 'client-olof') continue;
    if (client.id === 'client-elsa') {
      const factors = [
        { factor: 'livesAlone' as const, note: '' },
        { factor: 'recentBereavement' as const, note: 'Maken dog i augusti.' },
        { factor: 'farFromNeighbours' as const, note: 'Närmaste granne 3 km.' },
      ];
      screen(client, 80, 0.5, factors.slice(0, 1));
      const latest = screen(client, 20, 0.95, factors);
      act(client, latest, 19, 'phoneFriend', ['started']);
      continue;
    }
    if (client.id === 'client-marta') {
      screen(client, 40, 0.1, [{ factor: 'livesAlone', note: '' }]);
      continue;
    }
    if (client.id === 'client-gustav') {
      const id = screen(client, 45, 0.9, [{ factor: 'hearingOrVisionLoss', note: 'Hör dåligt i telefon.' }]);
      act(client, id, 44, 'meetingPlace', ['started', 'helped']);
      continue;
    }
    if (random() < 0.12) continue;
    let tendency = random() * 0.75;
    const factors = RISK_FACTORS.filter((f) => random() < (f === 'livesAlone' ? 0.6 : 0.05 + tendency * 0.2)).map(
      (factor) => ({ factor, note: '' }),
    );
    let daysAgo = 200 + Math.floor(random() * 160);
    while (daysAgo > 3) {
      const id = screen(client, daysAgo, tendency, factors);
      const level = assessScreening(records.at(-1) as ScreeningRecord).assessment.level;
      if (level === 'high' && random() < 0.75) {
        const action = ACTION_KINDS[Math.floor(random() * (ACTION_KINDS.length - 1))] as ActionKind;
        const outcomes = ([['started', 'helped'], ['declined'], ['started', 'noEffect'], ['notAvailable']] as const)[
          Math.floor(random() * 4)
        ] as readonly ActionOutcome[];
        act(client, id, daysAgo - 1, action, [...outcomes]);
        // An action that helps lowers the next screening's loneliness.
        if (outcomes.includes('helped')) tendency *= 0.6;
      } else {
        tendency = Math.max(0, Math.min(1, tendency + (random() - 0.5) * 0.2));
      }
      daysAgo -= RESCREEN_DAYS[level] + Math.floor(random() * 24) - 12;
    }
  }
  return records;
}

/**
 * The demo's preparedness: most clients' power-outage and storm checklists gone through within the last year or so
 * (some overdue), fewer for heat, water and infection; now and then an item answered "no"; electricity-dependent aids
 * for a few clients (none in Botsmark, where the end-to-end test registers one). Olof Nordin has nothing yet.
 */
export function demoPreparedness(clients: readonly ClientRecord[], workers: readonly string[], today: string) {
  const random = seeded(1953);
  const records: PreparednessRecord[] = [];
  let n = 0;
  const at = (daysAgo: number, minute = 0) =>
    new Date(Date.parse(`${today}T09:00:00Z`) - daysAgo * 86_400_000 + minute * 60_000).toISOString();
  const add = (record: Omit<PreparednessRecord, 'id'>) => {
    n += 1;
    records.push(preparednessRecordSchema.parse({ ...record, id: `preparedness-demo-${n}` }));
  };
  const share: Record<Hazard, number> = {
    powerOutage: 0.8,
    stormSnow: 0.7,
    heatWave: 0.4,
    waterOutage: 0.3,
    infection: 0.3,
  };
  const NOTES: Record<string, string> = {
    water: 'Har bara några liter hemma.',
    heat: 'Ingen vedspis; elelement enbart.',
    lightRadio: 'Saknar ficklampa.',
    phone: 'Mobilen laddas sällan.',
    alarmTested: 'Larmet svarade inte vid provet.',
    access: 'Nyckel saknas i nyckelskåpet.',
  };
  const DEVICES = [
    ['homeOxygen', 0, 'Syrgasflaskor i förrådet räcker 12 timmar.', 'Region Västerbotten, hjälpmedel 090-785 00 00'],
    ['electricBed', undefined, 'Sängen kan vevas ned för hand.', 'Hjälpmedelscentralen Umeå'],
    ['lift', 2, 'Två personal lyfter utan lift; ring samordnaren.', 'Hjälpmedelscentralen Umeå'],
    ['epilepsyAlarm', 24, 'Batteriet räcker ett dygn; anhörig sover över vid långt avbrott.', 'Neuromottagningen NUS'],
    [
      'homeOxygen',
      3,
      'Bärbar koncentrator med batteri; flaskor som reserv.',
      'Region Västerbotten, hjälpmedel 090-785 00 00',
    ],
  ] as const;
  let aids = 0;
  for (const client of clients) {
    if (client.id === 'client-olof') continue;
    const author = () => workers[Math.floor(random() * workers.length)] as string;
    for (const hazard of HAZARDS) {
      if (random() > share[hazard] && client.id !== 'client-marta') continue;
      const daysAgo = client.id === 'client-marta' ? 20 : 10 + Math.floor(random() * 420);
      const authorId = author();
      for (const itemId of BUILT_IN_ITEMS[hazard]) {
        const draw = random();
        const answer = draw < 0.08 ? 'no' : draw < 0.12 ? 'na' : 'yes';
        add({
          teamId: client.teamId,
          kind: 'answer',
          authorId,
          createdAt: at(daysAgo),
          hazard,
          version: 1,
          clientId: client.id,
          itemId,
          answer,
          note: answer === 'no' ? (NOTES[itemId] ?? '') : '',
        });
      }
      add({
        teamId: client.teamId,
        kind: 'review',
        authorId,
        createdAt: at(daysAgo, 5),
        hazard,
        version: 1,
        clientId: client.id,
        reason: 'routine',
      });
    }
    const elsa = client.id === 'client-elsa';
    if (elsa || (client.village !== 'Botsmark' && aids < DEVICES.length && random() < 0.15)) {
      const [device, batteryHours, backupRoutine, supplier] = DEVICES[elsa ? 1 : aids] ?? DEVICES[0];
      if (!elsa) aids += 1;
      add({
        teamId: client.teamId,
        kind: 'aid',
        authorId: author(),
        createdAt: at(60),
        clientId: client.id,
        aidId: `aid-demo-${client.id}`,
        device,
        ...(batteryHours === undefined ? {} : { batteryHours }),
        backupRoutine,
        supplier,
        removed: false,
      });
    }
  }
  return records;
}
