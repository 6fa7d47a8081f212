/** How the team's risk levels changed month by month: stacked bars, and a table of the same figures. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { WellbeingOverview } from '../../../../../core/api.ts';
import { locale } from '../../../format.ts';
import { DataTable, type Column } from '../../../kit/index.ts';
import { colors } from '../../../theme/tokens.ts';

const SERIES = ['high', 'moderate', 'low', 'unknown', 'notScreened'] as const;
type Series = (typeof SERIES)[number];
/** Each at least 3:1 against white; the legend and the table say which is which. */
const FILLS: Record<Series, string> = {
  high: colors.danger,
  moderate: colors['warn-fg'],
  low: colors['ok-fg'],
  unknown: colors['info-fg'],
  notScreened: colors.muted,
};
type Month = WellbeingOverview['trend'][number];

export function TeamRiskTrend({ trend }: { trend: WellbeingOverview['trend'] }) {
  const { t, i18n } = useTranslation();
  const seriesName = (key: Series) => t(key === 'notScreened' ? 'wellbeing.level.none' : `wellbeing.level.${key}`);
  const monthLabel = (month: string) =>
    new Intl.DateTimeFormat(locale(i18n.language), { month: 'short', year: '2-digit' }).format(
      new Date(`${month}-15T12:00:00Z`),
    );
  const columns = useMemo<Column<Month>[]>(
    () => [
      { id: 'month', header: t('loneliness.month'), cell: (m) => monthLabel(m.month) },
      ...SERIES.map((key) => ({
        id: key,
        header: seriesName(key),
        cell: (m: Month) => m.counts[key],
        align: 'end' as const,
      })),
    ],
    [t, i18n.language],
  );
  return (
    <>
      <div className="chart" role="img" aria-label={t('loneliness.trendChart')}>
        <BarChart
          width={760}
          height={260}
          data={trend.map((m) => ({ label: monthLabel(m.month), ...m.counts }))}
          accessibilityLayer={false}
          margin={{ top: 10, right: 10, bottom: 0, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip />
          {SERIES.map((key) => (
            <Bar
              key={key}
              dataKey={key}
              stackId="levels"
              name={seriesName(key)}
              fill={FILLS[key]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
        <ul className="legend">
          {SERIES.map((key) => (
            <li key={key}>
              <svg width="14" height="14" aria-hidden="true">
                <rect width="14" height="14" fill={FILLS[key]} />
              </svg>{' '}
              {seriesName(key)}
            </li>
          ))}
        </ul>
      </div>
      <DataTable
        caption={t('loneliness.trendCaption')}
        columns={columns}
        rows={trend}
        rowKey={(m) => m.month}
        emptyText={t('kit.empty')}
      />
    </>
  );
}
