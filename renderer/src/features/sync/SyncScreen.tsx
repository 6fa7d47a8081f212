/**
 * Sync, in full: the server, whether it can be reached, what waits to be sent, when it last worked and what went wrong
 * in plain words; a progress bar during the first sync; records the server refused and what to do about them; a
 * colleague signing in on this laptop; signing the laptop in online again when the server asks; and, when the laptop's
 * access was withdrawn, exactly what removing its data will cost before anything is removed.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../core/api.ts';
import type { SyncStatus } from '../../../../core/sync.ts';
import { useApi } from '../../api/hooks.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { formatDateTime } from '../../format.ts';
import { ConnectForm } from './ConnectForm.tsx';
import { PinFields } from './PinFields.tsx';
import { Refused } from './Refused.tsx';
import { firstSyncText, syncSummary } from './SyncBadge.tsx';

export function SyncScreen({ status }: { status: SyncStatus }) {
  const { t, i18n } = useTranslation();
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
        <dl className="facts">
          <dt>{t('sync.server')}</dt>
          <dd>{status.serverUrl}</dd>
          <dt>{t('sync.pendingLabel')}</dt>
          <dd>{t('sync.pending', { count: status.pending })}</dd>
          <dt>{t('sync.lastSynced')}</dt>
          <dd>{status.lastSyncedAt ? formatDateTime(status.lastSyncedAt, i18n.language) : t('sync.never')}</dd>
          {status.lastError && (
            <>
              <dt>{t('sync.lastError')}</dt>
              <dd>{t([`sync.error.${status.lastError.code}`, 'sync.error.server-error'])}</dd>
            </>
          )}
        </dl>
      )}
      {status.refused && <Refused refused={status.refused} />}
      {(status.state === 'online' || status.state === 'offline' || status.state === 'connecting') && <AddColleague />}
    </section>
  );
}

function Revoked({ revoked }: { revoked: NonNullable<SyncStatus['revoked']> }) {
  const { t } = useTranslation();
  const api = useApi();
  const [sure, setSure] = useState(false);
  const [error, setError] = useState<ApiError>();
  const waiting = revoked.finalPush && revoked.unpushed > 0;
  return (
    <div className="revoked" role="alert">
      <h2>{t('sync.revoked.title')}</h2>
      <p>{revoked.finalPush ? t('sync.revoked.finalPush') : t('sync.revoked.noPush')}</p>
      <p>
        <strong>
          {waiting
            ? t('sync.revoked.sending', { count: revoked.unpushed })
            : revoked.unpushed > 0
              ? t('sync.revoked.lost', { count: revoked.unpushed })
              : t('sync.revoked.nothingLost')}
        </strong>
      </p>
      <label className="check">
        <input type="checkbox" checked={sure} onChange={(e) => setSure(e.target.checked)} disabled={waiting} />
        {t('sync.revoked.confirm')}
      </label>
      <ErrorMessage error={error} />
      <button
        type="button"
        disabled={!sure || waiting}
        onClick={() =>
          void api.call('sync.wipe', {}).then((result) => {
            if (!result.ok) setError(result.error);
          })
        }
      >
        {t('sync.revoked.wipe')}
      </button>
    </div>
  );
}

function AddColleague() {
  const { t } = useTranslation();
  const api = useApi();
  const [form, setForm] = useState({ username: '', password: '', pin: '', pinAgain: '' });
  const [error, setError] = useState<ApiError>();
  const [added, setAdded] = useState<string>();
  const invalid = (name: string) => error?.issues?.some((i) => i.path === name) || undefined;
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setAdded(undefined);
    const result = await api.call('sync.addColleague', form);
    if (result.ok) {
      setAdded(result.value.displayName);
      setForm({ username: '', password: '', pin: '', pinAgain: '' });
    } else {
      setForm({ ...form, password: '', pin: '', pinAgain: '' });
      setError(result.error);
    }
  }
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="colleague-title">
      <h2 id="colleague-title">{t('sync.colleague.title')}</h2>
      <p>{t('sync.colleague.explain')}</p>
      <div className="row">
        <label htmlFor="colleague-user">{t('sync.username')}</label>
        <input
          id="colleague-user"
          value={form.username}
          onChange={(e) => setForm({ ...form, username: e.target.value })}
          autoComplete="off"
          aria-invalid={invalid('username')}
        />
      </div>
      <div className="row">
        <label htmlFor="colleague-password">{t('sync.password')}</label>
        <input
          id="colleague-password"
          type="password"
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
          autoComplete="off"
          aria-invalid={invalid('password')}
        />
      </div>
      <PinFields
        idPrefix="colleague"
        pin={form.pin}
        pinAgain={form.pinAgain}
        onChange={(pins) => setForm({ ...form, ...pins })}
        invalid={invalid}
      />
      <ErrorMessage error={error} />
      {added && <p role="status">{t('sync.colleague.added', { name: added })}</p>}
      <button type="submit">{t('sync.colleague.submit')}</button>
    </form>
  );
}
