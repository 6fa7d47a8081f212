/**
 * The supervisor's view of loneliness across the team: clients at high risk with no social contact logged for a number
 * of days the supervisor chooses, screenings that are due or overdue, and how the team's risk levels changed month by
 * month (a chart with its table). Each client opens their follow-up page.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NO_CONTACT_DAYS } from '../../../../core/wellbeing.ts';
import { useWatch } from '../../api/hooks.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { AsyncContent, Button, NumberField, Section } from '../../kit/index.ts';
import { HighRiskTable, OverdueTable } from './components/OverviewTables.tsx';
import { TeamRiskTrend } from './components/TeamRiskTrend.tsx';
import './components/wellbeing.css';

const DAYS_KEY = 'hemtrygg.loneliness.noContactDays';
const validDays = (days: number | undefined): days is number =>
  days !== undefined && Number.isInteger(days) && days >= 1 && days <= 365;
const storedDays = () => {
  const stored = Number(globalThis.localStorage?.getItem(DAYS_KEY));
  return validDays(stored) ? stored : NO_CONTACT_DAYS;
};

export function LonelinessOverview({ onOpen }: { onOpen: (clientId: string) => void }) {
  const { t } = useTranslation();
  const [days, setDays] = useState(storedDays);
  const [typed, setTyped] = useState<number | undefined>(days);
  const overview = useWatch('wellbeing.overview', { noContactDays: days, months: 12 });

  return (
    <section aria-labelledby="loneliness-title" className="loneliness">
      <ScreenHeading id="loneliness-title">{t('loneliness.title')}</ScreenHeading>
      <p className="notice">{t('wellbeing.notDiagnosis')}</p>
      <Section title={t('loneliness.highRiskTitle', { count: days })}>
        <form
          className="loneliness-threshold"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!validDays(typed)) return;
            setDays(typed);
            globalThis.localStorage?.setItem(DAYS_KEY, String(typed));
          }}
        >
          <NumberField
            label={t('loneliness.noContactDays')}
            value={typed}
            onChange={setTyped}
            minValue={1}
            maxValue={365}
            step={1}
            error={validDays(typed) ? undefined : t('loneliness.daysInvalid')}
          />
          <Button type="submit">{t('loneliness.show')}</Button>
        </form>
        <p className="subtle">
          {t('loneliness.highRiskExplain')} {t('loneliness.socialContactExplain')}
        </p>
        <AsyncContent result={overview}>
          {(value) => (
            <HighRiskTable
              rows={value.highRiskNoContact}
              caption={t('loneliness.highRiskTitle', { count: days })}
              onOpen={onOpen}
            />
          )}
        </AsyncContent>
      </Section>
      <Section title={t('loneliness.overdueTitle')}>
        <AsyncContent result={overview}>
          {(value) => <OverdueTable rows={value.overdue} onOpen={onOpen} />}
        </AsyncContent>
      </Section>
      <Section title={t('loneliness.trendTitle')}>
        <p className="subtle">{t('loneliness.trendExplain')}</p>
        <AsyncContent result={overview}>{(value) => <TeamRiskTrend trend={value.trend} />}</AsyncContent>
      </Section>
    </section>
  );
}
