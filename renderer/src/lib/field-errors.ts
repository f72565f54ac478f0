/**
 * A form's values checked against the engine's own argument schema (the zod
 * schemas of main/api) before anything is sent, as one message per field path
 * ('hyperparams.epochs' → 'Enter a whole number'). The form marks those fields
 * and keeps Start disabled, so the same limits apply in the UI and at the API
 * boundary without a second copy of them.
 */
import type { z } from 'zod';
import { formatNumber } from './format.ts';

export type FieldErrors = Readonly<Record<string, string>>;
type Issue = z.core.$ZodIssue;

export function fieldErrors(schema: z.ZodType, value: unknown): FieldErrors {
  const result = schema.safeParse(value);
  if (result.success) return {};
  const out: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.');
    // The first problem of a field is the one to fix first.
    if (!(key in out)) out[key] = issueText(issue);
  }
  return out;
}

const num = (n: number | bigint): string => (typeof n === 'bigint' ? n.toLocaleString('en-US') : Number.isInteger(n) ? n.toLocaleString('en-US') : formatNumber(n, 6));

/** A short sentence for under a field; the schema's own wording where it wrote one. */
export function issueText(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return 'Enter a whole number';
      if (issue.expected === 'number') return 'Enter a number';
      return `Expected ${issue.expected}`;
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int') return issue.inclusive ? `Must be at least ${num(issue.minimum)}` : `Must be more than ${num(issue.minimum)}`;
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'Required' : `At least ${num(issue.minimum)} characters`;
      if (issue.origin === 'array') return `At least ${num(issue.minimum)} needed`;
      return capitalise(issue.message);
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int') return issue.inclusive ? `Must be at most ${num(issue.maximum)}` : `Must be less than ${num(issue.maximum)}`;
      if (issue.origin === 'string') return `At most ${num(issue.maximum)} characters`;
      if (issue.origin === 'array') return `At most ${num(issue.maximum)} allowed`;
      return capitalise(issue.message);
    default:
      return capitalise(issue.message);
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
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
