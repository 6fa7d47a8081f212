import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, AuthCallName, CallInput, CallName, CallOutput, Result } from '../../../core/api.ts';
import { useApi } from '../api/hooks.tsx';
import { errorText } from '../components/ErrorMessage.tsx';

/** Each field's error in the user's language, by the issue's dotted path (`location.address`). */
export function fieldErrorsOf(error: ApiError | undefined, t: (key: string) => string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error?.issues ?? []) {
    if (issue.path && !(issue.path in errors)) errors[issue.path] = t(issue.message);
  }
  return errors;
}

/**
 * One call to the backend from a form or a button: `run` sends it (a second press while it runs is not sent again),
 * `busy` while it runs, then the error of the last run, whole and per field.
 */
export function useCall<K extends CallName | AuthCallName>(name: K) {
  const api = useApi();
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const running = useRef(false);

  const run = useCallback(
    async (input: CallInput<K>): Promise<Result<CallOutput<K>>> => {
      if (running.current) return { ok: false, error: { code: 'busy', message: 'The same call is still running.' } };
      running.current = true;
      setBusy(true);
      try {
        const result = await api.call(name, input);
        setError(result.ok ? undefined : result.error);
        return result;
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [api, name],
  );
  const reset = useCallback(() => setError(undefined), []);
  const fieldErrors = useMemo(() => fieldErrorsOf(error, t), [error, t]);
  const message = error ? errorText(t, error) : undefined;
  return { run, busy, error, message, fieldErrors, reset };
}
