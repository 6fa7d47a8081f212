import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../core/api.ts';

/** An error in the user's language: the issue's own message key if it has one, else the error code's. */
export function errorText(t: (key: string) => string, error: ApiError): string {
  const first = error.issues?.[0]?.message;
  for (const key of [first, error.code, `error.${error.code}`]) {
    if (key && t(key) !== key) return t(key);
  }
  return t('error.unknown');
}

export function ErrorMessage({ error, id }: { error: ApiError | undefined; id?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p role="alert" className="error" id={id}>
      {errorText(t, error)}
    </p>
  );
}
