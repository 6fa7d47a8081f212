/** A new action or referral: what, and what was done or agreed; tied to the latest screening when there is one. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { ACTION_KINDS, type ActionKind } from '../../../../../core/wellbeing.ts';
import { Button, Select, TextArea, useCall } from '../../../kit/index.ts';

export function AddActionForm({ clientId, latestId }: { clientId: string; latestId: string | undefined }) {
  const { t } = useTranslation();
  const { run, busy, error, message, fieldErrors } = useCall('wellbeing.addAction');
  const [kind, setKind] = useState<ActionKind | null>(null);
  const [note, setNote] = useState('');
  const [id, setId] = useState(() => uuidv7());

  async function add(event: FormEvent) {
    event.preventDefault();
    const result = await run({
      id,
      clientId,
      action: kind as ActionKind,
      note,
      ...(latestId ? { screeningId: latestId } : {}),
    });
    if (!result.ok) return;
    setKind(null);
    setNote('');
    setId(uuidv7());
  }

  return (
    <form onSubmit={(event) => void add(event)} noValidate className="wellbeing-action-form">
      <h3>{t('wellbeing.newAction')}</h3>
      <Select
        label={t('wellbeing.actionKind')}
        placeholder={t('wellbeing.chooseAction')}
        options={ACTION_KINDS.map((k) => ({ id: k, label: t(`wellbeing.action.${k}`) }))}
        value={kind}
        onChange={(value) => setKind(value as ActionKind | null)}
        error={fieldErrors['action']}
      />
      <TextArea
        label={t('wellbeing.actionNote')}
        rows={2}
        maxLength={2000}
        value={note}
        onChange={setNote}
        error={fieldErrors['note']}
      />
      {error && !error.issues?.length && (
        <p role="alert" className="kit-error">
          {message}
        </p>
      )}
      <div>
        <Button type="submit" variant="primary" isDisabled={busy}>
          {t('wellbeing.addAction')}
        </Button>
      </div>
    </form>
  );
}
