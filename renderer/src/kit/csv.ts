/**
 * CSV files for spreadsheets as Swedish offices use them: Excel with a Swedish locale splits on semicolons (the comma
 * is the decimal sign) and reads the file as UTF-8 only when it starts with a byte-order mark, so å, ä and ö survive.
 */
import { stringify } from 'csv-stringify/browser/esm/sync';

/** The byte-order mark that tells Excel the file is UTF-8. */
export const BOM = '\uFEFF';

/**
 * A CSV file: a byte-order mark, the headings, then one line per row; `;` between fields, CRLF between lines. A field
 * holding a line break is quoted (a note often has one). A text a spreadsheet would run as a formula (`=`, `+`, `-`,
 * `@` first) gets a leading apostrophe, so a note typed as `=HYPERLINK(…)` stays text when opened (CSV injection).
 */
export function toCsv(headings: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return stringify([headings, ...rows] as (string | number)[][], {
    bom: true,
    delimiter: ';',
    record_delimiter: 'windows',
    quote_record_delimiter: true,
    escape_formulas: true,
  });
}

/** What of a table column the CSV needs: its heading, and its value for one row (no `csv`: not in the file). */
export interface CsvColumn<Row> {
  readonly header: string;
  readonly csv?: ((row: Row) => string | number) | undefined;
}

/** The CSV of a table from the same columns that draw it, rows in the order given. */
export function csvFromColumns<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  const exported = columns.flatMap((column) => (column.csv ? [{ header: column.header, value: column.csv }] : []));
  return toCsv(
    exported.map((column) => column.header),
    rows.map((row) => exported.map((column) => column.value(row))),
  );
}

/** Offers `content` as a file download named `name` (in Electron and in the browser host alike). */
export function downloadFile(name: string, mime: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: some engines read the blob only after the click has returned.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads the CSV of `rows` through `columns` as `filename`. */
export function exportCsv<Row>(filename: string, columns: readonly CsvColumn<Row>[], rows: readonly Row[]): void {
  downloadFile(filename, 'text/csv;charset=utf-8', csvFromColumns(columns, rows));
}
