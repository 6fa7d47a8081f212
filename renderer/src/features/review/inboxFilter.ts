/** The inbox's filter as typed, the call's input made from it, and its check by the backend's own rules. */
import type { ApiIssue, CallInput } from '../../../../core/api.ts';
import type { INBOX_STATUSES } from '../../../../core/supervision.ts';
import { inboxFilterSchema, type InboxKind } from '../../../../core/supervision.ts';
import { messageKey } from '../../../../core/validation.ts';
import type { DeviationKind, SEVERITIES } from '../../../../core/visits.ts';

export interface FilterForm {
  workerId: string;
  clientId: string;
  village: string;
  from: string;
  to: string;
  kind: InboxKind | '';
  deviationKind: DeviationKind | '';
  severity: (typeof SEVERITIES)[number] | '';
  status: (typeof INBOX_STATUSES)[number];
}

export const NO_FILTER: FilterForm = {
  workerId: '',
  clientId: '',
  village: '',
  from: '',
  to: '',
  kind: '',
  deviationKind: '',
  severity: '',
  status: 'open',
};

/** The filter last shown: kept while the supervisor opens a review and comes back. */
let remembered: FilterForm = NO_FILTER;
export const rememberedFilter = () => remembered;
export const rememberFilter = (form: FilterForm) => {
  remembered = form;
};

export type InboxInput = CallInput<'reviews.inbox'>;

/** The call's input: only the filters that are set. */
export function inputOf(form: FilterForm): InboxInput {
  const input: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) if (value) input[key] = value;
  return input as InboxInput;
}

/** Checks a filter with the same rules the backend uses (e.g. the end not before the start). */
export function issuesOf(form: FilterForm): ApiIssue[] {
  const parsed = inboxFilterSchema.safeParse(inputOf(form), { error: messageKey });
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
