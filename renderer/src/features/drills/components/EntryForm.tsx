import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { DrillView } from '../../../../../core/api.ts';
import {
  OUTCOMES,
  STATES,
  offeredOutcomes,
  type ClientState,
  type ContactOutcome,
} from '../../../../../core/drills.ts';
import { Button, CheckboxGroup, NumberField, RadioGroup, TextField, useCall } from '../../../kit/index.ts';
import { itemText } from '../../preparedness/wording.ts';

/** One contact with a client: reached by phone (only if they have one) or visit and how they are, or not reached. */
export function EntryForm({ view, clientId, who }: { view: DrillView; clientId: string; who: string }) {
  const { t } = useTranslation();
  const record = useCall('drills.record');
  const [id, setId] = useState(() => uuidv7());
  const [outcome, setOutcome] = useState<ContactOutcome>();
  const [state, setState] = useState<ClientState>();
  const [attempts, setAttempts] = useState<number | undefined>(1);
  const [gaps, setGaps] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [missingOutcome, setMissingOutcome] = useState(false);
  const [saved, setSaved] = useState(false);
  const offered = offeredOutcomes(view.clients[clientId]);
  const prefix = `entry-${clientId}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMissingOutcome(!outcome);
    if (!outcome) return;
    const result = await record.run({
      id,
      drillId: view.state.drill.id,
      clientId,
      outcome,
      attempts: attempts ?? 1,
      ...(outcome !== 'notReached' && state ? { state } : {}),
      gaps,
      note,
    });
    setSaved(result.ok);
    if (!result.ok) return;
    setId(uuidv7());
    setOutcome(undefined);
    setState(undefined);
    setAttempts(1);
    setGaps([]);
    setNote('');
  }

  return (
    <form className="drill-entry" onSubmit={submit} noValidate aria-label={t('drills.entryFor', { who })}>
      <RadioGroup
        id={`${prefix}-outcome`}
        label={t('drills.outcomeLegend', { who })}
        orientation="horizontal"
        options={OUTCOMES.map((o) => ({
          id: o,
          label: t(`drills.outcome.${o}`),
          isDisabled: !offered.includes(o),
          description: offered.includes(o) ? undefined : t('drills.noPhone'),
        }))}
        value={outcome ?? null}
        onChange={(value) => setOutcome(value as ContactOutcome)}
        error={missingOutcome ? t('validation.choose') : record.fieldErrors.outcome}
      />
      {outcome && outcome !== 'notReached' && (
        <RadioGroup
          id={`${prefix}-state`}
          label={t('drills.stateLegend', { who })}
          orientation="horizontal"
          options={STATES.map((s) => ({ id: s, label: t(`drills.state.${s}`) }))}
          value={state ?? null}
          onChange={(value) => setState(value as ClientState)}
          error={record.fieldErrors.state}
        />
      )}
      {outcome === 'notReached' && (
        <NumberField
          id={`${prefix}-attempts`}
          label={t('drills.attempts')}
          value={attempts}
          onChange={setAttempts}
          minValue={1}
          maxValue={99}
          error={record.fieldErrors.attempts}
        />
      )}
      <details className="drill-gaps">
        <summary>{t('drills.gapsLegend')}</summary>
        <CheckboxGroup
          label={t('drills.gapsChoose')}
          options={view.items.map((item) => ({ id: item.id, label: itemText(t, item) }))}
          value={gaps}
          onChange={setGaps}
        />
      </details>
      <TextField
        id={`${prefix}-note`}
        label={t('drills.note')}
        value={note}
        onChange={setNote}
        maxLength={2000}
        error={record.fieldErrors.note}
      />
      {record.message && (
        <p role="alert" className="kit-error">
          {t('drills.notSaved')} {record.message}
        </p>
      )}
      <p role="status" className={saved ? 'drill-saved' : 'visually-hidden'}>
        {saved ? t('drills.saved', { who }) : ''}
      </p>
      <Button type="submit" variant="primary" isDisabled={record.busy}>
        {t('drills.record', { who })}
      </Button>
    </form>
  );
}
