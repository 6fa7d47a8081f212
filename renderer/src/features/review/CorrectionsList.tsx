/** A visit's corrections, each with who made it, when, why, and every field it changed from what to what. */
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../../core/api.ts';
import { effectiveVisit } from '../../../../core/visits.ts';
import { formatDateTime } from '../../format.ts';
import { DataTable, Section, StatusTag, type Column } from '../../kit/index.ts';
import { fieldLabel, fieldValue } from './values.ts';

export function CorrectionsList({
  entry: { original, amendments },
  fresh,
  who,
}: {
  entry: HistoryEntry;
  fresh: ReadonlySet<string>;
  who: (userId: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return (
    <Section title={t('review.corrections')}>
      {amendments.length === 0 ? (
        <p>{t('review.noCorrections')}</p>
      ) : (
        <>
          <p className="subtle">
            {t('review.originalKept', {
              who: who(original.workerId),
              when: formatDateTime(original.signedAt, language),
            })}
          </p>
          <ol className="history review-corrections">
            {amendments.map((amendment, index) => {
              const before = effectiveVisit(original, amendments.slice(0, index));
              type Field = keyof typeof amendment.changes;
              const columns: Column<Field>[] = [
                { id: 'field', header: t('review.field'), cell: (field) => fieldLabel(t, field) },
                {
                  id: 'before',
                  header: t('review.before'),
                  cell: (field) => fieldValue(t, language, field, before[field]),
                },
                {
                  id: 'after',
                  header: t('review.after'),
                  cell: (field) => fieldValue(t, language, field, amendment.changes[field]),
                },
              ];
              return (
                <li key={amendment.id} className="entry">
                  <h3>
                    {t('review.correction', {
                      number: index + 1,
                      who: who(amendment.authorId),
                      when: formatDateTime(amendment.createdAt, language),
                    })}{' '}
                    {fresh.has(amendment.id) && <StatusTag tone="warn">{t('review.newSinceDecision')}</StatusTag>}
                  </h3>
                  <p>
                    <strong>{t('review.reason')}:</strong> {t(`reason.${amendment.reason}`)}.{' '}
                    <strong>{t('review.explanation')}:</strong> {amendment.comment}
                  </p>
                  <DataTable
                    caption={t('review.changedIn', { number: index + 1, who: who(amendment.authorId) })}
                    columns={columns}
                    rows={Object.keys(amendment.changes) as Field[]}
                    rowKey={(field) => field}
                    emptyText={t('review.none')}
                  />
                </li>
              );
            })}
          </ol>
        </>
      )}
    </Section>
  );
}
