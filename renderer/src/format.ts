/** Dates and times as the team reads them: Swedish time zone, in the user's language (Swedish format by default). */
import { TIME_ZONE } from '../../core/schedule.ts';

const locale = (language: string) => (language === 'sv' ? 'sv-SE' : language === 'en' ? 'en-GB' : language);

export const formatTime = (iso: string, language: string) =>
  new Intl.DateTimeFormat(locale(language), { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );

export const formatDate = (iso: string, language: string) =>
  new Intl.DateTimeFormat(locale(language), {
    timeZone: TIME_ZONE,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(iso));

export const formatDateTime = (iso: string, language: string) =>
  `${formatDate(iso, language)} ${formatTime(iso, language)}`;

/** An ISO weekday (1 = Monday … 7 = Sunday) by its short name in the user's language. */
export const formatWeekday = (isoDay: number, language: string) =>
  new Intl.DateTimeFormat(locale(language), { weekday: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, isoDay)), // 1 January 2024 was a Monday
  );
