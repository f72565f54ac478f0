/**
 * The web host's JSON protocol, kept apart from sockets so it can be tested alone.
 *   request  {id, method, params}  →  {id, result} | {id, error: ApiErrorPayload}
 *   event    {event, payload}      (pushed by the host)
 * The engine validates params against the contract and applies the path policy
 * (a browser may read only its data folder and `serve --data-dir` folders, and
 * write only inside exports/); this layer only checks the envelope and its size.
 */
import type { ApiErrorPayload } from '../api/errors.ts';
import { toApiError } from '../api/dispatch.ts';
import { isMethod, type EventName, type Method } from '../api/contract.ts';
import { MAX_SOCKET_MESSAGE_BYTES } from '../limits.ts';

/** The slice of the engine facade the web host needs (see docs/interfaces.md, main/engine). */
export interface WebEngine {
  home: string;
  /** Validates an untyped request against the contract and runs it. */
  callUntyped(method: unknown, params: unknown): Promise<unknown>;
  subscribe(listener: (name: EventName, payload: unknown) => void): () => void;
}

export type RpcReply = { id: string | number | null; result?: unknown; error?: ApiErrorPayload };

type Envelope = { id: string | number; method: Method; params: unknown };

function fail(id: RpcReply['id'], code: ApiErrorPayload['code'], message: string): RpcReply {
  return { id, error: { code, message } };
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function parseEnvelope(raw: string, bytes: number): Envelope | RpcReply {
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
  if (bytes > MAX_SOCKET_MESSAGE_BYTES) {
    const files = method === 'datasets.importCsvText' ? '; files are uploaded over HTTP (POST /upload, as the UI does) or imported with `modelbench dataset import FILE`' : '';
    return fail(replyId, 'too_large', `Message too large for ${method}: ${mib(bytes)}, the limit is ${mib(MAX_SOCKET_MESSAGE_BYTES)} (MAX_SOCKET_MESSAGE_BYTES)${files}.`);
  }
  return { id: replyId, method, params: params ?? {} };
}

/** Handles one text message; `bytes` is its size on the wire (UTF-8). Never rejects. */
export async function handleMessage(engine: WebEngine, raw: string, bytes = Buffer.byteLength(raw)): Promise<RpcReply> {
  const env = parseEnvelope(raw, bytes);
  if (!('method' in env)) return env;
  try {
    const result = await engine.callUntyped(env.method, env.params);
    return { id: env.id, result };
  } catch (error) {
    return { id: env.id, error: toApiError(error).toPayload() };
  }
}
