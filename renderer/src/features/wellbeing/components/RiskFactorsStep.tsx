/** The risk factors the worker and the team know of (not questions for the client), each with an optional note. */
import { useTranslation } from 'react-i18next';
import { RISK_FACTORS, type RiskFactor } from '../../../../../core/screening.ts';
import { Checkbox, TextField } from '../../../kit/index.ts';

export function RiskFactorsStep({
  factors,
  onChange,
}: {
  factors: Readonly<Partial<Record<RiskFactor, string>>>;
  onChange: (factors: Partial<Record<RiskFactor, string>>) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="screening-factors">
      <legend>{t('screening.factorsLegend')}</legend>
      <p className="subtle">{t('screening.factorsHelp')}</p>
      {RISK_FACTORS.map((factor) => {
        const on = factors[factor] !== undefined;
        const label = t(`wellbeing.factor.${factor}`);
        return (
          <div key={factor} className="screening-factor">
            <Checkbox
              isSelected={on}
              onChange={(selected) =>
                onChange(
                  selected
                    ? { ...factors, [factor]: '' }
                    : Object.fromEntries(Object.entries(factors).filter(([key]) => key !== factor)),
                )
              }
            >
              {label}
            </Checkbox>
            {on && (
              <TextField
                className="screening-factor-note"
                label={t('screening.factorNote', { factor: label })}
                maxLength={200}
                value={factors[factor] ?? ''}
                onChange={(note) => onChange({ ...factors, [factor]: note })}
              />
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
