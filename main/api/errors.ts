/**
 * The errors that cross the API boundary: a stable code and a message meant for
 * people. Every layer may throw them (data parsing, model building, storage), so
 * they live here, below the contract, and import nothing but zod's types.
 */
import type { z } from 'zod';
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

/** A zod validation failure as one line for people: `path: message; …`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'argument'}: ${issue.message}`)
    .join('; ');
}
