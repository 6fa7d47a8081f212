/**
 * Words main shows itself (dialogs before the window can), from the app's own language files, through i18next like
 * the renderer. Main may not import the renderer, so the files are read from disk: packaged as resources (see
 * electron-builder.yml `extraResources`), or from the source tree when run unpackaged.
 */
import i18next, { type TFunction } from 'i18next';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function localesFolder(packaged: boolean, resourcesPath: string, appPath: string): string {
  return packaged ? join(resourcesPath, 'locales') : join(appPath, 'renderer/src/i18n/locales');
}

/** The first of the user's preferred languages (e.g. `sv-SE`, `en-US`) there is a file for, else Swedish. */
export function shellLanguage(available: readonly string[], preferred: readonly string[]): string {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0] ?? '';
    if (available.includes(base)) return base;
  }
  return 'sv';
}

export function shellTranslator(folder: string, preferred: readonly string[]): TFunction {
  const resources = Object.fromEntries(
    readdirSync(folder)
      .filter((name) => /^\w+\.json$/.test(name))
      .map((name) => [name.slice(0, -5), { translation: JSON.parse(readFileSync(join(folder, name), 'utf8')) }]),
  );
  const translator = i18next.createInstance();
  void translator.init({
    resources,
    lng: shellLanguage(Object.keys(resources), preferred),
    fallbackLng: 'sv',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return translator.t;
}
