import { useTranslation } from 'react-i18next';
import type { DrillView } from '../../../../../core/api.ts';
import type { ClientStatus } from '../../../../../core/drills.ts';
import { DataTable, StatusTag, type Column } from '../../../kit/index.ts';
import { duration } from '../duration.ts';
import { drillClient, drillPerson, statusTone } from '../wording.ts';
import { NameCell } from './NameCell.tsx';
import { Reassign } from './Reassign.tsx';

type Row = ClientStatus & { readonly order: number };

/** Every client in priority order: how they are, when reached, and who contacts them (changeable while it runs). */
export function BoardClients({ view }: { view: DrillView }) {
  const { t } = useTranslation();
  const rows: Row[] = view.state.clients.map((c, index) => ({ ...c, order: index + 1 }));
  const status = (c: Row) =>
    [
      t(`drills.status.${c.status}`),
      c.accountedAfterMs === undefined ? undefined : duration(t, c.accountedAfterMs),
      c.last?.note || undefined,
    ]
      .filter(Boolean)
      .join(' · ');
  const columns: Column<Row>[] = [
    { id: 'order', header: t('drills.order'), cell: (c) => c.order, csv: (c) => c.order, align: 'end' },
    {
      id: 'client',
      header: t('drills.client'),
      cell: (c) => (
        <>
          <NameCell label={drillClient(view, c.clientId, t)} />
          {c.high && <StatusTag tone="info">{t('drills.high')}</StatusTag>}
        </>
      ),
      csv: (c) => [drillClient(view, c.clientId, t).text, c.high ? t('drills.high') : ''].filter(Boolean).join(' · '),
    },
    {
      id: 'status',
      header: t('drills.statusLabel'),
      cell: (c) => (
        <>
          <StatusTag tone={statusTone[c.status]}>{t(`drills.status.${c.status}`)}</StatusTag>
          {c.accountedAfterMs !== undefined && ` ${duration(t, c.accountedAfterMs)}`}
          {c.last?.note && <span className="drill-note">{c.last.note}</span>}
        </>
      ),
      csv: status,
    },
    {
      id: 'worker',
      header: t('drills.contactedBy'),
      cell: (c) =>
        view.state.ended ? (
          <NameCell label={drillPerson(view.staff, c.workerId, t)} />
        ) : (
          <Reassign view={view} status={c} />
        ),
      csv: (c) => drillPerson(view.staff, c.workerId, t).text,
    },
  ];
  return (
    <DataTable
      caption={t('drills.clientsCaption')}
      columns={columns}
      rows={rows}
      rowKey={(c) => c.clientId}
      emptyText={t('drills.noClients')}
      csvFilename={t('drills.csvFile', { date: view.state.drill.startsAt.slice(0, 10) })}
    />
  );
}
