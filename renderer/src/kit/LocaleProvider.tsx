import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { I18nProvider } from 'react-aria-components';
import { locale } from '../format.ts';

/** Gives react-aria the user's language as a locale (sv-SE, en-GB): date order, 24-hour times, its own few words. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  return <I18nProvider locale={locale(i18n.language)}>{children}</I18nProvider>;
}
