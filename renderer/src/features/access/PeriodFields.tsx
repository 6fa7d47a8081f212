/** From and to, both optional; the error sits under "to", where the person fixes it. */
import { useTranslation } from 'react-i18next';
import { DateField } from '../../kit/index.ts';
import type { Period } from './usePeriod.ts';

export function PeriodFields({ idPrefix, period }: { idPrefix: string; period: Period }) {
  const { t } = useTranslation();
  return (
    <>
      <DateField id={`${idPrefix}-from`} label={t('access.from')} value={period.from} onChange={period.setFrom} />
      <DateField
        id={`${idPrefix}-to`}
        label={t('access.to')}
        value={period.to}
        onChange={period.setTo}
        error={period.problem ? t(period.problem) : undefined}
      />
    </>
  );
}
