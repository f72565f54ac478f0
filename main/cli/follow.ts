/**
 * The CLI's one job follower: train, tune, prune/shrink/distill/finetune and
 * `experiments resume` all start a job in the engine and then follow it until it
 * ends. Events are printed as they come (those that arrive before the start call
 * returns are kept and replayed); the stored state is the truth, asked after each
 * event and on a timer, because an event can come before the store has the result.
 * The first Ctrl-C asks the engine to stop the job and keeps following it to its
 * end; a second one exits at once (main exits 130).
 */
import type { EventName, Events } from '../api/contract.ts';
import type { Engine } from '../engine/engine.ts';
import type { CommandContext } from './common.ts';

export type Job<E extends EventName, S> = {
  event: E;
  /** The id of the job an event belongs to. */
  idOf(payload: Events[E]): string;
  /** Starts (or resumes) the job; resolves with its id. */
  start(): Promise<string>;
  print(payload: Events[E]): void;
  /** The job's final state once it has ended, undefined while it goes on. */
  check(id: string): Promise<S | undefined>;
  /** Asks the engine to stop the job (first Ctrl-C). */
  cancel(id: string): Promise<unknown>;
  /** Printed on stderr when Ctrl-C cancels the job. */
  cancelNotice(id: string): string;
  /** How often the state is asked without events; default 500 ms. */
  pollMs?: number;
};

export type Followed<S> = { id: string; final: S; interrupted: boolean };

export async function followJob<E extends EventName, S>(ctx: CommandContext, engine: Engine, job: Job<E, S>): Promise<Followed<S>> {
  let id: string | undefined;
  const early: Events[E][] = [];
  let settle!: { resolve: (s: S) => void; reject: (error: unknown) => void };
  const ended = new Promise<S>((resolve, reject) => (settle = { resolve, reject }));
  // One check at a time; a check asked for meanwhile runs right after it.
  let checking = false;
  let again = false;
  const check = (): void => {
    if (id === undefined) return;
    if (checking) {
      again = true;
      return;
    }
    checking = true;
    job.check(id).then(
      (state) => {
        checking = false;
        if (state !== undefined) settle.resolve(state);
        else if (again) {
          again = false;
          check();
        }
      },
      (error) => settle.reject(error),
    );
  };
  // Subscribe before starting: the first events can arrive before start() resolves.
  const unsubscribe = engine.subscribe((name: EventName, payload: unknown) => {
    if (name !== job.event) return;
    const event = payload as Events[E];
    if (id === undefined) early.push(event);
    else if (job.idOf(event) === id) {
      job.print(event);
      check();
    }
  });
  let interrupted = false;
  let release = () => {};
  let timer: NodeJS.Timeout | undefined;
  try {
    const jobId = await job.start();
    id = jobId;
    for (const event of early) if (job.idOf(event) === jobId) job.print(event);
    release = ctx.onInterrupt(() => {
      if (interrupted) return false;
      interrupted = true;
      ctx.io.stderr(`${job.cancelNotice(jobId)}\n`);
      job.cancel(jobId).then(check, check);
      return true;
    });
    timer = setInterval(check, job.pollMs ?? 500);
    check();
    return { id: jobId, final: await ended, interrupted };
  } finally {
    clearInterval(timer);
    release();
    unsubscribe();
  }
}
