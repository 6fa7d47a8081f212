/**
 * Connecting this laptop to the central server: a user signs in online once, chooses a PIN for this laptop, and the
 * team's records start to arrive. The same form signs a laptop in online again when the server ended its sign-in.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, FormErrors, TextField, useCall } from '../../kit/index.ts';
import { syncFormErrors } from './formErrors.ts';
import { PinFields } from './PinFields.tsx';
import './sync.css';

type TextName = 'serverUrl' | 'username' | 'password' | 'deviceName';

export function ConnectForm({ again }: { again?: { serverUrl: string | undefined } }) {
  const { t } = useTranslation();
  const connect = useCall('sync.connect');
  const [form, setForm] = useState({
    serverUrl: again?.serverUrl ?? 'https://',
    username: '',
    password: '',
    deviceName: '',
    pin: '',
    pinAgain: '',
  });
  const field = (name: TextName, type: 'text' | 'url' | 'password' = 'text') => (
    <TextField
      id={`connect-${name}`}
      label={t(`sync.connect.${name}`)}
      type={type}
      autoComplete="off"
      value={form[name]}
      onChange={(value) => setForm({ ...form, [name]: value })}
      error={connect.fieldErrors[name]}
    />
  );
  async function submit(event: FormEvent) {
    event.preventDefault();
    await connect.run(form);
    setForm((current) => ({ ...current, password: '', pin: '', pinAgain: '' }));
  }
  const prefix = again ? 'sync.reconnect' : 'sync.connect';
  return (
    <form className="sync-form" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="connect-title">
      <h2 id="connect-title">{t(`${prefix}.title`)}</h2>
      <p>{t(`${prefix}.explain`)}</p>
      <FormErrors title={t(`${prefix}.failed`)} items={syncFormErrors(connect.error, 'connect', t)} />
      {field('serverUrl', 'url')}
      {field('username')}
      {field('password', 'password')}
      {field('deviceName')}
      <PinFields
        idPrefix="connect"
        pin={form.pin}
        pinAgain={form.pinAgain}
        onChange={(pins) => setForm({ ...form, ...pins })}
        errors={connect.fieldErrors}
      />
      <Button type="submit" variant="primary" isDisabled={connect.busy}>
        {t(`${prefix}.submit`)}
      </Button>
    </form>
  );
}
