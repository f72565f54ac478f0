/**
 * At most `limit` jobs at once, the rest waiting first come first served: the
 * bound on short-lived worker threads (imports, explanations) that share the
 * machine's cores with training.
 */
export type Turns = {
  /** Resolves when a turn is free; call `pass` exactly once when done. */
  take(): Promise<void>;
  /** Hands the turn to the next job waiting, if any. */
  pass(): void;
  /** Jobs holding a turn and waiting for one. */
  readonly inFlight: { running: number; waiting: number };
};

export function createTurns(limit: number): Turns {
  const waiting: (() => void)[] = [];
  let running = 0;
  return {
    take() {
      if (running < limit) {
        running++;
        return Promise.resolve();
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    pass() {
      const next = waiting.shift();
      // The turn moves to the next job: the count of running ones stays.
      if (next) next();
      else running--;
    },
    get inFlight() {
      return { running, waiting: waiting.length };
    },
  };
}
