/** The report's lists of clients: continuity, returned visits still open, and clients not visited as planned. */
import { useTranslation } from 'react-i18next';
import type { ContinuityRow, Dashboard, OpenReturn, OverdueClient } from '../../../../core/supervision.ts';
import { useNames } from '../../components/useNames.ts';
import { csvDateTime, formatDateTime } from '../../format.ts';
import { DataTable, NumberField, Section, StatusTag, type Column } from '../../kit/index.ts';
import type { ReportFormat } from './reportFormat.ts';
import { MANY_STAFF_MAX, MANY_STAFF_MIN } from './useDashboard.ts';

type Named = { client: Parameters<ReturnType<typeof useNames>['client']>[0] };

function useClientColumn<Row extends Named>(): Column<Row> {
  const { t } = useTranslation();
  const names = useNames();
  return {
    id: 'client',
    header: t('dashboard.client'),
    cell: (row) => {
      const label = names.client(row.client);
      return (
        <>
          {label.name}
          <span className="kit-option-description">{label.detail}</span>
        </>
      );
    },
    csv: (row) => names.client(row.client).text,
    sort: (a, b) => names.client(a.client).name.localeCompare(names.client(b.client).name, 'sv'),
  };
}

export function Continuity({
  data,
  format,
  manyStaff,
  onManyStaff,
}: {
  data: Dashboard;
  format: ReportFormat;
  manyStaff: number;
  onManyStaff: (value: number) => void;
}) {
  const { t } = useTranslation();
  const columns: Column<ContinuityRow>[] = [
    useClientColumn<ContinuityRow>(),
    {
      id: 'staff',
      header: t('dashboard.staff14'),
      cell: (row) =>
        row.staff >= manyStaff ? (
          <StatusTag tone="warn">
            {format.n(row.staff)} · {t('dashboard.many')}
          </StatusTag>
        ) : (
          format.n(row.staff)
        ),
      csv: (row) => row.staff,
      sort: (a, b) => a.staff - b.staff,
      align: 'end',
    },
  ];
  return (
    <Section title={t('dashboard.continuityTitle')} className="report-section">
      <NumberField
        id="dashboard-many"
        className="no-print"
        label={t('dashboard.manyStaffLabel')}
        value={manyStaff}
        minValue={MANY_STAFF_MIN}
        maxValue={MANY_STAFF_MAX}
        onChange={(value) => {
          if (value !== undefined && Number.isInteger(value) && value >= MANY_STAFF_MIN && value <= MANY_STAFF_MAX) {
            onManyStaff(value);
          }
        }}
      />
      <DataTable
        caption={`${t('dashboard.continuityCaption', { to: format.longDate(data.to) })} ${t('dashboard.manyStaffNote', { count: manyStaff })}`}
        columns={columns}
        rows={data.continuity}
        rowKey={(row) => row.client.id}
        emptyText={t('dashboard.noContinuity')}
        csvFilename={format.file('kontinuitet')}
      />
    </Section>
  );
}

export function OpenReturns({ data, format }: { data: Dashboard; format: ReportFormat }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const columns: Column<OpenReturn>[] = [
    {
      id: 'client',
      header: t('dashboard.client'),
      cell: (r) => (r.client ? names.client(r.client).text : t('dashboard.unknownClient')),
      csv: (r) => (r.client ? names.client(r.client).text : t('dashboard.unknownClient')),
    },
    { id: 'worker', header: t('dashboard.worker'), cell: (r) => r.workerName, csv: (r) => r.workerName },
    {
      id: 'visitAt',
      header: t('dashboard.visitAt'),
      cell: (r) => formatDateTime(r.startedAt, i18n.language),
      csv: (r) => csvDateTime(r.startedAt),
    },
    {
      id: 'returnedAt',
      header: t('dashboard.returnedAt'),
      cell: (r) => formatDateTime(r.returnedAt, i18n.language),
      csv: (r) => csvDateTime(r.returnedAt),
    },
    { id: 'comment', header: t('dashboard.comment'), cell: (r) => r.comment, csv: (r) => r.comment },
  ];
  return (
    <Section title={t('dashboard.returnsTitle')} className="report-section">
      <DataTable
        caption={t('dashboard.returnsCaption')}
        columns={columns}
        rows={data.openReturns}
        rowKey={(r) => r.visitId}
        emptyText={t('dashboard.noReturns')}
        csvFilename={format.file('aterskickade')}
      />
    </Section>
  );
}

export function Overdue({ data, format }: { data: Dashboard; format: ReportFormat }) {
  const { t, i18n } = useTranslation();
  const columns: Column<OverdueClient>[] = [
    useClientColumn<OverdueClient>(),
    {
      id: 'gap',
      header: t('dashboard.planGap'),
      cell: (row) => format.n(row.planGapDays),
      csv: (row) => row.planGapDays,
      align: 'end',
    },
    {
      id: 'last',
      header: t('dashboard.lastVisit'),
      cell: (row) =>
        row.lastVisitAt ? (
          formatDateTime(row.lastVisitAt, i18n.language)
        ) : (
          <StatusTag tone="danger">{t('dashboard.neverVisited')}</StatusTag>
        ),
      csv: (row) => (row.lastVisitAt ? csvDateTime(row.lastVisitAt) : t('dashboard.neverVisited')),
    },
    {
      id: 'since',
      header: t('dashboard.daysSince'),
      cell: (row) => (row.daysSince === undefined ? '–' : format.n(row.daysSince)),
      csv: (row) => row.daysSince ?? '',
      sort: (a, b) => (a.daysSince ?? Infinity) - (b.daysSince ?? Infinity),
      align: 'end',
    },
  ];
  return (
    <Section title={t('dashboard.overdueTitle')} className="report-section">
      <DataTable
        caption={t('dashboard.overdueCaption', { to: format.longDate(data.to) })}
        columns={columns}
        rows={data.overdue}
        rowKey={(row) => row.client.id}
        emptyText={t('dashboard.noOverdue')}
        csvFilename={format.file('ej-besokta')}
      />
    </Section>
  );
}
