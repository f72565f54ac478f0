/**
 * The boundary every shell goes through: checks the method name, parses the
 * argument with the contract's schema and turns every failure into an
 * ApiError with a message meant for people.
 */
import { z } from 'zod';
import { ApiError } from './errors.ts';
import { isMethod, requests, type Method, type ParsedParams, type Results } from './contract.ts';

export type Handlers = { [M in Method]: (params: ParsedParams<M>) => Promise<Results[M]> | Results[M] };

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'argument'}: ${issue.message}`)
    .join('; ');
}

export function parseParams<M extends Method>(method: M, params: unknown): ParsedParams<M> {
  const result = requests[method].safeParse(params ?? {});
  if (!result.success) throw new ApiError('invalid_argument', `Invalid argument for ${method}: ${describeZodError(result.error)}`);
  return result.data as ParsedParams<M>;
}

export async function dispatch(handlers: Handlers, method: unknown, params: unknown): Promise<unknown> {
  if (!isMethod(method)) throw new ApiError('invalid_argument', `Unknown method: ${String(method).slice(0, 100)}`);
  const parsed = parseParams(method, params);
  const handler = handlers[method] as (p: unknown) => unknown;
  try {
    return await handler(parsed);
  } catch (error) {
    throw toApiError(error);
  }
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof z.ZodError) return new ApiError('invalid_argument', describeZodError(error));
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError('internal', message);
}
