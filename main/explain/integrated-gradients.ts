/**
 * Integrated Gradients (Sundararajan et al. 2017):
 *   φ_j = (x_j − b_j) · ∫₀¹ ∂f/∂x_j (b + α(x − b)) dα,
 * integrated by a quadrature rule over one fixed baseline (path-gradients.ts),
 * every row × step evaluated in a few large gradient calls. Completeness (Σφ = f(x) − f(b)) holds up to the integration
 * error, which is reported per row (additivityGap) and overall (relative).
 * Attributions are per player: pixels (channels summed) for images, columns or
 * given groups for tables.
 */
import { ApiError } from '../api/errors.ts';
import { predictAll, startProgress } from './batching.ts';
import { checkGroups, defaultGroups, type FeatureGroups } from './feature-groups.ts';
import { MAX_GRADIENT_STEPS } from '../limits.ts';
import { integratePaths, pathRows } from './path-gradients.ts';
import { quadratureRule, QUADRATURES, type Quadrature } from './quadrature.ts';
import { resolveTargets } from './target.ts';
import type { DifferentiableModel, Explainer, LocalExplanation } from './types.ts';

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
      const phi = await integratePaths(model, rows.n, steps, targets, (i, k, start, end) => {
        start.set(baseline);
        end.set(rows.x.subarray(i * F, (i + 1) * F));
        return { alpha: rule.nodes[k], weight: rule.weights[k] };
      }, progress);
      // Captum's convergence delta, relative to f(x) − f(b): above a few percent, more steps are needed. ReLU
      // networks are piecewise linear along the path, so their kinks converge more slowly than smooth ones.
      const { rows: out, ...gaps } = pathRows(phi, F, groups, targets, predictions, (i) => baseOut[targets[i]]);
      return { method: 'integrated-gradients', players: groups.names, rows: out, details: { steps, quadrature: kind, ...gaps } };
    },
  };
}
