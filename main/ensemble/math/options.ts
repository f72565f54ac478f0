/** Validation of the integer options of ensemble methods: one message shape everywhere. */
import { ApiError } from '../../api/errors.ts';

/** Throws ApiError('invalid_argument'): "<what> must be an integer from <min> to <max>, got <value>". */
export function checkIntOption(what: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ApiError('invalid_argument', `${what} must be an integer from ${min} to ${max}, got ${value}`);
  }
}
