/** Visits done against planned per day: a bar chart with a pattern per series, and its figures as a table. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { MISSED_AFTER_MS } from '../../../../core/schedule.ts';
import { LATE_AFTER_MS, type DayFigures, type Dashboard } from '../../../../core/supervision.ts';
import { formatDate } from '../../format.ts';
import { DataTable, Section, type Column } from '../../kit/index.ts';
import { patternFill, SERIES, SeriesPatterns, seriesColour, Swatch } from './patterns.tsx';
import { noon, type ReportFormat } from './reportFormat.ts';

export const CHART_WIDTH = 860;

export function VisitsPerDay({ data, format }: { data: Dashboard; format: ReportFormat }) {
  const { t, i18n } = useTranslation();
  const idPrefix = useId().replace(/:/g, '');
  const { n, totals } = { n: format.n, totals: data.totals };
  const rows = data.days.map((day) => ({ ...day, label: format.shortDate(day.date) }));
  const count = (key: keyof Omit<DayFigures, 'date'>) => ({
    id: key,
    header: t(`dashboard.${key}`),
    cell: (day: DayFigures) => n(day[key]),
    csv: (day: DayFigures) => day[key],
    sort: (a: DayFigures, b: DayFigures) => a[key] - b[key],
    align: 'end' as const,
  });
  const columns: Column<DayFigures>[] = [
    {
      id: 'date',
      header: t('dashboard.date'),
      cell: (day) => formatDate(noon(day.date), i18n.language),
      csv: (day) => day.date,
      sort: (a, b) => a.date.localeCompare(b.date),
    },
    count('planned'),
    count('done'),
    count('missed'),
    count('late'),
    count('unplanned'),
  ];
  return (
    <Section title={t('dashboard.visitsTitle')} className="report-section">
      <p className="subtle">
        {t('dashboard.visitsExplain', { late: LATE_AFTER_MS / 60_000, missed: MISSED_AFTER_MS / 60_000 })}
      </p>
      <figure>
        <div
          className="chart"
          role="img"
          aria-label={t('dashboard.visitsChart', {
            planned: n(totals.planned),
            done: n(totals.done),
            missed: n(totals.missed),
            late: n(totals.late),
          })}
        >
          <BarChart
            width={CHART_WIDTH}
            height={300}
            data={rows}
            accessibilityLayer={false}
            margin={{ top: 10, right: 10, bottom: 0, left: 0 }}
          >
            <SeriesPatterns idPrefix={idPrefix} />
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" interval="preserveStartEnd" />
            <YAxis allowDecimals={false} tickFormatter={(value: number) => n(value)} width={48} />
            <Tooltip formatter={(value) => (typeof value === 'number' ? n(value) : value)} />
            {SERIES.map((series) => (
              <Bar
                key={series}
                dataKey={series}
                name={t(`dashboard.${series}`)}
                fill={patternFill(series, idPrefix)}
                stroke={seriesColour(series)}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
          <ul className="legend">
            {SERIES.map((series) => (
              <li key={series}>
                <Swatch series={series} idPrefix={idPrefix} /> {t(`dashboard.${series}`)}
              </li>
            ))}
          </ul>
        </div>
        <figcaption className="visually-hidden">{t('dashboard.tableBelow')}</figcaption>
      </figure>
      <DataTable
        caption={t('dashboard.visitsCaption', { period: format.period })}
        columns={columns}
        rows={data.days}
        rowKey={(day) => day.date}
        emptyText={t('dashboard.noDays')}
        csvFilename={format.file('besok')}
      />
    </Section>
  );
}
