/** Moved to the kit (`renderer/src/kit/csv.ts`); this re-export keeps the features compiling until they move. */
export { BOM, downloadFile, toCsv } from '../../kit/csv.ts';
