/** One client: who, where, how to get in, whom to call; continuity; and every visit, corrections beside originals. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../../core/api.ts';
import type { Profile } from '../../../../core/users.ts';
import { useApi, useWatch } from '../../api/hooks.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { formatDate, formatDateTime, formatTime, formatWeekday } from '../../format.ts';
import { AmendVisit } from './AmendVisit.tsx';

function useStaffNames(): Map<string, string> {
  const api = useApi();
  const [names, setNames] = useState(new Map<string, string>());
  useEffect(() => {
    void api.call('auth.profiles', {}).then((result) => {
      if (result.ok) setNames(new Map(result.value.map((p: Profile) => [p.id, p.displayName])));
    });
  }, [api]);
  return names;
}

export function ClientView({
  id,
  onBack,
  onWellbeing,
  onPreparedness,
}: {
  id: string;
  onBack: () => void;
  /** Opens the client's loneliness screening and follow-up (not offered to administrators). */
  onWellbeing?: (() => void) | undefined;
  /** Opens the client's preparedness checklists and electric aids (not offered to administrators). */
  onPreparedness?: (() => void) | undefined;
}) {
  const { t, i18n } = useTranslation();
  const details = useWatch('clients.get', { id });
  const history = useWatch('clients.history', { clientId: id });
  const names = useStaffNames();
  const [amending, setAmending] = useState<HistoryEntry>();
  const staff = (userId: string) => names.get(userId) ?? userId;

  if (details && !details.ok) return <ErrorMessage error={details.error} />;
  if (!details) return null;
  const { client, staffLast14Days } = details.value;
  if (amending) return <AmendVisit entry={amending} onDone={() => setAmending(undefined)} />;

  return (
    <section aria-labelledby="client-title">
      <button type="button" className="link" onClick={onBack}>
        {t('clients.back')}
      </button>
      <ScreenHeading id="client-title">
        {client.givenName} {client.familyName}
      </ScreenHeading>
      {(onWellbeing || onPreparedness) && (
        <p className="actions">
          {onWellbeing && (
            <button type="button" onClick={onWellbeing}>
              {t('wellbeing.open')}
            </button>
          )}
          {onPreparedness && (
            <button type="button" onClick={onPreparedness}>
              {t('preparedness.open')}
            </button>
          )}
        </p>
      )}
      <dl className="facts">
        <dt>{t('client.personnummer')}</dt>
        <dd>{client.personnummer}</dd>
        <dt>{t('client.address')}</dt>
        <dd>
          {client.address}, {client.village}
        </dd>
        {client.directions && (
          <>
            <dt>{t('client.directions')}</dt>
            <dd>{client.directions}</dd>
          </>
        )}
        {client.accessNotes && (
          <>
            <dt>{t('client.access')}</dt>
            <dd>{client.accessNotes}</dd>
          </>
        )}
        {client.phone && (
          <>
            <dt>{t('client.phone')}</dt>
            <dd>{client.phone}</dd>
          </>
        )}
        <dt>{t('client.nextOfKin')}</dt>
        <dd>
          {client.nextOfKin.length === 0
            ? t('client.none')
            : client.nextOfKin.map((kin) => `${kin.name} (${kin.relation}), ${kin.phone}`).join('; ')}
        </dd>
        <dt>{t('client.language')}</dt>
        <dd>{t(`languageName.${client.preferredLanguage}`)}</dd>
        <dt>{t('client.alarm')}</dt>
        <dd>
          {client.safetyAlarm.installed
            ? t('client.alarmInstalled', { tested: client.safetyAlarm.lastTestedOn ?? t('client.never') })
            : t('client.alarmNone')}
        </dd>
        <dt>{t('client.continuity')}</dt>
        <dd>{t('client.staffCount', { count: staffLast14Days })}</dd>
        <dt>{t('client.carePlan')}</dt>
        <dd>
          {client.carePlanTasks.length === 0
            ? t('client.none')
            : client.carePlanTasks.map((task) => t(`task.${task}`)).join(', ')}
        </dd>
      </dl>

      <h2>{t('client.schedule')}</h2>
      {client.schedule.length === 0 ? (
        <p>{t('client.noSchedule')}</p>
      ) : (
        <ul className="schedule">
          {client.schedule.map((slot, index) => (
            <li key={index}>
              {slot.weekdays.map((day) => formatWeekday(day, i18n.language)).join(', ')} {slot.time} (
              {t('client.minutes', { count: slot.durationMinutes })}) · {t(`service.${slot.serviceType}`)}:{' '}
              {slot.tasks.map((task) => t(`task.${task}`)).join(', ')} ·{' '}
              {slot.workerId ? staff(slot.workerId) : t('client.anyWorker')}
            </li>
          ))}
        </ul>
      )}

      <h2>{t('history.title')}</h2>
      {history && !history.ok && <ErrorMessage error={history.error} />}
      {history?.ok && history.value.length === 0 && <p>{t('history.empty')}</p>}
      {history?.ok && (
        <ol className="history">
          {history.value.map((entry) => {
            const { visit, original, amendments } = entry;
            return (
              <li key={visit.id} className="entry">
                <h3>
                  {formatDate(visit.startedAt, i18n.language)} {formatTime(visit.startedAt, i18n.language)}–
                  {formatTime(visit.endedAt, i18n.language)} · {staff(visit.workerId)}
                  {amendments.length > 0 && <span className="badge">{t('history.corrected')}</span>}
                </h3>
                <p>
                  {t(`service.${visit.serviceType}`)}:{' '}
                  {visit.tasks
                    .map((task) => `${t(`task.${task.task}`)} ${task.done ? '✓' : `(${t('history.notDone')})`}`)
                    .join(', ')}
                </p>
                {visit.note && <p>{visit.note}</p>}
                {visit.observations.map((o) => (
                  <p key={o.kind}>
                    <strong>{t(`observation.${o.kind}`)}:</strong> {o.text}
                  </p>
                ))}
                {visit.deviations.map((d, index) => (
                  <p key={index} className="deviation">
                    <strong>
                      {t(`deviation.${d.kind}`)} ({t(`severity.${d.severity}`)}):
                    </strong>{' '}
                    {d.description} {d.followUp && `— ${d.followUp}`}
                  </p>
                ))}
                {amendments.length > 0 && (
                  <details>
                    <summary>{t('history.showCorrections', { count: amendments.length })}</summary>
                    <p className="subtle">
                      {t('history.signed', {
                        who: staff(original.workerId),
                        when: formatDateTime(original.signedAt, i18n.language),
                      })}
                      {': '}
                      {formatTime(original.startedAt, i18n.language)}–{formatTime(original.endedAt, i18n.language)}
                      {original.note && ` · ${original.note}`}
                    </p>
                    <ul>
                      {amendments.map((a) => (
                        <li key={a.id}>
                          {t('history.amendment', {
                            who: staff(a.authorId),
                            when: formatDateTime(a.createdAt, i18n.language),
                            reason: t(`reason.${a.reason}`),
                          })}
                          : {a.comment}
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
                <button type="button" onClick={() => setAmending(entry)}>
                  {t('history.correct')}
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
