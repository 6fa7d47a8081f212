import { useTranslation } from 'react-i18next';
import type { DrillView } from '../../../../../core/api.ts';
import { boardCounts, type BoardCounts, type ClientStatus } from '../../../../../core/drills.ts';
import type { NameLabel } from '../../../format.ts';
import { DataTable, type Column } from '../../../kit/index.ts';
import { drillPerson } from '../wording.ts';
import { NameCell } from './NameCell.tsx';

interface GroupRow extends BoardCounts {
  readonly key: string;
  readonly label: NameLabel;
}

/** The counts per worker (with their role) and per village. */
export function BoardGroups({ view }: { view: DrillView }) {
  const { t } = useTranslation();
  const ended = view.state.ended !== undefined;
  const { clients } = view.state;
  const rows = (groups: Map<string, ClientStatus[]>, label: (key: string) => NameLabel): GroupRow[] =>
    [...groups].map(([key, list]) => ({ key, label: label(key), ...boardCounts(list) }));
  const byWorker = rows(
    Map.groupBy(clients, (c) => c.workerId ?? ''),
    (key) => drillPerson(view.staff, key || undefined, t),
  );
  const byVillage = rows(
    Map.groupBy(clients, (c) => view.clients[c.clientId]?.village ?? ''),
    (key) => ({ name: key, detail: '', text: key }),
  );
  const columns = (first: string): Column<GroupRow>[] => [
    { id: 'name', header: first, cell: (r) => <NameCell label={r.label} />, csv: (r) => r.label.text },
    { id: 'accounted', header: t('drills.accounted'), cell: (r) => r.accounted, align: 'end' },
    {
      id: 'open',
      header: ended ? t('drills.notReachedTitle') : t('drills.notYet'),
      cell: (r) => r.open,
      align: 'end',
    },
    { id: 'help', header: t('drills.needsHelp'), cell: (r) => r.help, align: 'end' },
  ];
  return (
    <div className="drill-groups">
      <DataTable
        caption={t('drills.perWorker')}
        columns={columns(t('drills.worker'))}
        rows={byWorker}
        rowKey={(r) => r.key}
        emptyText={t('drills.noClients')}
      />
      <DataTable
        caption={t('drills.perVillage')}
        columns={columns(t('drills.village'))}
        rows={byVillage}
        rowKey={(r) => r.key}
        emptyText={t('drills.noClients')}
      />
    </div>
  );
}
