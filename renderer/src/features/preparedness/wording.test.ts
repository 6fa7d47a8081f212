import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { aidText, clause, fileSlug } from './wording.ts';

const t = ((key: string, options?: { count?: number }) =>
  key === 'preparedness.noBattery'
    ? 'inget batteri'
    : key === 'preparedness.device.homeOxygen'
      ? 'Syrgas i hemmet'
      : `${key}:${options?.count ?? ''}`) as unknown as TFunction;

describe('preparedness wording', () => {
  it('makes a file name of the Swedish hazard word', () => {
    expect(fileSlug('Långvarigt strömavbrott')).toBe('langvarigt-stromavbrott');
    expect(fileSlug('Storm eller snö som stänger vägar')).toBe('storm-eller-sno-som-stanger-vagar');
    expect(fileSlug('  Värmebölja! ')).toBe('varmebolja');
  });
  it('drops a free text’s own full stop before it is joined into a list', () => {
    expect(clause('Vid strömavbrott. ')).toBe('Vid strömavbrott');
    expect(clause('Ring larmcentralen;')).toBe('Ring larmcentralen');
  });
  it('writes an aid with its battery, backup and supplier, without a stray full stop before a separator', () => {
    expect(
      aidText(t, {
        device: 'homeOxygen',
        batteryHours: undefined,
        backupRoutine: 'Flaskor i förrådet vid strömavbrott.',
        supplier: 'Region Västerbotten',
      }),
    ).toBe('Syrgas i hemmet (inget batteri; Flaskor i förrådet vid strömavbrott; Region Västerbotten)');
  });
});
