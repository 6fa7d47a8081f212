import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { DRILL_MODES, EXERCISE_TYPES, type DrillMode } from '../../../../../core/drills.ts';
import { HAZARDS, type Hazard } from '../../../../../core/preparedness.ts';
import {
  Button,
  Checkbox,
  CheckboxGroup,
  FormErrors,
  RadioGroup,
  Section,
  Select,
  TimeField,
} from '../../../kit/index.ts';
import { useStartDrill, type ExerciseType } from '../hooks/useStartDrill.ts';
import { ScopeTable } from './ScopeTable.tsx';
import { personOption } from '../wording.ts';

/** The supervisor's form that starts an exercise or a real incident. */
export function StartDrill({ onStarted, onCancel }: { onStarted: (id: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [id] = useState(() => uuidv7());
  const form = useStartDrill(id);
  const errors = form.start.fieldErrors;
  const scopeError = Object.entries(errors).find(([path]) => path.startsWith('scope'))?.[1];

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await form.submit();
    if (result.ok) onStarted(result.value.id);
  }

  return (
    <Section title={t('drills.start')} className="drill-start">
      <form onSubmit={submit} noValidate aria-label={t('drills.start')} className="drill-start-form">
        <FormErrors
          items={Object.entries(errors).map(([path, message]) => ({
            fieldId: path === 'workers' ? 'drill-workers' : path.startsWith('scope') ? undefined : `drill-${path}`,
            message,
          }))}
        />
        <RadioGroup
          id="drill-mode"
          label={t('drills.modeLegend')}
          options={DRILL_MODES.map((m) => ({ id: m, label: t(`drills.modeChoice.${m}`) }))}
          value={form.mode}
          onChange={(value) => form.setMode(value as DrillMode)}
          error={errors.mode}
        />
        {form.mode === 'exercise' && (
          <Select
            id="drill-exerciseType"
            label={t('drills.exerciseType')}
            options={EXERCISE_TYPES.map((type) => ({ id: type, label: t(`drills.type.${type}`) }))}
            value={form.exerciseType}
            onChange={(value) => value && form.setExerciseType(value as ExerciseType)}
            error={errors.exerciseType}
          />
        )}
        <Select
          id="drill-hazard"
          label={t('preparedness.hazardLabel')}
          options={HAZARDS.map((h) => ({ id: h, label: t(`preparedness.hazard.${h}`) }))}
          value={form.hazard}
          onChange={(value) => value && form.setHazard(value as Hazard)}
          error={errors.hazard}
        />
        <CheckboxGroup
          id="drill-villages"
          label={t('preparedness.villages')}
          description={t('drills.villagesHelp')}
          options={form.allVillages.map((v) => ({ id: v, label: v }))}
          value={form.villages}
          onChange={form.setVillages}
          error={errors.villages}
        />
        <TimeField
          id="drill-startsAt"
          label={t('drills.startTime')}
          value={form.time}
          onChange={form.setTime}
          error={errors.startsAt}
        />
        <CheckboxGroup
          id="drill-workers"
          label={t('drills.workers')}
          options={form.staff.map((person) => personOption(person, t))}
          value={form.workers}
          onChange={form.setWorkers}
          error={errors.workers}
        />
        <Checkbox isSelected={form.onlyHigh} onChange={form.setOnlyHigh}>
          {t('drills.onlyHigh')}
        </Checkbox>
        <ScopeTable form={form} />
        {scopeError && <p className="kit-error">{scopeError}</p>}
        {form.start.message && (
          <p role="alert" className="kit-error">
            {t(`drills.notStarted.${form.mode}`)} {form.start.message}
          </p>
        )}
        <div className="drill-actions">
          <Button type="submit" variant="primary" isDisabled={form.start.busy}>
            {form.mode === 'exercise' ? t('drills.startExercise') : t('drills.startIncident')}
          </Button>
          <Button variant="link" onPress={onCancel}>
            {t('preparedness.cancel')}
          </Button>
        </div>
      </form>
    </Section>
  );
}
