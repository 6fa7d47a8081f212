/** The decisions made on a visit or a conflict, newest last: when, by whom, what and why. */
import { useTranslation } from 'react-i18next';
import type { ReviewRecord } from '../../../../core/reviews.ts';
import { formatDateTime } from '../../format.ts';
import { DataTable, Section, type Column } from '../../kit/index.ts';

export function DecisionHistory({
  title,
  history,
  who,
}: {
  title: string;
  history: readonly ReviewRecord[];
  who: (userId: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const columns: Column<ReviewRecord>[] = [
    { id: 'when', header: t('review.when'), cell: (d) => formatDateTime(d.createdAt, i18n.language) },
    { id: 'who', header: t('review.decidedBy'), cell: (d) => who(d.reviewerId) },
    {
      id: 'decision',
      header: t('review.decisionColumn'),
      cell: (d) => (
        <>
          {t(`review.decision.${d.decision}`)}
          {d.restoredAs && (
            <span className="kit-option-description">{t('conflict.restoredAs', { id: d.restoredAs })}</span>
          )}
        </>
      ),
    },
    { id: 'comment', header: t('review.comment'), cell: (d) => d.comment || '—' },
  ];
  return (
    <Section title={title}>
      <DataTable
        caption={title}
        columns={columns}
        rows={history}
        rowKey={(d) => d.id}
        emptyText={t('review.noHistory')}
      />
    </Section>
  );
}
