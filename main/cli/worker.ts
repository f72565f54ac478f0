/**
 * `modelbench worker --storage URL [--study ID | --all] [--workers N]`: runs
 * trials of shared studies with many other workers (main/worker/worker.ts).
 * Ctrl-C: claim nothing new and let the trials in flight finish; a second
 * Ctrl-C stops them now (stored as interrupted: another worker re-runs them).
 */
import { hostname } from 'node:os';
import { COMMON_HELP, createOutput, parseCommand, UsageError, withEngine, type CommandContext } from './common.ts';
import { parseInteger } from './numbers.ts';
import { SharedStudyWorker } from '../worker/worker.ts';

export const WORKER_HELP = `Usage: modelbench worker --storage URL (--study ID | --all) [--workers N]

Runs trials of shared studies together with any number of other workers, on
this machine or others, that point at the same store (docs/scale.md). Create the
study first (modelbench study create … or the app), then start workers.
Trial numbers stay unique, nTrials counts over all workers, and a worker that
dies (kill -9, power loss, network cut) costs only its current trial: once its
lease expires another worker re-runs it. A dropped database connection is
retried for --retry-s seconds.

  --study ID        run this study until it is finished, then exit
  --all             run every unfinished study, oldest first, and wait for new ones (until Ctrl-C)
  --workers N       trials at the same time in this process (default 1)
  --poll-ms MS      how often to look again for trials and studies (default 2000)
  --lease-ms MS     this worker's lease: others re-run its trial this long after it dies (default 120000)
  --heartbeat-ms MS how often the lease is renewed (default 15000; at most a quarter of the lease)
  --retry-s S       how long a lost database connection is retried before the worker gives up (default 600)

Ctrl-C: no new trials; those in flight finish. Ctrl-C again: they stop now and
are re-run by another worker. Exit code 0 when the study finished (or, with
--all, after Ctrl-C), 1 on failure, 130 when stopped before the study finished.

${COMMON_HELP}`;

export async function workerCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    study: { type: 'string' }, all: { type: 'boolean', default: false }, workers: { type: 'string' },
    'poll-ms': { type: 'string' }, 'lease-ms': { type: 'string' }, 'heartbeat-ms': { type: 'string' }, 'retry-s': { type: 'string' },
  });
  if (values.help) {
    ctx.io.stdout(`${WORKER_HELP}\n`);
    return 0;
  }
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'. Usage: modelbench worker --storage URL (--study ID | --all)`);
  if (Boolean(values.study) === values.all) throw new UsageError('give either --study ID or --all.');
  const slots = parseInteger(values.workers, '--workers', { min: 1, max: 256 }) ?? 1;
  const pollMs = parseInteger(values['poll-ms'], '--poll-ms', { min: 10, max: 600_000 }) ?? 2000;
  const leaseMs = parseInteger(values['lease-ms'], '--lease-ms', { min: 1000, max: 86_400_000 }) ?? 120_000;
  const heartbeatMs = parseInteger(values['heartbeat-ms'], '--heartbeat-ms', { min: 100, max: 3_600_000 }) ?? Math.min(15_000, Math.floor(leaseMs / 8));
  if (heartbeatMs * 4 > leaseMs) throw new UsageError(`--heartbeat-ms ${heartbeatMs} is more than a quarter of --lease-ms ${leaseMs}: one late beat would lose the lease.`);
  const retryS = parseInteger(values['retry-s'], '--retry-s', { min: 0, max: 86_400 }) ?? 600;
  const out = createOutput(ctx.io, values.json);
  const log = (line: string) => {
    out.text(`[${new Date().toISOString().slice(11, 19)} ${hostname()}:${process.pid}] ${line}`);
    out.record({ type: 'log', host: hostname(), pid: process.pid, line });
  };

  return withEngine(ctx, values.home, async (engine) => {
    log(`worker on ${engine.jobs.store.kind} ${engine.jobs.store.location} (owner ${engine.jobs.ownerId}, ${slots} slot${slots === 1 ? '' : 's'}, lease ${leaseMs} ms)`);
    const worker = new SharedStudyWorker(engine.jobs, { target: values.all ? { all: true } : { studyId: values.study! }, slots, pollMs, log });
    let interrupts = 0;
    const release = ctx.onInterrupt(() => {
      interrupts += 1;
      log(interrupts === 1 ? 'stopping: no new trials; those in flight finish (Ctrl-C again to stop them now)' : 'stopping now: trials in flight are stored as interrupted and re-run by another worker');
      worker.stop(interrupts === 1 ? 'finish' : 'release');
      return interrupts <= 2;
    });
    try {
      const result = await worker.run();
      out.record({ type: 'worker-done', ...result });
      if (values.all) return 0;
      return result.studies.some((s) => s.status === 'finished') ? 0 : result.stopped ? 130 : 1;
    } finally {
      release();
    }
  }, { workers: slots, lease: { leaseMs, heartbeatMs }, storageRetryMs: retryS * 1000, label: 'modelbench worker' });
}
