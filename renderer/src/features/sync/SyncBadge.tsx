/** The line in the header that says whether this laptop is in touch with the central server, and what waits. */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../../core/sync.ts';
import { formatTime } from '../../format.ts';
import './sync.css';

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

/** "Synkad 14:05" only when nothing waits; online with changes still to send, how many; offline says so first. */
function stateSummary(t: TFunction, status: SyncStatus, language: string): string {
  if (status.firstSync) return firstSyncText(t, status.firstSync);
  const pending = status.pending > 0 ? t('sync.pending', { count: status.pending }) : undefined;
  switch (status.state) {
    case 'online':
      if (pending) return pending;
      return status.lastSyncedAt
        ? t('sync.syncedAt', { time: formatTime(status.lastSyncedAt, language) })
        : t('sync.online');
    case 'offline':
    case 'connecting':
      return [t(`sync.state.${status.state}`), pending].filter(Boolean).join(' · ');
    default:
      return t(`sync.state.${status.state}`);
  }
}

type Tone = 'ok' | 'wait' | 'bad';

/** The badge's tone also brings a mark of its own (sync.css), so it does not speak by colour alone. */
export function SyncBadge({ status, onOpen }: { status: SyncStatus; onOpen?: () => void }) {
  const { t, i18n } = useTranslation();
  const text = syncSummary(t, status, i18n.language);
  const tone: Tone =
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
