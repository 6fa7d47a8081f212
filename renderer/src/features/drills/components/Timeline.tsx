import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { DrillView } from '../../../../../core/api.ts';
import { DataTable } from '../../../kit/index.ts';
import { colors } from '../../../theme/tokens.ts';

type Point = DrillView['figures']['timeline'][number];

/** High-priority clients accounted for, minute by minute: a chart, and the same figures as a table. */
export function Timeline({ view }: { view: DrillView }) {
  const { t } = useTranslation();
  const { figures } = view;
  return (
    <figure aria-labelledby="timeline-title" className="drill-timeline">
      <h3 id="timeline-title">{t('drills.timeline')}</h3>
      <div className="chart" role="img" aria-label={t('drills.timelineChart', { count: figures.highCount })}>
        <LineChart
          width={640}
          height={240}
          data={[...figures.timeline]}
          accessibilityLayer={false}
          margin={{ top: 10, right: 20 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="minute"
            type="number"
            domain={[0, 'dataMax']}
            allowDecimals={false}
            unit={` ${t('drills.minuteUnit')}`}
          />
          <YAxis allowDecimals={false} domain={[0, figures.highCount]} width={40} />
          <Tooltip />
          <Line
            type="stepAfter"
            dataKey="accounted"
            name={t('drills.accounted')}
            stroke={colors.accent}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </LineChart>
      </div>
      <DataTable<Point>
        caption={t('drills.timelineCaption')}
        columns={[
          { id: 'minute', header: t('drills.minute'), cell: (p) => p.minute, csv: (p) => p.minute, align: 'end' },
          {
            id: 'accounted',
            header: t('drills.accountedHigh'),
            cell: (p) => `${p.accounted} / ${figures.highCount}`,
            csv: (p) => p.accounted,
            align: 'end',
          },
        ]}
        rows={figures.timeline}
        rowKey={(p) => String(p.minute)}
        emptyText={t('drills.noClients')}
      />
    </figure>
  );
}
