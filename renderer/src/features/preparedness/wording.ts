/** Preparedness in words: a checklist item (built in and translated, or written by a supervisor), aids and needs. */
import type { TFunction } from 'i18next';
import type { PriorityList } from '../../../../core/api.ts';
import type { AidRecord, TemplateItem } from '../../../../core/preparedness.ts';
import { clientLabel, type ClientNameParts } from '../../format.ts';

export const itemText = (t: TFunction, item: TemplateItem): string => item.label ?? t(`preparedness.item.${item.id}`);

/** A free text as a clause in a joined list: no full stop or separator of its own ("strömavbrott." + ";"). */
export const clause = (text: string): string => text.trim().replace(/[\s.;,:]+$/u, '');

/** A name for a file: lower case, Swedish letters without their marks, words joined by hyphens. */
export const fileSlug = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('sv')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** "Syrgas i hemmet (inget batteri; flaskor i förrådet; Region Västerbotten)". */
export function aidText(t: TFunction, aid: Pick<AidRecord, 'device' | 'batteryHours' | 'backupRoutine' | 'supplier'>) {
  const battery =
    aid.batteryHours === undefined
      ? t('preparedness.noBattery')
      : t('preparedness.battery', { count: aid.batteryHours });
  const parts = [battery, aid.backupRoutine, aid.supplier].map((part) => clause(part ?? '')).filter(Boolean);
  return `${t(`preparedness.device.${aid.device}`)} (${parts.join('; ')})`;
}

type Row = PriorityList['rows'][number];

/** Each of a client's needs on the day as a line: aids with their backup, what the checklist lacks, or the need. */
export function needLines(t: TFunction, row: Row): string[] {
  return row.needs.map((need) =>
    need === 'electricAid'
      ? row.aids.map((a) => aidText(t, a)).join('; ')
      : need === 'unmetItems'
        ? `${t('preparedness.lacks')}: ${row.unmet
            .map((i) => `${itemText(t, i.item)}${i.current?.note ? ` (${clause(i.current.note)})` : ''}`)
            .join(', ')}`
        : t(`preparedness.need.${need}`),
  );
}

/** A client's name and what tells them apart (village, year of birth), in the user's language. */
export const clientName = (client: ClientNameParts, t: TFunction) =>
  clientLabel(client, (key: string, options?: Record<string, unknown>) => t(key, options ?? {}) as string);
