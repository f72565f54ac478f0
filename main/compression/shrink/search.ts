/**
 * The shrink search's policy, as a pure function of what has been measured so
 * far, so a resumed experiment makes exactly the decisions the first process
 * would have made (the steps stored in SQLite are the whole state).
 *
 * Greedy, aiming at a 4x reduction per accepted step: from the current model
 * (the baseline, then the smallest accepted candidate) propose smaller variants
 * and train the untried one whose size is closest (on a log scale) to a quarter
 * of the current model's. A candidate is accepted when its validation metric
 * stays within the tolerance of the baseline's; the smallest accepted one becomes
 * the current model and proposals start from it. The search ends when every
 * variant of the current model was tried or the step budget is spent.
 * Why a quarter: trying the smallest variant first spends most of a small budget
 * on hopeless tiny models, trying the largest first shrinks by a few percent per
 * training; a constant ratio halves the distance to the goal in few trainings
 * and, when it fails, the next-closest ratios (1/2, 1/8, ...) come next.
 */
import type { ModelSpec } from '../../api/schemas.ts';
import { proposeVariants, specKey, type Variant } from './variants.ts';

/** The reduction each step aims for (see above). */
export const STEP_RATIO = 0.25;

export type Tried = { spec: ModelSpec; params: number; metric: number | null };
export type SearchState = {
  baseline: { spec: ModelSpec; params: number; metric: number };
  tolerance: number;
  higherIsBetter: boolean;
  maxCandidates: number;
  inputShape: number[];
  outputUnits: number;
  /** Candidates already trained, in order (metric null = the run failed). */
  tried: Tried[];
};

export function withinTolerance(state: Pick<SearchState, 'baseline' | 'tolerance' | 'higherIsBetter'>, metric: number | null): boolean {
  if (metric === null || !Number.isFinite(metric)) return false;
  const loss = state.higherIsBetter ? state.baseline.metric - metric : metric - state.baseline.metric;
  return loss <= state.tolerance + 1e-12;
}

/** The smallest accepted model so far (the baseline when none). */
export function currentBest(state: SearchState): { spec: ModelSpec; params: number; metric: number; index: number } {
  let best = { ...state.baseline, index: -1 };
  state.tried.forEach((t, index) => {
    if (withinTolerance(state, t.metric) && t.params < best.params) best = { spec: t.spec, params: t.params, metric: t.metric as number, index };
  });
  return best;
}

export function nextCandidate(state: SearchState): Variant | null {
  if (state.tried.length >= state.maxCandidates) return null;
  const tried = new Set(state.tried.map((t) => specKey(t.spec)));
  const current = currentBest(state);
  const distance = (params: number) => Math.abs(Math.log(params / current.params) - Math.log(STEP_RATIO));
  const untried = proposeVariants(current.spec, state.inputShape, state.outputUnits).filter((v) => !tried.has(specKey(v.spec)));
  // Stable sort: equally distant variants keep the smaller-first order of proposeVariants.
  return untried.sort((a, b) => distance(a.params) - distance(b.params))[0] ?? null;
}
