import { useTranslation } from 'react-i18next';
import type { DrillView } from '../../../../../core/api.ts';
import { formatDateTime } from '../../../format.ts';
import { DataTable, Section, type Column } from '../../../kit/index.ts';
import { duration } from '../duration.ts';

type Row = DrillView['earlier'][number] & { readonly current: boolean };

/** This drill beside earlier ended drills of the same hazard, exercise or real alike. */
export function EarlierDrills({ view, time }: { view: DrillView; time: (ms: number | undefined) => string }) {
  const { t, i18n } = useTranslation();
  const { figures, state } = view;
  const rows: Row[] = [
    {
      id: state.drill.id,
      mode: state.drill.mode,
      startsAt: state.drill.startsAt,
      villages: state.drill.villages,
      highCount: figures.highCount,
      to50: figures.to50,
      to90: figures.to90,
      to100: figures.to100,
      current: true,
    },
    ...view.earlier.map((e) => ({ ...e, current: false })),
  ];
  const when = (r: Row) =>
    t(r.current ? 'drills.whenThisOne' : 'drills.whenWhere', {
      when: formatDateTime(r.startsAt, i18n.language),
      villages: r.villages.join(', ') || t('preparedness.allVillages'),
    });
  // Earlier drills have all ended: a share they never reached was never reached.
  const timeOf = (r: Row, ms: number | undefined) =>
    r.current ? time(ms) : ms === undefined ? t('drills.neverReached') : duration(t, ms);
  const share = (key: 'to50' | 'to90' | 'to100', percent: number): Column<Row> => ({
    id: key,
    header: t('drills.share', { percent }),
    cell: (r) => timeOf(r, r[key]),
    csv: (r) => timeOf(r, r[key]),
    align: 'end',
  });
  return (
    <Section title={t('drills.earlierTitle')} level={3}>
      {view.earlier.length === 0 ? (
        <p>{t('drills.noEarlier')}</p>
      ) : (
        <DataTable
          caption={t('drills.earlierCaption')}
          columns={[
            { id: 'when', header: t('drills.when'), cell: when, csv: when },
            { id: 'high', header: t('drills.highCount'), cell: (r) => r.highCount, align: 'end' },
            share('to50', 50),
            share('to90', 90),
            share('to100', 100),
          ]}
          rows={rows}
          rowKey={(r) => r.id}
          emptyText={t('drills.noEarlier')}
        />
      )}
    </Section>
  );
}
