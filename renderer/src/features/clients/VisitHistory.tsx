/** Every visit to a client, newest first, each as it stands with its original and who corrected what beside it. */
import { useTranslation } from 'react-i18next';
import type { ClientHistoryEntry } from '../../../../core/api.ts';
import { useWatch } from '../../api/hooks.tsx';
import { formatDate, formatDateTime, formatTime, type NameLabel } from '../../format.ts';
import { AsyncContent, Button, Section, StatusTag } from '../../kit/index.ts';
import { fieldLabel } from '../review/values.ts';

export function VisitHistory({
  clientId,
  staff,
  onCorrect,
}: {
  clientId: string;
  staff: (userId: string) => NameLabel;
  onCorrect: (entry: ClientHistoryEntry) => void;
}) {
  const { t } = useTranslation();
  const history = useWatch('clients.history', { clientId });
  return (
    <Section title={t('history.title')}>
      <AsyncContent result={history} isEmpty={(list) => list.length === 0} empty={t('history.empty')}>
        {(list) => (
          <ol className="history">
            {list.map((entry) => (
              <HistoryItem key={entry.visit.id} entry={entry} staff={staff} onCorrect={() => onCorrect(entry)} />
            ))}
          </ol>
        )}
      </AsyncContent>
    </Section>
  );
}

function HistoryItem({
  entry,
  staff,
  onCorrect,
}: {
  entry: ClientHistoryEntry;
  staff: (userId: string) => NameLabel;
  onCorrect: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { visit, original, amendments, correctionRefused } = entry;
  const correctors = [...new Set(amendments.map((a) => staff(a.authorId).name))].join(', ');
  return (
    <li className="entry">
      <h3>
        {formatDate(visit.startedAt, language)} {formatTime(visit.startedAt, language)}–
        {formatTime(visit.endedAt, language)} · {staff(visit.workerId).name}{' '}
        {amendments.length > 0 && <StatusTag tone="info">{t('history.correctedBy', { who: correctors })}</StatusTag>}
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
          <StatusTag tone={d.severity === 'high' ? 'danger' : 'warn'}>
            {t(`deviation.${d.kind}`)} ({t(`severity.${d.severity}`)})
          </StatusTag>{' '}
          {d.description} {d.followUp && `— ${d.followUp}`}
        </p>
      ))}
      {amendments.length > 0 && (
        <details>
          <summary>{t('history.showCorrections', { count: amendments.length })}</summary>
          <p className="subtle">
            {t('history.signed', {
              who: staff(original.workerId).name,
              when: formatDateTime(original.signedAt, language),
            })}
            {': '}
            {formatTime(original.startedAt, language)}–{formatTime(original.endedAt, language)}
            {original.note && ` · ${original.note}`}
          </p>
          <ul>
            {amendments.map((a) => (
              <li key={a.id}>
                {t('history.amendment', {
                  who: staff(a.authorId).name,
                  when: formatDateTime(a.createdAt, language),
                  reason: t(`reason.${a.reason}`),
                })}
                : {a.comment}{' '}
                <span className="subtle">
                  {t('history.changed', {
                    fields: Object.keys(a.changes)
                      .map((field) => fieldLabel(t, field))
                      .join(', '),
                  })}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {correctionRefused === undefined ? (
        <Button onPress={onCorrect}>{t('history.correct')}</Button>
      ) : correctionRefused === 'locked' ? (
        <Button disabledReason={t('history.lockedReason')}>{t('history.correct')}</Button>
      ) : null}
    </li>
  );
}
