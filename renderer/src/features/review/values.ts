/** How the review screens put a record's fields into words: the same for a correction and for a sync conflict. */
import type { TFunction } from 'i18next';
import type { VisitRecord } from '../../../../core/visits.ts';
import { SEVERITIES } from '../../../../core/visits.ts';
import { formatDate, formatDateTime } from '../../format.ts';

/** Fields with a name of their own; any other is shown as it is called in the record. */
const NAMED_FIELDS = new Set([
  'serviceType',
  'location',
  'startedAt',
  'endedAt',
  'tasks',
  'note',
  'observations',
  'deviations',
  'givenName',
  'familyName',
  'address',
  'village',
  'directions',
  'accessNotes',
  'phone',
  'nextOfKin',
  'preferredLanguage',
  'safetyAlarm',
  'carePlanTasks',
  'schedule',
  'reason',
  'comment',
  'changes',
]);

export function fieldLabel(t: TFunction, field: string): string {
  return NAMED_FIELDS.has(field) ? t(`review.fields.${field}`) : field;
}

export const tasksText = (t: TFunction, tasks: VisitRecord['tasks']): string =>
  tasks
    .map((task) => `${t(`task.${task.task}`)} (${task.done ? t('review.taskDone') : t('history.notDone')})`)
    .join(', ');

export const deviationText = (t: TFunction, d: VisitRecord['deviations'][number]): string =>
  `${t(`deviation.${d.kind}`)} (${t(`severity.${d.severity}`)}): ${d.description}${d.followUp ? ` — ${d.followUp}` : ''}`;

/** The highest severity among a visit's deviations, if it has any. */
export function highestSeverity(deviations: VisitRecord['deviations']): (typeof SEVERITIES)[number] | undefined {
  let highest = -1;
  for (const d of deviations) highest = Math.max(highest, SEVERITIES.indexOf(d.severity));
  return SEVERITIES[highest];
}

/** A date (YYYY-MM-DD, local) in the user's language. */
export const formatDay = (day: string, language: string): string => formatDate(`${day}T12:00:00Z`, language);

/** One field's value in words: known visit fields as a person reads them, anything else as plain text. */
export function fieldValue(t: TFunction, language: string, field: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return t('review.empty');
  try {
    switch (field) {
      case 'serviceType':
        return t(`service.${String(value)}`);
      case 'startedAt':
      case 'endedAt':
        return formatDateTime(String(value), language);
      case 'location': {
        const l = value as VisitRecord['location'];
        return `${l.address}, ${l.village}${l.elsewhere ? ` (${t('review.elsewhere')})` : ''}`;
      }
      case 'tasks':
        return (value as VisitRecord['tasks']).length === 0
          ? t('review.none')
          : tasksText(t, value as VisitRecord['tasks']);
      case 'observations': {
        const list = value as VisitRecord['observations'];
        return list.length === 0
          ? t('review.none')
          : list.map((o) => `${t(`observation.${o.kind}`)}: ${o.text}`).join('; ');
      }
      case 'deviations': {
        const list = value as VisitRecord['deviations'];
        return list.length === 0 ? t('review.none') : list.map((d) => deviationText(t, d)).join('; ');
      }
      case 'reason':
        return t(`reason.${String(value)}`);
    }
  } catch {
    // A value of an unexpected shape (e.g. from another version of the app): shown as it is below.
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return typeof value === 'boolean' ? t(value ? 'review.yes' : 'review.no') : String(value);
  }
  if (Array.isArray(value) && value.length === 0) return t('review.none');
  return JSON.stringify(value);
}
