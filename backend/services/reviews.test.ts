/**
 * Supervision over a real encrypted database file, called through the API boundary as the UI calls it: the review
 * loop (approve, return, correct, approve again, undo), the lock date, conflicts accepted or restored, the access log,
 * the dashboard's figures, and every call refused to a role that may not make it.
 */
import { describe, expect, it } from 'vitest';
import { CALL_ROLES, contract, type CallInput, type CallName } from '../../core/api.ts';
import type { ConflictRecord } from '../../core/conflicts.ts';
import { ROLES } from '../../core/users.ts';
import type { LogVisitInput } from '../../core/visits.ts';
import { connectRpc } from '../rpc.ts';
import { hashSecret, SessionManager } from '../sessions.ts';
import type { BackendMessage } from '../../core/wire.ts';
import type { Session } from '../session.ts';
import { anna, bertil, cecilia, erik, sven, named, testClient, testVisit, useServiceWorld } from './testing/harness.ts';

let ids = 0;
const id = (prefix: string) => `${prefix}-${(ids += 1)}`;

const world = useServiceWorld(() => ({
  now: '2026-11-22T09:00:00Z',
  clients: [
    testClient({
      id: 'marta',
      givenName: 'Märta',
      // Mondays and Thursdays at 08:00: at most four days between visits.
      schedule: [
        { weekdays: [1, 4], time: '08:00', durationMinutes: 30, serviceType: 'personal-care', tasks: ['meals'] },
      ],
    }),
  ],
  staff: [anna, bertil, cecilia].map(named),
}));
const { call, dispatch } = world;

const logVisit = (session: Session, overrides: Partial<LogVisitInput> = {}) =>
  call('visits.log', testVisit({ id: id('visit'), ...overrides }), session);

/** A decision, a second after whatever came before (decisions count in the order they were made). */
const decide = (visitId: string, decision: 'approved' | 'returned' | 'reopened', comment = '') => {
  world.clock = new Date(world.clock.getTime() + 1000);
  return dispatch('reviews.decide', { id: id('decision'), visitId, decision, comment }, cecilia);
};

const statusOf = async (visitId: string) => (await call('reviews.visit', { visitId }, cecilia)).review.status;

