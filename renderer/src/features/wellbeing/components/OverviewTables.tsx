/** The supervisor's two lists: clients at high risk with no social contact, and screenings to do. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { HighRiskRow, OverdueRow } from '../../../../../core/api.ts';
import type { ClientSummary } from '../../../../../core/api.ts';
import { formatDate } from '../../../format.ts';
import { Button, DataTable, type Column } from '../../../kit/index.ts';
import { clientName, LevelBadge, reasonText } from '../wording.tsx';

const noon = (date: string) => `${date}T12:00:00Z`;

function ClientCell({ client, onOpen }: { client: ClientSummary; onOpen: (clientId: string) => void }) {
  const { t } = useTranslation();
  const label = clientName(client, t);
  return (
    <>
      <Button variant="link" onPress={() => onOpen(client.id)}>
        {label.name}
      </Button>
      {label.detail && <div className="subtle">{label.detail}</div>}
    </>
  );
}

export function HighRiskTable({
  rows,
  caption,
  onOpen,
}: {
  rows: readonly HighRiskRow[];
  caption: string;
  onOpen: (clientId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const columns = useMemo<Column<HighRiskRow>[]>(
    () => [
      {
        id: 'client',
        header: t('loneliness.client'),
        cell: (row) => <ClientCell client={row.client} onOpen={onOpen} />,
      },
      {
        id: 'reasons',
        header: t('loneliness.reasons'),
        cell: (row) => (
          <>
            {row.level !== 'high' && (
              <>
                <LevelBadge level={row.level} />{' '}
              </>
            )}
            {row.reasons.map((r) => reasonText(t, r)).join(', ')}
          </>
        ),
      },
      { id: 'screened', header: t('loneliness.screened'), cell: (row) => formatDate(row.screenedAt, i18n.language) },
      {
        id: 'contact',
        header: t('loneliness.lastContact'),
        cell: (row) =>
          row.lastSocialContact ? formatDate(row.lastSocialContact, i18n.language) : t('loneliness.noContactLogged'),
      },
    ],
    [t, i18n.language, onOpen],
  );
  return (
    <DataTable
      caption={caption}
      columns={columns}
      rows={rows}
      rowKey={(row) => row.client.id}
      emptyText={t('loneliness.noHighRisk')}
    />
  );
}

export function OverdueTable({ rows, onOpen }: { rows: readonly OverdueRow[]; onOpen: (clientId: string) => void }) {
  const { t, i18n } = useTranslation();
  const columns = useMemo<Column<OverdueRow>[]>(
    () => [
      {
        id: 'client',
        header: t('loneliness.client'),
        cell: (row) => <ClientCell client={row.client} onOpen={onOpen} />,
      },
      { id: 'level', header: t('loneliness.latestLevel'), cell: (row) => <LevelBadge level={row.level} /> },
      {
        id: 'due',
        header: t('loneliness.dueSince'),
        cell: (row) =>
          row.due.reason === 'never'
            ? t('loneliness.neverScreened')
            : t(`wellbeing.due.${row.due.reason}`, { date: formatDate(noon(row.due.on), i18n.language) }),
      },
    ],
    [t, i18n.language, onOpen],
  );
  return (
    <DataTable
      caption={t('loneliness.overdueTitle')}
      columns={columns}
      rows={rows}
      rowKey={(row) => row.client.id}
      emptyText={t('loneliness.noOverdue')}
    />
  );
}
