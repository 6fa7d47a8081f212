/**
 * One sync conflict: which record, where and when it was resolved, the fields the two versions disagreed on (this
 * laptop's, the server's, and what both hold now), and the supervisor's decision: accept the result, or bring the
 * other version back as a new change.
 */
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { SYNC_INTERNAL_FIELDS } from '../../../../core/conflicts.ts';
import type { ConflictDecision } from '../../../../core/reviews.ts';
import { useApi, useWatch } from '../../api/hooks.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { formatDateTime } from '../../format.ts';
import { AsyncContent, Button, DataTable, Section, StatusTag, type Column } from '../../kit/index.ts';
import { DecisionForm } from './DecisionForm.tsx';
import { DecisionHistory } from './DecisionHistory.tsx';
import { useDecision } from './useDecision.ts';
import { fieldLabel, fieldValue } from './values.ts';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const STATUS_TONE = { new: 'warn', accepted: 'ok', restored: 'ok' } as const;

export function ConflictView({ id, onBack }: { id: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const api = useApi();
  const result = useWatch('conflicts.get', { id });
  const decision = useDecision();

  return (
    <section aria-labelledby="conflict-title" className="review">
      <Button variant="link" onPress={onBack}>
        {t('review.back')}
      </Button>
      <AsyncContent result={result}>
        {({ conflict, status, history, names, restorable }) => {
          const who = (userId: string) => names[userId] ?? userId;
          const collection = t(`conflict.collection.${conflict.collectionName}`);
          const dropped = new Set(conflict.droppedFields);
          const fields = [...new Set([...Object.keys(conflict.local), ...Object.keys(conflict.server), ...dropped])]
            .filter((field) => !SYNC_INTERNAL_FIELDS.has(field))
            .filter((field) => dropped.has(field) || !same(conflict.local[field], conflict.server[field]));
          const value = (version: Record<string, unknown>) => (field: string) =>
            fieldValue(t, language, field, version[field]);
          const columns: Column<string>[] = [
            { id: 'field', header: t('conflict.field'), cell: (field) => fieldLabel(t, field) },
            {
              id: 'local',
              header: t('conflict.local'),
              cell: (field) => (
                <>
                  {value(conflict.local)(field)}{' '}
                  {dropped.has(field) && <StatusTag tone="warn">{t('conflict.dropped')}</StatusTag>}
                </>
              ),
            },
            { id: 'server', header: t('conflict.server'), cell: value(conflict.server) },
            { id: 'result', header: t('conflict.result'), cell: value(conflict.result) },
          ];
          const decide = (chosen: ConflictDecision) =>
            void decision.submit(
              () =>
                api.call('conflicts.decide', {
                  id: uuidv7(),
                  conflictId: id,
                  decision: chosen,
                  comment: decision.comment,
                }),
              t(`conflict.decided.${chosen}`),
            );

          return (
            <>
              <ScreenHeading id="conflict-title">{t('conflict.title', { what: collection })}</ScreenHeading>
              <p className="review-state">
                {t('review.statusLabel')}{' '}
                <StatusTag tone={STATUS_TONE[status]}>{t(`conflict.status.${status}`)}</StatusTag>
              </p>
              <dl className="facts">
                <dt>{t('conflict.record')}</dt>
                <dd>
                  {collection} <span className="subtle">({t('conflict.recordId', { id: conflict.documentId })})</span>
                </dd>
                <dt>{t('conflict.resolvedAt')}</dt>
                <dd>{formatDateTime(conflict.resolvedAt, language)}</dd>
                <dt>{t('conflict.user')}</dt>
                <dd>{who(conflict.userId)}</dd>
                <dt>{t('conflict.device')}</dt>
                <dd>{conflict.deviceId}</dd>
              </dl>
              <p>{t('conflict.explainVersions')}</p>
              <Section title={t('conflict.fields')}>
                <DataTable
                  caption={t('conflict.fields')}
                  columns={columns}
                  rows={fields}
                  rowKey={(field) => field}
                  emptyText={t('conflict.noDifferences')}
                />
              </Section>
              <DecisionHistory title={t('conflict.history')} history={history} who={who} />
              {status === 'new' ? (
                <DecisionForm decision={decision} commentLabel={t('conflict.comment')}>
                  <ul className="explain">
                    <li>{t('conflict.explainAccept')}</li>
                    <li>{restorable ? t('conflict.explainRestore') : t('conflict.notRestorable')}</li>
                  </ul>
                  <Button variant="primary" isDisabled={decision.busy} onPress={() => decide('accepted')}>
                    {t('conflict.accept')}
                  </Button>
                  {restorable && (
                    <Button isDisabled={decision.busy} onPress={() => decide('restored')}>
                      {t('conflict.restore')}
                    </Button>
                  )}
                </DecisionForm>
              ) : (
                <Section title={t('review.decide')}>
                  <p role="status" ref={decision.savedRef} tabIndex={-1} className="saved">
                    {decision.saved}
                  </p>
                  <p>{t('conflict.alreadyDecided')}</p>
                </Section>
              )}
            </>
          );
        }}
      </AsyncContent>
    </section>
  );
}
