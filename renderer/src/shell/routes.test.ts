import { describe, expect, it } from 'vitest';
import { allowed, home, menuFor, parseScreen, serialiseScreen, type Screen } from './routes.ts';

describe('screens in the address', () => {
  const screens: Screen[] = [
    { name: 'today' },
    { name: 'client', id: '0193a1b2-c3d4' },
    { name: 'log', plannedVisitId: 'p:1/2', date: '2026-03-04' },
    { name: 'wellbeing', clientId: 'c1', from: 'loneliness' },
    { name: 'clientPreparedness', clientId: 'c1', from: 'client' },
    { name: 'drill', drillId: 'd1' },
  ];
  it.each(screens)('$name comes back as it was written', (screen) => {
    expect(parseScreen(serialiseScreen(screen))).toEqual(screen);
  });
  it('writes the ids after the name, encoded', () => {
    expect(serialiseScreen({ name: 'client', id: 'a:b' })).toBe('client:a%3Ab');
  });
  it('leaves out what only the running app holds', () => {
    const entry = {} as never;
    expect(serialiseScreen({ name: 'log', plannedVisitId: 'p1', date: '2026-03-04', entry })).toBe('log:p1:2026-03-04');
  });
  it.each(['', 'nowhere', 'client', 'client:', 'today:x', 'wellbeing:c1:elsewhere', 'log:p1:yesterday', 'client:%E0'])(
    'refuses %j',
    (text) => {
      expect(parseScreen(text)).toBeUndefined();
    },
  );
});

describe('the menu per role', () => {
  it('groups a worker’s screens by what they do', () => {
    expect(menuFor('worker').map((g) => g.group)).toEqual(['day', 'clients', 'preparedness', 'drills']);
  });
  it('gives a supervisor review, follow-up and administration too', () => {
    expect(menuFor('supervisor').map((g) => [g.group, g.entries])).toEqual([
      ['day', ['today']],
      ['clients', ['clients']],
      ['preparedness', ['preparedness']],
      ['drills', ['drills']],
      ['review', ['inbox']],
      ['followUp', ['dashboard', 'loneliness']],
      ['admin', ['access']],
    ]);
  });
  it('shows an administrator only what they may use, and starts them on the clients', () => {
    expect(menuFor('admin').flatMap((g) => g.entries)).toEqual(['clients', 'access']);
    expect(home('admin')).toEqual({ name: 'clients' });
    expect(allowed('admin', { name: 'client', id: 'c1' })).toBe(true);
    expect(allowed('admin', { name: 'wellbeing', clientId: 'c1', from: 'client' })).toBe(false);
    expect(allowed('admin', { name: 'today' })).toBe(false);
    expect(allowed('worker', { name: 'inbox' })).toBe(false);
    expect(allowed('worker', { name: 'sync' })).toBe(true);
  });
});
