/**
 * Leading + trailing throttle: the first call runs at once, calls during the
 * next `ms` collapse into one run at the end of the window. Live study screens
 * redraw through this so two workers reporting every epoch cannot flood the
 * renderer with chart rebuilds.
 */
export type Timers = {
  now: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
};

const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export type Throttled = { call(): void; cancel(): void };

export function throttle(fn: () => void, ms: number, timers: Timers = realTimers): Throttled {
  let last = -Infinity;
  let pending: unknown = null;
  const run = () => {
    pending = null;
    last = timers.now();
    fn();
  };
  return {
    call() {
      if (pending !== null) return;
      const wait = last + ms - timers.now();
      if (wait <= 0) run();
      else pending = timers.setTimeout(run, wait);
    },
    cancel() {
      if (pending !== null) timers.clearTimeout(pending);
      pending = null;
    },
  };
}
