/**
 * Path-gradient attributions, the common core of Integrated Gradients and
 * GradientSHAP: for row i and samples k = 1..S, each a straight path from a
 * start b (baseline) to an end x̃ (the row, maybe with noise), a position α on
 * it and a weight w,
 *   φ_i = Σ_k w_k · (x̃_k − b_k) ⊙ ∇f_target(b_k + α_k·(x̃_k − b_k)).
 * IG is one fixed baseline and quadrature nodes; GradientSHAP draws baselines
 * from the background and α at random. All rows × samples go through the
 * model's gradient in a few large calls.
 */
import { batchRows, gradientGenerated, type Progress } from './batching.ts';
import { sumByGroup, type FeatureGroups } from './feature-groups.ts';
import type { DifferentiableModel, RowAttribution } from './types.ts';

/** Sample k of row i: fills `start` and `end` (one row each) and returns α and the weight. */
export type PathSampler = (i: number, k: number, start: Float32Array, end: Float32Array) => { alpha: number; weight: number };

/** φ per input column for every row (n × features). */
export async function integratePaths(
  model: DifferentiableModel,
  n: number,
  samples: number,
  targets: Int32Array,
  sample: PathSampler,
  progress: Progress,
): Promise<Float64Array> {
  const F = model.features;
  const phi = new Float64Array(n * F);
  const chunk = Math.min(batchRows(F), n * samples);
  // (x̃ − b)·w of each row in flight: written by fill, read by consume.
  const scaled = new Float32Array(chunk * F);
  const start = new Float32Array(F);
  const end = new Float32Array(F);
  await gradientGenerated(
    model,
    n * samples,
    (buffer, rowTargets, first, count) => {
      for (let t = 0; t < count; t++) {
        const i = Math.floor((first + t) / samples);
        const { alpha, weight } = sample(i, (first + t) % samples, start, end);
        rowTargets[t] = targets[i];
        for (let j = 0; j < F; j++) {
          const d = end[j] - start[j];
          scaled[t * F + j] = weight * d;
          buffer[t * F + j] = start[j] + alpha * d;
        }
      }
    },
    (grads, first, count) => {
      for (let t = 0; t < count; t++) {
        const i = Math.floor((first + t) / samples);
        for (let j = 0; j < F; j++) phi[i * F + j] += scaled[t * F + j] * grads[t * F + j];
      }
    },
    progress,
  );
  return phi;
}

/**
 * Rows of attributions from per-column φ: summed per player group, with the
 * completeness gap f(x) − base − Σφ per row and, over all rows, relative to
 * |f(x) − base| (Captum's convergence delta): the integration error.
 */
export function pathRows(
  phi: Float64Array,
  features: number,
  groups: FeatureGroups,
  targets: Int32Array,
  predictions: Float64Array,
  base: (i: number) => number,
): { rows: RowAttribution[]; completenessGap: number; maxRelativeCompletenessGap: number } {
  const rows: RowAttribution[] = [];
  let worst = 0;
  let gapSum = 0;
  let changeSum = 0;
  for (let i = 0; i < targets.length; i++) {
    const perColumn = phi.subarray(i * features, (i + 1) * features);
    const b = base(i);
    const gap = predictions[i] - b - perColumn.reduce((a, v) => a + v, 0);
    const change = Math.abs(predictions[i] - b);
    if (change > 1e-12) worst = Math.max(worst, Math.abs(gap) / change);
    gapSum += Math.abs(gap);
    changeSum += change;
    rows.push({ index: i, target: targets[i], prediction: predictions[i], base: b, attributions: Array.from(sumByGroup(perColumn, groups)), additivityGap: gap });
  }
  return { rows, completenessGap: changeSum > 0 ? gapSum / changeSum : 0, maxRelativeCompletenessGap: worst };
}