describe('the review loop', () => {
  it('approves one visit, returns another; the worker corrects it and the supervisor approves the correction', async () => {
    const first = await logVisit(anna);
    const second = await logVisit(anna, { note: 'Glömde skriva vad vi gjorde.' });
    const inbox = await call('reviews.inbox', {}, cecilia);
    expect(inbox.items.map((i) => i.id).sort()).toEqual([first.id, second.id].sort());
    // Each with their role, so two of a name are told apart in the filter.
    expect(inbox.staff).toContainEqual({ id: 'anna', name: 'Anna', role: 'worker' });

    expect(await decide(first.id, 'approved')).toMatchObject({ ok: true });
    expect(await decide(second.id, 'returned', 'Skriv vilka uppgifter som gjordes.')).toMatchObject({ ok: true });
    // The open inbox now holds neither; the worker sees the return with its comment.
    expect((await call('reviews.inbox', {}, cecilia)).items).toEqual([]);
    const returned = await call('reviews.returned', {}, anna);
    expect(returned).toMatchObject([
      { entry: { visit: { id: second.id } }, comment: 'Skriv vilka uppgifter som gjordes.', reviewerName: 'Cecilia' },
    ]);
    expect(await call('reviews.returned', {}, bertil)).toEqual([]);

    world.clock = new Date('2026-11-22T10:00:00Z');
    await call(
      'visits.amend',
      {
        id: id('amend'),
        visitId: second.id,
        reason: 'note-correction',
        comment: 'Som handledaren bad om.',
        changes: { note: 'Hjälp med frukost och medicinpåminnelse.' },
      },
      anna,
    );
    expect(await call('reviews.returned', {}, anna)).toEqual([]);
    const open = await call('reviews.inbox', { kind: 'amendment' }, cecilia);
    expect(open.items).toMatchObject([{ id: second.id, status: 'amended', newAmendmentCount: 1 }]);
    expect(await decide(second.id, 'approved')).toMatchObject({ ok: true });
    expect(await statusOf(second.id)).toBe('approved');
    // Nothing was rewritten: the original and each decision are all still there.
    const review = await call('reviews.visit', { visitId: second.id }, cecilia);
    expect(review.entry.original.note).toBe('Glömde skriva vad vi gjorde.');
    expect(review.entry.visit.note).toBe('Hjälp med frukost och medicinpåminnelse.');
    expect(review.review.history.map((d) => d.decision)).toEqual(['approved', 'returned']);
  });

  it('undoes an approval, and refuses decisions that do not fit where the review stands', async () => {
    const visit = await logVisit(anna);
    expect(await decide(visit.id, 'reopened')).toMatchObject({ ok: false, error: { code: 'invalid-state' } });
    await decide(visit.id, 'approved');
    expect(await decide(visit.id, 'approved')).toMatchObject({ ok: false, error: { code: 'invalid-state' } });
    expect(await decide(visit.id, 'reopened')).toMatchObject({ ok: true });
    expect(await statusOf(visit.id)).toBe('new');
    expect(await decide(visit.id, 'returned', 'x')).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', issues: [{ path: 'comment', message: 'validation.explainReturn' }] },
    });
    expect(await world.database.reviews.count().exec()).toBe(2);
  });

  it('refuses a decision that would cover a correction the supervisor had not seen', async () => {
    const visit = await logVisit(anna);
    await call(
      'visits.amend',
      {
        id: 'amend-late',
        visitId: visit.id,
        reason: 'wrong-task',
        comment: 'Glömde disken.',
        changes: { note: 'Disk.' },
      },
      anna,
    );
    const decided = { id: id('decision'), visitId: visit.id, decision: 'approved' as const, comment: '' };
    expect(await dispatch('reviews.decide', { ...decided, seenAmendmentIds: [] }, cecilia)).toMatchObject({
      ok: false,
      error: { code: 'invalid-state', issues: [{ message: 'review.cannot.newCorrection' }] },
    });
    expect(await dispatch('reviews.decide', { ...decided, seenAmendmentIds: ['amend-late'] }, cecilia)).toMatchObject({
      ok: true,
      value: { amendmentIds: ['amend-late'] },
    });
  });

  it('a retried decision (same id) answers the stored one and writes nothing new', async () => {
    const visit = await logVisit(anna);
    const input = { id: 'decision-retry', visitId: visit.id, decision: 'approved' as const, comment: '' };
    const first = await dispatch('reviews.decide', input, cecilia);
    world.clock = new Date(world.clock.getTime() + 5_000);
    expect(await dispatch('reviews.decide', input, cecilia)).toEqual(first);
    expect(await world.database.reviews.count().exec()).toBe(1);
  });

  it('filters by worker, village, date, deviation kind and severity, and status', async () => {
    const plain = await logVisit(anna);
    const fall = await logVisit(bertil, {
      startedAt: '2026-11-21T08:00:00+01:00',
      endedAt: '2026-11-21T08:30:00+01:00',
      deviations: [{ kind: 'incident', severity: 'high', description: 'Föll i hallen.', followUp: 'Ringde dottern.' }],
    });
    const ids = async (filter: CallInput<'reviews.inbox'>) =>
      (await call('reviews.inbox', filter, cecilia)).items.map((i) => i.id);
    expect(await ids({ workerId: 'bertil' })).toEqual([fall.id]);
    expect(await ids({ kind: 'deviation', severity: 'high' })).toEqual([fall.id]);
    expect(await ids({ deviationKind: 'late' })).toEqual([]);
    expect(await ids({ from: '2026-11-21', to: '2026-11-21' })).toEqual([fall.id]);
    expect(await ids({ village: 'Sävar' })).toEqual([fall.id, plain.id]);
    await decide(plain.id, 'approved');
    expect(await ids({ status: 'approved' })).toEqual([plain.id]);
    // Narrowed by worker or period, the decisions on those visits still count.
    expect(await ids({ workerId: 'anna' })).toEqual([]);
    expect(await ids({ from: '2026-11-20', status: 'approved' })).toEqual([plain.id]);
    expect(await ids({ status: 'all' })).toEqual([fall.id, plain.id]);
    expect(await dispatch('reviews.inbox', { from: '2026-11-22', to: '2026-11-01' }, cecilia)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', issues: [{ path: 'to', message: 'validation.toBeforeFrom' }] },
    });
  });

  it('sees only its own team', async () => {
    const visit = await logVisit(anna);
    expect((await call('reviews.inbox', {}, sven)).items).toEqual([]);
    expect(
      await decide(visit.id, 'approved').then(() => dispatch('reviews.visit', { visitId: visit.id }, sven)),
    ).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });
});

