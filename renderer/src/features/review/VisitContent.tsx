/** What a visit holds, as a supervisor reads it: tasks, note, observations and deviations. */
import { useTranslation } from 'react-i18next';
import type { VisitRecord } from '../../../../core/visits.ts';
import { DataTable, Section, StatusTag, type Column } from '../../kit/index.ts';

type Task = VisitRecord['tasks'][number];

export function VisitContent({ visit }: { visit: VisitRecord }) {
  const { t, i18n } = useTranslation();
  const yesNo = (value: boolean) => (value ? t('review.yes') : t('review.no'));
  const columns: Column<Task>[] = [
    { id: 'task', header: t('review.task'), cell: (task) => t(`task.${task.task}`) },
    { id: 'planned', header: t('review.taskPlanned'), cell: (task) => yesNo(task.planned) },
    {
      id: 'done',
      header: t('review.taskDoneColumn'),
      cell: (task) => <StatusTag tone={task.done ? 'ok' : 'warn'}>{yesNo(task.done)}</StatusTag>,
    },
    ...(visit.tasks.some((task) => task.comment)
      ? [{ id: 'comment', header: t('review.comment'), cell: (task: Task) => task.comment }]
      : []),
  ];
  return (
    <>
      <Section title={t('review.tasks')}>
        <DataTable
          caption={t('review.tasks')}
          columns={columns}
          rows={visit.tasks}
          rowKey={(task) => task.task}
          emptyText={t('review.none')}
        />
      </Section>
      <Section title={t('review.note')}>
        <p className="review-note">{visit.note || t('review.noNote')}</p>
      </Section>
      <Section title={t('review.observations')}>
        {visit.observations.length === 0 ? (
          <p>{t('review.none')}</p>
        ) : (
          <ul>
            {visit.observations.map((o, index) => (
              <li key={index}>
                <strong>{t(`observation.${o.kind}`)}:</strong> {o.text}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={t('review.deviations')}>
        {visit.deviations.length === 0 ? (
          <p>{t('review.none')}</p>
        ) : (
          <ul className="review-deviations">
            {visit.deviations.map((d, index) => (
              <li key={index} className="deviation">
                <StatusTag tone={d.severity === 'high' ? 'danger' : d.severity === 'medium' ? 'warn' : 'neutral'}>
                  {t(`deviation.${d.kind}`)} (
                  {t('review.severityOf', { severity: t(`severity.${d.severity}`).toLocaleLowerCase(i18n.language) })})
                </StatusTag>
                <br />
                {d.description}
                {d.followUp && (
                  <>
                    <br />
                    {t('review.followUp')}: {d.followUp}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
