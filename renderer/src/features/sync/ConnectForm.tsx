/**
 * Connecting this laptop to the central server: a user signs in online once, chooses a PIN for this laptop, and the
 * team's records start to arrive. The same form signs a laptop in online again when the server ended its sign-in.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../core/api.ts';
import { useApi } from '../../api/hooks.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PinFields } from './PinFields.tsx';

export function ConnectForm({ again }: { again?: { serverUrl: string | undefined } }) {
  const { t } = useTranslation();
  const api = useApi();
  const [form, setForm] = useState({
    serverUrl: again?.serverUrl ?? 'https://',
    username: '',
    password: '',
    deviceName: '',
    pin: '',
    pinAgain: '',
  });
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const invalid = (name: string) => error?.issues?.some((i) => i.path === name) || undefined;
  const field = (name: 'serverUrl' | 'username' | 'password' | 'deviceName', type = 'text') => (
    <div className="row">
      <label htmlFor={`connect-${name}`}>{t(`sync.connect.${name}`)}</label>
      <input
        id={`connect-${name}`}
        type={type}
        value={form[name]}
        autoComplete="off"
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        aria-invalid={invalid(name)}
      />
    </div>
  );
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const result = await api.call('sync.connect', form);
    setBusy(false);
    setForm({ ...form, password: '', pin: '', pinAgain: '' });
    if (!result.ok) setError(result.error);
  }
  const prefix = again ? 'sync.reconnect' : 'sync.connect';
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="connect-title">
      <h2 id="connect-title">{t(`${prefix}.title`)}</h2>
      <p>{t(`${prefix}.explain`)}</p>
      {field('serverUrl', 'url')}
      {field('username')}
      {field('password', 'password')}
      {field('deviceName')}
      <PinFields
        idPrefix="connect"
        pin={form.pin}
        pinAgain={form.pinAgain}
        onChange={(pins) => setForm({ ...form, ...pins })}
        invalid={invalid}
      />
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy}>
        {t(`${prefix}.submit`)}
      </button>
    </form>
  );
}
