import { useTranslation } from 'react-i18next';
import { OBSERVATION_KINDS, type ObservationKind } from '../../../../core/visits.ts';
import { Checkbox, TextField } from '../../kit/index.ts';
import { observationsOf, type VisitForm } from './useVisitForm.ts';

/** What was noticed: each kind ticked opens a line to describe it, right below it. */
export function VisitObservations({
  observations,
  onChange,
  errors,
}: {
  observations: VisitForm['observations'];
  onChange: (observations: VisitForm['observations']) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const order = observationsOf({ observations }).map(([kind]) => kind);
  const toggle = (kind: ObservationKind, on: boolean) =>
    onChange(
      on
        ? { ...observations, [kind]: '' }
        : Object.fromEntries(Object.entries(observations).filter(([other]) => other !== kind)),
    );
  return (
    <fieldset className="log-fieldset">
      <legend>{t('visit.observations')}</legend>
      <div className="log-choices">
        {OBSERVATION_KINDS.map((kind) => {
          const text = observations[kind];
          return (
            <div key={kind} className="log-observation">
              <Checkbox isSelected={text !== undefined} onChange={(on) => toggle(kind, on)}>
                {t(`observation.${kind}`)}
              </Checkbox>
              {text !== undefined && (
                <TextField
                  id={`observation-${kind}`}
                  label={t('visit.observationText', { kind: t(`observation.${kind}`) })}
                  value={text}
                  onChange={(value) => onChange({ ...observations, [kind]: value })}
                  error={errors[`observations.${order.indexOf(kind)}.text`]}
                  className="log-observation-text"
                />
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
