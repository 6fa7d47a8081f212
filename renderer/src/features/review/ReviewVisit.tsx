/**
 * One visit as a supervisor reviews it: the visit as it stands, each correction beside what it changed, every
 * decision so far, and the decisions its status allows (approve, return with a comment, undo an approval).
 */
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { DECIDABLE_FROM, type VisitDecision } from '../../../../core/reviews.ts';
import { effectiveVisit } from '../../../../core/visits.ts';
import { useApi, useWatch } from '../../api/hooks.tsx';
import { ErrorMessage, errorText } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { formatDate, formatDateTime, formatTime } from '../../format.ts';
import { useDecision } from './useDecision.ts';
import { fieldLabel, fieldValue, formatDay } from './values.ts';

export function ReviewVisit({ visitId, onBack }: { visitId: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const api = useApi();
  const result = useWatch('reviews.visit', { visitId });
  const { comment, setComment, error, saved, busy, savedRef, submit } = useDecision();
  const commentRef = useRef<HTMLTextAreaElement>(null);

  const back = (
    <button type="button" className="link" onClick={onBack}>
      {t('review.back')}
    </button>
  );
  if (result && !result.ok) {
    return (
      <section aria-labelledby="review-title">
        {back}
        <ScreenHeading id="review-title">{t('review.titleUnknown')}</ScreenHeading>
        <ErrorMessage error={result.error} />
      </section>
    );
  }
  if (!result) return null;

  const { entry, client, workerName, review, names, locked, lockedBefore } = result.value;
  const { visit, original, amendments } = entry;
  const who = (userId: string) => names[userId] ?? userId;
  const clientName = client ? `${client.givenName} ${client.familyName}` : visit.clientId;
  const fresh = new Set(review.newAmendmentIds);
  const commentIssue = error?.issues?.find((issue) => issue.path === 'comment');

  async function decide(decision: VisitDecision) {
    // The corrections on screen: a decision does not cover one that arrived by sync after the screen was drawn.
    const seenAmendmentIds = amendments.map((a) => a.id);
    const answer = await submit(
      () => api.call('reviews.decide', { id: uuidv7(), visitId, decision, comment, seenAmendmentIds }),
      t(`review.decided.${decision}`, { who: workerName }),
    );
    if (!answer.ok && answer.error.issues?.some((issue) => issue.path === 'comment')) commentRef.current?.focus();
  }

  const hasTaskComments = visit.tasks.some((task) => task.comment);

  return (
    <section aria-labelledby="review-title" className="review">
      {back}
      <ScreenHeading id="review-title">
        {t('review.title', { who: clientName })} <span className="subtle">{formatDate(visit.startedAt, language)}</span>
      </ScreenHeading>
      <p className="review-state">
        {t('review.statusLabel')}{' '}
        <span className={`badge review-badge status-${review.status}`}>{t(`review.status.${review.status}`)}</span>
        {locked && <span className="badge review-badge locked">{t('review.locked')}</span>}
      </p>
      {locked && lockedBefore && (
        <p className="subtle">{t('review.lockedExplain', { date: formatDay(lockedBefore, language) })}</p>
      )}

      <dl className="facts">
        <dt>{t('review.service')}</dt>
        <dd>{t(`service.${visit.serviceType}`)}</dd>
        <dt>{t('review.client')}</dt>
        <dd>{clientName}</dd>
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
          {t('review.signedBy', { who: who(original.workerId), when: formatDateTime(original.signedAt, language) })}
        </dd>
      </dl>

      <h2>{t('review.tasks')}</h2>
      {visit.tasks.length === 0 ? (
        <p>{t('review.none')}</p>
      ) : (
        <table className="review-table">
          <thead>
            <tr>
              <th scope="col">{t('review.task')}</th>
              <th scope="col">{t('review.taskPlanned')}</th>
              <th scope="col">{t('review.taskDoneColumn')}</th>
              {hasTaskComments && <th scope="col">{t('review.comment')}</th>}
            </tr>
          </thead>
          <tbody>
            {visit.tasks.map((task) => (
              <tr key={task.task}>
                <th scope="row">{t(`task.${task.task}`)}</th>
                <td>{task.planned ? t('review.yes') : t('review.no')}</td>
                <td className={task.done ? undefined : 'not-done'}>{task.done ? t('review.yes') : t('review.no')}</td>
                {hasTaskComments && <td>{task.comment}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('review.note')}</h2>
      <p className="review-note">{visit.note || t('review.noNote')}</p>

      <h2>{t('review.observations')}</h2>
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

      <h2>{t('review.deviations')}</h2>
      {visit.deviations.length === 0 ? (
        <p>{t('review.none')}</p>
      ) : (
        <ul className="review-deviations">
          {visit.deviations.map((d, index) => (
            <li key={index} className="deviation">
              <strong>
                {t(`deviation.${d.kind}`)} (
                {t('review.severityOf', { severity: t(`severity.${d.severity}`).toLocaleLowerCase(language) })})
              </strong>
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

      <h2>{t('review.corrections')}</h2>
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
              const fields = Object.keys(amendment.changes) as (keyof typeof amendment.changes)[];
              return (
                <li key={amendment.id} className="entry">
                  <h3>
                    {t('review.correction', {
                      number: index + 1,
                      who: who(amendment.authorId),
                      when: formatDateTime(amendment.createdAt, language),
                    })}
                    {fresh.has(amendment.id) && <span className="badge">{t('review.newSinceDecision')}</span>}
                  </h3>
                  <p>
                    <strong>{t('review.reason')}:</strong> {t(`reason.${amendment.reason}`)}.{' '}
                    <strong>{t('review.explanation')}:</strong> {amendment.comment}
                  </p>
                  <table className="review-table">
                    <caption className="visually-hidden">{t('review.changedIn', { number: index + 1 })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('review.field')}</th>
                        <th scope="col">{t('review.before')}</th>
                        <th scope="col">{t('review.after')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {fields.map((field) => (
                        <tr key={field}>
                          <th scope="row">{fieldLabel(t, field)}</th>
                          <td>{fieldValue(t, language, field, before[field])}</td>
                          <td>{fieldValue(t, language, field, amendment.changes[field])}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </li>
              );
            })}
          </ol>
        </>
      )}

      <h2>{t('review.history')}</h2>
      {review.history.length === 0 ? (
        <p>{t('review.noHistory')}</p>
      ) : (
        <table className="review-table">
          <thead>
            <tr>
              <th scope="col">{t('review.when')}</th>
              <th scope="col">{t('review.decidedBy')}</th>
              <th scope="col">{t('review.decisionColumn')}</th>
              <th scope="col">{t('review.comment')}</th>
            </tr>
          </thead>
          <tbody>
            {review.history.map((decision) => (
              <tr key={decision.id}>
                <td>{formatDateTime(decision.createdAt, language)}</td>
                <td>{who(decision.reviewerId)}</td>
                <td>{t(`review.decision.${decision.decision}`)}</td>
                <td>{decision.comment || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <section aria-labelledby="decide-title" className="review-decide">
        <h2 id="decide-title">{t('review.decide')}</h2>
        <p role="status" ref={savedRef} tabIndex={-1} className="saved">
          {saved}
        </p>
        {error && (
          <p role="alert" className="error">
            {t('review.notSaved')} {errorText(t, error)}
          </p>
        )}
        <div className="form">
          <label htmlFor="review-comment">{t('review.commentLabel', { who: workerName })}</label>
          <p id="review-comment-hint" className="subtle hint">
            {t('review.commentHint')}
          </p>
          <textarea
            id="review-comment"
            ref={commentRef}
            rows={3}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            aria-invalid={commentIssue ? true : undefined}
            aria-describedby={commentIssue ? 'review-comment-hint review-comment-error' : 'review-comment-hint'}
          />
          {commentIssue && (
            <span className="error" id="review-comment-error">
              {t(commentIssue.message)}
            </span>
          )}
          <div className="actions">
            {DECIDABLE_FROM.approved.includes(review.status) && (
              <button type="button" disabled={busy} onClick={() => void decide('approved')}>
                {t('review.approve')}
              </button>
            )}
            {DECIDABLE_FROM.returned.includes(review.status) && (
              <button type="button" disabled={busy} onClick={() => void decide('returned')}>
                {t('review.return')}
              </button>
            )}
            {DECIDABLE_FROM.reopened.includes(review.status) && (
              <button type="button" disabled={busy} onClick={() => void decide('reopened')}>
                {t('review.reopen')}
              </button>
            )}
          </div>
        </div>
      </section>
    </section>
  );
}
