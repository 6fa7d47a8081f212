/** Connecting this laptop to the central server: a user signs in online once, and the team's records start to arrive. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../core/api.ts';
import { useApi } from '../../api/hooks.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';

export function ConnectForm() {
  const { t } = useTranslation();
  const api = useApi();
  const [form, setForm] = useState({ serverUrl: 'https://', username: '', password: '', deviceName: '' });
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const field = (name: keyof typeof form, type = 'text') => (
    <div className="row">
      <label htmlFor={`connect-${name}`}>{t(`sync.connect.${name}`)}</label>
      <input
        id={`connect-${name}`}
        type={type}
        value={form[name]}
        autoComplete="off"
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        aria-invalid={error?.issues?.some((i) => i.path === name) || undefined}
      />
    </div>
  );
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const result = await api.call('sync.connect', form);
    setBusy(false);
    setForm({ ...form, password: '' });
    if (!result.ok) setError(result.error);
  }
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="connect-title">
      <h2 id="connect-title">{t('sync.connect.title')}</h2>
      <p>{t('sync.connect.explain')}</p>
      {field('serverUrl', 'url')}
      {field('username')}
      {field('password', 'password')}
      {field('deviceName')}
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy}>
        {t('sync.connect.submit')}
      </button>
    </form>
  );
}
