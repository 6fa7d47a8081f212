/**
 * Loneliness screening over a real encrypted database file, called through the API boundary as the UI calls it: a
 * screening held, saved as a draft and signed; its risk level and reasons; actions and outcomes; the loneliness signs
 * of visits; the supervisor's lists; and bad input refused with nothing written.
 */
import { describe, expect, it } from 'vitest';
import type { LogVisitInput } from '../../core/visits.ts';
import type { ScreeningAnswerSet } from '../../core/wellbeing.ts';
import { SignedRecordError } from '../database.ts';
import { anna, bertil, cecilia, erik, sven, named, testClient, testVisit, useServiceWorld } from './testing/harness.ts';

let ids = 0;
const id = (prefix: string) => `${prefix}-${(ids += 1)}`;

const client = (clientId: string, givenName: string) =>
  testClient({
    id: clientId,
    givenName,
    schedule: [
      { weekdays: [1, 4], time: '08:00', durationMinutes: 30, serviceType: 'personal-care', tasks: ['meals'] },
    ],
  });

const world = useServiceWorld(() => ({
  now: '2026-11-22T09:00:00Z',
  clients: [client('marta', 'Märta'), client('gustav', 'Gustav')],
  staff: [anna, bertil, cecilia].map(named),
}));
const { call, dispatch } = world;

/** UCLA-3 = 7 (lonely), LSNS-6 = 5 (isolated): high risk whatever the factors. */
const lonely: ScreeningAnswerSet = {
  ucla3: { lackCompanionship: 'often', leftOut: 'someOfTheTime', isolated: 'someOfTheTime' },
  direct: 'someOfTheTime',
  lsns6: {
    relativesMonthly: 'one',
    relativesPrivate: 'one',
    relativesHelp: 'one',
    friendsMonthly: 'one',
    friendsPrivate: 'one',
    friendsHelp: 'none',
  },
};
const content: ScreeningAnswerSet = {
  ucla3: { lackCompanionship: 'hardlyEver', leftOut: 'hardlyEver', isolated: 'hardlyEver' },
  direct: 'never',
  lsns6: {
    relativesMonthly: 'threeOrFour',
    relativesPrivate: 'two',
    relativesHelp: 'two',
    friendsMonthly: 'threeOrFour',
    friendsPrivate: 'two',
    friendsHelp: 'two',
  },
};

const logVisit = (overrides: Partial<LogVisitInput> = {}) =>
  call('visits.log', testVisit({ id: id('visit'), ...overrides }), anna);

