/**
 * Greedy ensemble selection (Caruana, Niculescu-Mizil, Crew & Ksikes, 2004;
 * AutoGluon's ensemble_selection.py): forward selection with replacement on
 * validation predictions. Each round adds the member whose addition gives the
 * lowest validation loss of the averaged ensemble; a member may be added many
 * times, so the counts become integer weights.
 *
 * Guarantee (by construction): the first addition is the best single member
 * (also with top-k initialisation, which adds the k best in order), the result
 * is the best prefix of the path, and a final check against the best single
 * member, recomputed with the combiner that will serve the ensemble
 * (averagePredictions), returns that member alone if rounding ever made the
 * prefix look better than it is. So the validation metric of the result is
 * never worse than the best member's.
 *
 * Bagged selection (Caruana et al., section 2.3): several selections, each on a
 * seeded random subset of the members, with their weights averaged; it keeps
 * the selection from fitting the validation set too closely. The same final
 * check applies.
 *
 * Ties between candidates go to the lowest member index: no randomness outside
 * the seeded bags.
 */
import { ApiError } from '../../api/errors.ts';
import { SELECTION_MAX_BAGS, SELECTION_MAX_SIZE } from '../../limits.ts';
import { createRng, deriveSeed } from '../../util/rng.ts';
import { checkIntOption } from './options.ts';
import { checkMetricOutputs, metricLabelWidth, metricLoss, metricValue, type EnsembleMetric } from './scores.ts';
import { checkPredictions, memberBlock, type PredictionSet } from './predictions.ts';
import { averagePredictions } from './voting.ts';


export type SelectionOptions = {
  metric: EnsembleMetric;
  /** Total additions, the top-k initialisation included (default 25). */
  size?: number;
  /** Start with the k best members, once each (default 1: plain forward selection). */
  initTopK?: number;
  /** Bagged selection: number of selections on random member subsets (default 0: off). */
  bags?: number;
  /** Fraction of the members each bag may choose from (default 0.5, at least one member). */
  bagFraction?: number;
  seed?: number;
};

export type SelectionStep = { member: number; loss: number; value: number };

export type SelectionResult = {
  /** Non-negative, sum to 1, one per member. */
  weights: Float64Array;
  /** Loss and metric value of the returned ensemble on the validation rows. */
  loss: number;
  value: number;
  /** The plain forward selection over all members: the metric after each addition (what the UI plots). */
  path: SelectionStep[];
  /** How many additions of `path` the unbagged result keeps (its best prefix). */
  prefix: number;
  /** The best single member. */
  best: SelectionStep;
  /** Each bag's members and selection, when bagged. */
  bags: { members: number[]; path: SelectionStep[]; prefix: number }[];
};

type Greedy = { counts: Float64Array; path: SelectionStep[]; prefix: number };

export function selectEnsemble(set: PredictionSet, labels: ArrayLike<number>, options: SelectionOptions): SelectionResult {
  checkPredictions(set, labels, metricLabelWidth(options.metric, set.outputs));
  const size = options.size ?? 25;
  const initTopK = options.initTopK ?? 1;
  const bags = options.bags ?? 0;
  const bagFraction = options.bagFraction ?? 0.5;
  checkIntOption('selection size', size, 1, SELECTION_MAX_SIZE);
  checkIntOption('selection initTopK', initTopK, 1, Math.min(size, set.members));
  checkIntOption('selection bags', bags, 0, SELECTION_MAX_BAGS);
  if (!(bagFraction > 0 && bagFraction <= 1)) throw new ApiError('invalid_argument', `bagFraction must be in (0, 1], got ${bagFraction}`);

  const { metric } = options;
  checkMetricOutputs(metric, set.outputs);
  const lossOf = (pred: ArrayLike<number>) => metricLoss(metric, pred, set.outputs, labels);
  const singles = Array.from({ length: set.members }, (_, m) => lossOf(memberBlock(set, m)));
  const bestMember = argmin(singles);
  const best = step(metric, bestMember, singles[bestMember]);

  const all = Array.from({ length: set.members }, (_, m) => m);
  const plain = greedy(set, singles, all, size, initTopK, lossOf, metric);
  let weights = normalisedCounts(plain.counts);
  const bagResults: SelectionResult['bags'] = [];
  if (bags > 0) {
    const perBag = Math.max(1, Math.round(bagFraction * set.members));
    weights = new Float64Array(set.members);
    for (let b = 0; b < bags; b++) {
      const members = createRng(deriveSeed(options.seed ?? 0, `selection-bag:${b}`)).shuffle(all.slice()).slice(0, perBag) as number[];
      members.sort((a, c) => a - c);
      const g = greedy(set, singles, members, size, Math.min(initTopK, members.length), lossOf, metric);
      const w = normalisedCounts(g.counts);
      for (let m = 0; m < set.members; m++) weights[m] += w[m] / bags;
      bagResults.push({ members, path: g.path, prefix: g.prefix });
    }
  }

  // The final check, with the combiner that will serve the ensemble.
  let loss = lossOf(averagePredictions(set, weights));
  if (!(loss <= best.loss)) {
    weights = new Float64Array(set.members);
    weights[bestMember] = 1;
    loss = best.loss;
  }
  return { weights, loss, value: metricValue(metric, loss), path: plain.path, prefix: plain.prefix, best, bags: bagResults };
}

function greedy(
  set: PredictionSet,
  singles: number[],
  candidates: number[],
  size: number,
  initTopK: number,
  lossOf: (pred: ArrayLike<number>) => number,
  metric: EnsembleMetric,
): Greedy {
  const n = set.rows * set.outputs;
  const sum = new Float64Array(n);
  const trial = new Float64Array(n);
  const counts = new Float64Array(set.members);
  const path: SelectionStep[] = [];
  const add = (m: number, loss: number) => {
    const block = memberBlock(set, m);
    for (let i = 0; i < n; i++) sum[i] += block[i];
    counts[m]++;
    path.push(step(metric, m, loss));
  };
  // Stable by loss, then index: the same top-k on every run.
  const ranked = candidates.slice().sort((a, b) => singles[a] - singles[b] || a - b);
  for (let i = 0; i < initTopK; i++) {
    const m = ranked[i];
    const k = path.length + 1;
    const block = memberBlock(set, m);
    for (let j = 0; j < n; j++) trial[j] = (sum[j] + block[j]) / k;
    add(m, lossOf(trial));
  }
  while (path.length < size) {
    const k = path.length + 1;
    let chosen = -1;
    let chosenLoss = Infinity;
    for (const m of candidates) {
      const block = memberBlock(set, m);
      for (let j = 0; j < n; j++) trial[j] = (sum[j] + block[j]) / k;
      const loss = lossOf(trial);
      if (loss < chosenLoss) {
        chosen = m;
        chosenLoss = loss;
      }
    }
    // Every candidate's loss is NaN only if the predictions are; checkPredictions refuses those.
    add(chosen, chosenLoss);
  }
  const prefix = argmin(path.map((s) => s.loss)) + 1;
  const prefixCounts = new Float64Array(set.members);
  for (let i = 0; i < prefix; i++) prefixCounts[path[i].member]++;
  return { counts: prefixCounts, path, prefix };
}

function step(metric: EnsembleMetric, member: number, loss: number): SelectionStep {
  return { member, loss, value: metricValue(metric, loss) };
}

function normalisedCounts(counts: Float64Array): Float64Array {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => c / total);
}

/** Index of the first smallest value. */
function argmin(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
  return best;
}
