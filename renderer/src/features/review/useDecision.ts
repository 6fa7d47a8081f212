/**
 * A supervisor's decision being made, as the review and conflict screens share it: the comment, whether it is being
 * sent, and its outcome. The outcome takes focus once saved, since the button pressed may be gone by then (an approved
 * visit cannot be approved again).
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, Result } from '../../../../core/api.ts';
import { errorText } from '../../components/ErrorMessage.tsx';

export function useDecision() {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const savedRef = useRef<HTMLParagraphElement>(null);

  /** Sends the decision; on success clears the comment and says `done`, otherwise keeps the error to show. */
  async function submit<T>(send: () => Promise<Result<T>>, done: string): Promise<Result<T>> {
    setBusy(true);
    setError(undefined);
    setSaved('');
    const answer = await send().finally(() => setBusy(false));
    if (answer.ok) {
      setComment('');
      setSaved(done);
      savedRef.current?.focus();
    } else setError(answer.error);
    return answer;
  }

  const message = error ? errorText(t, error) : undefined;
  return { comment, setComment, error, message, saved, busy, savedRef, submit };
}
