/**
 * The web host's JSON protocol, kept apart from sockets so it can be tested alone.
 *   request  {id, method, params}  →  {id, result} | {id, error: ApiErrorPayload}
 *   event    {event, payload}      (pushed by the host)
 * The engine validates params against the contract; this layer only checks the
 * envelope, sizes and the few rules that differ for a browser caller.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { ApiError, type ApiErrorPayload } from '../api/errors.ts';
import { isMethod, type EventName, type Method } from '../api/contract.ts';

/** The slice of the engine facade the web host needs (see docs/interfaces.md, main/engine). */
export interface WebEngine {
  home: string;
  /** Validates an untyped request against the contract and runs it. */
  callUntyped(method: unknown, params: unknown): Promise<unknown>;
  subscribe(listener: (name: EventName, payload: unknown) => void): () => void;
}

/** CSV uploads travel as one message; everything else is small. */
export const MAX_UPLOAD_BYTES = 210 * 1024 * 1024;
export const MAX_MESSAGE_BYTES = 1024 * 1024;
const LARGE_METHODS: ReadonlySet<string> = new Set(['datasets.importCsvText']);

export type RpcReply = { id: string | number | null; result?: unknown; error?: ApiErrorPayload };

type Envelope = { id: string | number; method: Method; params: unknown };

function fail(id: RpcReply['id'], code: ApiErrorPayload['code'], message: string): RpcReply {
  return { id, error: { code, message } };
}

function parseEnvelope(raw: string): Envelope | RpcReply {
  let msg: unknown;
  try {
    msg = JSON.parse(raw);
  } catch {
    return fail(null, 'invalid_argument', 'Message is not valid JSON');
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return fail(null, 'invalid_argument', 'Message must be an object');
  const { id, method, params } = msg as Record<string, unknown>;
  const idOk = (typeof id === 'string' && id.length > 0 && id.length <= 64) || (typeof id === 'number' && Number.isSafeInteger(id));
  if (!idOk) return fail(null, 'invalid_argument', 'Message needs an id (string up to 64 chars or integer)');
  const replyId = id as string | number;
  if (!isMethod(method)) return fail(replyId, 'invalid_argument', `Unknown method: ${String(method).slice(0, 100)}`);
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
    return fail(replyId, 'invalid_argument', 'params must be an object');
  }
  if (raw.length > MAX_MESSAGE_BYTES && !LARGE_METHODS.has(method)) {
    return fail(replyId, 'invalid_argument', `Message too large for ${method}`);
  }
  return { id: replyId, method, params: params ?? {} };
}

/** A browser may only export inside <home>/exports: it cannot pick folders on this machine. */
function checkBrowserRules(engine: WebEngine, env: Envelope): void {
  if (env.method !== 'runs.export') return;
  const outDir = (env.params as { outDir?: unknown }).outDir;
  if (outDir === undefined) return;
  if (typeof outDir !== 'string') return; // the contract schema reports the type error
  const exportsDir = resolve(engine.home, 'exports');
  const rel = relative(exportsDir, resolve(exportsDir, outDir));
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new ApiError('forbidden_path', 'From the browser, exports can only be written inside the data folder\'s exports/ directory');
  }
}

export async function handleMessage(engine: WebEngine, raw: string): Promise<RpcReply> {
  const env = parseEnvelope(raw);
  if (!('method' in env)) return env;
  try {
    checkBrowserRules(engine, env);
    const result = await engine.callUntyped(env.method, env.params);
    return { id: env.id, result };
  } catch (error) {
    return { id: env.id, error: toPayload(error) };
  }
}

const API_CODES: ReadonlySet<string> = new Set<ApiErrorPayload['code']>([
  'invalid_argument', 'not_found', 'bad_data', 'cannot_build', 'forbidden_path', 'conflict', 'internal',
]);

function toPayload(error: unknown): ApiErrorPayload {
  if (error instanceof ApiError) return error.toPayload();
  const e = error as { code?: unknown; message?: unknown };
  // Errors may cross a worker boundary and lose their class; keep a known code if present.
  if (typeof e?.code === 'string' && API_CODES.has(e.code) && typeof e.message === 'string') {
    return { code: e.code as ApiErrorPayload['code'], message: e.message };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