describe('the lock date', () => {
  it('stops corrections of visits before it, unless the supervisor returns the visit', async () => {
    const visit = await logVisit(anna);
    const amend = () =>
      dispatch(
        'visits.amend',
        { id: id('amend'), visitId: visit.id, reason: 'wrong-time', comment: 'Fel tid.', changes: { note: 'Ny.' } },
        anna,
      );
    expect(await dispatch('reviews.setLock', { id: id('lock'), lockedBefore: '2026-11-30' }, cecilia)).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'lockedBefore', message: 'validation.lockInFuture' }] },
    });
    await call('reviews.setLock', { id: id('lock'), lockedBefore: '2026-11-21' }, cecilia);
    expect(await amend()).toMatchObject({ ok: false, error: { code: 'visit-locked' } });
    expect(await world.database.amendments.count().exec()).toBe(0);
    expect((await call('reviews.inbox', { status: 'all' }, cecilia)).lockedBefore).toBe('2026-11-21');

    await decide(visit.id, 'returned', 'Rätta tiden, tack.');
    expect(await amend()).toMatchObject({ ok: true });
    // Corrected: locked again until the supervisor acts.
    expect(await amend()).toMatchObject({ ok: false, error: { code: 'visit-locked' } });
    // Clearing the lock opens everything.
    world.clock = new Date(world.clock.getTime() + 1000);
    await call('reviews.setLock', { id: id('lock'), lockedBefore: null }, cecilia);
    expect(await amend()).toMatchObject({ ok: true });
  });
});

describe('conflicts', () => {
  const conflict = (overrides: Partial<ConflictRecord> = {}): ConflictRecord => ({
    id: 'conflict-1',
    teamId: 'savar',
    collectionName: 'clients',
    documentId: 'marta',
    local: { id: 'marta', phone: '070-111 11 11', directions: 'Gula huset' },
    server: { id: 'marta', phone: '070-222 22 22', directions: 'Gula huset' },
    result: { id: 'marta', phone: '070-222 22 22', directions: 'Gula huset' },
    droppedFields: ['phone'],
    deviceId: 'laptop-1',
    userId: 'cecilia',
    resolvedAt: '2026-11-21T10:00:00.000Z',
    ...overrides,
  });

  it('lists a conflict in the inbox; restoring brings the other version back as a new change', async () => {
    await (await world.database.clients.findOne('marta').exec())?.incrementalPatch({ phone: '070-222 22 22' });
    await world.database.conflicts.insert(conflict());
    const inbox = await call('reviews.inbox', { kind: 'conflict' }, cecilia);
    expect(inbox.items).toMatchObject([{ kind: 'conflict', id: 'conflict-1', status: 'new', userName: 'Cecilia' }]);
    // Narrowed to the staff member signed in when it happened, or to the client whose record clashed, it is still there.
    expect((await call('reviews.inbox', { workerId: 'cecilia', clientId: 'marta' }, cecilia)).items).toMatchObject([
      { id: 'conflict-1' },
    ]);
    expect((await call('reviews.inbox', { workerId: 'anna' }, cecilia)).items).toEqual([]);
    const details = await call('conflicts.get', { id: 'conflict-1' }, cecilia);
    expect(details).toMatchObject({ status: 'new', restorable: true, conflict: { droppedFields: ['phone'] } });

    const restored = await call(
      'conflicts.decide',
      { id: id('decision'), conflictId: 'conflict-1', decision: 'restored', comment: '' },
      cecilia,
    );
    expect(restored).toMatchObject({ decision: 'restored', restoredAs: 'marta' });
    expect((await world.database.clients.findOne('marta').exec())?.phone).toBe('070-111 11 11');
    // The record of the clash stays as it was, with both versions.
    expect((await world.database.conflicts.findOne('conflict-1').exec())?.server).toMatchObject({
      phone: '070-222 22 22',
    });
    expect((await call('reviews.inbox', { kind: 'conflict' }, cecilia)).items).toEqual([]);
    expect(
      await dispatch(
        'conflicts.decide',
        { id: id('decision'), conflictId: 'conflict-1', decision: 'accepted', comment: '' },
        cecilia,
      ),
    ).toMatchObject({ ok: false, error: { code: 'invalid-state' } });
  });

  it('will not restore over a change made since the conflict', async () => {
    await (await world.database.clients.findOne('marta').exec())?.incrementalPatch({ phone: '070-333 33 33' });
    await world.database.conflicts.insert(conflict());
    expect(
      await dispatch(
        'conflicts.decide',
        { id: id('decision'), conflictId: 'conflict-1', decision: 'restored', comment: '' },
        cecilia,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-state', issues: [{ message: 'review.cannot.restoreChanged' }] },
    });
    expect((await world.database.clients.findOne('marta').exec())?.phone).toBe('070-333 33 33');
    expect(await world.database.reviews.count().exec()).toBe(0);
  });

  it('restores a visit’s other version as a correction, never by rewriting the signed visit', async () => {
    const visit = await logVisit(anna, { note: 'Serverns text.' });
    await world.database.conflicts.insert(
      conflict({
        id: 'conflict-2',
        collectionName: 'visits',
        documentId: visit.id,
        local: { ...visit, note: 'Laptopens text.' },
        server: { ...visit },
        result: { ...visit },
        droppedFields: ['note'],
      }),
    );
    const decision = await call(
      'conflicts.decide',
      { id: id('decision'), conflictId: 'conflict-2', decision: 'restored', comment: '' },
      cecilia,
    );
    const review = await call('reviews.visit', { visitId: visit.id }, cecilia);
    expect(review.entry.original.note).toBe('Serverns text.');
    expect(review.entry.visit.note).toBe('Laptopens text.');
    expect(review.entry.amendments.map((a) => a.id)).toEqual([decision.restoredAs]);
  });
});

