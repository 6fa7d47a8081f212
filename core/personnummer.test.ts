import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luhnCheckDigit, parsePersonnummer } from './personnummer.ts';

const today = new Date('2026-11-22T12:00:00Z');

describe('parsePersonnummer', () => {
  it('accepts the usual ways of writing one number and stores one form', () => {
    for (const written of ['19811218-9876', '198112189876', '811218-9876', '8112189876', ' 811218 - 9876 ']) {
      expect(parsePersonnummer(written, today)).toEqual({
        ok: true,
        value: { canonical: '19811218-9876', birthDate: '1981-12-18', coordinationNumber: false },
      });
    }
  });

  it('reads the century from the separator: + means 100 years or older', () => {
    const check = luhnCheckDigit('201122123');
    expect(parsePersonnummer(`201122-123${check}`, today)).toMatchObject({ value: { birthDate: '2020-11-22' } });
    expect(parsePersonnummer(`201122+123${check}`, today)).toMatchObject({ value: { birthDate: '1920-11-22' } });
    expect(parsePersonnummer(`19201122-123${check}`, today)).toMatchObject({
      value: { canonical: `19201122-123${check}` },
    });
  });

  it('accepts a coordination number (day + 60) and says so', () => {
    const check = luhnCheckDigit('410381123');
    expect(parsePersonnummer(`19410381-123${check}`, today)).toEqual({
      ok: true,
      value: { canonical: `19410381-123${check}`, birthDate: '1941-03-21', coordinationNumber: true },
    });
  });

  it('refuses a wrong check digit, an impossible date, a future date and a wrong format', () => {
    expect(parsePersonnummer('19811218-9875', today)).toEqual({ ok: false, problem: 'checksum' });
    expect(parsePersonnummer(`19810230-123${luhnCheckDigit('810230123')}`, today)).toEqual({
      ok: false,
      problem: 'date',
    });
    expect(parsePersonnummer(`20270101-123${luhnCheckDigit('270101123')}`, today)).toEqual({
      ok: false,
      problem: 'date',
    });
    for (const bad of ['', '1981-12-18', '19811218-98765', 'abcdefgh-ijkl', '811218/9876']) {
      expect(parsePersonnummer(bad, today)).toEqual({ ok: false, problem: 'format' });
    }
  });

  it('finds every single mistyped digit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const digits = '8112189876'.split('');
        digits[position] = String((Number(digits[position]) + delta) % 10);
        const typo = digits.join('');
        const result = parsePersonnummer(typo, today);
        expect(result.ok).toBe(false);
      }),
    );
  });
});
