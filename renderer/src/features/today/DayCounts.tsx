import { useTranslation } from 'react-i18next';
import { DAY_GROUPS, type DayGroup } from '../../../../core/schedule.ts';

/** "2 nu · 3 härnäst · 5 senare · 12 klara · 1 missat": the day at a glance, parts with nothing left out. */
export function DayCounts({ groups }: { groups: Record<DayGroup, readonly unknown[]> }) {
  const { t } = useTranslation();
  const parts = DAY_GROUPS.filter((group) => groups[group].length > 0);
  return (
    <p className="day-counts">
      {parts.map((group, index) => (
        <span key={group} className={`day-count day-count-${group}`}>
          {index > 0 && <span aria-hidden="true"> · </span>}
          {t(`today.counts.${group}`, { count: groups[group].length })}
        </span>
      ))}
    </p>
  );
}
