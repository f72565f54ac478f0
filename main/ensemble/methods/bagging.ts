/**
 * Bagging (math/bagging.ts): N members trained in parallel, each on its own
 * seeded bootstrap of the training rows and, optionally, a random subset of
 * the features (tabular data); equal weights. The out-of-bag estimate scores
 * every training row with the members that never drew it.
 */
import { ApiError } from '../../api/errors.ts';
import { rowSize } from '../../train/batches.ts';
import type { EnsembleMethod } from '../index.ts';
import { averageCombiner } from '../merge.ts';
import { bootstrap, featureSubset, outOfBagScore } from '../math/bagging.ts';
import { memberSeed, labelsOf, predictSet } from './common.ts';

export type BaggingOptions = { members?: number; bootstrapFraction?: number; featureFraction?: number };

export const bagging: EnsembleMethod<BaggingOptions> = {
  name: 'bagging',
  sources: ['dataset'],
  planned: (o) => o.members ?? 0,
  async build(ctx, options) {
    const n = options.members ?? 0;
    if (n < 2) throw new ApiError('invalid_argument', `bagging needs at least 2 members, got ${n}`);
    const subsets = options.featureFraction !== undefined && options.featureFraction < 1;
    if (subsets && ctx.inputShape.length === 3) throw new ApiError('invalid_argument', 'random feature subsets apply to tabular data, not to images; leave featureFraction at 1');
    const plans = Array.from({ length: n }, (_, slot) => ({
      slot,
      draw: bootstrap(ctx.split.train, ctx.seed, slot, options.bootstrapFraction ?? 1),
      mask: subsets ? featureSubset(rowSize(ctx.inputShape), ctx.seed, slot, options.featureFraction as number) : undefined,
    }));
    const runIds = await Promise.all(
      plans.map((p) => ctx.trainMember({ slot: p.slot, rows: p.draw.rows, featureMask: p.mask, seed: memberSeed(ctx.seed, p.slot), role: 'member' })),
    );
    const metric = ctx.task === 'classification' ? 'accuracy' : 'mse';
    ctx.progress('out-of-bag estimate');
    const oob = outOfBagScore(await predictSet(ctx, runIds, ctx.split.train), plans.map((p) => p.draw.outOfBag), labelsOf(ctx, ctx.split.train), metric);
    const weight = 1 / n;
    return {
      members: plans.map((p, i) => ({ runId: runIds[i], position: p.slot, weight, role: 'member' as const, featureMask: p.mask })),
      combiner: averageCombiner(undefined, n),
      report: { outOfBag: { metric, value: oob.value, loss: oob.loss, coveredRows: oob.coveredRows } },
    };
  },
};
