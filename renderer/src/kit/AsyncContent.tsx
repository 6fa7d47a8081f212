import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../core/api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';

/**
 * The guard every watched screen needs: a loading line until the first answer, the error in the user's language, an
 * empty text when there is nothing, else the content.
 */
export function AsyncContent<T>({
  result,
  children,
  isEmpty,
  empty,
  loading,
}: {
  result: Result<T> | undefined;
  children: (value: T) => ReactNode;
  isEmpty?: (value: T) => boolean;
  empty?: ReactNode;
  loading?: ReactNode;
}) {
  const { t } = useTranslation();
  if (!result) {
    return (
      <p role="status" className="kit-loading">
        {loading ?? t('kit.loading')}
      </p>
    );
  }
  if (!result.ok) return <ErrorMessage error={result.error} />;
  if (isEmpty?.(result.value)) return <p className="kit-empty">{empty ?? t('kit.empty')}</p>;
  return <>{children(result.value)}</>;
}
