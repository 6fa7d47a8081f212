/** The signed-in worker's visits a supervisor sent back, with the supervisor's comment and a way to correct each. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReturnedVisit } from '../../../../core/api.ts';
import { useWatch } from '../../api/hooks.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDate, formatDateTime, formatTime } from '../../format.ts';
import { AmendVisit } from '../clients/AmendVisit.tsx';

export function Returned() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const returned = useWatch('reviews.returned', {});
  const [amending, setAmending] = useState<ReturnedVisit>();

  const clientOf = (item: ReturnedVisit) =>
    item.client ? `${item.client.givenName} ${item.client.familyName}` : item.entry.visit.clientId;
  const whenOf = ({ entry: { visit } }: ReturnedVisit) =>
    `${formatDate(visit.startedAt, language)} ${formatTime(visit.startedAt, language)}–${formatTime(visit.endedAt, language)}`;
  const comment = (item: ReturnedVisit) => (
    <>
      <p>{t('returned.from', { who: item.reviewerName, when: formatDateTime(item.returnedAt, language) })}</p>
      <blockquote className="returned-comment">{item.comment}</blockquote>
    </>
  );

  // The form stays open whatever else changes in the list meanwhile, with the supervisor's words in sight.
  if (amending) {
    return (
      <div className="returned">
        <p>
          <strong>{clientOf(amending)}</strong> <span className="subtle">· {whenOf(amending)}</span>
        </p>
        {comment(amending)}
        <AmendVisit entry={amending.entry} onDone={() => setAmending(undefined)} />
      </div>
    );
  }
  if (!returned) return null;
  if (!returned.ok) return <ErrorMessage error={returned.error} />;
  if (returned.value.length === 0) return null;

  return (
    <section aria-labelledby="returned-title" className="returned">
      <h2 id="returned-title">{t('returned.title', { count: returned.value.length })}</h2>
      <p>{t('returned.intro')}</p>
      <ul className="history">
        {returned.value.map((item) => (
          <li key={item.entry.visit.id} className="entry">
            <h3>
              {clientOf(item)} <span className="subtle">· {whenOf(item)}</span>
            </h3>
            {comment(item)}
            <button type="button" onClick={() => setAmending(item)}>
              {t('returned.correct')}
              <span className="visually-hidden">
                {' '}
                {t('returned.correctContext', { who: clientOf(item), when: whenOf(item) })}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
