/**
 * A form's values checked against the engine's own argument schema (the zod
 * schemas of main/api) before anything is sent, as one message per field path
 * ('hyperparams.epochs' → 'Enter a whole number'). The form marks those fields
 * and keeps Start disabled, so the same limits apply in the UI and at the API
 * boundary without a second copy of them, in the engine's own wording (issueText).
 */
import type { z } from 'zod';
import { issueText } from '../../../main/api/errors.ts';

export type FieldErrors = Readonly<Record<string, string>>;

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
