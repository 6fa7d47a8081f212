/** The line in the header that says whether this laptop is in touch with the central server, and what waits. */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../../core/sync.ts';
import { formatTime } from '../../format.ts';

/** "Fetching the team's records … 1,200 of 5,000 records" (or the count alone until the total is known). */
export function firstSyncText(t: TFunction, progress: NonNullable<SyncStatus['firstSync']>): string {
  return progress.total === undefined
    ? t('sync.firstSync', { count: progress.received })
    : t('sync.firstSyncOf', { received: progress.received, count: progress.total });
}

export function syncSummary(t: TFunction, status: SyncStatus, language: string): string {
  const summary = stateSummary(t, status, language);
  // Refused records stay until someone acts, whatever the connection: say so beside the state.
  const refused = (status.refused?.pushed ?? 0) + (status.refused?.pulled ?? 0);
  return refused > 0 ? `${summary} · ${t('sync.refused.short', { count: refused })}` : summary;
}

function stateSummary(t: TFunction, status: SyncStatus, language: string): string {
  if (status.firstSync) return firstSyncText(t, status.firstSync);
  const pending = status.pending > 0 ? ` · ${t('sync.pending', { count: status.pending })}` : '';
  switch (status.state) {
    case 'online':
      return status.lastSyncedAt
        ? `${t('sync.syncedAt', { time: formatTime(status.lastSyncedAt, language) })}${pending}`
        : `${t('sync.online')}${pending}`;
    case 'offline':
    case 'connecting':
      return `${t(`sync.state.${status.state}`)}${pending}`;
    default:
      return t(`sync.state.${status.state}`);
  }
}

export function SyncBadge({ status, onOpen }: { status: SyncStatus; onOpen?: () => void }) {
  const { t, i18n } = useTranslation();
  const text = syncSummary(t, status, i18n.language);
  const tone =
    status.state === 'revoked' || status.refused
      ? 'bad'
      : status.state === 'online' && status.pending === 0
        ? 'ok'
        : 'wait';
  return onOpen ? (
    <button type="button" className={`sync sync-${tone}`} onClick={onOpen} aria-label={`${t('sync.title')}: ${text}`}>
      {text}
    </button>
  ) : (
    <span className={`sync sync-${tone}`}>{text}</span>
  );
}
