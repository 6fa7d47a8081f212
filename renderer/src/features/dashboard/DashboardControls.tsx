/** The period the dashboard covers (its last day and length), back to today, and printing the report. */
import { useTranslation } from 'react-i18next';
import { Button, DateField, Select } from '../../kit/index.ts';
import { PERIODS } from './useDashboard.ts';

export function DashboardControls({
  lastDay,
  days,
  today,
  onLastDay,
  onDays,
  onPrint,
}: {
  lastDay: string;
  days: number;
  today: string;
  onLastDay: (date: string) => void;
  onDays: (days: number) => void;
  onPrint: () => void;
}) {
  const { t } = useTranslation();
  return (
    <form className="period no-print" onSubmit={(event) => event.preventDefault()}>
      <DateField
        id="dashboard-to"
        label={t('dashboard.lastDay')}
        value={lastDay}
        maxValue="2100-12-31"
        onChange={(value) => {
          if (value) onLastDay(value);
        }}
      />
      <Select
        id="dashboard-days"
        label={t('dashboard.period')}
        options={PERIODS.map((count) => ({
          id: String(count),
          label: count === 1 ? t('dashboard.oneDay') : t('dashboard.lastDays', { count }),
        }))}
        value={String(days)}
        onChange={(value) => onDays(Number(value ?? days))}
      />
      <Button onPress={() => onLastDay(today)}>{t('dashboard.today')}</Button>
      <Button variant="primary" className="print-button" onPress={onPrint}>
        {t('report.print')}
      </Button>
    </form>
  );
}
