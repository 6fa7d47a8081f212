/** The signed-in worker's visits a supervisor sent back, with the supervisor's comment and a way to correct each. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReturnedVisit } from '../../../../core/api.ts';
import { useWatch } from '../../api/hooks.tsx';
import { useNames } from '../../components/useNames.ts';
import { formatDate, formatDateTime, formatTime } from '../../format.ts';
import { AsyncContent, Button } from '../../kit/index.ts';
import { AmendVisit } from '../clients/AmendVisit.tsx';

export function Returned() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const returned = useWatch('reviews.returned', {});
  const [amending, setAmending] = useState<ReturnedVisit>();
  const names = useNames();

  const clientOf = (item: ReturnedVisit) => (item.client ? names.client(item.client).text : item.entry.visit.clientId);
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
  return (
    <AsyncContent result={returned}>
      {(list) =>
        list.length > 0 && (
          <section aria-labelledby="returned-title" className="returned">
            <h2 id="returned-title">{t('returned.title', { count: list.length })}</h2>
            <p>{t('returned.intro')}</p>
            <ul className="history">
              {list.map((item) => (
                <li key={item.entry.visit.id} className="entry">
                  <h3>
                    {clientOf(item)} <span className="subtle">· {whenOf(item)}</span>
                  </h3>
                  {comment(item)}
                  <Button variant="primary" onPress={() => setAmending(item)}>
                    {t('returned.correct')}
                    <span className="visually-hidden">
                      {' '}
                      {t('returned.correctContext', { who: clientOf(item), when: whenOf(item) })}
                    </span>
                  </Button>
                </li>
              ))}
            </ul>
          </section>
        )
      }
    </AsyncContent>
  );
}
