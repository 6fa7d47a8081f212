/** Writes a benchmark's figures as `bench/results/<name>.json` (rows) and `<name>.md` (readable, with ratios). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchRow {
  metric: string;
  subject: string;
  value: number;
  unit: string;
}

export const resultsDirectory = join(dirname(fileURLToPath(import.meta.url)), 'results');

export function writeResults(name: string, rows: BenchRow[], markdown: string): void {
  mkdirSync(resultsDirectory, { recursive: true });
  writeFileSync(join(resultsDirectory, `${name}.json`), JSON.stringify(rows, null, 2) + '\n');
  writeFileSync(join(resultsDirectory, `${name}.md`), markdown.trimEnd() + '\n');
}

export function machineLine(): string {
  return `Node ${process.version}, ${process.platform}/${process.arch}, ${new Date().toISOString().slice(0, 10)}`;
}

export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;
