import { describe, expect, it } from 'vitest';
import { BOM, csvFromColumns } from './csv.ts';
import { fromCalendarDate, fromTime, toCalendarDate, toTime } from './isoDates.ts';
import { sortRows } from './sortRows.ts';

interface Visit {
  readonly client: string;
  readonly minutes: number;
  readonly note: string;
}
const visits: Visit[] = [
  { client: 'Öberg, Åsa', minutes: 30, note: 'Kaffe; bulle' },
  { client: 'Berglund, Elsa', minutes: 45, note: '=HYPERLINK("x")' },
  { client: 'Andersson, Nils', minutes: 30, note: '' },
];
const columns = [
  {
    id: 'client',
    header: 'Brukare',
    csv: (v: Visit) => v.client,
    sort: (a: Visit, b: Visit) => a.client.localeCompare(b.client, 'sv'),
  },
  {
    id: 'minutes',
    header: 'Minuter',
    csv: (v: Visit) => v.minutes,
    sort: (a: Visit, b: Visit) => a.minutes - b.minutes,
  },
  { id: 'actions', header: 'Åtgärder' },
  { id: 'note', header: 'Anteckning', csv: (v: Visit) => v.note },
];

describe('csvFromColumns', () => {
  it('writes the columns that have a csv value, in the rows’ order, as Swedish Excel reads it', () => {
    expect(csvFromColumns(columns, visits).slice(1).split('\r\n')).toEqual([
      'Brukare;Minuter;Anteckning',
      'Öberg, Åsa;30;"Kaffe; bulle"',
      `Berglund, Elsa;45;"'=HYPERLINK(""x"")"`,
      'Andersson, Nils;30;',
      '',
    ]);
  });

  it('has a byte-order mark and only the headings for no rows', () => {
    expect(csvFromColumns(columns, [])).toBe(`${BOM}Brukare;Minuter;Anteckning\r\n`);
  });
});

describe('sortRows', () => {
  it('sorts by a column in Swedish order, both ways, and keeps equal rows in their order', () => {
    const names = (rows: Visit[]) => rows.map((v) => v.client.split(',')[0]);
    expect(names(sortRows(columns, visits, { column: 'client', direction: 'ascending' }))).toEqual([
      'Andersson',
      'Berglund',
      'Öberg',
    ]);
    expect(names(sortRows(columns, visits, { column: 'client', direction: 'descending' }))).toEqual([
      'Öberg',
      'Berglund',
      'Andersson',
    ]);
    expect(names(sortRows(columns, visits, { column: 'minutes', direction: 'ascending' }))).toEqual([
      'Öberg',
      'Andersson',
      'Berglund',
    ]);
  });

  it('leaves the order alone without a sort or for a column that does not sort', () => {
    expect(sortRows(columns, visits, undefined)).toEqual(visits);
    expect(sortRows(columns, visits, { column: 'actions', direction: 'ascending' })).toEqual(visits);
  });
});

describe('ISO dates and times for the date and time fields', () => {
  it('round-trips YYYY-MM-DD and HH:mm', () => {
    expect(fromCalendarDate(toCalendarDate('2026-03-09'))).toBe('2026-03-09');
    expect(fromTime(toTime('07:05'))).toBe('07:05');
    expect(fromTime(toTime('23:59'))).toBe('23:59');
  });

  it('reads empty or malformed text as no value', () => {
    for (const bad of ['', '2026-02-30', '9/3/2026', '2026-3-9']) expect(toCalendarDate(bad)).toBeNull();
    for (const bad of ['', '25:00', '7:05', '07:5']) expect(toTime(bad)).toBeNull();
    expect(fromCalendarDate(null)).toBe('');
    expect(fromTime(null)).toBe('');
  });
});
