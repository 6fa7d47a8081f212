/**
 * Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer, day + 60):
 * YYYYMMDD-NNNN, YYMMDD-NNNN, with or without the dash; `+` marks someone 100 or older in the 10-digit form.
 * The last digit is a Luhn check digit over the 10-digit form.
 */
export const PERSONNUMMER_PROBLEMS = ['format', 'date', 'checksum'] as const;
export type PersonnummerProblem = (typeof PERSONNUMMER_PROBLEMS)[number];

export interface Personnummer {
  /** YYYYMMDD-NNNN: the form Hemtrygg stores and shows. */
  readonly canonical: string;
  /** YYYY-MM-DD. For a coordination number, the real day (day − 60). */
  readonly birthDate: string;
  readonly coordinationNumber: boolean;
}

export type PersonnummerResult = { ok: true; value: Personnummer } | { ok: false; problem: PersonnummerProblem };

const PATTERN = /^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$/;

/** Luhn check digit over the nine digits YYMMDDNNN. */
export function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i++) {
    const product = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10;
}

export function parsePersonnummer(input: string, today: Date = new Date()): PersonnummerResult {
  const match = PATTERN.exec(input.trim().replace(/\s+/g, ''));
  if (!match) return { ok: false, problem: 'format' };
  const [, century, yy, mm, dd, separator, serial, check] = match as unknown as string[];
  if (!yy || !mm || !dd || !serial || !check) return { ok: false, problem: 'format' };

  const thisYear = today.getUTCFullYear();
  let year: number;
  if (century) {
    year = Number(century + yy);
  } else {
    year = Math.floor(thisYear / 100) * 100 + Number(yy);
    if (year > thisYear) year -= 100;
    if (separator === '+') year -= 100;
  }

  const coordinationNumber = Number(dd) > 60;
  const day = coordinationNumber ? Number(dd) - 60 : Number(dd);
  const month = Number(mm);
  const date = new Date(Date.UTC(year, month - 1, day));
  const isRealDate = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!isRealDate || month < 1 || day < 1 || date.getTime() > today.getTime()) return { ok: false, problem: 'date' };

  if (luhnCheckDigit(yy + mm + dd + serial) !== Number(check)) return { ok: false, problem: 'checksum' };

  const birthDate = `${String(year).padStart(4, '0')}-${mm}-${String(day).padStart(2, '0')}`;
  return {
    ok: true,
    value: { canonical: `${String(year).padStart(4, '0')}${mm}${dd}-${serial}${check}`, birthDate, coordinationNumber },
  };
}
