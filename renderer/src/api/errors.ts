/** Errors as the renderer sees them: a stable code plus a message meant for people. */
import { API_ERROR_CODES, type ApiErrorCode } from '../../../main/api/errors.ts';
import { locale, t } from '../i18n/index.ts';

export class RemoteError extends Error {
  readonly code: ApiErrorCode | 'disconnected';
  /** The request field the engine said the error is about (ApiError details.field: 'series.lookback'), when it named one. */
  readonly field?: string;
  constructor(code: ApiErrorCode | 'disconnected', message: string, field?: string) {
    super(message);
    this.name = 'RemoteError';
    this.code = code;
    if (field !== undefined) this.field = field;
  }
}

/** An engine error payload as received (WebSocket reply, upload response): a RemoteError with its field. */
export function remoteError(payload: { code: ApiErrorCode; message: string; details?: unknown }): RemoteError {
  return new RemoteError(payload.code, payload.message, detailsField(payload.details) ?? undefined);
}

/**
 * The field an error is about: a RemoteError's, or details.field of a plain payload (the Electron
 * preload rejects with {code, message, details}) or of an ApiError. null when it names none.
 */
export function errorField(error: unknown): string | null {
  if (error instanceof RemoteError) return error.field ?? null;
  return typeof error === 'object' && error !== null ? detailsField((error as { details?: unknown }).details) : null;
}

/** A field path as the engine writes it ('series.lookback', 'textColumns'); anything else is ignored. */
function detailsField(details: unknown): string | null {
  const field = typeof details === 'object' && details !== null ? (details as { field?: unknown }).field : undefined;
  return typeof field === 'string' && /^[A-Za-z]\w*(\.\w+)*$/.test(field) && field.length <= 200 ? field : null;
}

/**
 * The text to show for any thrown value (remote errors, Electron IPC errors, plain Errors). The
 * engine's messages are English: in another UI language a translated lead-in names the kind of
 * error by its code and the engine's message follows as the detail ("参数无效：epochs …").
 */
export function errorMessage(error: unknown): string {
  const { code, message } = errorParts(error);
  if (!code || locale() === 'en' || !API_ERROR_KINDS.has(code)) return message;
  return t('errors.withDetail', { lead: t(`errors.code.${code as ErrorKind}`), detail: message });
}

/** The engine's own sentence of a thrown value, without the translated lead-in (to tell which field it is about). */
export const engineMessage = (error: unknown): string => errorParts(error).message;

type ErrorKind = ApiErrorCode | 'disconnected';
const API_ERROR_KINDS = new Set<string>([...API_ERROR_CODES, 'disconnected']);

function errorParts(error: unknown): { code: string | null; message: string } {
  if (error instanceof Error) {
    // Electron prefixes IPC errors with "Error invoking remote method '…': Error: ".
    const message = error.message.replace(/^Error invoking remote method '[^']*': (\w*Error: )?/, '');
    return { code: error instanceof RemoteError ? error.code : null, message };
  }
  // The Electron preload rejects with a plain ApiErrorPayload ({code, message}).
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : null, message: (error as { message: string }).message };
  }
  return { code: null, message: String(error) };
}
