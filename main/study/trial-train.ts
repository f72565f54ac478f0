/**
 * The training executor: a trial is a run, started through the one run
 * lifecycle (main/run/lifecycle.ts), so every trial shows in the run list with
 * metrics and artifacts. It reports the first objective each epoch (1-based
 * step = epoch) and stops the run when the pruner says so: the run is stored
 * 'pruned', and stops right after the epoch the pruner judged (the run
 * lifecycle holds the worker until the report is decided), so a seeded study
 * prunes and ends its trials the same way every time. The trial ends only after
 * the run's final state is stored.
 */
import type { DatasetMeta } from '../api/schemas.ts';
import type { StoredDataset } from '../../db/store.ts';
import type { DatasetTensors } from '../data/types.ts';
import type { RunLauncher, RunOutcome } from '../run/lifecycle.ts';
import type { MetricObjective, StudyConfig } from './config.ts';
import { INTERRUPTED_PREFIX, type TrialExecutor, type TrialOutcome } from './executor.ts';
import { measureLatencyMs } from './latency.ts';
import { epochValue, objectiveValues } from './objectives.ts';
import { trialRunConfig } from './trial-config.ts';

export type TrainStudy = { id: string; name: string; config: StudyConfig; metrics: MetricObjective[] };

/** Why a pruned trial's run stopped (stored as its error, beside its status 'pruned'). */
export const prunedReason = (epoch: number) => `pruned at epoch ${epoch}`;

export function createTrainExecutor(launcher: RunLauncher, study: TrainStudy, dataset: StoredDataset, data: DatasetTensors): TrialExecutor {
  return ({ number, params }, hooks) => {
    let stopReason: string | null = null;
    let prunedAt: number | null = null;
    let handle: { cancel(reason: string): void } | null = null;
    const first = study.metrics[0];

    const done = (async (): Promise<TrialOutcome> => {
      let outcome: RunOutcome;
      try {
        const config = trialRunConfig(study.config, dataset.id, params, `${study.name} #${number}`);
        const run = await launcher.start({
          config, dataset, data, name: config.name ?? `trial ${number}`,
          notes: `Trial ${number} of study ${study.name} (${study.id}). Params: ${JSON.stringify(params)}`,
          tags: ['study', `study:${study.id}`],
          // The worker waits for this answer before its next epoch.
          async onEpoch(event) {
            const value = epochValue(first, event.val);
            if (value === undefined || stopReason !== null) return null;
            if (!(await hooks.report(event.epoch, value).catch(() => false))) return null;
            prunedAt = event.epoch;
            return { reason: prunedReason(event.epoch), status: 'pruned' };
          },
        });
        handle = run;
        if (stopReason) run.cancel(stopReason);
        await hooks.attachRun?.(run.runId);
        outcome = await run.done;
      } catch (error) {
        // Params that give no valid config, or a model that cannot be built on the dataset: nothing was stored.
        return { state: 'failed', error: (error as Error).message };
      }
      if (prunedAt !== null) return { state: 'pruned', step: prunedAt };
      if (outcome.status === 'completed') return completeOutcome(study, outcome, dataset);
      if (outcome.status === 'cancelled' || outcome.status === 'interrupted')
        return { state: 'failed', error: `${INTERRUPTED_PREFIX}${stopReason ?? outcome.error ?? outcome.status}`, interrupted: true };
      return { state: 'failed', error: `run ${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}` };
    })();

    return {
      done,
      cancel(reason) {
        stopReason ??= reason;
        handle?.cancel(reason);
      },
    };
  };
}

async function completeOutcome(study: TrainStudy, result: RunOutcome, dataset: DatasetMeta): Promise<TrialOutcome> {
  let latencyMs: number | undefined;
  if (study.metrics.includes('latency_ms')) {
    try {
      latencyMs = await measureLatencyMs(result.artifactDir, dataset.inputShape, { batchSize: study.config.latency?.batchSize ?? 32, repeats: study.config.latency?.repeats ?? 15 });
    } catch (error) {
      return { state: 'failed', error: `latency measurement failed: ${(error as Error).message}` };
    }
  }
  const values = objectiveValues(study.metrics, { metrics: result.metrics, paramCount: result.paramCount, flops: result.flops, latencyMs });
  const missing = study.metrics.filter((_, i) => !Number.isFinite(values[i]));
  if (missing.length) return { state: 'failed', error: `the run reported no ${missing.join(', ')}` };
  return { state: 'complete', values };
}
