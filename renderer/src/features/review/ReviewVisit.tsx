/**
 * One visit as a supervisor reviews it: the visit as it stands, each correction beside what it changed, every
 * decision so far, and the decisions its status allows (approve, return with a comment, undo an approval).
 */
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { DECIDABLE_FROM, type VisitDecision } from '../../../../core/reviews.ts';
import { useApi, useWatch } from '../../api/hooks.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { useNames } from '../../components/useNames.ts';
import { formatDate, formatDateTime, formatTime } from '../../format.ts';
import { AsyncContent, Button, StatusTag } from '../../kit/index.ts';
import { CorrectionsList } from './CorrectionsList.tsx';
import { DecisionForm } from './DecisionForm.tsx';
import { DecisionHistory } from './DecisionHistory.tsx';
import { useDecision } from './useDecision.ts';
import { fieldValue, formatDay } from './values.ts';
import { VisitContent } from './VisitContent.tsx';

const STATUS_TONE = { new: 'info', approved: 'ok', returned: 'warn', amended: 'warn' } as const;

export function ReviewVisit({ visitId, onBack }: { visitId: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const api = useApi();
  const names = useNames();
  const result = useWatch('reviews.visit', { visitId });
  const decision = useDecision();

  return (
    <section aria-labelledby="review-title" className="review">
      <Button variant="link" onPress={onBack}>
        {t('review.back')}
      </Button>
      <AsyncContent result={result}>
        {({ entry, client, workerName, review, names: staffNames, locked, lockedBefore }) => {
          const { visit, original, amendments } = entry;
          const who = (userId: string) => staffNames[userId] ?? userId;
          const clientName = client ? names.fullName(client) : visit.clientId;
          const commentError = decision.error?.issues?.find((issue) => issue.path === 'comment');

          const decide = async (chosen: VisitDecision) => {
            // The corrections on screen: a decision does not cover one that arrived by sync after the screen was drawn.
            const seenAmendmentIds = amendments.map((a) => a.id);
            const answer = await decision.submit(
              () =>
                api.call('reviews.decide', {
                  id: uuidv7(),
                  visitId,
                  decision: chosen,
                  comment: decision.comment,
                  seenAmendmentIds,
                }),
              t(`review.decided.${chosen}`, { who: workerName }),
            );
            if (!answer.ok && answer.error.issues?.some((issue) => issue.path === 'comment')) {
              document.getElementById('review-comment')?.querySelector('textarea')?.focus();
            }
          };
          const offer = (chosen: VisitDecision, label: string, variant: 'primary' | 'secondary') =>
            DECIDABLE_FROM[chosen].includes(review.status) && (
              <Button variant={variant} isDisabled={decision.busy} onPress={() => void decide(chosen)}>
                {label}
              </Button>
            );

          return (
            <>
              <ScreenHeading id="review-title">
                {t('review.title', { who: clientName })}{' '}
                <span className="subtle">{formatDate(visit.startedAt, language)}</span>
              </ScreenHeading>
              <p className="review-state">
                {t('review.statusLabel')}{' '}
                <StatusTag tone={STATUS_TONE[review.status]}>{t(`review.status.${review.status}`)}</StatusTag>{' '}
                {locked && <StatusTag tone="neutral">{t('review.locked')}</StatusTag>}
              </p>
              {locked && lockedBefore && (
                <p className="subtle">{t('review.lockedExplain', { date: formatDay(lockedBefore, language) })}</p>
              )}
              <dl className="facts">
                <dt>{t('review.service')}</dt>
                <dd>{t(`service.${visit.serviceType}`)}</dd>
                <dt>{t('review.client')}</dt>
                <dd>{client ? names.client(client).text : visit.clientId}</dd>
                <dt>{t('review.address')}</dt>
                <dd>{fieldValue(t, language, 'location', visit.location)}</dd>
                <dt>{t('review.worker')}</dt>
                <dd>{workerName}</dd>
                <dt>{t('review.time')}</dt>
                <dd>
                  {t('review.timeRange', {
                    date: formatDate(visit.startedAt, language),
                    start: formatTime(visit.startedAt, language),
                    end: formatTime(visit.endedAt, language),
                  })}{' '}
                  <span className="subtle">({t(`review.timeSource.${visit.timeSource}`)})</span>
                </dd>
                <dt>{t('review.plan')}</dt>
                <dd>{visit.plannedVisitId ? t('review.planned') : t('review.unplanned')}</dd>
                <dt>{t('review.signed')}</dt>
                <dd>
                  {t('review.signedBy', {
                    who: who(original.workerId),
                    when: formatDateTime(original.signedAt, language),
                  })}
                </dd>
              </dl>
              <VisitContent visit={visit} />
              <CorrectionsList entry={entry} fresh={new Set(review.newAmendmentIds)} who={who} />
              <DecisionHistory title={t('review.history')} history={review.history} who={who} />
              <DecisionForm
                decision={decision}
                commentLabel={t('review.commentLabel', { who: workerName })}
                commentHint={t('review.commentHint')}
                commentError={commentError ? t(commentError.message) : undefined}
              >
                {offer('approved', t('review.approve'), 'primary')}
                {offer('returned', t('review.return'), 'secondary')}
                {offer('reopened', t('review.reopen'), 'secondary')}
              </DecisionForm>
            </>
          );
        }}
      </AsyncContent>
    </section>
  );
}
