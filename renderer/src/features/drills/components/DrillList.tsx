import { useTranslation } from 'react-i18next';
import type { DrillSummary } from '../../../../../core/api.ts';
import { formatDateTime } from '../../../format.ts';
import { Button, DataTable, StatusTag, type Column } from '../../../kit/index.ts';
import { duration } from '../duration.ts';

/** Drills as a table: exercise or real (in words), the scenario to open, when, and how far it got. */
export function DrillList({
  drills,
  caption,
  emptyText,
  showMine,
  onOpen,
}: {
  drills: readonly DrillSummary[];
  caption: string;
  emptyText: string;
  showMine: boolean;
  onOpen: (drillId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const scenario = (d: DrillSummary) =>
    `${t(`preparedness.hazard.${d.drill.hazard}`)} – ${d.drill.villages.join(', ') || t('preparedness.allVillages')}`;
  const progress = (d: DrillSummary) =>
    [
      t('drills.accountedShort', { done: d.accountedHigh, of: d.highCount }),
      d.to100 === undefined ? undefined : t('drills.allIn', { time: duration(t, d.to100) }),
    ]
      .filter(Boolean)
      .join(' · ');
  const columns: Column<DrillSummary>[] = [
    {
      id: 'mode',
      header: t('drills.modeLegend'),
      cell: (d) => (
        <StatusTag tone={d.drill.mode === 'incident' ? 'danger' : 'warn'}>{t(`drills.mode.${d.drill.mode}`)}</StatusTag>
      ),
    },
    {
      id: 'scenario',
      header: t('drills.scenario'),
      cell: (d) => (
        <Button variant="link" onPress={() => onOpen(d.drill.id)}>
          {scenario(d)}
        </Button>
      ),
    },
    {
      id: 'started',
      header: t('drills.startedCol'),
      cell: (d) => formatDateTime(d.drill.startsAt, i18n.language),
      sort: (a, b) => a.drill.startsAt.localeCompare(b.drill.startsAt),
    },
    { id: 'progress', header: t('drills.progress'), cell: progress },
    ...(showMine
      ? [{ id: 'mine', header: t('drills.mineHeader'), cell: (d: DrillSummary) => t('drills.mine', { count: d.mine }) }]
      : []),
  ];
  return (
    <DataTable
      caption={caption}
      columns={columns}
      rows={drills}
      rowKey={(d) => d.drill.id}
      emptyText={emptyText}
      defaultSort={{ column: 'started', direction: 'descending' }}
    />
  );
}
