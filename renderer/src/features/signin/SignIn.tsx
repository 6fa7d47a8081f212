import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../core/api.ts';
import type { SyncStatus } from '../../../../core/sync.ts';
import type { Profile } from '../../../../core/users.ts';
import { useApi } from '../../api/hooks.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { personLabel } from '../../format.ts';
import { Button, RadioGroup, TextField, useCall } from '../../kit/index.ts';
import { ConnectForm } from '../sync/ConnectForm.tsx';
import { firstSyncText } from '../sync/SyncBadge.tsx';
import './signin.css';

export function SignIn({ wasLocked, sync }: { wasLocked: boolean; sync: SyncStatus | undefined }) {
  const { t } = useTranslation();
  const api = useApi();
  const [profiles, setProfiles] = useState<Profile[]>();
  const [profilesError, setProfilesError] = useState<ApiError>();
  const [userId, setUserId] = useState('');
  const [secret, setSecret] = useState('');
  const signIn = useCall('auth.signIn');

  // Profiles arrive when the laptop is connected and when a colleague signs in online on it: ask again then.
  const enrolled = sync ? sync.state !== 'not-enrolled' : false;
  useEffect(() => {
    void api.call('auth.profiles', {}).then((result) => {
      if (result.ok) {
        setProfiles(result.value);
        setUserId((current) => current || result.value[0]?.id || '');
      } else setProfilesError(result.error);
    });
  }, [api, enrolled]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await signIn.run({ userId, secret });
    if (!result.ok) setSecret('');
  }

  return (
    <main id="main" className="signin">
      <ScreenHeading>{t('signin.title')}</ScreenHeading>
      {wasLocked && <p className="notice">{t('signin.locked')}</p>}
      <ErrorMessage error={profilesError} />
      {profiles?.length === 0 && <p>{t('signin.noProfiles')}</p>}
      {profiles?.length === 0 && sync?.state === 'not-enrolled' && <ConnectForm />}
      {sync?.firstSync && <p role="status">{firstSyncText(t, sync.firstSync)}</p>}
      {profiles && profiles.length > 0 && (
        <form onSubmit={(event) => void submit(event)} noValidate className="signin-form">
          <RadioGroup
            label={t('signin.profile')}
            options={profiles.map((profile) => {
              const label = personLabel(profile, t);
              return { id: profile.id, label: label.name, description: label.detail };
            })}
            value={userId || null}
            onChange={setUserId}
          />
          <TextField
            id="secret"
            label={t('signin.secret')}
            type="password"
            autoComplete="current-password"
            value={secret}
            onChange={setSecret}
            isRequired
          />
          <ErrorMessage error={signIn.error} />
          <Button type="submit" variant="primary" isDisabled={signIn.busy || !userId}>
            {t('signin.submit')}
          </Button>
        </form>
      )}
    </main>
  );
}
