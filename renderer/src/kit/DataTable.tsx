import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button as AriaButton } from 'react-aria-components';
import { Button } from './Button.tsx';
import { exportCsv, type CsvColumn } from './csv.ts';
import { sortRows, type SortState } from './sortRows.ts';

export interface Column<Row> extends CsvColumn<Row> {
  readonly id: string;
  readonly header: string;
  readonly cell: (row: Row) => ReactNode;
  /** Makes the column sortable by its header. */
  readonly sort?: ((a: Row, b: Row) => number) | undefined;
  /** Numbers are set right-aligned. */
  readonly align?: 'start' | 'end' | undefined;
}

export interface DataTableProps<Row> {
  readonly caption: string;
  readonly columns: readonly Column<Row>[];
  readonly rows: readonly Row[];
  readonly rowKey: (row: Row) => string;
  readonly emptyText: string;
  readonly defaultSort?: SortState;
  /** When set, an export button writes the CSV of the same columns, in the order shown, to this file name. */
  readonly csvFilename?: string;
  readonly className?: string;
}

/**
 * A table of records: a caption, headers that sort (announced with aria-sort), and a CSV made from the same
 * columns. A plain table, not a grid: screen readers read it as a table, and buttons in cells stay in the tab order.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  emptyText,
  defaultSort,
  csvFilename,
  className,
}: DataTableProps<Row>) {
  const { t } = useTranslation();
  const [sort, setSort] = useState(defaultSort);
  const sorted = useMemo(() => sortRows(columns, rows, sort), [columns, rows, sort]);
  const toggle = (id: string) =>
    setSort((current) => ({
      column: id,
      direction: current?.column === id && current.direction === 'ascending' ? 'descending' : 'ascending',
    }));

  return (
    <div className={['kit-table-wrap', className].filter(Boolean).join(' ')}>
      {csvFilename && (
        <div className="kit-table-tools">
          <Button
            variant="secondary"
            onPress={() => exportCsv(csvFilename, columns, sorted)}
            isDisabled={rows.length === 0}
          >
            {t('kit.table.exportCsv', { caption })}
          </Button>
        </div>
      )}
      <table className="kit-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const direction = sort?.column === column.id ? sort.direction : undefined;
              return (
                <th
                  key={column.id}
                  scope="col"
                  aria-sort={column.sort ? (direction ?? 'none') : undefined}
                  className={column.align === 'end' ? 'kit-align-end' : undefined}
                >
                  {column.sort ? (
                    <AriaButton className="kit-sort" onPress={() => toggle(column.id)}>
                      {column.header}
                      <span aria-hidden="true" className="kit-sort-mark">
                        {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
                      </span>
                    </AriaButton>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="kit-empty">
                {emptyText}
              </td>
            </tr>
          ) : (
            sorted.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((column) => (
                  <td key={column.id} className={column.align === 'end' ? 'kit-align-end' : undefined}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
