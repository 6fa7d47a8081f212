/** A colleague signs in online once on this laptop; from then on they sign in here without a connection. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, FormErrors, TextField, useCall } from '../../kit/index.ts';
import { syncFormErrors } from './formErrors.ts';
import { PinFields } from './PinFields.tsx';

const EMPTY = { username: '', password: '', pin: '', pinAgain: '' };

export function AddColleague() {
  const { t } = useTranslation();
  const add = useCall('sync.addColleague');
  const [form, setForm] = useState(EMPTY);
  const [added, setAdded] = useState<string>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    setAdded(undefined);
    const result = await add.run(form);
    if (result.ok) {
      setAdded(result.value.displayName);
      setForm(EMPTY);
    } else setForm((current) => ({ ...current, password: '', pin: '', pinAgain: '' }));
  }
  return (
    <form className="sync-form" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="colleague-title">
      <h2 id="colleague-title">{t('sync.colleague.title')}</h2>
      <p>{t('sync.colleague.explain')}</p>
      <FormErrors title={t('sync.colleague.failed')} items={syncFormErrors(add.error, 'colleague', t)} />
      <TextField
        id="colleague-username"
        label={t('sync.username')}
        autoComplete="off"
        value={form.username}
        onChange={(username) => setForm({ ...form, username })}
        error={add.fieldErrors['username']}
      />
      <TextField
        id="colleague-password"
        label={t('sync.password')}
        type="password"
        autoComplete="off"
        value={form.password}
        onChange={(password) => setForm({ ...form, password })}
        error={add.fieldErrors['password']}
      />
      <PinFields
        idPrefix="colleague"
        pin={form.pin}
        pinAgain={form.pinAgain}
        onChange={(pins) => setForm({ ...form, ...pins })}
        errors={add.fieldErrors}
      />
      {added && <p role="status">{t('sync.colleague.added', { name: added })}</p>}
      <Button type="submit" variant="primary" isDisabled={add.busy}>
        {t('sync.colleague.submit')}
      </Button>
    </form>
  );
}
