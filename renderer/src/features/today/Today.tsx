/** A worker's day: what is due now, next, later, missed and done, each visit with what it takes to get there and in. */
import { useTranslation } from 'react-i18next';
import type { TodayEntry } from '../../../../core/api.ts';
import { TIME_ZONE } from '../../../../core/schedule.ts';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { locale } from '../../format.ts';
import { AsyncContent } from '../../kit/index.ts';
import { Returned } from '../review/Returned.tsx';
import { DayPlan } from './DayPlan.tsx';
import { useToday } from './useToday.ts';
import './today.css';

export function Today({ onLog }: { onLog: (entry: TodayEntry, date: string) => void }) {
  const { t, i18n } = useTranslation();
  const { date, day, now } = useToday();
  const heading = new Intl.DateTimeFormat(locale(i18n.language), {
    timeZone: TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(now);

  return (
    <section aria-labelledby="today-title" className="day">
      <ScreenHeading id="today-title">
        {t('today.title')} <span className="subtle">{heading}</span>
      </ScreenHeading>
      <Returned />
      <AsyncContent result={day} isEmpty={(entries) => entries.length === 0} empty={t('today.empty')}>
        {(entries) => <DayPlan entries={entries} now={now} onLog={(entry) => onLog(entry, date)} />}
      </AsyncContent>
    </section>
  );
}
