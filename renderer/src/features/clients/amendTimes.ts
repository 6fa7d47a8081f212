/** A corrected start or end: the time typed (HH:mm), on the visit's own date in Swedish time, as an instant. */
import { TZDate } from '@date-fns/tz';
import { TIME_ZONE } from '../../../../core/schedule.ts';

export function onSameDay(isoOfDay: string, time: string): string | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) return undefined;
  const day = new TZDate(isoOfDay, TIME_ZONE);
  return new Date(
    new TZDate(
      day.getFullYear(),
      day.getMonth(),
      day.getDate(),
      Number(match[1]),
      Number(match[2]),
      TIME_ZONE,
    ).getTime(),
  ).toISOString();
}
