/**
 * Sync, in full: the server, whether it can be reached, what waits to be sent, when it last worked and what went wrong
 * in plain words; a progress bar during the first sync; records the server refused and what to do about them; a
 * colleague signing in on this laptop; signing the laptop in online again when the server asks; and, when the laptop's
 * access was withdrawn, exactly what removing its data will cost before anything is removed.
 */
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../../core/sync.ts';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { formatDateTime } from '../../format.ts';
import { AddColleague } from './AddColleague.tsx';
import { ConnectForm } from './ConnectForm.tsx';
import { Refused } from './Refused.tsx';
import { Revoked } from './Revoked.tsx';
import { firstSyncText, syncSummary } from './SyncBadge.tsx';
import './sync.css';

export function SyncScreen({ status }: { status: SyncStatus }) {
  const { t, i18n } = useTranslation();
  // An error from before the connection came back is history, not the state: shown only while not online.
  const lastError = status.state === 'online' ? undefined : status.lastError;
  return (
    <section aria-labelledby="sync-title">
      <ScreenHeading id="sync-title">{t('sync.title')}</ScreenHeading>
      <p role="status">{syncSummary(t, status, i18n.language)}</p>
      {status.firstSync && (
        <p>
          <label htmlFor="first-sync">{t('sync.firstSyncLabel')}</label>{' '}
          <progress
            id="first-sync"
            {...(status.firstSync.total ? { value: status.firstSync.received, max: status.firstSync.total } : {})}
            aria-valuetext={firstSyncText(t, status.firstSync)}
          />
        </p>
      )}
      {status.state === 'revoked' && status.revoked && <Revoked revoked={status.revoked} />}
      {status.state === 'not-enrolled' && <ConnectForm />}
      {status.state === 'signed-out' && <ConnectForm again={{ serverUrl: status.serverUrl }} />}
      {status.state !== 'not-enrolled' && status.state !== 'unavailable' && (
        <dl className="sync-facts">
          <dt>{t('sync.server')}</dt>
          <dd>{status.serverUrl}</dd>
          <dt>{t('sync.pendingLabel')}</dt>
          <dd>{status.pending > 0 ? t('sync.pending', { count: status.pending }) : t('sync.nothingPending')}</dd>
          <dt>{t('sync.lastSynced')}</dt>
          <dd>{status.lastSyncedAt ? formatDateTime(status.lastSyncedAt, i18n.language) : t('sync.never')}</dd>
          {lastError && (
            <>
              <dt>{t('sync.lastError')}</dt>
              <dd>{t([`sync.error.${lastError.code}`, 'sync.error.server-error'])}</dd>
            </>
          )}
        </dl>
      )}
      {status.refused && <Refused refused={status.refused} />}
      {(status.state === 'online' || status.state === 'offline' || status.state === 'connecting') && <AddColleague />}
    </section>
  );
}
