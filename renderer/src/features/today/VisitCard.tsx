import { useTranslation } from 'react-i18next';
import type { TodayEntry } from '../../../../core/api.ts';
import type { DayGroup } from '../../../../core/schedule.ts';
import { clientLabel, formatTime, personLabel } from '../../format.ts';
import { Button, StatusTag, type Tone } from '../../kit/index.ts';

/** Each state's tone; the tag always carries its word and an icon as well. */
const TONES: Record<TodayEntry['status'], Tone> = {
  planned: 'neutral',
  'in-progress': 'info',
  done: 'ok',
  missed: 'danger',
};

/**
 * One planned visit. Those due now or next show all a visit on the road needs (phone, key and door, directions); the
 * rest show when, who and where, so a long day stays short enough to take in.
 */
export function VisitCard({
  entry,
  group,
  userId,
  onLog,
}: {
  entry: TodayEntry;
  group: DayGroup;
  userId: string | undefined;
  onLog: (entry: TodayEntry) => void;
}) {
  const { t, i18n } = useTranslation();
  const { planned, client } = entry;
  const name = clientLabel(client, t);
  const detailed = group === 'now' || group === 'next';
  const dueNow = group === 'now' && entry.status === 'planned';
  const worker = entry.worker && entry.planned.workerId !== userId ? personLabel(entry.worker, t) : undefined;

  return (
    <li className={`day-visit day-visit-${group}`}>
      <span className="day-visit-time time">
        {t('today.time', {
          start: formatTime(planned.plannedStart, i18n.language),
          end: formatTime(planned.plannedEnd, i18n.language),
        })}
      </span>
      <div className="day-visit-body">
        <h3 className="day-visit-name">
          {name.name} {name.detail && <span className="day-visit-detail">{name.detail}</span>}
        </h3>
        <p className="day-visit-what">
          {t(`service.${planned.serviceType}`)}: {planned.tasks.map((task) => t(`task.${task}`)).join(', ')}
        </p>
        <p className="day-visit-where">{client.address}</p>
        {detailed && (
          <dl className="day-visit-facts">
            {client.phone && (
              <div>
                <dt>{t('today.phone')}</dt>
                <dd>{client.phone}</dd>
              </div>
            )}
            {client.accessNotes && (
              <div>
                <dt>{t('today.access')}</dt>
                <dd>{client.accessNotes}</dd>
              </div>
            )}
            {client.directions && (
              <div>
                <dt>{t('today.directions')}</dt>
                <dd>{client.directions}</dd>
              </div>
            )}
          </dl>
        )}
        {worker && (
          <p className="day-visit-worker">
            {t('today.plannedFor')}: {worker.name} <span className="day-visit-detail">{worker.detail}</span>
          </p>
        )}
        {entry.preparednessDue.length > 0 && entry.status !== 'done' && (
          <p className="day-visit-prep">
            {t('today.preparednessDue', {
              hazards: entry.preparednessDue.map((hazard) => t(`preparedness.hazard.${hazard}`)).join(', '),
            })}
          </p>
        )}
      </div>
      <div className="day-visit-side">
        {dueNow ? (
          <StatusTag tone="warn">{t('today.dueNow')}</StatusTag>
        ) : (
          <StatusTag tone={TONES[entry.status]}>{t(`status.${entry.status}`)}</StatusTag>
        )}
        {entry.status !== 'done' && entry.mayLog && (
          <Button variant={group === 'now' ? 'primary' : 'secondary'} onPress={() => onLog(entry)}>
            {t('today.log', { givenName: client.givenName, familyName: client.familyName })}
          </Button>
        )}
      </div>
    </li>
  );
}
