/** Errors as the renderer sees them: a stable code plus a message meant for people. */
import type { ApiErrorCode } from '../../../main/api/errors.ts';

export class RemoteError extends Error {
  readonly code: ApiErrorCode | 'disconnected';
  constructor(code: ApiErrorCode | 'disconnected', message: string) {
    super(message);
    this.name = 'RemoteError';
    this.code = code;
  }
}

/** The text to show for any thrown value (remote errors, Electron IPC errors, plain Errors). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    // Electron prefixes IPC errors with "Error invoking remote method '…': Error: ".
    return error.message.replace(/^Error invoking remote method '[^']*': (\w*Error: )?/, '');
  }
  // The Electron preload rejects with a plain ApiErrorPayload ({code, message}).
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}
