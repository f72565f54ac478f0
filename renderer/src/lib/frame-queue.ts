/**
 * Runs queued jobs one per animation frame, each in its own task just after
 * the frame, so that building and drawing eight charts of 10,000 trials is
 * eight short tasks instead of one long one (input stays responsive while the
 * Live study screen fills in). A job queued again under a key that is still
 * waiting replaces it in place: only the latest rebuild of a chart runs.
 */
export type Schedule = (run: () => void) => () => void;

/** After the next frame: rAF, then a fresh task (so a job never shares a frame's task with the drawing of the previous one). */
export const afterNextFrame: Schedule = (run) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(run, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
  };
};

export class FrameQueue {
  #jobs = new Map<string, () => void>();
  #cancel: (() => void) | null = null;
  #schedule: Schedule;

  constructor(schedule: Schedule = afterNextFrame) {
    this.#schedule = schedule;
  }

  get pending(): number {
    return this.#jobs.size;
  }

  /** Queues `job` under `key` (replacing a waiting job of that key, which keeps its place). */
  push(key: string, job: () => void): void {
    this.#jobs.set(key, job);
    this.#arm();
  }

  /** Forgets every waiting job (the screen went away). */
  clear(): void {
    this.#jobs.clear();
    this.#cancel?.();
    this.#cancel = null;
  }

  #arm(): void {
    if (this.#cancel || this.#jobs.size === 0) return;
    this.#cancel = this.#schedule(() => {
      this.#cancel = null;
      const next = this.#jobs.entries().next();
      if (next.done) return;
      const [key, job] = next.value;
      this.#jobs.delete(key);
      try {
        job();
      } finally {
        this.#arm();
      }
    });
  }
}
