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