describe('the access log', () => {
  it('records who opened which record and what, once per look, and only supervisors and admins read it', async () => {
    await call('clients.get', { id: 'marta' }, anna);
    await call('clients.get', { id: 'marta' }, anna); // the same look (a watch answering again)
    await call('clients.history', { clientId: 'marta' }, anna);
    world.clock = new Date(world.clock.getTime() + 11 * 60_000);
    await call('clients.get', { id: 'marta' }, anna);
    const visit = await logVisit(bertil);
    await call('reviews.visit', { visitId: visit.id }, cecilia);

    const rows = await call('access.forClient', { clientId: 'marta' }, cecilia);
    expect(rows.map((r) => [r.userName, r.what, r.clientName])).toEqual([
      ['Cecilia', 'visit-review', 'Märta Testsson'],
      ['Anna', 'client-record', 'Märta Testsson'],
      ['Anna', 'visit-history', 'Märta Testsson'],
      ['Anna', 'client-record', 'Märta Testsson'],
    ]);
    expect(rows[0]).toMatchObject({ visitId: visit.id });
    expect(await call('access.forClient', { clientId: 'marta' }, erik)).toHaveLength(4);
    expect(await dispatch('access.forClient', { clientId: 'marta' }, anna)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // The log is append-only, here as on the server.
    await expect(
      world.database.access
        .findOne()
        .exec()
        .then((e) => e?.remove()),
    ).rejects.toThrow();
  });

  it('counts a record on screen once, however often sync changes it', async () => {
    await world.database.users.insert({
      id: 'dora',
      teamId: 'savar',
      displayName: 'Dora',
      role: 'worker',
      secretHash: await hashSecret('135790'),
    });
    const sessions = new SessionManager({ database: world.database, now: () => world.clock.getTime() });
    const sent: BackendMessage[] = [];
    const rpc = connectRpc({ database: world.database, handlers: world.handlers, sessions }, (m) => sent.push(m));
    try {
      await rpc.receive({ type: 'call', id: 1, name: 'auth.signIn', input: { userId: 'dora', secret: '135790' } });
      await rpc.receive({ type: 'watch', id: 2, name: 'clients.history', input: { clientId: 'marta' } });
      // Long after (past the repeat window), colleagues' visits arrive by sync while the record stays open.
      for (const minutes of [11, 22, 33]) {
        world.clock = new Date(world.clock.getTime() + minutes * 60_000);
        await logVisit(anna);
        await expect.poll(() => sent.filter((m) => m.type === 'update' && m.id === 2).length).toBeGreaterThan(0);
        sent.length = 0;
      }
      const entries = await world.database.access.find({ selector: { userId: 'dora' } }).exec();
      expect(entries.map((e) => e.what)).toEqual(['visit-history']);
    } finally {
      rpc.close();
      sessions.dispose();
    }
  });

  it('draws a random sample of the size asked, without repeats, from the period asked', async () => {
    for (let minute = 0; minute < 30; minute += 1) {
      world.clock = new Date(Date.parse('2026-11-20T09:00:00Z') + minute * 11 * 60_000);
      await call('clients.get', { id: 'marta' }, anna);
    }
    const sample = await call('access.sample', { size: 10 }, cecilia);
    expect(sample).toHaveLength(10);
    expect(new Set(sample.map((s) => s.id)).size).toBe(10);
    const samples = await Promise.all([1, 2, 3].map(() => call('access.sample', { size: 10 }, cecilia)));
    expect(new Set(samples.map((s) => s.map((e) => e.id).join())).size).toBeGreaterThan(1);
    // Three more on the 22nd: a sample from the 21st on draws from those alone.
    for (const hour of [8, 10, 12]) {
      world.clock = new Date(`2026-11-22T${String(hour).padStart(2, '0')}:00:00Z`);
      await call('clients.history', { clientId: 'marta' }, anna);
    }
    const later = await call('access.sample', { size: 50, from: '2026-11-21' }, cecilia);
    expect(later.map((e) => e.what)).toEqual(['visit-history', 'visit-history', 'visit-history']);
    expect(await call('access.sample', { size: 50, to: '2026-11-20' }, cecilia)).toHaveLength(30);
  });
});

describe('the dashboard', () => {
  it('counts planned, done, late and missed visits per day, deviations, continuity, open returns and overdue clients', async () => {
    world.clock = new Date('2026-11-27T12:00:00Z'); // a Friday
    // Monday 23 November: planned 08:00, done 08:45 (late). Thursday 26: planned, never logged (missed).
    const monday = await logVisit(anna, {
      plannedVisitId: 'plan:marta:2026-11-23:0',
      startedAt: '2026-11-23T08:45:00+01:00',
      endedAt: '2026-11-23T09:10:00+01:00',
      deviations: [{ kind: 'late', severity: 'low', description: 'Snöoväder.', followUp: '' }],
    });
    await logVisit(bertil, { startedAt: '2026-11-24T13:00:00+01:00', endedAt: '2026-11-24T13:20:00+01:00' });
    await decide(monday.id, 'returned', 'Skriv varför det blev sent.');

    const board = await call('dashboard.team', { to: '2026-11-27', days: 7 }, cecilia);
    const day = (date: string) => board.days.find((d) => d.date === date);
    expect(day('2026-11-23')).toEqual({
      date: '2026-11-23',
      planned: 1,
      upcoming: 0,
      done: 1,
      missed: 0,
      late: 1,
      unplanned: 0,
    });
    expect(day('2026-11-24')).toMatchObject({ planned: 0, unplanned: 1 });
    expect(day('2026-11-26')).toMatchObject({ planned: 1, done: 0, missed: 1 });
    expect(board.totals).toEqual({ planned: 2, done: 1, missed: 1, late: 1, deviations: 1, openReturns: 1 });
    expect(board.deviations.find((d) => d.kind === 'late')?.count).toBe(1);
    expect(board.continuity).toMatchObject([{ client: { id: 'marta' }, staff: 2 }]);
    expect(board.openReturns).toMatchObject([{ visitId: monday.id, workerName: 'Anna' }]);
    // Last visit Tuesday 24, three days ago: within the plan's four days.
    expect(board.overdue).toEqual([]);
    world.clock = new Date('2026-11-30T12:00:00Z');
    const later = await call('dashboard.team', { to: '2026-11-30', days: 7 }, cecilia);
    expect(later.overdue).toMatchObject([{ client: { id: 'marta' }, planGapDays: 4, daysSince: 6 }]);
    // Monday 30 November at noon: the morning's visit is missed, none is still to come. At 07:00 it was still to come.
    expect(later.days.at(-1)).toMatchObject({ date: '2026-11-30', planned: 1, missed: 1, upcoming: 0 });
    world.clock = new Date('2026-11-30T06:00:00Z');
    const morning = await call('dashboard.team', { to: '2026-11-30', days: 1 }, cecilia);
    expect(morning.days).toMatchObject([{ planned: 0, upcoming: 1, missed: 0 }]);
  });
});

describe('permissions', () => {
  // Every call, every role: the backend refuses what the role may not, before looking at the input.
  const calls = Object.keys(contract) as CallName[];
  it.each(ROLES)('the %s role is refused exactly the calls CALL_ROLES does not give it', async (role) => {
    const session: Session = { userId: `someone-${role}`, teamId: 'savar', role };
    for (const name of calls) {
      const result = await dispatch(name, {} as never, session);
      const refused = !result.ok && result.error.code === 'forbidden';
      expect({ name, refused }).toEqual({ name, refused: !CALL_ROLES[name].includes(role) });
    }
  });

  it('gives workers no approving, locking or access log', () => {
    for (const name of ['reviews.decide', 'reviews.setLock', 'access.forClient', 'access.sample'] as const) {
      expect(CALL_ROLES[name]).not.toContain('worker');
    }
  });
});
