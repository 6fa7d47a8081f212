import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../core/api.ts';
import type { Profile } from '../../../../core/users.ts';
import { useApi } from '../../api/hooks.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import type { SyncStatus } from '../../../../core/sync.ts';
import { ConnectForm } from '../sync/ConnectForm.tsx';
import { firstSyncText } from '../sync/SyncBadge.tsx';

export function SignIn({ wasLocked, sync }: { wasLocked: boolean; sync: SyncStatus | undefined }) {
  const { t } = useTranslation();
  const api = useApi();
  const [profiles, setProfiles] = useState<Profile[]>();
  const [userId, setUserId] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  // Profiles arrive when the laptop is connected and when a colleague signs in online on it: ask again then.
  const enrolled = sync ? sync.state !== 'not-enrolled' : false;
  useEffect(() => {
    void api.call('auth.profiles', {}).then((result) => {
      if (result.ok) {
        setProfiles(result.value);
        setUserId((current) => current || result.value[0]?.id || '');
      } else setError(result.error);
    });
  }, [api, enrolled]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await api.call('auth.signIn', { userId, secret });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      setSecret('');
    }
  }

  return (
    <main id="main" className="signin">
      <ScreenHeading>{t('signin.title')}</ScreenHeading>
      {wasLocked && <p className="notice">{t('signin.locked')}</p>}
      {profiles?.length === 0 && <p>{t('signin.noProfiles')}</p>}
      {profiles?.length === 0 && sync?.state === 'not-enrolled' && <ConnectForm />}
      {sync?.firstSync && <p role="status">{firstSyncText(t, sync.firstSync)}</p>}
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('signin.profile')}</legend>
          {profiles?.map((profile) => (
            <label key={profile.id} className="profile">
              <input
                type="radio"
                name="profile"
                value={profile.id}
                checked={userId === profile.id}
                onChange={() => setUserId(profile.id)}
              />
              {profile.displayName}
            </label>
          ))}
        </fieldset>
        <label htmlFor="secret">{t('signin.secret')}</label>
        <input
          id="secret"
          type="password"
          autoComplete="current-password"
          value={secret}
          onChange={(event) => setSecret(event.target.value)}
          aria-invalid={!!error}
          aria-describedby={error ? 'signin-error' : undefined}
          required
        />
        <ErrorMessage error={error} id="signin-error" />
        <button type="submit" disabled={busy || !userId}>
          {t('signin.submit')}
        </button>
      </form>
    </main>
  );
}
