/** The line in the header that says whether this laptop is in touch with the central server, and what waits. */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../../core/sync.ts';
import { formatTime } from '../../format.ts';

export function syncSummary(t: TFunction, status: SyncStatus, language: string): string {
  if (status.firstSync) return t('sync.firstSync', { count: status.firstSync.received });
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
  const tone = status.state === 'online' && status.pending === 0 ? 'ok' : status.state === 'revoked' ? 'bad' : 'wait';
  return onOpen ? (
    <button type="button" className={`sync sync-${tone}`} onClick={onOpen} aria-label={`${t('sync.title')}: ${text}`}>
      {text}
    </button>
  ) : (
    <span className={`sync sync-${tone}`}>{text}</span>
  );
}
