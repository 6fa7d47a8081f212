/**
 * One sync conflict: which record, where and when it was resolved, the fields the two versions disagreed on (this
 * laptop's, the server's, and what both hold now), and the supervisor's decision: accept the result, or bring the
 * other version back as a new change.
 */
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { ConflictDecision } from '../../../../core/reviews.ts';
import { SYNC_INTERNAL_FIELDS } from '../../../../core/conflicts.ts';
import { useApi, useWatch } from '../../api/hooks.tsx';
import { ErrorMessage, errorText } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { formatDateTime } from '../../format.ts';
import { useDecision } from './useDecision.ts';
import { fieldLabel, fieldValue } from './values.ts';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function ConflictView({ id, onBack }: { id: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const api = useApi();
  const result = useWatch('conflicts.get', { id });
  const { comment, setComment, error, saved, busy, savedRef, submit } = useDecision();

  const back = (
    <button type="button" className="link" onClick={onBack}>
      {t('review.back')}
    </button>
  );
  if (result && !result.ok) {
    return (
      <section aria-labelledby="conflict-title">
        {back}
        <ScreenHeading id="conflict-title">{t('conflict.titleUnknown')}</ScreenHeading>
        <ErrorMessage error={result.error} />
      </section>
    );
  }
  if (!result) return null;

  const { conflict, status, history, names, restorable } = result.value;
  const who = (userId: string) => names[userId] ?? userId;
  const collection = t(`conflict.collection.${conflict.collectionName}`);
  const dropped = new Set(conflict.droppedFields);
  const fields = [...new Set([...Object.keys(conflict.local), ...Object.keys(conflict.server), ...dropped])]
    .filter((field) => !SYNC_INTERNAL_FIELDS.has(field))
    .filter((field) => dropped.has(field) || !same(conflict.local[field], conflict.server[field]));

  async function decide(decision: ConflictDecision) {
    await submit(
      () => api.call('conflicts.decide', { id: uuidv7(), conflictId: id, decision, comment }),
      t(`conflict.decided.${decision}`),
    );
  }

  return (
    <section aria-labelledby="conflict-title" className="review">
      {back}
      <ScreenHeading id="conflict-title">{t('conflict.title', { what: collection })}</ScreenHeading>
      <p className="review-state">
        {t('review.statusLabel')}{' '}
        <span className={`badge review-badge status-${status}`}>{t(`conflict.status.${status}`)}</span>
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

      <h2 id="conflict-fields-title">{t('conflict.fields')}</h2>
      {fields.length === 0 ? (
        <p>{t('conflict.noDifferences')}</p>
      ) : (
        <table className="review-table conflict-table" aria-labelledby="conflict-fields-title">
          <thead>
            <tr>
              <th scope="col">{t('conflict.field')}</th>
              <th scope="col">{t('conflict.local')}</th>
              <th scope="col">{t('conflict.server')}</th>
              <th scope="col">{t('conflict.result')}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => (
              <tr key={field}>
                <th scope="row">{fieldLabel(t, field)}</th>
                <td>
                  {fieldValue(t, language, field, conflict.local[field])}
                  {dropped.has(field) && <span className="tag dropped">{t('conflict.dropped')}</span>}
                </td>
                <td>{fieldValue(t, language, field, conflict.server[field])}</td>
                <td>{fieldValue(t, language, field, conflict.result[field])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('conflict.history')}</h2>
      {history.length === 0 ? (
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
            {history.map((decision) => (
              <tr key={decision.id}>
                <td>{formatDateTime(decision.createdAt, language)}</td>
                <td>{who(decision.reviewerId)}</td>
                <td>
                  {t(`review.decision.${decision.decision}`)}
                  {decision.restoredAs && (
                    <>
                      <br />
                      <span className="subtle">{t('conflict.restoredAs', { id: decision.restoredAs })}</span>
                    </>
                  )}
                </td>
                <td>{decision.comment || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <section aria-labelledby="conflict-decide-title" className="review-decide">
        <h2 id="conflict-decide-title">{t('review.decide')}</h2>
        <p role="status" ref={savedRef} tabIndex={-1} className="saved">
          {saved}
        </p>
        {error && (
          <p role="alert" className="error">
            {t('review.notSaved')} {errorText(t, error)}
          </p>
        )}
        {status === 'new' ? (
          <div className="form">
            <ul className="explain">
              <li>{t('conflict.explainAccept')}</li>
              <li>{restorable ? t('conflict.explainRestore') : t('conflict.notRestorable')}</li>
            </ul>
            <label htmlFor="conflict-comment">{t('conflict.comment')}</label>
            <textarea
              id="conflict-comment"
              rows={2}
              value={comment}
              onChange={(event) => setComment(event.target.value)}
            />
            <div className="actions">
              <button type="button" disabled={busy} onClick={() => void decide('accepted')}>
                {t('conflict.accept')}
              </button>
              {restorable && (
                <button type="button" disabled={busy} onClick={() => void decide('restored')}>
                  {t('conflict.restore')}
                </button>
              )}
            </div>
          </div>
        ) : (
          <p>{t('conflict.alreadyDecided')}</p>
        )}
      </section>
    </section>
  );
}
