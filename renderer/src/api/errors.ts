/** Errors as the renderer sees them: a stable code plus a message meant for people. */
import { API_ERROR_CODES, type ApiErrorCode } from '../../../main/api/errors.ts';
import { locale, t } from '../i18n/index.ts';

export class RemoteError extends Error {
  readonly code: ApiErrorCode | 'disconnected';
  constructor(code: ApiErrorCode | 'disconnected', message: string) {
    super(message);
    this.name = 'RemoteError';
    this.code = code;
  }
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
