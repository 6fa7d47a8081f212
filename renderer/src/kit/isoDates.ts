/** ISO strings (what screens and the API keep) to react-aria's calendar values and back; bad input is no value. */
import { parseDate, parseTime, type CalendarDate, type Time } from '@internationalized/date';

export function toCalendarDate(iso: string | undefined): CalendarDate | null {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  try {
    return parseDate(iso);
  } catch {
    return null;
  }
}

export function toTime(hhmm: string | undefined): Time | null {
  if (!hhmm || !/^\d{2}:\d{2}$/.test(hhmm)) return null;
  try {
    return parseTime(hhmm);
  } catch {
    return null;
  }
}

/** YYYY-MM-DD, or '' for no date. */
export const fromCalendarDate = (date: CalendarDate | null): string => (date ? date.toString() : '');

/** HH:mm, or '' for no time. */
export const fromTime = (time: Time | null): string => (time ? time.toString().slice(0, 5) : '');
