/** A schedule slot's days in the user's language: "Alla dagar", "Vardagar", "Helger", or "mån, ons, fre". */
import { weekdayGroup } from '../../../../core/weekdays.ts';
import { formatWeekday } from '../../format.ts';

export function scheduleDays(isoDays: readonly number[], t: (key: string) => string, language: string): string {
  const group = weekdayGroup(isoDays);
  if (group.kind === 'every-day') return t('client.days.everyDay');
  if (group.kind === 'weekdays') return t('client.days.weekdays');
  if (group.kind === 'weekend') return t('client.days.weekend');
  return group.days.map((day) => formatWeekday(day, language)).join(', ');
}
