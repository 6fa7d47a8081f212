/** Deviations per kind: one series, each bar labelled with its number, and the same figures as a table. */
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { Dashboard } from '../../../../core/supervision.ts';
import { DataTable, Section, type Column } from '../../kit/index.ts';
import { DEVIATION_COLOUR } from './patterns.tsx';
import type { ReportFormat } from './reportFormat.ts';
import { CHART_WIDTH } from './VisitsPerDay.tsx';

interface Row {
  readonly kind: string;
  readonly label: string;
  readonly count: number;
}

export function DeviationsByKind({ data, format }: { data: Dashboard; format: ReportFormat }) {
  const { t } = useTranslation();
  const { n } = format;
  const rows: Row[] = data.deviations.map((d) => ({ ...d, label: t(`deviation.${d.kind}`) }));
  const columns: Column<Row>[] = [
    { id: 'kind', header: t('dashboard.deviationKind'), cell: (row) => row.label, csv: (row) => row.label },
    {
      id: 'count',
      header: t('dashboard.count'),
      cell: (row) => n(row.count),
      csv: (row) => row.count,
      sort: (a, b) => a.count - b.count,
      align: 'end',
    },
  ];
  return (
    <Section title={t('dashboard.deviationsTitle')} className="report-section">
      <figure>
        <div
          className="chart"
          role="img"
          aria-label={t('dashboard.deviationsChart', {
            list: rows.map((d) => `${d.label} ${n(d.count)}`).join(', '),
          })}
        >
          <BarChart
            width={CHART_WIDTH}
            height={60 + 36 * rows.length}
            data={rows}
            layout="vertical"
            accessibilityLayer={false}
            margin={{ top: 10, right: 30, bottom: 0, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} tickFormatter={(value: number) => n(value)} />
            <YAxis type="category" dataKey="label" width={220} />
            <Tooltip formatter={(value) => (typeof value === 'number' ? n(value) : value)} />
            <Bar
              dataKey="count"
              name={t('dashboard.count')}
              fill={DEVIATION_COLOUR}
              isAnimationActive={false}
              label={{ position: 'right', formatter: (value: unknown) => (typeof value === 'number' ? n(value) : '') }}
            />
          </BarChart>
        </div>
        <figcaption className="visually-hidden">{t('dashboard.tableBelow')}</figcaption>
      </figure>
      <DataTable
        caption={t('dashboard.deviationsCaption', { period: format.period })}
        columns={columns}
        rows={rows}
        rowKey={(row) => row.kind}
        emptyText={t('dashboard.noDeviations')}
        csvFilename={format.file('avvikelser')}
      />
    </Section>
  );
}
