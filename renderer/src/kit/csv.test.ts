import { describe, expect, it } from 'vitest';
import { BOM, toCsv } from './csv.ts';

describe('toCsv', () => {
  it('starts with a byte-order mark and separates fields with semicolons and lines with CRLF', () => {
    const csv = toCsv(['Datum', 'Brukare', 'Antal'], [['2026-12-03', 'Åsa Öberg', 2]]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.slice(1)).toBe('Datum;Brukare;Antal\r\n2026-12-03;Åsa Öberg;2\r\n');
  });

  it('has only the headings for no rows', () => {
    expect(toCsv(['Datum', 'Brukare'], [])).toBe(`${BOM}Datum;Brukare\r\n`);
  });

  it('quotes fields holding a semicolon, a quote or a line break, doubling the quotes', () => {
    const csv = toCsv(['Anteckning'], [['Kaffe; bulle'], ['Sa "hej"'], ['Rad ett\nrad två']]);
    expect(csv.slice(1).split('\r\n')).toEqual([
      'Anteckning',
      '"Kaffe; bulle"',
      '"Sa ""hej"""',
      '"Rad ett\nrad två"',
      '',
    ]);
  });

  it('keeps texts that a spreadsheet would run as formulas as text', () => {
    const csv = toCsv(['Kommentar'], [['=HYPERLINK("http://x")'], ['+46 70'], ['@SUM(A1)'], ['-ej hemma']]);
    expect(csv.slice(1).split('\r\n').slice(1, 5)).toEqual([
      `"'=HYPERLINK(""http://x"")"`,
      `'+46 70`,
      `'@SUM(A1)`,
      `'-ej hemma`,
    ]);
  });

  it('leaves numbers, negative ones too, as numbers', () => {
    expect(toCsv(['Antal'], [[-5], [0]]).slice(1)).toBe('Antal\r\n-5\r\n0\r\n');
  });
});
