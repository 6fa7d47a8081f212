/**
 * Every language file is complete: the same keys as Swedish (plural forms may differ by language), the same
 * placeholders, and a label for every value the domain can hold and every validation message the rules can give.
 */
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../core/clients.ts';
import { PERSONNUMMER_PROBLEMS } from '../../../core/personnummer.ts';
import {
  AMENDMENT_REASONS,
  DEVIATION_KINDS,
  OBSERVATION_KINDS,
  SERVICE_TYPES,
  SEVERITIES,
  TASKS,
} from '../../../core/visits.ts';

const files = import.meta.glob<Record<string, unknown>>('./locales/*.json', { eager: true, import: 'default' });
const locales: Record<string, Record<string, unknown>> = Object.fromEntries(
  Object.entries(files).map(([path, json]) => [/(\w+)\.json$/.exec(path)?.[1], json]),
);
const sources = import.meta.glob<string>('../../../core/*.ts', { eager: true, query: '?raw', import: 'default' });

function flatten(tree: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value as Record<string, unknown>, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}
const PLURAL = /_(zero|one|two|few|many|other)$/;
const baseKeys = (messages: Map<string, string>) =>
  [...new Set([...messages.keys()].map((k) => k.replace(PLURAL, '')))].sort();
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)/g)].map((m) => m[1]).sort();

const swedish = flatten(locales['sv']!);

describe('language files', () => {
  it('include Swedish and English', () => {
    expect(Object.keys(locales)).toEqual(expect.arrayContaining(['sv', 'en']));
  });

  for (const [code, tree] of Object.entries(locales)) {
    const messages = flatten(tree);

    it(`${code}: has every key Swedish has, and no other`, () => {
      expect(baseKeys(messages)).toEqual(baseKeys(swedish));
    });

    it(`${code}: keeps every placeholder of the Swedish text`, () => {
      for (const [key, text] of messages) {
        const base = key.replace(PLURAL, '');
        const sv = swedish.get(key) ?? swedish.get(`${base}_other`) ?? swedish.get(base);
        expect(
          placeholders(text).filter((p) => p !== 'count'),
          key,
        ).toEqual(placeholders(sv ?? '').filter((p) => p !== 'count'));
      }
    });
  }

  it('name every value a record can hold', () => {
    const needed = [
      ...TASKS.map((v) => `task.${v}`),
      ...SERVICE_TYPES.map((v) => `service.${v}`),
      ...OBSERVATION_KINDS.map((v) => `observation.${v}`),
      ...DEVIATION_KINDS.map((v) => `deviation.${v}`),
      ...SEVERITIES.map((v) => `severity.${v}`),
      ...AMENDMENT_REASONS.map((v) => `reason.${v}`),
      ...LANGUAGES.map((v) => `languageName.${v}`),
      ...['planned', 'in-progress', 'done', 'missed'].map((v) => `status.${v}`),
      ...PERSONNUMMER_PROBLEMS.map((v) => `validation.personnummer.${v}`),
    ];
    expect(needed.filter((key) => !swedish.has(key))).toEqual([]);
  });

  it('have a message for every validation message the domain rules can give', () => {
    const used = new Set(
      Object.values(sources).flatMap((source) => [...source.matchAll(/'(validation\.[\w.]+)'/g)].map((m) => m[1]!)),
    );
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((key) => !swedish.has(key) && !swedish.has(`${key}_other`))).toEqual([]);
  });
});
