/**
 * Drills over a real encrypted database file, called through the API boundary as the UI calls it: a supervisor starts
 * one, workers account for their clients, a client is reassigned mid-drill, the drill ends with lessons, and the
 * figures and the comparison with an earlier drill come out right; bad input and the wrong roles are refused.
 */
import { describe, expect, it } from 'vitest';
import { anna, bertil, dragan, cecilia, testClient, useServiceWorld } from './testing/harness.ts';

let ids = 0;
const id = (prefix: string) => `${prefix}-${(ids += 1)}`;
const START = '2026-12-03T10:00:00.000Z';
const minutes = (m: number) => new Date(Date.parse(START) + m * 60_000);

const world = useServiceWorld(() => ({
  now: START,
  clients: ['a', 'b', 'c'].map((clientId) =>
    testClient({ id: clientId, givenName: clientId.toUpperCase(), village: 'Botsmark' }),
  ),
  staff: [anna, bertil, dragan, cecilia],
}));
const { call, dispatch } = world;

const start = (drillId: string) =>
  call(
    'drills.start',
    {
      id: drillId,
      mode: 'exercise',
      exerciseType: 'functional',
      hazard: 'powerOutage',
      villages: ['Botsmark'],
      startsAt: world.clock.toISOString(),
      scope: [
        { clientId: 'a', high: true, workerId: 'anna' },
        { clientId: 'b', high: true, workerId: 'bertil' },
        { clientId: 'c', high: false, workerId: 'bertil' },
      ],
      workers: ['anna', 'bertil'],
    },
    cecilia,
  );

