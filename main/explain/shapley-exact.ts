/**
 * Exact Shapley values, interventional (absent features take background
 * values): every one of the 2^M coalitions is evaluated over the weighted
 * background. The reference the approximations are tested against (shap's
 * explainers/_exact.py plays that part there). Up to MAX_EXACT_PLAYERS players.
 */
import { ApiError } from '../api/errors.ts';
import { startProgress } from './batching.ts';
import { coalitionValues } from './coalition-values.ts';
import { singletonGroups, type FeatureGroups } from './feature-groups.ts';
import type { Background } from './kmeans.ts';
import { MAX_EXACT_PLAYERS } from '../limits.ts';
import { backgroundMasker } from './maskers.ts';
import { allCoalitions, shapleyFromValues } from './shapley.ts';
import { resolveTargets } from './target.ts';
import type { Explainer, LocalExplanation, ModelFn, RowAttribution } from './types.ts';

export type ExactShapleySettings = { background: Background; groups?: FeatureGroups };

export function checkExactPlayers(players: number): void {
  if (players > MAX_EXACT_PLAYERS) {
    throw new ApiError(
      'invalid_argument',
      `exact Shapley values need all 2^${players} coalitions for ${players} features; the limit is ${MAX_EXACT_PLAYERS} features. ` +
        'Use KernelSHAP (method kernel-shap), which converges to the same values from sampled coalitions.',
      { players, limit: MAX_EXACT_PLAYERS },
    );
  }
}

export function createExactShapley(model: ModelFn, settings: ExactShapleySettings): Explainer {
  const groups = settings.groups ?? singletonGroups(model.features);
  const masker = backgroundMasker(settings.background, groups, model.features);
  const M = masker.players;
  checkExactPlayers(M);
  const masks = allCoalitions(M);
  const count = 2 ** M;
  return {
    method: 'exact-shapley',
    async attribute(rows, options = {}): Promise<LocalExplanation> {
      const progress = startProgress(rows.n * (1 + count * masker.expansions), options);
      const { targets, predictions } = await resolveTargets(model, rows, options.target, progress);
      const out: RowAttribution[] = [];
      for (let i = 0; i < rows.n; i++) {
        const row = rows.x.subarray(i * model.features, (i + 1) * model.features);
        const values = await coalitionValues(model, masker, row, targets[i], masks, count, progress);
        const phi = shapleyFromValues(M, values);
        const base = values[0];
        // v(N) is f(x) itself (every feature present), so the efficiency axiom makes the gap rounding only.
        const sum = phi.reduce((a, b) => a + b, 0);
        out.push({ index: i, target: targets[i], prediction: predictions[i], base, attributions: Array.from(phi), additivityGap: predictions[i] - base - sum });
      }
      return { method: 'exact-shapley', players: groups.names, rows: out, details: { coalitions: count, background: masker.expansions } };
    },
  };
}