describe('a screening', () => {
  it('is held as a draft, signed with its level and reasons, and never changes after', async () => {
    await call('wellbeing.saveDraft', { clientId: 'marta', form: { step: 3, ucla3: { leftOut: 'often' } } }, anna);
    // The draft is Anna's: she finds it again after a restart; Bertil on the same laptop does not.
    expect((await call('wellbeing.forClient', { clientId: 'marta' }, anna)).draft?.form).toEqual({
      step: 3,
      ucla3: { leftOut: 'often' },
    });
    expect((await call('wellbeing.forClient', { clientId: 'marta' }, bertil)).draft).toBeUndefined();
    // Bertil starting his own screening of Märta on the same laptop leaves Anna's where it was.
    await call('wellbeing.saveDraft', { clientId: 'marta', form: { step: 1 } }, bertil);
    expect((await call('wellbeing.forClient', { clientId: 'marta' }, anna)).draft?.form).toMatchObject({ step: 3 });

    const input = {
      id: id('screening'),
      clientId: 'marta',
      answers: { ...lonely, direct: 'declined' as const },
      factors: [{ factor: 'livesAlone' as const }, { factor: 'recentBereavement' as const, note: 'Maken dog i mars' }],
      note: 'Ville gärna prata.',
    };
    const signed = await call('wellbeing.sign', input, anna);
    expect(signed.assessment.level).toBe('high');
    expect(signed.assessment.reasons).toEqual([
      { kind: 'ucla3', score: { min: 7, max: 7, total: 7, declined: 0 } },
      { kind: 'lsns6', score: { min: 5, max: 5, total: 5, declined: 0 } },
      { kind: 'factor', factor: 'livesAlone' },
      { kind: 'factor', factor: 'recentBereavement', note: 'Maken dog i mars' },
    ]);
    expect(signed.screening).toMatchObject({ authorId: 'anna', kind: 'screening', rule: 1 });

    // Signed: the draft has served, a retry answers the same record, and the record cannot be rewritten.
    let page = await call('wellbeing.forClient', { clientId: 'marta' }, anna);
    expect(page.draft).toBeUndefined();
    // A save that crossed the signing does not bring the signed screening back as a draft.
    await call('wellbeing.saveDraft', { clientId: 'marta', form: { id: input.id, step: 6 } }, anna);
    page = await call('wellbeing.forClient', { clientId: 'marta' }, anna);
    expect(page.draft).toBeUndefined();
    expect((await call('wellbeing.forClient', { clientId: 'marta' }, bertil)).draft?.form).toEqual({ step: 1 });
    expect(page.followUp.latest?.screening.id).toBe(input.id);
    expect(page.followUp.due).toEqual({ on: '2026-12-22', reason: 'interval' });
    world.clock = new Date('2026-11-22T09:05:00Z');
    expect((await call('wellbeing.sign', input, anna)).screening.createdAt).toBe('2026-11-22T09:00:00.000Z');
    const other = await dispatch('wellbeing.sign', { ...input, note: 'Annat' }, anna);
    expect(other).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const stored = await world.database.wellbeing.findOne(input.id).exec();
    await expect(stored!.incrementalPatch({ note: 'Omskriven' })).rejects.toBeInstanceOf(SignedRecordError);
    await expect(stored!.remove()).rejects.toBeInstanceOf(SignedRecordError);
  });

  it('says so when declined answers leave the level open, instead of guessing', async () => {
    const signed = await call(
      'wellbeing.sign',
      {
        id: id('screening'),
        clientId: 'marta',
        answers: {
          ...content,
          ucla3: { lackCompanionship: 'often', leftOut: 'declined', isolated: 'hardlyEver' },
        },
      },
      anna,
    );
    expect(signed.assessment.level).toBe('unknown');
    expect(signed.assessment.ucla3).toEqual({ min: 5, max: 7, total: undefined, declined: 1 });
    // An open level is followed up soon, like high risk.
    expect((await call('wellbeing.forClient', { clientId: 'marta' }, anna)).followUp.due.on).toBe('2026-12-22');
  });

  it('refuses an unanswered question, an unknown client and another team, and writes nothing', async () => {
    const { lsns6, ...missing } = lonely;
    const result = await dispatch(
      'wellbeing.sign',
      { id: id('screening'), clientId: 'marta', answers: { ...missing, lsns6: { ...lsns6, friendsHelp: undefined } } },
      anna,
    );
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-input',
        issues: [{ path: 'answers.lsns6.friendsHelp', message: 'validation.answerOrDecline' }],
      },
    });
    const unknown = await dispatch(
      'wellbeing.sign',
      { id: id('screening'), clientId: 'nobody', answers: lonely },
      anna,
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const elsewhere = await dispatch('wellbeing.forClient', { clientId: 'marta' }, sven);
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await world.database.wellbeing.count().exec()).toBe(0);
  });

  it('is not for administrators, and only supervisors see the team overview', async () => {
    const byAdmin = await dispatch('wellbeing.sign', { id: id('screening'), clientId: 'marta', answers: lonely }, erik);
    expect(byAdmin).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dispatch('wellbeing.overview', {}, anna)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('is logged as an access to the client, once per look', async () => {
    await call('wellbeing.forClient', { clientId: 'marta' }, cecilia);
    await call('wellbeing.forClient', { clientId: 'marta' }, cecilia);
    const entries = (await world.database.access.find().exec()).map((e) => e.toJSON());
    expect(entries).toEqual([expect.objectContaining({ userId: 'cecilia', clientId: 'marta', what: 'wellbeing' })]);
  });
});

describe('actions and outcomes', () => {
  it('records a referral after a screening and what came of it', async () => {
    const screening = await call('wellbeing.sign', { id: id('screening'), clientId: 'marta', answers: lonely }, anna);
    const action = await call(
      'wellbeing.addAction',
      {
        id: id('action'),
        clientId: 'marta',
        action: 'volunteerVisitor',
        screeningId: screening.screening.id,
        note: 'Anmäld till Röda korsets besöksvän.',
      },
      anna,
    );
    world.clock = new Date('2026-12-10T09:00:00Z');
    await call('wellbeing.recordOutcome', { id: id('outcome'), actionId: action.id, outcome: 'started' }, bertil);
    world.clock = new Date('2026-12-20T09:00:00Z');
    await call(
      'wellbeing.recordOutcome',
      { id: id('outcome'), actionId: action.id, outcome: 'helped', note: 'Ser fram emot torsdagarna.' },
      cecilia,
    );
    const { followUp } = await call('wellbeing.forClient', { clientId: 'marta' }, anna);
    expect(followUp.actions).toMatchObject([
      { action: { id: action.id, action: 'volunteerVisitor' }, outcome: 'helped', open: false },
    ]);
    expect(followUp.actions[0]?.outcomes.map((o) => o.authorId)).toEqual(['bertil', 'cecilia']);
  });

  it('asks what "other" was, and refuses an outcome for an action that does not exist', async () => {
    const other = await dispatch('wellbeing.addAction', { id: id('action'), clientId: 'marta', action: 'other' }, anna);
    expect(other).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'note', message: 'validation.describeAction' }] },
    });
    const orphan = await dispatch(
      'wellbeing.recordOutcome',
      { id: id('outcome'), actionId: 'nothing', outcome: 'helped' },
      anna,
    );
    expect(orphan).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await world.database.wellbeing.count().exec()).toBe(0);
  });
});

