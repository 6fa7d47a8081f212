/** Table rows in the order the person chose by a column header. */
export interface SortState {
  readonly column: string;
  readonly direction: 'ascending' | 'descending';
}

/** The rows in the order of a sort state (stable: equal rows keep their order). */
export function sortRows<Row>(
  columns: readonly { readonly id: string; readonly sort?: ((a: Row, b: Row) => number) | undefined }[],
  rows: readonly Row[],
  sort: SortState | undefined,
): Row[] {
  const compare = columns.find((column) => column.id === sort?.column)?.sort;
  if (!sort || !compare) return [...rows];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => sign * compare(a.row, b.row) || a.index - b.index)
    .map(({ row }) => row);
}
