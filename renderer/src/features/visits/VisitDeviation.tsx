import { useTranslation } from 'react-i18next';
import { DEVIATION_KINDS, SEVERITIES, type DeviationKind } from '../../../../core/visits.ts';
import { RadioGroup, Select, TextArea } from '../../kit/index.ts';
import type { VisitForm } from './useVisitForm.ts';

const NONE = 'none';

/** A deviation, when there was one: its kind, how serious, what happened and what was done. */
export function VisitDeviation({
  deviation,
  onChange,
  errors,
}: {
  deviation: VisitForm['deviation'];
  onChange: (deviation: VisitForm['deviation']) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="log-fieldset">
      <legend>{t('visit.deviation')}</legend>
      <Select
        id="deviation-kind"
        label={t('visit.deviationKind')}
        options={[
          { id: NONE, label: t('visit.noDeviation') },
          ...DEVIATION_KINDS.map((kind) => ({ id: kind, label: t(`deviation.${kind}`) })),
        ]}
        value={deviation.kind || NONE}
        onChange={(kind) => onChange({ ...deviation, kind: !kind || kind === NONE ? '' : (kind as DeviationKind) })}
      />
      {deviation.kind && (
        <>
          <RadioGroup
            id="deviation-severity"
            label={t('visit.severity')}
            orientation="horizontal"
            options={SEVERITIES.map((severity) => ({ id: severity, label: t(`severity.${severity}`) }))}
            value={deviation.severity}
            onChange={(severity) => onChange({ ...deviation, severity })}
            className="log-severity"
          />
          <TextArea
            id="deviation-description"
            label={t('visit.deviationDescription')}
            rows={2}
            value={deviation.description}
            onChange={(description) => onChange({ ...deviation, description })}
            error={errors['deviations.0.description']}
          />
          <TextArea
            id="deviation-followup"
            label={t('visit.followUp')}
            rows={2}
            value={deviation.followUp}
            onChange={(followUp) => onChange({ ...deviation, followUp })}
            error={errors['deviations.0.followUp']}
          />
        </>
      )}
    </fieldset>
  );
}
