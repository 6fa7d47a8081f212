/**
 * A weekly schedule's days as people say them: "every day", "weekdays" (Monday to Friday), "weekends", or the days one
 * by one. Pure, so every screen and printout says the same; the words themselves come from the UI's translations.
 */

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
const WEEKDAYS = [1, 2, 3, 4, 5] as const;
const WEEKEND = [6, 7] as const;

export type WeekdayGroup =
  | { readonly kind: 'every-day' }
  | { readonly kind: 'weekdays' }
  | { readonly kind: 'weekend' }
  /** Any other set: the days in week order, without repeats. */
  | { readonly kind: 'days'; readonly days: readonly number[] };

const sameDays = (days: readonly number[], wanted: readonly number[]) =>
  days.length === wanted.length && wanted.every((day) => days.includes(day));

/** The days of a schedule slot as a group when they form one, else in week order. */
export function weekdayGroup(isoDays: readonly number[]): WeekdayGroup {
  const days = [...new Set(isoDays)].filter((day) => day >= 1 && day <= 7).sort((a, b) => a - b);
  if (sameDays(days, [...WEEKDAYS, ...WEEKEND])) return { kind: 'every-day' };
  if (sameDays(days, WEEKDAYS)) return { kind: 'weekdays' };
  if (sameDays(days, WEEKEND)) return { kind: 'weekend' };
  return { kind: 'days', days };
}
