/** Preparedness in words: a checklist item (built in and translated, or written by a supervisor) and a client's needs. */
import type { TFunction } from 'i18next';
import type { TemplateItem } from '../../../../core/preparedness.ts';

export const itemText = (t: TFunction, item: TemplateItem): string => item.label ?? t(`preparedness.item.${item.id}`);
