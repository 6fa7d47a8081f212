import type { ApiError } from '../../../../core/api.ts';
import { errorText } from '../../components/ErrorMessage.tsx';
import type { FormErrorItem } from '../../kit/index.ts';

/** A sync form's errors for FormErrors: each issue linked to `${idPrefix}-${field}`, else the error in words. */
export function syncFormErrors(error: ApiError | undefined, idPrefix: string, t: (key: string) => string) {
  if (!error) return [];
  const issues = error.issues?.filter((issue) => issue.path) ?? [];
  if (issues.length === 0) return [{ message: errorText(t, error) }];
  return issues.map((issue): FormErrorItem => ({ fieldId: `${idPrefix}-${issue.path}`, message: t(issue.message) }));
}
