/**
 * The boundary every shell goes through: checks the method name, bounds how
 * deeply the argument nests, parses it with the contract's schema and turns
 * every failure into an ApiError with a message meant for people.
 */
import { z } from 'zod';
import { API_ERROR_CODES, ApiError, describeZodError, type ApiErrorCode } from './errors.ts';
import { isMethod, requests, type Method, type ParsedParams, type Results } from './contract.ts';
import { MAX_ARGUMENT_DEPTH } from '../limits.ts';

export type Handlers = { [M in Method]: (params: ParsedParams<M>) => Promise<Results[M]> | Results[M] };

/**
 * How deeply `value` nests arrays and objects (a scalar is 0, `{}` is 1), or
 * Infinity as soon as it passes `limit`. Iterative, so no argument can overflow
 * the stack here; a node reached again (structured clone keeps shared
 * references and cycles) is walked again only when reached deeper, so a cycle
 * ends at the limit and shared sub-trees cost no more than the limit each.
 */
export function nestingDepth(value: unknown, limit: number): number {
  const deepest = new Map<object, number>();
  const stack: [unknown, number][] = [[value, 1]];
  let max = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return Infinity;
    if ((deepest.get(node) ?? 0) >= depth) continue;
    deepest.set(node, depth);
    if (depth > max) max = depth;
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1]);
  }
  return max;
}

export function parseParams<M extends Method>(method: M, params: unknown): ParsedParams<M> {
  if (nestingDepth(params, MAX_ARGUMENT_DEPTH) > MAX_ARGUMENT_DEPTH) {
    throw new ApiError(
      'invalid_argument',
      `Invalid argument for ${method}: it nests arrays and objects more than ${MAX_ARGUMENT_DEPTH} levels deep (MAX_ARGUMENT_DEPTH); no valid argument comes close.`,
    );
  }
  const result = requests[method].safeParse(params ?? {});
  if (!result.success) throw new ApiError('invalid_argument', `Invalid argument for ${method}: ${describeZodError(result.error)}`, schemaField(result.error));
  return result.data as ParsedParams<M>;
}

/** `{ field }` when every issue is about one argument path ('series.lookback'), so a form can put the refusal by that field. */
function schemaField(error: { issues: readonly { path: readonly PropertyKey[] }[] }): { field: string } | undefined {
  const paths = new Set(error.issues.map((i) => i.path.map(String).join('.')));
  const [only] = paths;
  return paths.size === 1 && only ? { field: only } : undefined;
}

export async function dispatch(handlers: Handlers, method: unknown, params: unknown): Promise<unknown> {
  if (!isMethod(method)) throw new ApiError('invalid_argument', `Unknown method: ${typeof method === 'string' ? method.slice(0, 100) : typeof method}`);
  try {
    const parsed = parseParams(method, params);
    const handler = handlers[method] as (p: unknown) => unknown;
    return await handler(parsed);
  } catch (error) {
    throw toApiError(error);
  }
}

const KNOWN_CODES: ReadonlySet<string> = new Set(API_ERROR_CODES);

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof z.ZodError) return new ApiError('invalid_argument', describeZodError(error));
  // Errors that crossed a worker or IPC boundary lose their class; keep a known code.
  const e = error as { code?: unknown; message?: unknown; details?: unknown } | null;
  if (typeof e?.code === 'string' && KNOWN_CODES.has(e.code) && typeof e.message === 'string') return new ApiError(e.code as ApiErrorCode, e.message, e.details);
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError('internal', message);
}
