/**
 * `modelbench tune STUDY.json` creates a study and runs it to the end with N
 * parallel workers, printing a line per trial event. `--resume ID` continues a
 * study whose process died (kill -9) or was stopped: finished trials are kept,
 * trials left running are re-run with the same params. Ctrl-C stops the study
 * (trials in flight are stored as interrupted); a second Ctrl-C exits at once.
 */
import { availableParallelism } from 'node:os';
import type { StudyEvent } from '../api/contract.ts';
import { COMMON_HELP, createOutput, expectPositionals, fmt, intOption, parseCommand, UsageError, withEngine, type CommandContext } from './common.ts';
import { describeStudy, readJson } from './studies.ts';

export const TUNE_HELP = `Usage: modelbench tune STUDY.json [--workers N] [--trials N]
       modelbench tune [STUDY.json] --resume ID [--workers N]

Runs a study (format: docs/studies-api.md) and prints a line per trial.
With --json: one JSON line per study event; the last line is the summary
{ study, best, paretoFront, epochsTrained, importance }.
Exit code: 0 finished, 1 failed, 130 stopped (Ctrl-C; resume with --resume ID).

  --workers  trials at the same time (default: the study's workers, else the number of cores)
  --trials   override nTrials
  --resume   continue the study with this id (STUDY.json, if given, is not re-read)

${COMMON_HELP}`;

export async function tuneCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, { workers: { type: 'string' }, trials: { type: 'string' }, resume: { type: 'string' } });
  if (values.help) {
    ctx.io.stdout(`${TUNE_HELP}\n`);
    return 0;
  }
  if (!values.resume) expectPositionals(positionals, ['STUDY.json'], 'modelbench tune STUDY.json [--workers N]');
  else if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'.`);
  const config = values.resume ? undefined : (readJson(positionals[0], 'STUDY.json') as Record<string, unknown>);
  const nTrials = intOption(values.trials, '--trials', 1);
  if (config && nTrials) config.nTrials = nTrials;
  const flagWorkers = intOption(values.workers, '--workers', 1);
  const workers = flagWorkers ?? (typeof config?.workers === 'number' ? config.workers : undefined) ?? availableParallelism();
  const out = createOutput(ctx.io, values.json);

  return withEngine(ctx, values.home, async (engine) => {
    const study = values.resume ? await engine.call('studies.get', { studyId: values.resume }).then((d) => d.study)
      : await engine.call('studies.create', { config: config as never });
    if (values.resume && nTrials) await engine.call('studies.update', { studyId: study.id, nTrials });
    out.text(`${values.resume ? 'Resuming' : 'Created'} study ${study.id} '${study.name}': ${study.config.nTrials} trials, ${workers} workers, sampler ${study.sampler}, pruner ${study.pruner}`);
    out.record({ type: values.resume ? 'study-resumed' : 'study-created', studyId: study.id, name: study.name });

    let finished!: (status: string) => void;
    const end = new Promise<string>((r) => (finished = r));
    const names = study.objectives.map((o) => o.name);
    const unsubscribe = engine.subscribe((name, payload) => {
      if (name !== 'study.event' || (payload as StudyEvent).studyId !== study.id) return;
      const e = payload as StudyEvent;
      out.record(e);
      const line = progressLine(e, names);
      if (line) out.text(line);
      if (e.type === 'study-finished') finished(e.status);
    });
    let interrupted = false;
    const release = ctx.onInterrupt(() => {
      if (interrupted) return false;
      interrupted = true;
      out.warn('Stopping the study (trials in flight are stored as interrupted; Ctrl-C again to quit now)…');
      void engine.call('studies.stop', { studyId: study.id, cancelRunning: true });
      return true;
    });
    try {
      await engine.call('studies.start', { studyId: study.id, workers });
      const status = await end;
      const detail = await engine.call('studies.get', { studyId: study.id });
      const importance = await engine.call('studies.importance', { studyId: study.id });
      const best = detail.best;
      out.result({ study: detail.study, best, paretoFront: detail.paretoFront, epochsTrained: detail.epochsTrained, importance },
        () => `\n${describeStudy(detail, [], importance)}${study.kind === 'train' && best.length ? `\nExport the best model: modelbench study export ${study.id} --out DIR` : ''}`);
      if (interrupted) return 130;
      return status === 'finished' ? 0 : 1;
    } finally {
      release();
      unsubscribe();
    }
  }, { workers });
}

export function progressLine(e: StudyEvent, names: string[]): string | null {
  const vals = (v: number[]) => v.map((x, k) => `${names[k] ?? `value_${k}`}=${fmt(x)}`).join(' ');
  switch (e.type) {
    case 'trial-started': return `trial ${e.number} started on worker ${e.worker ?? '-'} ${JSON.stringify(e.params)}`;
    case 'trial-completed': return `trial ${e.number} complete ${vals(e.values)}${e.isBest ? '  * best so far' : ''}`;
    case 'trial-pruned': return `trial ${e.number} pruned${e.step !== null ? ` at step ${e.step}` : ''}`;
    case 'trial-failed': return `trial ${e.number} failed: ${e.error.split('\n')[0]}`;
    case 'study-finished': return `study ${e.status}: ${e.counts.complete} complete, ${e.counts.pruned} pruned, ${e.counts.failed} failed`;
    default: return null;
  }
}

