/**
 * Shrink experiment: baseline → candidates proposed by the search policy
 * (../../shrink/search.ts), each trained with the baseline's hyperparameters
 * and seed. The goal is the smallest model whose validation metric stays within
 * the tolerance of the baseline's; it is the experiment's best step.
 */
import { ApiError } from '../../../api/errors.ts';
import type { ModelSpec, Task } from '../../../api/schemas.ts';
import type { JobContext } from '../../../run/context.ts';
import { outputUnitsFor } from '../../../model/builder.ts';
import { analyseSpec } from '../../../model/counts.ts';
import type { ShrinkRequest } from '../../requests.ts';
import { currentBest, nextCandidate, withinTolerance, type SearchState, type Tried } from '../../shrink/search.ts';
import type { ExperimentStep } from '../../types.ts';
import { completed, modelRun, withOverrides, type Driver } from './common.ts';
import { formatStepLabel } from '../../step-label.ts';

/** The metric the search protects: accuracy for classifiers, r2 for regression (both: higher is better). */
export const shrinkMetric = (task: Task): 'accuracy' | 'r2' => (task === 'classification' ? 'accuracy' : 'r2');

export async function shrinkDriver(ctx: JobContext, req: ShrinkRequest): Promise<Driver> {
  const { run: base, dir, dataset } = await modelRun(ctx, req.runId, 'baseline');
  const metric = shrinkMetric(dataset.task);
  const baselineMetric = base.metrics.val?.[metric];
  if (baselineMetric === undefined || !Number.isFinite(baselineMetric)) {
    throw new ApiError('conflict', `Run '${base.name}' has no validation ${metric} to compare candidates with.`);
  }
  const outputUnits = outputUnitsFor(dataset.task, dataset.classes);
  const baseCount = analyseSpec(base.config.spec, dataset.inputShape, outputUnits);
  const hyperparams = withOverrides(base.config.hyperparams, req);
  const state = (steps: ExperimentStep[]): SearchState => ({
    baseline: { spec: base.config.spec, params: baseCount.ok ? baseCount.paramCount : base.paramCount, metric: baselineMetric },
    tolerance: req.tolerance,
    higherIsBetter: true,
    maxCandidates: req.maxCandidates,
    inputShape: dataset.inputShape,
    outputUnits,
    // Interrupted / cancelled candidates are not results: they are proposed (and trained) again.
    tried: steps.filter((s) => s.kind === 'candidate' && (s.status === 'completed' || s.status === 'failed')).map(toTried),
  });
  const toTried = (s: ExperimentStep): Tried => {
    const spec = s.config.spec as ModelSpec;
    const count = analyseSpec(spec, dataset.inputShape, outputUnits);
    return { spec, params: count.ok ? count.paramCount : Infinity, metric: s.status === 'completed' ? (s.metrics.val?.[metric] ?? null) : null };
  };
  const candidateSteps = (steps: ExperimentStep[]) => steps.filter((s) => s.kind === 'candidate' && (s.status === 'completed' || s.status === 'failed'));

  return {
    next(steps) {
      if (!completed(steps, 'baseline')) return { kind: 'baseline', label: formatStepLabel({ key: 'baseline', params: {} }), runId: base.id, modelDir: dir };
      const variant = nextCandidate(state(steps));
      if (!variant) return null;
      return {
        kind: 'candidate',
        label: variant.label,
        build: async () => {
          const spec: ModelSpec = { ...variant.spec, name: `${base.config.spec.name ?? 'model'} (${variant.label})` };
          const name = `${base.name} · shrink: ${variant.label}`;
          return {
            config: { ...base.config, spec, hyperparams, name }, name, dataset, paramCount: variant.params, flops: variant.flops,
            lineage: { parentRunId: base.id, relation: 'shrunk' }, stepConfig: { spec, label: variant.label, hyperparams },
          };
        },
      };
    },
    accepted: (step) => step.kind === 'candidate' && withinTolerance({ baseline: { spec: base.config.spec, params: 0, metric: baselineMetric }, tolerance: req.tolerance, higherIsBetter: true }, step.metrics.val?.[metric] ?? null),
    best(steps) {
      const best = currentBest(state(steps));
      if (best.index < 0) return completed(steps, 'baseline')?.step ?? null;
      return candidateSteps(steps)[best.index]?.step ?? null;
    },
  };
}
