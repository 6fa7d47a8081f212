/** How the report writes numbers, dates and its period, in the user's language. */
import type { TFunction } from 'i18next';
import { locale } from '../../format.ts';

/** A calendar date (YYYY-MM-DD) as an instant; noon UTC is the same date in Sweden. */
export const noon = (date: string) => `${date}T12:00:00Z`;

export function reportFormat(
  t: TFunction,
  language: string,
  data: { from: string; to: string; days: readonly unknown[] },
) {
  const number = new Intl.NumberFormat(locale(language));
  const percent = new Intl.NumberFormat(locale(language), { style: 'percent', maximumFractionDigits: 0 });
  const longDate = (date: string) =>
    new Intl.DateTimeFormat(locale(language), { day: 'numeric', month: 'long', year: 'numeric' }).format(
      new Date(noon(date)),
    );
  const shortDate = (date: string) =>
    new Intl.DateTimeFormat(locale(language), { day: 'numeric', month: 'numeric', timeZone: 'UTC' }).format(
      new Date(noon(date)),
    );
  const period =
    data.from === data.to
      ? longDate(data.to)
      : t('dashboard.periodText', { from: longDate(data.from), to: longDate(data.to), count: data.days.length });
  return {
    n: (value: number) => number.format(value),
    percent: (value: number) => percent.format(value),
    longDate,
    shortDate,
    period,
    file: (name: string) => `hemtrygg-oversikt-${name}-${data.to}.csv`,
  };
}

export type ReportFormat = ReturnType<typeof reportFormat>;