describe('loneliness signs on visits', () => {
  it('bring the next screening forward to the day they were noted', async () => {
    world.clock = new Date('2026-11-01T09:00:00Z');
    await call('wellbeing.sign', { id: id('screening'), clientId: 'marta', answers: content }, anna);
    world.clock = new Date('2026-11-22T09:00:00Z');
    await logVisit({ observations: [{ kind: 'loneliness-signs', text: 'Säger att ingen ringer längre.' }] });
    const { followUp } = await call('wellbeing.forClient', { clientId: 'marta' }, anna);
    expect(followUp.due).toEqual({ on: '2026-11-20', reason: 'signs' });
    expect(followUp.signs).toMatchObject([{ text: 'Säger att ingen ringer längre.', workerId: 'anna' }]);
  });
});

describe("the supervisor's overview", () => {
  it('lists high-risk clients without social contact, overdue screenings and the trend', async () => {
    world.clock = new Date('2026-10-01T09:00:00Z');
    await call('wellbeing.sign', { id: id('screening'), clientId: 'marta', answers: lonely }, anna);
    world.clock = new Date('2026-11-22T09:00:00Z');
    let overview = await call('wellbeing.overview', { noContactDays: 14, months: 3 }, cecilia);
    expect(overview.highRiskNoContact.map((r) => [r.client.id, r.lastSocialContact])).toEqual([['marta', undefined]]);
    // Märta's high-risk screening is 52 days old (due after 30); Gustav was never screened.
    expect(overview.overdue.map((r) => [r.client.id, r.due.reason, r.level])).toEqual([
      ['marta', 'interval', 'high'],
      ['gustav', 'never', undefined],
    ]);
    expect(overview.trend.map((m) => [m.month, m.counts.high, m.counts.notScreened])).toEqual([
      ['2026-09', 0, 2],
      ['2026-10', 1, 1],
      ['2026-11', 1, 1],
    ]);

    // A walk together is social contact: Märta leaves the list.
    await logVisit({ serviceType: 'social-support', tasks: [{ task: 'social-contact', planned: true, done: true }] });
    overview = await call('wellbeing.overview', { noContactDays: 14, months: 3 }, cecilia);
    expect(overview.highRiskNoContact).toEqual([]);
    // ... unless the supervisor asks about a shorter time than has passed since.
    overview = await call('wellbeing.overview', { noContactDays: 1, months: 3 }, cecilia);
    expect(overview.highRiskNoContact.map((r) => r.lastSocialContact)).toEqual(['2026-11-20T07:00:00.000Z']);
  });

  it('lists a client whose declined answers leave high risk possible, marked as open', async () => {
    world.clock = new Date('2026-11-01T09:00:00Z');
    // Lonely for certain (UCLA-3 = 7); a network of 9 with one question declined (9–14) leaves isolation open, so the
    // level is high or moderate.
    const lsns6 = {
      relativesMonthly: 'declined',
      relativesPrivate: 'two',
      relativesHelp: 'two',
      friendsMonthly: 'two',
      friendsPrivate: 'two',
      friendsHelp: 'one',
    } as const;
    const signed = await call(
      'wellbeing.sign',
      { id: id('screening'), clientId: 'marta', answers: { ...lonely, lsns6 } },
      anna,
    );
    expect(signed.assessment).toMatchObject({ level: 'unknown', possible: ['moderate', 'high'] });
    world.clock = new Date('2026-11-22T09:00:00Z');
    const overview = await call('wellbeing.overview', {}, cecilia);
    expect(overview.highRiskNoContact.map((r) => [r.client.id, r.level])).toEqual([['marta', 'unknown']]);
  });

  it('refuses a number of days outside 1–365', async () => {
    expect(await dispatch('wellbeing.overview', { noContactDays: 0 }, cecilia)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', issues: [{ path: 'noContactDays' }] },
    });
  });
});
