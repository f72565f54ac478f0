/**
 * The errors that cross the API boundary: a stable code and a message meant for
 * people. Every layer may throw them (data parsing, model building, storage), so
 * they live here, below the contract, and import nothing but zod's types and
 * the number formatter: the renderer uses issueText too.
 */
import type { z } from 'zod';
import { formatNumber } from '../util/format-number.ts';
export const API_ERROR_CODES = [
  'invalid_argument', 'not_found', 'bad_data', 'cannot_build', 'forbidden_path',
  /** An action this caller is not allowed (e.g. command objectives from a UI without the opt-in). */
  'forbidden',
  'conflict', 'too_large', 'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];
export type ApiErrorPayload = { code: ApiErrorCode; message: string; details?: unknown };

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly details?: unknown;
  constructor(code: ApiErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }
  toPayload(): ApiErrorPayload {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/**
 * A zod validation failure as one line for people: `path: sentence; …`, each
 * sentence from issueText. `root` names the value itself when an issue has no
 * path (an unknown field of the whole argument).
 */
export function describeZodError(error: z.ZodError, root = 'argument'): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.map(pathPart).join('.') : root}: ${engineText(issue)}`)
    .join('; ');
}

/**
 * An engine error keeps a message the schema wrote itself (it says more than any generic wording, e.g.
 * what the value means); zod's own messages get people's wording. Form fields use issueText alone: its
 * wording is the one the UI translates by issue code.
 */
function engineText(issue: Issue): string {
  return issue.message && !ZOD_DEFAULT_MESSAGE.test(issue.message) ? capitalise(issue.message) : issueText(issue);
}

/** Record keys come from the caller and can be anything: a long one is cut rather than echoed whole. */
const MAX_PATH_PART = 60;
const pathPart = (part: PropertyKey): string => {
  const text = String(part);
  return text.length > MAX_PATH_PART ? `${text.slice(0, MAX_PATH_PART)}…` : text;
};

type Issue = z.core.$ZodIssue;

const count = (n: number | bigint): string =>
  typeof n === 'bigint' || Number.isInteger(n) ? n.toLocaleString('en-US') : formatNumber(Number(n), 6);

const TYPE_WORDS: Record<string, string> = { string: 'text', boolean: 'true or false', array: 'a list', object: 'an object', bigint: 'a whole number' };
const quote = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : String(v));

/**
 * People's wording for one zod issue, a short sentence that fits under a form
 * field ('Must be at least 1', 'Enter a whole number', "Unknown field 'x'"), or
 * the schema's own message where it wrote one. The engine's errors
 * (describeZodError) and the renderer's field messages both use it.
 */
export function issueText(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      // zod keeps the received value out of the issue; its message names it.
      if (/received undefined$/.test(issue.message ?? '')) return 'Required';
      if (issue.expected === 'int') return 'Enter a whole number';
      if (issue.expected === 'number') return 'Enter a number';
      return `Expected ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int') return issue.inclusive ? `Must be at least ${count(issue.minimum)}` : `Must be more than ${count(issue.minimum)}`;
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'Required' : `At least ${count(issue.minimum)} characters`;
      if (issue.origin === 'array') return `At least ${count(issue.minimum)} needed`;
      return capitalise(issue.message);
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int') return issue.inclusive ? `Must be at most ${count(issue.maximum)}` : `Must be less than ${count(issue.maximum)}`;
      if (issue.origin === 'string') return `At most ${count(issue.maximum)} characters`;
      if (issue.origin === 'array') return `At most ${count(issue.maximum)} allowed`;
      return capitalise(issue.message);
    case 'not_multiple_of':
      return `Must be a multiple of ${count(issue.divisor)}`;
    case 'unrecognized_keys':
      return `Unknown ${issue.keys.length === 1 ? 'field' : 'fields'} ${issue.keys.map(quote).join(', ')}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `Must be ${quote(issue.values[0])}` : `Must be one of ${issue.values.map(quote).join(', ')}`;
    case 'invalid_key':
      return issue.issues.length ? `Invalid name: ${issueText(issue.issues[0] as Issue)}` : 'Invalid name';
    case 'invalid_union':
      return 'Matches none of the allowed forms';
    default:
      return capitalise(issue.message);
  }
}

/** The messages zod writes itself (v4); anything else was written by a schema of ours. */
const ZOD_DEFAULT_MESSAGE = /^(Too (big|small)|Invalid (input|option|type|key|element|union|value|number|string|date)|Unrecognized keys?|Expected |Required$)/;

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
