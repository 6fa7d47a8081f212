/** UCLA-3 and LSNS-6 over time: a small chart, and a table of the same figures as its text alternative. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { AssessedScreening } from '../../../../../core/wellbeing.ts';
import { formatDate } from '../../../format.ts';
import { DataTable, Section, type Column } from '../../../kit/index.ts';
import { colors } from '../../../theme/tokens.ts';
import { scoreText } from '../wording.tsx';

/** The two lines differ by colour and by dash, so they are told apart without colour too. */
const LINES = {
  ucla3: { stroke: colors.danger, dash: undefined },
  lsns6: { stroke: colors.accent, dash: '6 3' },
} as const;

interface TrendRow {
  readonly id: string;
  readonly label: string;
  readonly ucla3: number | null;
  readonly lsns6: number | null;
  readonly ucla3Text: string;
  readonly lsns6Text: string;
}

export function ScoreTrend({ screenings }: { screenings: readonly AssessedScreening[] }) {
  const { t, i18n } = useTranslation();
  const rows = useMemo<TrendRow[]>(
    () =>
      [...screenings].reverse().map(({ screening, assessment }) => ({
        id: screening.id,
        label: formatDate(screening.createdAt, i18n.language),
        // A score left open by declined answers is not drawn as if it were known.
        ucla3: assessment.ucla3.total ?? null,
        lsns6: assessment.lsns6.total ?? null,
        ucla3Text: scoreText(t, assessment.ucla3),
        lsns6Text: scoreText(t, assessment.lsns6),
      })),
    [screenings, t, i18n.language],
  );
  const columns = useMemo<Column<TrendRow>[]>(
    () => [
      { id: 'date', header: t('wellbeing.date'), cell: (row) => row.label },
      { id: 'ucla3', header: t('wellbeing.ucla3'), cell: (row) => row.ucla3Text, align: 'end' },
      { id: 'lsns6', header: t('wellbeing.lsns6'), cell: (row) => row.lsns6Text, align: 'end' },
    ],
    [t],
  );
  return (
    <Section title={t('wellbeing.trendTitle')}>
      <p className="subtle">{t('wellbeing.trendExplain')}</p>
      <div className="chart" role="img" aria-label={t('wellbeing.trendChart', { count: rows.length })}>
        <LineChart width={560} height={220} data={rows} accessibilityLayer={false} margin={{ top: 10, right: 20 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" interval="preserveStartEnd" />
          <YAxis yAxisId="ucla3" domain={[3, 9]} ticks={[3, 6, 9]} width={32} />
          <YAxis yAxisId="lsns6" orientation="right" domain={[0, 30]} ticks={[0, 12, 30]} width={32} />
          <Tooltip />
          {(['ucla3', 'lsns6'] as const).map((key) => (
            <Line
              key={key}
              yAxisId={key}
              dataKey={key}
              name={t(`wellbeing.${key}`)}
              stroke={LINES[key].stroke}
              strokeWidth={2}
              strokeDasharray={LINES[key].dash}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
        <ul className="legend">
          {(['ucla3', 'lsns6'] as const).map((key) => (
            <li key={key}>
              <svg width="28" height="14" aria-hidden="true">
                <line
                  x1="0"
                  y1="7"
                  x2="28"
                  y2="7"
                  stroke={LINES[key].stroke}
                  strokeWidth="3"
                  strokeDasharray={LINES[key].dash}
                />
              </svg>{' '}
              {t(`wellbeing.${key}Axis`)}
            </li>
          ))}
        </ul>
      </div>
      <DataTable
        caption={t('wellbeing.trendCaption')}
        columns={columns}
        rows={rows}
        rowKey={(row) => row.id}
        emptyText={t('wellbeing.noScreenings')}
      />
    </Section>
  );
}
