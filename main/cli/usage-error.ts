/** A mistake in how a command was called (unknown option, missing argument, bad number): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