describe('a drill', () => {
  it('is started by a supervisor, accounted for by its workers, and measured to 50 % and 100 %', async () => {
    expect(
      await dispatch(
        'drills.start',
        {
          id: 'x',
          mode: 'incident',
          hazard: 'powerOutage',
          startsAt: START,
          scope: [{ clientId: 'a', high: true }],
          workers: ['anna'],
        },
        anna,
      ),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await start('d1');
    // Workers see the drills they are in; one who is not sees none and cannot record.
    expect((await call('drills.list', {}, anna)).map((d) => [d.drill.id, d.mine])).toEqual([['d1', 1]]);
    expect(await call('drills.list', {}, dragan)).toEqual([]);
    expect(
      await dispatch(
        'drills.record',
        { id: id('e'), drillId: 'd1', clientId: 'a', outcome: 'phone', state: 'fine' },
        dragan,
      ),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // A reached client needs a state; a client not in the drill is refused.
    const noState = await dispatch(
      'drills.record',
      { id: id('e'), drillId: 'd1', clientId: 'a', outcome: 'visit' },
      anna,
    );
    expect(noState).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'state', message: 'validation.chooseState' }] },
    });
    const stranger = await dispatch(
      'drills.record',
      { id: id('e'), drillId: 'd1', clientId: 'zz', outcome: 'phone', state: 'fine' },
      anna,
    );
    expect(stranger).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'clientId', message: 'validation.notInDrill' }] },
    });

    world.clock = minutes(6);
    await call('drills.record', { id: id('e'), drillId: 'd1', clientId: 'a', outcome: 'phone', state: 'fine' }, anna);
    world.clock = minutes(9);
    await call(
      'drills.record',
      { id: id('e'), drillId: 'd1', clientId: 'b', outcome: 'notReached', attempts: 2 },
      bertil,
    );
    // Bertil is needed elsewhere: b goes to Anna, who reaches her by visit; what Bertil recorded stays.
    world.clock = minutes(10);
    await call('drills.reassign', { id: id('r'), drillId: 'd1', clientId: 'b', workerId: 'anna' }, cecilia);
    world.clock = minutes(18);
    await call(
      'drills.record',
      {
        id: id('e'),
        drillId: 'd1',
        clientId: 'b',
        outcome: 'visit',
        state: 'urgent',
        gaps: ['heat'],
        note: '12 grader inne.',
      },
      anna,
    );
    const view = await call('drills.get', { drillId: 'd1' }, cecilia);
    expect(view.figures).toMatchObject({ highCount: 2, to50: 6 * 60_000, to100: 18 * 60_000 });
    const b = view.state.clients.find((c) => c.clientId === 'b');
    expect(b).toMatchObject({ workerId: 'anna', status: 'urgent' });
    expect(b?.entries.map((e) => e.authorId)).toEqual(['bertil', 'anna']);
    expect(view.figures.gaps).toEqual([{ itemId: 'heat', clients: 1 }]);
    expect(view.clients['a']).toMatchObject({ givenName: 'A', village: 'Botsmark', aids: [] });

    // Dragan is brought in mid-drill for c: the drill is now his too.
    await call('drills.reassign', { id: id('r'), drillId: 'd1', clientId: 'c', workerId: 'dragan' }, cecilia);
    expect((await call('drills.list', {}, dragan)).map((d) => [d.drill.id, d.mine])).toEqual([['d1', 1]]);
    await call('drills.record', { id: id('e'), drillId: 'd1', clientId: 'c', outcome: 'visit', state: 'fine' }, dragan);

    world.clock = minutes(30);
    await call(
      'drills.end',
      { id: id('end'), drillId: 'd1', lessons: 'Telefonlistan var gammal.', actions: 'Uppdatera den.' },
      cecilia,
    );
    expect((await call('drills.get', { drillId: 'd1' }, anna)).state.ended).toMatchObject({
      lessons: 'Telefonlistan var gammal.',
    });
    const again = await dispatch('drills.end', { id: id('end'), drillId: 'd1', lessons: 'Annat' }, cecilia);
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'conflict', issues: [{ message: 'validation.drillEnded' }] },
    });
  });

  it('is compared with earlier drills of the same hazard', async () => {
    await start('d1');
    world.clock = minutes(4);
    await call('drills.record', { id: id('e'), drillId: 'd1', clientId: 'a', outcome: 'phone', state: 'fine' }, anna);
    await call('drills.record', { id: id('e'), drillId: 'd1', clientId: 'b', outcome: 'phone', state: 'fine' }, bertil);
    await call('drills.end', { id: id('end'), drillId: 'd1' }, cecilia);
    world.clock = new Date('2027-03-01T10:00:00.000Z');
    await start('d2');
    const view = await call('drills.get', { drillId: 'd2' }, cecilia);
    expect(view.earlier).toMatchObject([{ id: 'd1', highCount: 2, to100: 4 * 60_000 }]);
  });

  it('refuses a client given to someone not taking part, and a reassignment to someone not on the team', async () => {
    const wrong = await dispatch(
      'drills.start',
      {
        id: 'd3',
        mode: 'incident',
        hazard: 'stormSnow',
        startsAt: START,
        scope: [{ clientId: 'a', high: true, workerId: 'dragan' }],
        workers: ['anna'],
      },
      cecilia,
    );
    expect(wrong).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'scope.0.workerId', message: 'validation.notInDrill' }] },
    });
    await start('d1');
    const reassign = await dispatch(
      'drills.reassign',
      { id: id('r'), drillId: 'd1', clientId: 'a', workerId: 'nobody' },
      cecilia,
    );
    expect(reassign).toMatchObject({ ok: false, error: { issues: [{ path: 'workerId' }] } });
    expect(await world.database.drills.count().exec()).toBe(1);
  });

  it('lists the staff with their roles, for the start form and the board, to supervisors only', async () => {
    const expected = [
      { id: 'anna', displayName: 'anna', role: 'worker' },
      { id: 'bertil', displayName: 'bertil', role: 'worker' },
      { id: 'cecilia', displayName: 'cecilia', role: 'supervisor' },
      { id: 'dragan', displayName: 'dragan', role: 'worker' },
    ];
    expect(await call('drills.staff', {}, cecilia)).toEqual(expected);
    expect(await dispatch('drills.staff', {}, anna)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await start('d1');
    const view = await call('drills.get', { drillId: 'd1' }, anna);
    expect(view.staff).toEqual(expected);
    expect(view.names).toMatchObject({ anna: 'anna', cecilia: 'cecilia' });
  });
});
