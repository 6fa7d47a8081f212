/**
 * Every validation message Hemtrygg shows is an i18n key. Schemas name their own keys where a rule needs its own
 * words; `messageKey` gives the rest (missing fields, wrong types, lengths) a key, instead of zod's English text.
 * Pass it per parse: `schema.safeParse(input, { error: messageKey })`.
 */
import type { z } from 'zod';

export function messageKey(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? 'validation.required' : 'validation.invalid';
    case 'too_big':
      return issue.origin === 'string' ? 'validation.tooLong' : 'validation.tooMany';
    case 'too_small':
      return issue.origin === 'string' ? 'validation.required' : 'validation.tooFew';
    case 'invalid_value':
      return 'validation.choose';
    case 'invalid_format':
      return issue.format === 'datetime' ? 'validation.dateTime' : 'validation.format';
    case 'unrecognized_keys':
      return 'validation.unknownField';
    default:
      return 'validation.invalid';
  }
}
