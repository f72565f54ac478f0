/**
 * Integrated Gradients (Sundararajan et al. 2017):
 *   φ_j = (x_j − b_j) · ∫₀¹ ∂f/∂x_j (b + α(x − b)) dα,
 * integrated by a quadrature rule, every row × step evaluated in a few large
 * gradient calls. Completeness (Σφ = f(x) − f(b)) holds up to the integration
 * error, which is reported per row (additivityGap) and overall (relative).
 * Attributions are per player: pixels (channels summed) for images, columns or
 * given groups for tables.
 */
import { ApiError } from '../api/errors.ts';
import { gradientGenerated, predictAll, startProgress } from './batching.ts';
import { checkGroups, defaultGroups, sumByGroup, type FeatureGroups } from './feature-groups.ts';
import { MAX_GRADIENT_STEPS } from './limits.ts';
import { quadratureRule, QUADRATURES, type Quadrature } from './quadrature.ts';
import { resolveTargets } from './target.ts';
import type { DifferentiableModel, Explainer, LocalExplanation, RowAttribution } from './types.ts';

export type IntegratedGradientsSettings = {
  /** The reference input, one row; default all zeros (the mean row when inputs are standardised, black for images). */
  baseline?: Float32Array;
  steps?: number;
  quadrature?: Quadrature;
  groups?: FeatureGroups;
};

export function createIntegratedGradients(model: DifferentiableModel, settings: IntegratedGradientsSettings = {}): Explainer {
  const F = model.features;
  const steps = settings.steps ?? 50;
  const kind = settings.quadrature ?? 'gauss-legendre';
  const baseline = settings.baseline ?? new Float32Array(F);
  const groups = settings.groups ?? defaultGroups(model.inputShape, F);
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_GRADIENT_STEPS) throw new ApiError('invalid_argument', `steps must be 1..${MAX_GRADIENT_STEPS}, got ${steps}`);
  if (!QUADRATURES.includes(kind)) throw new ApiError('invalid_argument', `quadrature must be one of ${QUADRATURES.join(', ')}, got '${kind}'`);
  if (baseline.length !== F) throw new ApiError('invalid_argument', `the baseline has ${baseline.length} values; a row has ${F}`);
  checkGroups(groups, F);
  const rule = quadratureRule(kind, steps);
  return {
    method: 'integrated-gradients',
    async attribute(rows, options = {}): Promise<LocalExplanation> {
      const progress = startProgress(rows.n * (1 + steps) + 1, options);
      const { targets, predictions } = await resolveTargets(model, rows, options.target, progress);
      const baseOut = await predictAll(model, baseline, 1, progress);
      const integrated = new Float64Array(rows.n * F);
      await gradientGenerated(
        model,
        rows.n * steps,
        (buffer, rowTargets, start, count) => {
          for (let t = 0; t < count; t++) {
            const i = Math.floor((start + t) / steps);
            const alpha = rule.nodes[(start + t) % steps];
            rowTargets[t] = targets[i];
            for (let j = 0; j < F; j++) buffer[t * F + j] = baseline[j] + alpha * (rows.x[i * F + j] - baseline[j]);
          }
        },
        (grads, start, count) => {
          for (let t = 0; t < count; t++) {
            const i = Math.floor((start + t) / steps);
            const w = rule.weights[(start + t) % steps];
            for (let j = 0; j < F; j++) integrated[i * F + j] += w * grads[t * F + j];
          }
        },
        progress,
      );
      const out: RowAttribution[] = [];
      let worst = 0;
      let gapSum = 0;
      let changeSum = 0;
      for (let i = 0; i < rows.n; i++) {
        const perColumn = Float64Array.from({ length: F }, (_, j) => (rows.x[i * F + j] - baseline[j]) * integrated[i * F + j]);
        const base = baseOut[targets[i]];
        const sum = perColumn.reduce((a, b) => a + b, 0);
        const gap = predictions[i] - base - sum;
        const change = Math.abs(predictions[i] - base);
        if (change > 1e-12) worst = Math.max(worst, Math.abs(gap) / change);
        gapSum += Math.abs(gap);
        changeSum += change;
        out.push({ index: i, target: targets[i], prediction: predictions[i], base, attributions: Array.from(sumByGroup(perColumn, groups)), additivityGap: gap });
      }
      // Captum's convergence delta, relative to f(x) − f(b): above a few percent, more steps are needed. ReLU
      // networks are piecewise linear along the path, so their kinks converge more slowly than smooth ones.
      const details = { steps, quadrature: kind, completenessGap: changeSum > 0 ? gapSum / changeSum : 0, maxRelativeCompletenessGap: worst };
      return { method: 'integrated-gradients', players: groups.names, rows: out, details };
    },
  };
}
