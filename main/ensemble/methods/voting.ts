/**
 * Voting / averaging over members on one dataset and split: the weighted mean
 * of their probabilities (classification) or predictions (regression), with
 * equal weights unless given. The model is that average; with `voting: 'hard'`
 * the weighted majority vote's metrics are reported beside it (a vote is not a
 * differentiable graph of standard layers, so it is not what exports).
 */
import { ApiError } from '../../api/errors.ts';
import { scorePredictions } from '../../train/evaluate.ts';
import type { EnsembleMethod } from '../index.ts';
import { averageCombiner } from '../merge.ts';
import { hardVote } from '../math/voting.ts';
import { normaliseWeights } from '../math/weights.ts';
import type { EnsembleReport } from '../types.ts';
import { baseMembers, labelsOf, predictSet, weighted } from './common.ts';

export type VotingOptions = { members?: number; weights?: number[]; voting?: 'soft' | 'hard' };

export const voting: EnsembleMethod<VotingOptions> = {
  name: 'voting',
  sources: ['runs', 'dataset'],
  planned: (o, candidates) => (candidates > 0 ? 0 : (o.members ?? 0)),
  async build(ctx, options) {
    const runIds = await baseMembers(ctx, options.members);
    if (options.weights && options.weights.length !== runIds.length) {
      throw new ApiError('invalid_argument', `${options.weights.length} weights for ${runIds.length} members; give one weight per member`);
    }
    const weights = normaliseWeights(options.weights, runIds.length);
    const report: EnsembleReport = {};
    if (options.voting === 'hard' && ctx.task === 'classification') {
      report.hardVote = {};
      for (const part of ['val', 'test'] as const) {
        const rows = ctx.split[part];
        if (rows.length === 0) continue;
        const votes = hardVote(await predictSet(ctx, runIds, rows), weights);
        // One-hot votes: the metrics of the vote itself (its log loss is that of a certain classifier).
        const oneHot = new Float32Array(rows.length * ctx.outputs);
        votes.forEach((c, i) => (oneHot[i * ctx.outputs + c] = 1));
        const { loss: _loss, ...metrics } = scorePredictions(oneHot, ctx.outputs, labelsOf(ctx, rows), 'classification', ctx.outputs).metrics;
        report.hardVote[part] = metrics;
      }
    }
    return { members: weighted(runIds, weights), combiner: averageCombiner(weights, runIds.length), report };
  },
};
