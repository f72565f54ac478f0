/**
 * A form's values checked against the engine's own argument schema (the zod
 * schemas of main/api) before anything is sent, as one message per field path
 * ('hyperparams.epochs' → 'Enter a whole number'). The form marks those fields
 * and keeps Start disabled, so the same limits apply in the UI and at the API
 * boundary without a second copy of them, in the engine's own wording (issueText).
 */
import type { z } from 'zod';
import { issueText } from '../../../main/api/errors.ts';
import { hasMessage, locale, t, type MessageKey } from '../i18n/index.ts';
import { formatNumber } from './format.ts';

export type FieldErrors = Readonly<Record<string, string>>;

export function fieldErrors(schema: z.ZodType, value: unknown): FieldErrors {
  const result = schema.safeParse(value);
  if (result.success) return {};
  const out: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.');
    // The first problem of a field is the one to fix first.
    if (!(key in out)) out[key] = issueMessage(issue);
  }
  return out;
}

type Issue = z.core.$ZodIssue;
const bound = (n: number | bigint): string => (typeof n === 'bigint' ? n.toString() : formatNumber(n, 6));

/**
 * The engine's sentence for a schema issue (issueText) in English; in another language the
 * common shapes (a number out of range, a whole number expected, a required field) are said in
 * it, and anything rarer keeps the engine's English.
 */
export function issueMessage(issue: Issue): string {
  if (locale() === 'en') return issueText(issue);
  const key = issueKey(issue);
  return key && hasMessage(key.key) ? t(key.key as MessageKey, key.vars) : issueText(issue);
}

function issueKey(issue: Issue): { key: string; vars?: Record<string, string> } | null {
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined$/.test(issue.message ?? '')) return { key: 'fieldErrors.required' };
      if (issue.expected === 'int') return { key: 'fieldErrors.wholeNumber' };
      if (issue.expected === 'number') return { key: 'fieldErrors.number' };
      return null;
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int') return { key: issue.inclusive ? 'fieldErrors.atLeast' : 'fieldErrors.moreThan', vars: { n: bound(issue.minimum) } };
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? { key: 'fieldErrors.required' } : { key: 'fieldErrors.minChars', vars: { n: bound(issue.minimum) } };
      if (issue.origin === 'array') return { key: 'fieldErrors.minItems', vars: { n: bound(issue.minimum) } };
      return null;
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int') return { key: issue.inclusive ? 'fieldErrors.atMost' : 'fieldErrors.lessThan', vars: { n: bound(issue.maximum) } };
      if (issue.origin === 'string') return { key: 'fieldErrors.maxChars', vars: { n: bound(issue.maximum) } };
      if (issue.origin === 'array') return { key: 'fieldErrors.maxItems', vars: { n: bound(issue.maximum) } };
      return null;
    case 'not_multiple_of':
      return { key: 'fieldErrors.multipleOf', vars: { n: bound(issue.divisor) } };
    default:
      return null;
  }
}

/** The errors under `prefix` ('hyperparams.'), keyed by the rest of their path. */
export function within(errors: FieldErrors, prefix: string): FieldErrors {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = message;
  return out;
}

export const hasErrors = (errors: FieldErrors): boolean => Object.keys(errors).length > 0;

/** A DOM id for a field's message, for aria-describedby. */
export function errorId(scope: string, key: string): string {
  return `err-${scope}-${key.replace(/[^\w-]/g, '-')}`;
}
