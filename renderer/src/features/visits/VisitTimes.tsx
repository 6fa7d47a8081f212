import { useTranslation } from 'react-i18next';
import { Button, TimeField } from '../../kit/index.ts';
import type { VisitForm } from './useVisitForm.ts';

/** Start and end on the 24-hour clock, typed or taken from the clock with a press. */
export function VisitTimes({
  form,
  update,
  startNow,
  endNow,
  errors,
}: {
  form: VisitForm;
  update: (change: Partial<VisitForm>) => void;
  startNow: () => void;
  endNow: () => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="log-fieldset">
      <legend>{t('visit.times')}</legend>
      <div className="log-time">
        <TimeField
          id="visit-start"
          label={t('visit.start')}
          value={form.start}
          onChange={(start) => update({ start })}
          error={errors['startedAt']}
        />
        <Button onPress={startNow}>{t('visit.startNow')}</Button>
      </div>
      <div className="log-time">
        <TimeField
          id="visit-end"
          label={t('visit.end')}
          value={form.end}
          onChange={(end) => update({ end })}
          error={errors['endedAt']}
        />
        <Button onPress={endNow}>{t('visit.endNow')}</Button>
      </div>
    </fieldset>
  );
}
