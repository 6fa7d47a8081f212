/**
 * Records the server refused (still on this laptop) and server records this laptop could not store: how many, which,
 * why in plain words, what to do next, and a button to send the refused ones again.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../core/api.ts';
import type { SyncStatus } from '../../../../core/sync.ts';
import { useApi, useWatch } from '../../api/hooks.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';

export function Refused({ refused }: { refused: NonNullable<SyncStatus['refused']> }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const list = useWatch('sync.refused', {});
  const [error, setError] = useState<ApiError>();
  const [sent, setSent] = useState<number>();
  const [busy, setBusy] = useState(false);
  async function retry() {
    setBusy(true);
    setError(undefined);
    setSent(undefined);
    const result = await api.call('sync.retryRefused', {});
    setBusy(false);
    if (result.ok) setSent(result.value);
    else setError(result.error);
  }
  const records = list?.ok ? list.value : [];
  return (
    <section className="refused" aria-labelledby="refused-title">
      <h2 id="refused-title">{t('sync.refused.title')}</h2>
      {refused.pushed > 0 && (
        <>
          <p role="alert">{t('sync.refused.pushed', { count: refused.pushed })}</p>
          <p>{t('sync.refused.pushedWhatToDo')}</p>
        </>
      )}
      {refused.pulled > 0 && (
        <>
          <p role="alert">{t('sync.refused.pulled', { count: refused.pulled })}</p>
          <p>{t('sync.refused.pulledWhatToDo')}</p>
        </>
      )}
      {records.length > 0 && (
        <table>
          <caption>{t('sync.refused.listCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sync.refused.kind')}</th>
              <th scope="col">{t('sync.refused.direction')}</th>
              <th scope="col">{t('sync.refused.reason')}</th>
              <th scope="col">{t('sync.refused.at')}</th>
            </tr>
          </thead>
          <tbody>
            {records.map((record) => (
              <tr key={`${record.direction}:${record.collection}:${record.id}`}>
                <td>{t(`sync.refused.collection.${record.collection}`)}</td>
                <td>{t(`sync.refused.${record.direction}Short`)}</td>
                <td>{t([`sync.refused.code.${record.code}`, 'sync.refused.code.other'])}</td>
                <td>{formatDateTime(record.at, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorMessage error={error} />
      {sent !== undefined && <p role="status">{t('sync.refused.sent', { count: sent })}</p>}
      {refused.pushed > 0 && (
        <button type="button" onClick={() => void retry()} disabled={busy}>
          {t('sync.refused.retry')}
        </button>
      )}
    </section>
  );
}
