/**
 * Dates, times and names as the team reads them: Swedish time zone, in the user's language (Swedish format by
 * default), and people told apart by more than their name. The one place for this; screens do not format by hand.
 */
import type { TFunction } from 'i18next';
import { parsePersonnummer } from '../../core/personnummer.ts';
import { TIME_ZONE } from '../../core/schedule.ts';
import type { Role } from '../../core/users.ts';

/** The BCP 47 locale for one of our languages: Swedish as in Sweden (24-hour, YYYY-MM-DD), English as in Britain. */
export const locale = (language: string) => (language === 'sv' ? 'sv-SE' : language === 'en' ? 'en-GB' : language);

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

/** i18next's `t` as the screens have it, or any function like it (tests pass a stand-in). */
type Translate = TFunction | ((key: string, options?: Record<string, unknown>) => string);
const say = (t: Translate, key: string, options?: Record<string, unknown>): string =>
  (t as (key: string, options?: Record<string, unknown>) => string)(key, options);

/** A name to show, a second line that tells two of the same name apart, and both as one text (for search, CSV). */
export interface NameLabel {
  readonly name: string;
  readonly detail: string;
  readonly text: string;
}

const label = (name: string, details: readonly (string | undefined)[]): NameLabel => {
  const detail = details.filter((part): part is string => !!part).join(' · ');
  return { name, detail, text: detail ? `${name} (${detail})` : name };
};

/** What of a client a label needs: a summary's birth year, or else the personal identity number to read it from. */
export interface ClientNameParts {
  readonly givenName: string;
  readonly familyName: string;
  readonly village?: string | undefined;
  readonly birthYear?: number | undefined;
  readonly personnummer?: string | undefined;
}

function birthYearOf(client: ClientNameParts): number | undefined {
  if (client.birthYear !== undefined) return client.birthYear;
  if (!client.personnummer) return undefined;
  const parsed = parsePersonnummer(client.personnummer);
  return parsed.ok ? Number(parsed.value.birthDate.slice(0, 4)) : undefined;
}

/** "Berglund, Elsa" with "Sävar · född 1936": the family name first, as lists are sorted, and what tells her apart. */
export function clientLabel(client: ClientNameParts, t: Translate): NameLabel {
  const year = birthYearOf(client);
  return label(`${client.familyName}, ${client.givenName}`, [
    client.village,
    year === undefined ? undefined : say(t, 'kit.name.born', { year }),
  ]);
}

/** A colleague: the name as they chose it, and their role when known ("Cecilia Ek" with "Arbetsledare"). */
export function personLabel(person: { readonly displayName: string; readonly role?: Role | undefined }, t: Translate) {
  return label(person.displayName, [person.role ? say(t, `kit.name.role.${person.role}`) : undefined]);
}

/**
 * For CSV files: the Swedish local date and time, which spreadsheets read as one (`2026-12-03 14:05`, with
 * `seconds` `2026-12-03 14:05:09` — the access log's entries are told apart to the second).
 */
export const csvDateTime = (iso: string, seconds = false): string =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' as const } : {}),
  }).format(new Date(iso));
