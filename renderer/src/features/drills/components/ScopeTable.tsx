import { useTranslation } from 'react-i18next';
import { Checkbox, DataTable, Select, type Column } from '../../../kit/index.ts';
import type { ScopeRow, useStartDrill } from '../hooks/useStartDrill.ts';
import { NameCell } from './NameCell.tsx';
import { clientName, personOption } from '../wording.ts';

/** The choice "nobody" (a list key may not be empty). */
const NOBODY = 'nobody';

type Row = ScopeRow & { readonly order: number };

/** The clients in scope in priority order: each marked high priority or not, and given to someone (or nobody). */
export function ScopeTable({ form }: { form: ReturnType<typeof useStartDrill> }) {
  const { t } = useTranslation();
  const rows: Row[] = form.scope.map((s, index) => ({ ...s, order: index + 1 }));
  const name = (r: Row) => clientName(r.client, r.clientId, t);
  const people = form.staff.filter((p) => form.workers.includes(p.id));
  const options = [{ id: NOBODY, label: t('drills.unassigned') }, ...people.map((person) => personOption(person, t))];
  const columns: Column<Row>[] = [
    { id: 'order', header: t('drills.order'), cell: (r) => r.order, align: 'end' },
    { id: 'client', header: t('drills.client'), cell: (r) => <NameCell label={name(r)} /> },
    {
      id: 'high',
      header: t('drills.high'),
      cell: (r) => (
        <Checkbox
          className="drill-inline-check"
          isSelected={r.high}
          onChange={(high) => form.override(r.clientId, { high })}
        >
          <span className="visually-hidden">{t('drills.highFor', { name: name(r).name })}</span>
        </Checkbox>
      ),
    },
    {
      id: 'worker',
      header: t('drills.contactedBy'),
      cell: (r) => (
        <Select
          className="drill-inline-field"
          label={t('drills.contactedByFor', { name: name(r).name })}
          options={options}
          value={r.workerId ?? NOBODY}
          onChange={(workerId) =>
            form.override(r.clientId, { workerId: !workerId || workerId === NOBODY ? '' : workerId })
          }
        />
      ),
    },
  ];
  return (
    <DataTable
      caption={t('drills.scope', { count: rows.length })}
      columns={columns}
      rows={rows}
      rowKey={(r) => r.clientId}
      emptyText={t('drills.noScope')}
    />
  );
}
