/**
 * From a method's build to the model: which members the model combines, the
 * combiner over exactly those, and the ensemble's predictions and metrics —
 * computed the way the merged graph computes them (merge.ts), and scored by
 * the trainer's own scorePredictions, so an ensemble and a run are measured
 * alike.
 *
 * The rule: the model combines the members whose role is not 'fold' and whose
 * weight is above 0, in the build's order. A linear combiner's weights are
 * theirs (the bias, gradient boosting's initial value, comes from the build);
 * a meta combiner reads the 'final' members side by side.
 */
import { ApiError } from '../api/errors.ts';
import type { FinalMetrics, Task } from '../api/schemas.ts';
import { scorePredictions } from '../train/evaluate.ts';
import type { EnsembleBuild, EnsembleMember } from './index.ts';
import type { Combiner } from './merge.ts';
import { correlationMatrix, disagreementMatrix } from './math/diversity.ts';
import { memberBlock, type PredictionSet } from './math/predictions.ts';
import { metaFeatures, predictMeta } from './math/meta.ts';
import type { EnsembleReport, StoredCombiner } from './types.ts';

export type ModelPlan = { members: EnsembleMember[]; combiner: Combiner };

export function modelPlan(build: EnsembleBuild): ModelPlan {
  if (build.combiner.kind === 'meta') {
    const members = build.members.filter((m) => m.role === 'final');
    return { members, combiner: build.combiner };
  }
  const members = build.members.filter((m) => m.role !== 'fold' && m.weight > 0);
  if (members.length === 0) throw new ApiError('invalid_argument', 'no member has a weight above 0');
  return { members, combiner: { kind: 'linear', weights: members.map((m) => m.weight), ...(build.combiner.bias ? { bias: build.combiner.bias } : {}) } };
}

/** The combined prediction [rows × outputs] of the members' predictions (in the plan's member order). */
export function combinePredictions(set: PredictionSet, combiner: Combiner): Float32Array {
  if (combiner.kind === 'meta') return predictMeta(combiner.model, metaFeatures(set.values, set.members, set.rows, set.outputs), set.rows);
  if (combiner.weights.length !== set.members) throw new ApiError('internal', `${combiner.weights.length} weights for ${set.members} members`);
  const out = new Float64Array(set.rows * set.outputs);
  for (let m = 0; m < set.members; m++) {
    const w = combiner.weights[m];
    const block = memberBlock(set, m);
    for (let i = 0; i < out.length; i++) out[i] += w * block[i];
  }
  if (combiner.bias) for (let i = 0; i < out.length; i++) out[i] += combiner.bias[i % set.outputs];
  return Float32Array.from(out);
}

export type Scored = { metrics: FinalMetrics; diversity: NonNullable<EnsembleReport['diversity']> };

/**
 * Val and test metrics of the combined predictions (confusion on test, else
 * validation, as a run's), and the members' pairwise diversity on validation.
 * `lossScale`: regression's loss is mse / lossScale² (standardised units).
 */
export function scoreEnsemble(
  sets: { val: PredictionSet; test: PredictionSet | null },
  labels: { val: Float32Array; test: Float32Array | null },
  combiner: Combiner,
  task: Task,
  positions: number[],
  lossScale = 1,
): Scored {
  const outputs = sets.val.outputs;
  const numClasses = task === 'classification' ? outputs : 0;
  const val = scorePredictions(combinePredictions(sets.val, combiner), outputs, labels.val, task, numClasses, lossScale);
  const metrics: FinalMetrics = { val: val.metrics };
  let confusion = val.confusion;
  if (sets.test && labels.test && labels.test.length > 0) {
    const test = scorePredictions(combinePredictions(sets.test, combiner), outputs, labels.test, task, numClasses, lossScale);
    metrics.test = test.metrics;
    confusion = test.confusion;
  }
  if (confusion) metrics.confusion = confusion;
  const kind = task === 'classification' ? 'disagreement' : 'correlation';
  const matrix = kind === 'disagreement' ? disagreementMatrix(sets.val) : correlationMatrix(sets.val);
  return { metrics, diversity: { kind, positions, matrix: Array.from(matrix) } };
}

/** The combiner as JSON (plain arrays). */
export function storedCombiner(combiner: Combiner): StoredCombiner {
  if (combiner.kind === 'linear') {
    return { kind: 'linear', weights: Array.from(combiner.weights), ...(combiner.bias ? { bias: Array.from(combiner.bias) } : {}) };
  }
  return {
    kind: 'meta',
    model: { kind: combiner.model.kind, layers: combiner.model.layers.map((l) => ({ ...l, kernel: Array.from(l.kernel), bias: Array.from(l.bias) })) },
  };
}
