/** Drill timing against worked examples: late and offline entries, laptops whose clocks disagree, reassignment. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boardCounts,
  drillElapsedMs,
  drillFigures,
  offeredOutcomes,
  proposeScope,
  drillRecordSchema,
  drillState,
  timeToShare,
  type DrillEntry,
  type DrillRecord,
  type DrillStart,
} from './drills.ts';

const start = '2026-12-03T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(start) + minutes * 60_000).toISOString();
const drill: DrillStart = {
  id: 'd1',
  teamId: 't',
  kind: 'drill',
  authorId: 'cecilia',
  createdAt: start,
  clockOffsetMs: 0,
  mode: 'exercise',
  exerciseType: 'functional',
  hazard: 'powerOutage',
  villages: ['Botsmark'],
  startsAt: start,
  scope: [
    { clientId: 'a', high: true, workerId: 'anna' },
    { clientId: 'b', high: true, workerId: 'anna' },
    { clientId: 'c', high: true, workerId: 'bertil' },
    { clientId: 'd', high: true, workerId: 'bertil' },
    { clientId: 'e', high: false, workerId: 'bertil' },
  ],
  workers: ['anna', 'bertil'],
};
let n = 0;
const entry = (clientId: string, minutes: number, extra: Partial<DrillEntry> = {}): DrillEntry => ({
  id: `e${(n += 1)}`,
  teamId: 't',
  kind: 'entry',
  authorId: 'anna',
  createdAt: at(minutes),
  clockOffsetMs: 0,
  drillId: 'd1',
  clientId,
  outcome: 'phone',
  attempts: 1,
  state: 'fine',
  gaps: [],
  note: '',
  ...extra,
});

describe('drill records', () => {
  it('need a state when the client was reached, and attempts when not', () => {
    const noState = drillRecordSchema.safeParse({ ...entry('a', 1), state: undefined });
    expect(noState.error?.issues[0]).toMatchObject({ path: ['state'], message: 'validation.chooseState' });
    const noAttempts = drillRecordSchema.safeParse({
      ...entry('a', 1, { outcome: 'notReached', state: undefined }),
      attempts: 0,
    });
    expect(noAttempts.error?.issues[0]).toMatchObject({ path: ['attempts'], message: 'validation.countAttempts' });
    expect(drillRecordSchema.safeParse(drill).success).toBe(true);
  });
});

describe('the time until the high-priority clients are accounted for', () => {
  it('is read from when each was first reached: 50 %, 90 % and 100 %', () => {
    const records = [
      entry('a', 4),
      entry('b', 9, { outcome: 'notReached', state: undefined, attempts: 2 }),
      entry('b', 15, { outcome: 'visit', state: 'needsHelp' }),
      entry('c', 7),
      entry('d', 22, { state: 'urgent', gaps: ['water', 'heat'] }),
      entry('e', 2),
    ];
    const state = drillState(drill, records);
    const figures = drillFigures(state);
    // Four high-priority clients, reached at 4, 7, 15 and 22 minutes.
    expect(figures).toMatchObject({
      highCount: 4,
      to50: 7 * 60_000,
      to90: 22 * 60_000,
      to100: 22 * 60_000,
      accounted: 5,
    });
    expect(figures.needs.map((c) => [c.clientId, c.status])).toEqual([
      ['b', 'needsHelp'],
      ['d', 'urgent'],
    ]);
    expect(figures.gaps).toEqual([
      { itemId: 'water', clients: 1 },
      { itemId: 'heat', clients: 1 },
    ]);
    expect(figures.timeline).toEqual([
      { minute: 0, accounted: 0 },
      { minute: 4, accounted: 1 },
      { minute: 7, accounted: 2 },
      { minute: 15, accounted: 3 },
      { minute: 22, accounted: 4 },
    ]);
  });

  it('is not there while a high-priority client is still open, and a client not reached is listed', () => {
    const state = drillState(drill, [
      entry('a', 3),
      entry('b', 5),
      entry('c', 6, { outcome: 'notReached', state: undefined, attempts: 3 }),
    ]);
    expect(timeToShare(state, 0.5)).toBe(5 * 60_000);
    expect(timeToShare(state, 1)).toBeUndefined();
    expect(drillFigures(state).notReached.map((c) => c.clientId)).toEqual(['c', 'd', 'e']);
  });

  it('counts an entry made offline and synced late at the time it was made, whatever order records arrive in', () => {
    const records = [entry('a', 4), entry('b', 6), entry('c', 8), entry('d', 30)];
    fc.assert(
      fc.property(fc.shuffledSubarray(records, { minLength: records.length }), (arrived) => {
        expect(drillFigures(drillState(drill, arrived))).toEqual(drillFigures(drillState(drill, records)));
      }),
    );
  });

  it('corrects each laptop’s clock by its offset from the server, so clocks that disagree give one timeline', () => {
    // Bertil's laptop runs 5 minutes fast: it stamped 12:00 local for what was 11:55 on the server's clock.
    const fast = 5 * 60_000;
    const state = drillState(drill, [
      entry('a', 10),
      entry('b', 12),
      entry('c', 13, { authorId: 'bertil', clockOffsetMs: fast }),
      entry('d', 25, { authorId: 'bertil', clockOffsetMs: fast }),
    ]);
    expect(state.clients.map((c) => (c.accountedAfterMs === undefined ? null : c.accountedAfterMs / 60_000))).toEqual([
      10,
      12,
      8,
      20,
      null,
    ]);
    // And the supervisor's laptop, 3 minutes slow, started the drill at 09:57 by its clock: 10:00 on the server's.
    const slowStart = { ...drill, startsAt: at(-3), createdAt: at(-3), clockOffsetMs: -3 * 60_000 };
    expect(drillState(slowStart, [entry('a', 10)]).clients[0]?.accountedAfterMs).toBe(10 * 60_000);
    // A laptop behind the server, never corrected, cannot account for someone before the drill began.
    const behind = drillState(drill, [entry('a', -3)]);
    expect(behind.clients[0]?.accountedAfterMs).toBe(0);
  });

  it('keeps a client found needing help among the needs, and reached, when a later call fails', () => {
    const state = drillState(drill, [
      entry('a', 5, { state: 'urgent', note: 'Ingen värme' }),
      entry('a', 40, { outcome: 'notReached', state: undefined, attempts: 1 }),
    ]);
    expect(state.clients[0]).toMatchObject({ status: 'urgent', accountedAfterMs: 5 * 60_000 });
    expect(drillFigures(state).needs.map((c) => c.clientId)).toEqual(['a']);
  });

  it('counts the first end; a second, from another supervisor offline, changes nothing', () => {
    const end = (id: string, minutes: number): DrillRecord => ({
      id,
      teamId: 't',
      kind: 'end',
      authorId: 'cecilia',
      createdAt: at(minutes),
      clockOffsetMs: 0,
      drillId: 'd1',
      lessons: id,
      actions: '',
    });
    expect(drillState(drill, [end('second', 50), end('first', 45)]).ended?.lessons).toBe('first');
  });

  it('keeps what a worker recorded when the client is given to someone else mid-drill', () => {
    const reassign: DrillRecord = {
      id: 'r1',
      teamId: 't',
      kind: 'assign',
      authorId: 'cecilia',
      createdAt: at(10),
      clockOffsetMs: 0,
      drillId: 'd1',
      clientId: 'b',
      workerId: 'bertil',
    };
    const state = drillState(drill, [
      entry('b', 5, { outcome: 'notReached', state: undefined, attempts: 1 }),
      reassign,
      entry('b', 12, { authorId: 'bertil' }),
    ]);
    const b = state.clients.find((c) => c.clientId === 'b');
    expect(b?.workerId).toBe('bertil');
    expect(b?.entries.map((e) => e.authorId)).toEqual(['anna', 'bertil']);
    expect(b?.accountedAfterMs).toBe(12 * 60_000);
  });
});

describe('the clients a drill covers, as the start form proposes them', () => {
  const candidates = [
    { clientId: 'oxygen', needs: ['electricAid'] as const },
    { clientId: 'paperwork', needs: ['unmetItems'] as const },
    { clientId: 'alarm', needs: ['noWorkingAlarm'] as const },
    { clientId: 'lonely', needs: ['aloneHighRisk'] as const },
  ];

  it('takes the high-priority ones by need, in the list’s order, each to the workers in turn', () => {
    expect(proposeScope(candidates, ['anna', 'bertil'], {}, true)).toEqual([
      { clientId: 'oxygen', high: true, workerId: 'anna' },
      { clientId: 'alarm', high: true, workerId: 'bertil' },
      { clientId: 'lonely', high: true, workerId: 'anna' },
    ]);
  });

  it('follows the supervisor: a client made high or not, one given to someone or to nobody', () => {
    const scope = proposeScope(
      candidates,
      ['anna', 'bertil'],
      { paperwork: { high: true, workerId: 'bertil' }, alarm: { workerId: '' }, lonely: { high: false } },
      false,
    );
    expect(scope).toEqual([
      { clientId: 'oxygen', high: true, workerId: 'anna' },
      { clientId: 'paperwork', high: true, workerId: 'bertil' },
      { clientId: 'alarm', high: true },
      { clientId: 'lonely', high: false, workerId: 'bertil' },
    ]);
    expect(proposeScope(candidates, [], {}, true).every((s) => s.workerId === undefined)).toBe(true);
  });
});

describe('the live board', () => {
  it('counts accounted for, not yet and needing help; a client reached once stays accounted for', () => {
    const state = drillState(drill, [
      entry('a', 3),
      entry('b', 4, { state: 'needsHelp' }),
      entry('c', 5, { outcome: 'notReached', state: undefined }),
      entry('b', 9, { outcome: 'notReached', state: undefined }),
    ]);
    expect(boardCounts(state.clients)).toEqual({ accounted: 2, open: 3, help: 1 });
    expect(boardCounts([])).toEqual({ accounted: 0, open: 0, help: 0 });
  });

  it('runs its clock until the drill ends, then shows how long it ran', () => {
    const running = drillState(drill, []);
    expect(drillElapsedMs(running, Date.parse(at(7)))).toBe(7 * 60_000);
    const end = { ...entry('a', 0), kind: 'end' as const, createdAt: at(42), lessons: '', actions: '' };
    const ended = drillState(drill, [end as unknown as DrillRecord]);
    expect(drillElapsedMs(ended, Date.parse(at(90)))).toBe(42 * 60_000);
  });
});

describe('how a client may be recorded as contacted', () => {
  it('offers "reached by phone" only for a client with a phone', () => {
    expect(offeredOutcomes({ phone: '090-12 34 56' })).toEqual(['phone', 'visit', 'notReached']);
    expect(offeredOutcomes({ phone: ' ' })).toEqual(['visit', 'notReached']);
    expect(offeredOutcomes({})).toEqual(['visit', 'notReached']);
    expect(offeredOutcomes(undefined)).toEqual(['visit', 'notReached']);
  });
});
