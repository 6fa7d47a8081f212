/** Preparedness rules: the item-by-item merge, templates that change, review dates, the priority order, coverage. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alarmWorks,
  BUILT_IN_ITEMS,
  checklistDue,
  checklistState,
  coverage,
  currentAids,
  currentTemplates,
  itemsByGaps,
  parseBatteryHours,
  preparednessRecordSchema,
  priorityList,
  type AidRecord,
  type AnswerRecord,
  type ChecklistAnswer,
  type PreparednessRecord,
  type PriorityInput,
} from './preparedness.ts';

const now = new Date('2026-12-03T12:00:00Z');
const answer = (
  id: string,
  itemId: string,
  value: ChecklistAnswer,
  createdAt: string,
  authorId = 'anna',
  version = 1,
): AnswerRecord => ({
  id,
  teamId: 't',
  kind: 'answer',
  authorId,
  createdAt,
  hazard: 'powerOutage',
  version,
  clientId: 'marta',
  itemId,
  answer: value,
  note: '',
});
const review = (id: string, createdAt: string): PreparednessRecord => ({
  id,
  teamId: 't',
  kind: 'review',
  authorId: 'anna',
  createdAt,
  hazard: 'powerOutage',
  version: 1,
  clientId: 'marta',
  reason: 'routine',
});
const templates = currentTemplates([]);
const power = templates.powerOutage;

describe('records', () => {
  it('accept each kind with its own fields only', () => {
    expect(preparednessRecordSchema.safeParse(answer('a', 'water', 'yes', '2026-12-01T08:00:00Z')).success).toBe(true);
    const stray = preparednessRecordSchema.safeParse({
      ...answer('a', 'water', 'yes', '2026-12-01T08:00:00Z'),
      device: 'lift',
    });
    expect(stray.error?.issues.map((i) => i.path.join('.'))).toEqual(['device']);
    const custom = {
      id: 'tpl',
      teamId: 't',
      kind: 'template',
      authorId: 'cecilia',
      createdAt: '2026-12-01T08:00:00Z',
      hazard: 'heatWave',
      version: 2,
      items: [{ id: 'drinking' }, { id: 'fan-x' }],
    };
    // A supervisor's own item needs its text; the same item twice is refused.
    expect(preparednessRecordSchema.safeParse(custom).error?.issues[0]?.path).toEqual(['items', 1, 'label']);
    const twice = { ...custom, items: [{ id: 'drinking' }, { id: 'drinking' }] };
    expect(preparednessRecordSchema.safeParse(twice).error?.issues[0]?.message).toBe('validation.itemTwice');
  });
});

describe('a checklist filled in on two laptops offline', () => {
  it('merges item by item: the newest answer to each item counts, and no answer is lost', () => {
    const anna = [
      answer('a1', 'water', 'no', '2026-12-01T08:00:00Z'),
      answer('a2', 'heat', 'yes', '2026-12-01T08:01:00Z'),
    ];
    const bertil = [
      answer('b1', 'water', 'yes', '2026-12-01T09:00:00Z', 'bertil'),
      answer('b2', 'phone', 'no', '2026-12-01T09:01:00Z', 'bertil'),
    ];
    const state = checklistState('powerOutage', power, [...bertil, ...anna], [], now);
    const byItem = Object.fromEntries(state.items.map((i) => [i.item.id, i]));
    expect(byItem['water']?.current?.id).toBe('b1');
    expect(byItem['water']?.history.map((a) => a.id)).toEqual(['a1', 'b1']);
    expect(byItem['heat']?.current?.answer).toBe('yes');
    expect(byItem['phone']?.current?.answer).toBe('no');
  });

  it('gives the same checklist whatever order the records arrive in', () => {
    const items = BUILT_IN_ITEMS.powerOutage;
    const record = fc.record({
      item: fc.constantFrom(...items),
      answer: fc.constantFrom<ChecklistAnswer>('yes', 'no', 'na'),
      minute: fc.integer({ min: 0, max: 30 }),
      author: fc.constantFrom('anna', 'bertil'),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 30 }), fc.integer(), (drawn, seed) => {
        const records = drawn.map((d, n) =>
          answer(
            `r${n}`,
            d.item,
            d.answer,
            new Date(Date.parse('2026-12-01T08:00:00Z') + d.minute * 60_000).toISOString(),
            d.author,
          ),
        );
        const shuffled = [...records].sort(
          (a, b) => ((a.id.length * seed) % 7) - ((b.id.length * seed) % 7) || b.id.localeCompare(a.id),
        );
        const one = checklistState('powerOutage', power, records, [], now);
        const other = checklistState('powerOutage', power, shuffled, [], now);
        expect(other.items.map((i) => i.current?.id)).toEqual(one.items.map((i) => i.current?.id));
        // Every answer is somewhere in the history.
        expect(one.items.reduce((n, i) => n + i.history.length, 0)).toBe(records.length);
      }),
    );
  });
});

describe('a template that changes', () => {
  it('keeps the answers of items still in it, keeps retired items apart, and leaves new items unanswered', () => {
    const v2: PreparednessRecord = {
      id: 'tpl-2',
      teamId: 't',
      kind: 'template',
      authorId: 'cecilia',
      createdAt: '2026-12-02T08:00:00Z',
      hazard: 'powerOutage',
      version: 2,
      items: [{ id: 'water' }, { id: 'generator', label: 'Reservkraft (aggregat) finns och är provkörd' }],
    };
    const template = currentTemplates([v2]).powerOutage;
    expect(template.version).toBe(2);
    const records = [
      answer('a1', 'water', 'yes', '2026-12-01T08:00:00Z'),
      answer('a2', 'heat', 'no', '2026-12-01T08:00:00Z'),
    ];
    const state = checklistState('powerOutage', template, records, [], now);
    expect(state.items.map((i) => [i.item.id, i.current?.answer, i.current?.version])).toEqual([
      ['water', 'yes', 1],
      ['generator', undefined, undefined],
    ]);
    expect(state.retired.map((i) => [i.item.id, i.current?.answer])).toEqual([['heat', 'no']]);
  });
});

describe('review dates', () => {
  const all = BUILT_IN_ITEMS.powerOutage.map((item, n) => answer(`a${n}`, item, 'yes', '2026-06-01T08:00:00Z'));
  it('are due now when never reviewed, a year after a review, and at once after an incident since', () => {
    expect(checklistState('powerOutage', power, all, [], now)).toMatchObject({ dueReason: 'never', current: false });
    const reviewed = checklistState('powerOutage', power, [...all, review('r', '2026-06-01T09:00:00Z')], [], now);
    expect(reviewed).toMatchObject({ dueOn: '2027-06-01', dueReason: 'interval', current: true });
    const afterIncident = checklistState(
      'powerOutage',
      power,
      [...all, review('r', '2026-06-01T09:00:00Z')],
      ['2026-05-01T08:00:00Z', '2026-11-20T08:00:00Z'],
      now,
    );
    expect(afterIncident).toMatchObject({ dueOn: '2026-11-20', dueReason: 'incident', current: false });
  });

  it('is not current while an item of the template is unanswered', () => {
    const state = checklistState('powerOutage', power, [...all.slice(1), review('r', '2026-06-01T09:00:00Z')], [], now);
    expect(state.current).toBe(false);
  });
});

describe('aids', () => {
  it('are the newest version of each device, removed ones left out', () => {
    const aid = (id: string, aidId: string, createdAt: string, extra: Partial<AidRecord> = {}): AidRecord => ({
      id,
      teamId: 't',
      kind: 'aid',
      authorId: 'anna',
      createdAt,
      clientId: 'marta',
      aidId,
      device: 'homeOxygen',
      backupRoutine: 'Reservflaskor i förrådet.',
      supplier: '',
      removed: false,
      ...extra,
    });
    const records = [
      aid('1', 'oxygen', '2026-11-01T08:00:00Z', { batteryHours: 2 }),
      aid('2', 'oxygen', '2026-11-02T08:00:00Z', { batteryHours: 4 }),
      aid('3', 'bed', '2026-11-01T08:00:00Z', { device: 'electricBed' }),
      aid('4', 'bed', '2026-11-03T08:00:00Z', { device: 'electricBed', removed: true }),
    ];
    expect(currentAids(records).map((a) => [a.aidId, a.batteryHours])).toEqual([['oxygen', 4]]);
  });
});

describe('the priority list', () => {
  const empty = checklistState('powerOutage', power, [], [], now);
  const input = (name: string, extra: Partial<PriorityInput<string>> = {}): PriorityInput<string> => ({
    client: name,
    name,
    aids: [],
    alarmWorking: true,
    aloneHighRisk: false,
    checklist: empty,
    ...extra,
  });
  const oxygen = (hours?: number) =>
    ({ aidId: 'o', device: 'homeOxygen', ...(hours === undefined ? {} : { batteryHours: hours }) }) as AidRecord;

  it('puts, for a power outage, electric aids first (shortest battery first), then no alarm, then alone at high risk', () => {
    const rows = priorityList('powerOutage', [
      input('Alone', { aloneHighRisk: true }),
      input('Nothing'),
      input('NoAlarm', { alarmWorking: false }),
      input('Oxygen8h', { aids: [oxygen(8)] }),
      input('OxygenNoBattery', { aids: [oxygen()] }),
    ]);
    expect(rows.map((r) => r.name)).toEqual(['OxygenNoBattery', 'Oxygen8h', 'NoAlarm', 'Alone', 'Nothing']);
    expect(rows[0]?.needs).toEqual(['electricAid', 'noCurrentChecklist']);
  });

  it('puts, for a heat wave, those alone at high risk before those on electric aids', () => {
    const rows = priorityList('heatWave', [
      input('Oxygen', { aids: [oxygen(8)] }),
      input('Alone', { aloneHighRisk: true }),
    ]);
    expect(rows.map((r) => r.name)).toEqual(['Alone', 'Oxygen']);
  });

  it('ranks more needs higher within the same most urgent need', () => {
    const rows = priorityList('powerOutage', [
      input('NoAlarm', { alarmWorking: false }),
      input('NoAlarmAlone', { alarmWorking: false, aloneHighRisk: true }),
    ]);
    expect(rows.map((r) => r.name)).toEqual(['NoAlarmAlone', 'NoAlarm']);
  });
});

describe('the priority list, where the needs differ in kind', () => {
  const now2 = new Date('2026-12-03T12:00:00Z');
  const reviewedPower = checklistState(
    'powerOutage',
    power,
    [
      ...BUILT_IN_ITEMS.powerOutage.map((item, n) => answer(`c${n}`, item, 'yes', '2026-11-01T08:00:00Z')),
      review('cr', '2026-11-01T09:00:00Z'),
    ],
    [],
    now2,
  );
  const overdue = checklistState('powerOutage', power, [], [], now2);
  const withAid = (name: string, device: AidRecord['device'], hours: number | undefined, current: boolean) => ({
    client: name,
    name,
    aids: [{ aidId: name, device, ...(hours === undefined ? {} : { batteryHours: hours }) } as AidRecord],
    alarmWorking: true,
    aloneHighRisk: false,
    checklist: current ? reviewedPower : overdue,
  });

  it('puts oxygen without a battery before oxygen with 8 hours, whatever the paperwork', () => {
    const rows = priorityList('powerOutage', [
      withAid('Eight', 'homeOxygen', 8, false),
      withAid('None', 'homeOxygen', undefined, true),
    ]);
    expect(rows.map((r) => r.name)).toEqual(['None', 'Eight']);
  });

  it('puts a ventilator with 3 hours before an electric bed with no battery (a bed is lowered by hand)', () => {
    const rows = priorityList('powerOutage', [
      withAid('Bed', 'electricBed', undefined, true),
      withAid('Ventilator', 'ventilator', 3, true),
    ]);
    expect(rows.map((r) => r.name)).toEqual(['Ventilator', 'Bed']);
  });

  it('puts "no alarm, alone at high risk" before "no alarm, lacks a torch, checklist overdue"', () => {
    const lacking = checklistState(
      'powerOutage',
      power,
      [answer('x', 'lightRadio', 'no', '2026-11-01T08:00:00Z')],
      [],
      now2,
    );
    const rows = priorityList('powerOutage', [
      { client: 'Torch', name: 'Torch', aids: [], alarmWorking: false, aloneHighRisk: false, checklist: lacking },
      { client: 'Alone', name: 'Alone', aids: [], alarmWorking: false, aloneHighRisk: true, checklist: reviewedPower },
    ]);
    expect(rows.map((r) => r.name)).toEqual(['Alone', 'Torch']);
  });
});

describe('a safety alarm', () => {
  const now2 = new Date('2026-12-03T12:00:00Z');
  const tested = (value: ChecklistAnswer, createdAt: string) => ({ ...answer('t', 'alarmTested', value, createdAt) });
  it('works only when installed and its latest test, within a year, passed', () => {
    expect(alarmWorks({ installed: false, lastTestedOn: '2026-11-01' }, [], now2)).toBe(false);
    expect(alarmWorks({ installed: true }, [], now2)).toBe(false);
    expect(alarmWorks({ installed: true, lastTestedOn: '2025-11-01' }, [], now2)).toBe(false);
    expect(alarmWorks({ installed: true, lastTestedOn: '2026-10-01' }, [], now2)).toBe(true);
    // A failed test in a checklist after the last good one; then a good one again.
    expect(
      alarmWorks({ installed: true, lastTestedOn: '2026-10-01' }, [tested('no', '2026-11-15T10:00:00Z')], now2),
    ).toBe(false);
    expect(
      alarmWorks(
        { installed: true },
        [tested('no', '2026-11-15T10:00:00Z'), tested('yes', '2026-11-20T10:00:00Z')],
        now2,
      ),
    ).toBe(true);
    // On the same day, a failed test outweighs a passed one.
    expect(
      alarmWorks({ installed: true, lastTestedOn: '2026-11-15' }, [tested('no', '2026-11-15T10:00:00Z')], now2),
    ).toBe(false);
  });
});

describe('coverage', () => {
  it('counts current checklists and the gaps by item', () => {
    const done = checklistState(
      'powerOutage',
      power,
      [
        ...BUILT_IN_ITEMS.powerOutage.map((item, n) =>
          answer(`a${n}`, item, item === 'water' ? 'no' : 'yes', '2026-11-01T08:00:00Z'),
        ),
        review('r', '2026-11-01T09:00:00Z'),
      ],
      [],
      now,
    );
    const none = checklistState('powerOutage', power, [], [], now);
    const result = coverage('powerOutage', power, [done, none]);
    expect(result).toMatchObject({ clients: 2, current: 1 });
    expect(result.items.find((i) => i.item.id === 'water')).toMatchObject({ no: 1, unanswered: 1 });
    expect(result.items.find((i) => i.item.id === 'heat')).toMatchObject({ no: 0, unanswered: 1 });
  });
});

describe('small rules of the preparedness screens', () => {
  it('a checklist is due when never gone through or its day has come', () => {
    expect(checklistDue({ dueOn: '2026-05-01', dueReason: 'never' }, '2026-04-01')).toBe(true);
    expect(checklistDue({ dueOn: '2026-04-01', dueReason: 'interval' }, '2026-04-01')).toBe(true);
    expect(checklistDue({ dueOn: '2026-04-02', dueReason: 'incident' }, '2026-04-01')).toBe(false);
  });
  it('reads a battery time in hours with a comma or a point, empty as none, anything else as wrong', () => {
    expect(parseBatteryHours(' ')).toBeUndefined();
    expect(parseBatteryHours('12')).toBe(12);
    expect(parseBatteryHours('1,5')).toBe(1.5);
    expect(parseBatteryHours('1.5')).toBe(1.5);
    expect(parseBatteryHours('två')).toBeNull();
    expect(parseBatteryHours('-3')).toBeNull();
  });
  it('lists the items with the most gaps first, ties in template order', () => {
    const items = [
      { id: 'a', no: 0, unanswered: 1 },
      { id: 'b', no: 2, unanswered: 1 },
      { id: 'c', no: 1, unanswered: 0 },
    ];
    expect(itemsByGaps(items).map((i) => i.id)).toEqual(['b', 'a', 'c']);
  });
});
