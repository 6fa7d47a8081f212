/** What came of an open action: an outcome and a comment. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { ACTION_OUTCOMES, type ActionOutcome } from '../../../../../core/wellbeing.ts';
import { Button, Select, TextField, useCall } from '../../../kit/index.ts';

export function OutcomeForm({ actionId, label }: { actionId: string; label: string }) {
  const { t } = useTranslation();
  const { run, busy, message, fieldErrors } = useCall('wellbeing.recordOutcome');
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const [note, setNote] = useState('');
  const [id, setId] = useState(() => uuidv7());

  async function record(event: FormEvent) {
    event.preventDefault();
    const result = await run({ id, actionId, outcome: outcome as ActionOutcome, note });
    if (!result.ok) return;
    setOutcome(null);
    setNote('');
    setId(uuidv7());
  }

  return (
    <form onSubmit={(event) => void record(event)} noValidate className="wellbeing-outcome-form">
      <Select
        label={t('wellbeing.outcomeFor', { action: label })}
        placeholder={t('wellbeing.chooseOutcome')}
        options={ACTION_OUTCOMES.map((o) => ({ id: o, label: t(`wellbeing.outcome.${o}`) }))}
        value={outcome}
        onChange={(value) => setOutcome(value as ActionOutcome | null)}
        error={fieldErrors['outcome']}
      />
      <TextField
        label={t('wellbeing.outcomeNote', { action: label })}
        maxLength={2000}
        value={note}
        onChange={setNote}
        error={fieldErrors['note']}
      />
      <Button type="submit" isDisabled={busy} aria-label={t('wellbeing.recordOutcomeFor', { action: label })}>
        {t('wellbeing.recordOutcome')}
      </Button>
      {message && Object.keys(fieldErrors).length === 0 && (
        <p role="alert" className="kit-error">
          {message}
        </p>
      )}
    </form>
  );
}
