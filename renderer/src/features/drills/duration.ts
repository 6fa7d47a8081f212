/** A duration as staff read it on the board and in the report: "12 min 05 s", "1 h 03 min". */
import type { TFunction } from 'i18next';

export function duration(t: TFunction, ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return t('drills.hm', { h, m: String(m).padStart(2, '0') });
  return t('drills.ms', { m, s: String(s).padStart(2, '0') });
}
