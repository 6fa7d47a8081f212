/** The access log's columns, on screen and in the CSV: whole ids in the file, so a check says exactly which entry. */
import { useTranslation } from 'react-i18next';
import type { AccessRow } from '../../../../core/api.ts';
import { formatDateTime, csvDateTime } from '../../format.ts';
import type { Column, CsvColumn } from '../../kit/index.ts';

/** The laptop's id is long: its start tells laptops apart on screen; the CSV keeps it whole. */
const shortDevice = (id: string) => (id.length > 10 ? `${id.slice(0, 8)}…` : id);

export function useAccessColumns({ withClient }: { withClient: boolean }): Column<AccessRow>[] {
  const { t, i18n } = useTranslation();
  const columns: (Column<AccessRow> | false)[] = [
    {
      id: 'when',
      header: t('access.when'),
      cell: (row) => formatDateTime(row.at, i18n.language),
      csv: (row) => csvDateTime(row.at, true),
      sort: (a, b) => a.at.localeCompare(b.at),
    },
    { id: 'who', header: t('access.who'), cell: (row) => row.userName, csv: (row) => row.userName },
    withClient && {
      id: 'client',
      header: t('access.client'),
      cell: (row) => row.clientName,
      csv: (row) => row.clientName,
    },
    {
      id: 'what',
      header: t('access.what'),
      cell: (row) => t(`access.kind.${row.what}`),
      csv: (row) => t(`access.kind.${row.what}`),
    },
    {
      id: 'device',
      header: t('access.device'),
      cell: (row) =>
        row.deviceId ? (
          <code title={row.deviceId}>{shortDevice(row.deviceId)}</code>
        ) : (
          <span className="subtle">{t('access.noDevice')}</span>
        ),
      csv: (row) => row.deviceId ?? '',
    },
  ];
  return columns.filter((column): column is Column<AccessRow> => column !== false);
}

/** Columns only the file has, after the table's: the entry's own id. */
export function useAccessCsvExtras(): CsvColumn<AccessRow>[] {
  const { t } = useTranslation();
  return [{ header: t('access.entryId'), csv: (row) => row.id }];
}
