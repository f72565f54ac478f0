/**
 * Greedy ensemble selection (Caruana et al., 2004; math/selection.ts) over
 * existing runs (a study's trials) or members trained for it: forward
 * selection with replacement on the validation predictions, optionally
 * initialised with the top k and bagged. Weights are the selection counts;
 * members never chosen stay in the ensemble's record with weight 0.
 */
import type { EnsembleMethod } from '../index.ts';
import { averageCombiner } from '../merge.ts';
import { selectEnsemble } from '../math/selection.ts';
import type { EnsembleMetric } from '../math/scores.ts';
import { baseMembers, defaultMetric, labelsOf, predictSet, weighted } from './common.ts';

export type SelectionOptions = {
  members?: number; metric?: EnsembleMetric; size?: number; initTopK?: number; bags?: number; bagFraction?: number;
};

export const selection: EnsembleMethod<SelectionOptions> = {
  name: 'selection',
  sources: ['runs', 'dataset'],
  planned: (o, candidates) => (candidates > 0 ? 0 : (o.members ?? 0)),
  async build(ctx, options) {
    const runIds = await baseMembers(ctx, options.members);
    const metric = options.metric ?? defaultMetric(ctx.task);
    const set = await predictSet(ctx, runIds, ctx.split.val);
    ctx.progress(`selecting from ${runIds.length} members on ${set.rows} validation rows (${metric})`);
    const result = selectEnsemble(set, labelsOf(ctx, ctx.split.val), {
      metric, size: options.size, initTopK: options.initTopK, bags: options.bags, bagFraction: options.bagFraction, seed: ctx.seed,
    });
    const step = (s: { member: number; loss: number; value: number }) => ({ position: s.member, loss: s.loss, value: s.value });
    return {
      members: weighted(runIds, result.weights),
      combiner: averageCombiner(result.weights, runIds.length),
      report: { metric, path: result.path.map(step), prefix: result.prefix, best: step(result.best) },
    };
  },
};
