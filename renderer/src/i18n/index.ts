/**
 * Translations: one JSON file per language in ./locales, found at build time — adding Northern Sami (se.json) or
 * Finnish (fi.json) is adding a file. Swedish is the default and the fallback.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

const files = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*.json', { eager: true });
export const languages = Object.keys(files)
  .map((path) => /\/(\w+)\.json$/.exec(path)?.[1])
  .filter((code): code is string => !!code)
  .sort((a, b) => (a === 'sv' ? -1 : b === 'sv' ? 1 : a.localeCompare(b)));

const stored = globalThis.localStorage?.getItem('hemtrygg.language');
export const initialLanguage = stored && languages.includes(stored) ? stored : 'sv';

await i18next.use(initReactI18next).init({
  resources: Object.fromEntries(
    Object.entries(files).map(([path, module]) => [/\/(\w+)\.json$/.exec(path)?.[1], { translation: module.default }]),
  ),
  lng: initialLanguage,
  fallbackLng: 'sv',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setLanguage(code: string): void {
  void i18next.changeLanguage(code);
  globalThis.localStorage?.setItem('hemtrygg.language', code);
  document.documentElement.lang = code;
}

export default i18next;
