/**
 * `modelbench tune STUDY.json` creates a study and runs it to the end with N
 * parallel workers, printing a line per trial event. `--resume ID` continues a
 * study whose process died (kill -9) or was stopped: finished trials are kept,
 * trials left running are re-run with the same params. Ctrl-C stops the study
 * (trials in flight are stored as interrupted); a second Ctrl-C exits at once.
 */
import { availableParallelism } from 'node:os';
import type { StudyEvent, StudyInfo } from '../api/contract.ts';
import type { Engine } from '../engine/engine.ts';
import { COMMON_HELP, createOutput, expectPositionals, fmt, parseCommand, UsageError, withEngine, type CommandContext } from './common.ts';
import { followJob } from './follow.ts';
import { parseInteger } from './numbers.ts';
import { describeStudy, readStudyFile } from './studies.ts';

export const TUNE_HELP = `Usage: modelbench tune STUDY.json [--workers N] [--trials N]
       modelbench tune [STUDY.json] --resume ID [--workers N]

Runs a study (format: docs/studies-api.md; its base spec and hyperparameters:
docs/model-spec.md, docs/hyperparams.md) and prints a line per trial. The study
is checked against its dataset first: objectives the task cannot report and
search spaces whose bounds cannot build a model are refused.
With --json: one JSON line per study event; the last line is the summary
{ study, best, paretoFront, epochsTrained, importance }.
Exit code: 0 finished with at least one complete trial; 1 failed, or no trial
completed (the most common failure reasons are printed); 130 stopped (Ctrl-C;
resume with --resume ID).

  --workers  trials at the same time (default: the study's workers, else the number of cores)
  --trials   override nTrials
  --resume   continue the study with this id (STUDY.json, if given, is not re-read)

${COMMON_HELP}`;

/** How many failure reasons `tune` prints when no trial completed. */
const REASONS_SHOWN = 3;

export async function tuneCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, { workers: { type: 'string' }, trials: { type: 'string' }, resume: { type: 'string' } });
  if (values.help) {
    ctx.io.stdout(`${TUNE_HELP}\n`);
    return 0;
  }
  if (!values.resume) expectPositionals(positionals, ['STUDY.json'], 'modelbench tune STUDY.json [--workers N]');
  else if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'.`);
  const config = values.resume ? undefined : readStudyFile(positionals[0]);
  const nTrials = parseInteger(values.trials, '--trials', { min: 1 });
  if (config && nTrials) config.nTrials = nTrials;
  const flagWorkers = parseInteger(values.workers, '--workers', { min: 1 });
  const workers = flagWorkers ?? (typeof config?.workers === 'number' ? config.workers : undefined) ?? availableParallelism();
  const out = createOutput(ctx.io, values.json);

  return withEngine(ctx, values.home, async (engine) => {
    const study = values.resume ? await engine.call('studies.get', { studyId: values.resume }).then((d) => d.study)
      : await engine.call('studies.create', { config: config as never });
    if (values.resume && nTrials) await engine.call('studies.update', { studyId: study.id, nTrials });
    out.text(`${values.resume ? 'Resuming' : 'Created'} study ${study.id} '${study.name}': ${study.config.nTrials} trials, ${workers} workers, sampler ${study.sampler}, pruner ${study.pruner}`);
    out.record({ type: values.resume ? 'study-resumed' : 'study-created', studyId: study.id, name: study.name });

    const names = study.objectives.map((o) => o.name);
    const { final, interrupted } = await followJob(ctx, engine, {
      event: 'study.event',
      idOf: (e) => e.studyId,
      start: async () => (await engine.call('studies.start', { studyId: study.id, workers })).studyId,
      print: (e) => {
        out.record(e);
        const line = progressLine(e, names);
        if (line) out.text(line);
      },
      check: async (studyId) => {
        const detail = await engine.call('studies.get', { studyId });
        return detail.study.status === 'running' || detail.study.status === 'idle' ? undefined : detail;
      },
      cancel: (studyId) => engine.call('studies.stop', { studyId, cancelRunning: true }),
      cancelNotice: () => 'Stopping the study (trials in flight are stored as interrupted; Ctrl-C again to quit now)…',
    });
    const importance = await engine.call('studies.importance', { studyId: study.id });
    const best = final.best;
    const failures = final.study.counts.complete === 0 ? await failureReasons(engine, final.study) : [];
    out.result({ study: final.study, best, paretoFront: final.paretoFront, epochsTrained: final.epochsTrained, importance, ...(failures.length ? { failures } : {}) },
      () => `\n${describeStudy(final, [], importance)}${study.kind === 'train' && best.length ? `\nExport the best model: modelbench study export ${study.id} --out DIR` : ''}`);
    if (interrupted) return 130;
    if (final.study.counts.complete === 0) {
      const c = final.study.counts;
      ctx.io.stderr(`modelbench: error: no trial of study ${study.id} completed (${c.failed} failed, ${c.pruned} pruned)${failures.length ? '; the most common failure reasons:' : ''}\n`);
      for (const f of failures) ctx.io.stderr(`  ${String(f.count).padStart(4)} × ${f.reason}\n`);
      return 1;
    }
    return final.study.status === 'finished' ? 0 : 1;
  }, { workers });
}

/** The most common errors of the failed trials, most frequent first. */
async function failureReasons(engine: Engine, study: StudyInfo): Promise<{ reason: string; count: number }[]> {
  const counts = new Map<string, number>();
  for (let offset = 0; offset < study.counts.failed; offset += 1000) {
    const page = await engine.call('studies.trials', { studyId: study.id, states: ['failed'], offset, limit: 1000 });
    for (const t of page.items) {
      // The whole message on one line: a command's first line is only its exit code, the cause is in its stderr tail.
      const reason = (t.error ?? 'failed without a message').replace(/\s+/g, ' ').trim().slice(0, 300);
      counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
    if (page.items.length === 0) break;
  }
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count).slice(0, REASONS_SHOWN);
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

