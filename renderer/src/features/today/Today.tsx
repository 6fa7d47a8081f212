import { useTranslation } from 'react-i18next';
import type { TodayEntry } from '../../../../core/api.ts';
import { useWatch } from '../../api/hooks.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { localDate, TIME_ZONE } from '../../../../core/schedule.ts';
import { Returned } from '../review/Returned.tsx';

const locale = (language: string) => (language === 'sv' ? 'sv-SE' : language === 'en' ? 'en-GB' : language);

export function Today({ onLog }: { onLog: (entry: TodayEntry, date: string) => void }) {
  const { t, i18n } = useTranslation();
  const date = localDate();
  const day = useWatch('visits.today', { date });
  const time = (iso: string) =>
    new Intl.DateTimeFormat(locale(i18n.language), { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' }).format(
      new Date(iso),
    );
  const heading = new Intl.DateTimeFormat(locale(i18n.language), {
    timeZone: TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(new Date());

  return (
    <section aria-labelledby="today-title">
      <ScreenHeading id="today-title">
        {t('today.title')} <span className="subtle">{heading}</span>
      </ScreenHeading>
      <Returned />
      {day && !day.ok && <ErrorMessage error={day.error} />}
      {day?.ok && day.value.length === 0 && <p>{t('today.empty')}</p>}
      {day?.ok && day.value.length > 0 && (
        <ol className="visits">
          {day.value.map((entry: TodayEntry) => (
            <li key={entry.planned.id} className={`visit visit-${entry.status}`}>
              <span className="time">
                {t('today.time', { start: time(entry.planned.plannedStart), end: time(entry.planned.plannedEnd) })}
              </span>
              <span className="who">
                {entry.client.givenName} {entry.client.familyName}
                <span className="subtle"> · {entry.client.village}</span>
              </span>
              <span className={`status status-${entry.status}`}>{t(`status.${entry.status}`)}</span>
              <span className="what">
                {t(`service.${entry.planned.serviceType}`)}:{' '}
                {entry.planned.tasks.map((task) => t(`task.${task}`)).join(', ')}
              </span>
              {entry.preparednessDue.length > 0 && entry.status !== 'done' && (
                <span className="prep-due">
                  {t('today.preparednessDue', {
                    hazards: entry.preparednessDue.map((h) => t(`preparedness.hazard.${h}`)).join(', '),
                  })}
                </span>
              )}
              {entry.status !== 'done' && (
                <button type="button" className="log" onClick={() => onLog(entry, date)}>
                  {t('today.log', { who: `${entry.client.givenName} ${entry.client.familyName}` })}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
