/**
 * The priority list's columns: what the table shows and, from the same columns, what its CSV holds. Key and door
 * codes are sensitive: on screen they are shown, on paper and in the CSV only when the person chose to include them.
 */
import type { TFunction } from 'i18next';
import type { PriorityList } from '../../../../../core/api.ts';
import { Button, type Column } from '../../../kit/index.ts';
import { clause, clientName, needLines } from '../wording.ts';

export interface RankedRow {
  readonly rank: number;
  readonly row: PriorityList['rows'][number];
}

const kinText = (row: RankedRow['row']) =>
  row.client.nextOfKin.map((k) => `${k.name} (${k.relation}) ${k.phone}`).join('; ');

export function priorityColumns(
  t: TFunction,
  { includeAccess, onOpen }: { includeAccess: boolean; onOpen: (clientId: string) => void },
): Column<RankedRow>[] {
  return [
    { id: 'rank', header: '#', cell: ({ rank }) => rank, csv: ({ rank }) => rank, align: 'end' },
    {
      id: 'client',
      header: t('preparedness.client'),
      cell: ({ row }) => {
        const label = clientName(row.client, t);
        return (
          <>
            <span className="screen-only">
              <Button variant="link" onPress={() => onOpen(row.client.id)}>
                {label.name}
              </Button>
            </span>
            <strong className="print-only">{label.name}</strong>
            {label.detail && <div className="subtle">{label.detail}</div>}
          </>
        );
      },
      csv: ({ row }) => clientName(row.client, t).text,
    },
    {
      id: 'address',
      header: t('preparedness.address'),
      cell: ({ row }) => (
        <>
          <div>
            {row.client.address}, {row.client.village}
          </div>
          {row.client.directions && <div className="subtle">{row.client.directions}</div>}
        </>
      ),
      csv: ({ row }) =>
        [`${row.client.address}, ${row.client.village}`, clause(row.client.directions)].filter(Boolean).join('. '),
    },
    {
      id: 'needs',
      header: t('preparedness.needs'),
      cell: ({ row }) =>
        row.needs.length === 0 ? (
          t('preparedness.noNeeds')
        ) : (
          <ul className="priority-needs">
            {needLines(t, row).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        ),
      csv: ({ row }) => (row.needs.length === 0 ? t('preparedness.noNeeds') : needLines(t, row).join('; ')),
    },
    {
      id: 'reachable',
      header: t('preparedness.reachable'),
      cell: ({ row }) => (
        <>
          {row.client.phone && (
            <div>
              {t('preparedness.phone')}: {row.client.phone}
            </div>
          )}
          {row.client.nextOfKin.map((kin) => (
            <div key={kin.name}>
              {kin.name} ({kin.relation}): {kin.phone}
            </div>
          ))}
        </>
      ),
      csv: ({ row }) => [row.client.phone ?? '', kinText(row)].filter(Boolean).join('; '),
    },
    {
      id: 'access',
      header: t('preparedness.access'),
      cell: ({ row }) =>
        // Left out of the printout unless chosen (the column is then not printed: the list says so above it).
        row.client.accessNotes,
      csv: includeAccess ? ({ row }) => row.client.accessNotes : undefined,
    },
    { id: 'contacted', header: t('preparedness.contactedAt'), cell: () => null },
  ];
}
