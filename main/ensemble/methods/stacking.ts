/**
 * Stacking without leakage (math/stacking.ts): the training rows are cut into
 * k folds (stratified for classification); for every base member m and fold
 * f, a copy of m trains on the other folds and predicts fold f. These
 * out-of-fold predictions are the only thing the meta-learner (logistic,
 * linear or a small MLP) learns from, so it never sees a prediction made by a
 * model that trained on that row. The exported model combines the final base
 * members (trained on all training rows; over existing runs, the runs
 * themselves) with the meta-model. Fold models are kept, with weight 0, for
 * audit (their rows.json says what each trained on).
 */
import { ApiError } from '../../api/errors.ts';
import type { EnsembleMember, EnsembleMethod } from '../index.ts';
import { stratifiedFolds, kFolds } from '../math/folds.ts';
import { logisticMetaLearner } from '../math/logistic.ts';
import { metaFeatures, type MetaKind, type MetaLearner } from '../math/meta.ts';
import { ridgeMetaLearner } from '../math/ridge.ts';
import { outOfFoldPredictions } from '../math/stacking.ts';
import { mlpMetaLearner } from '../meta-mlp.ts';
import { labelsOf, memberSeed } from './common.ts';

export type StackingOptions = { members?: number; folds?: number; meta?: MetaKind };

const DEFAULT_FOLDS = 5;

function metaLearner(kind: MetaKind, seed: number): MetaLearner {
  if (kind === 'logistic') return logisticMetaLearner();
  if (kind === 'linear') return ridgeMetaLearner();
  return mlpMetaLearner({ seed });
}

export const stacking: EnsembleMethod<StackingOptions> = {
  name: 'stacking',
  sources: ['runs', 'dataset'],
  planned: (o, candidates) => {
    const base = candidates > 0 ? candidates : (o.members ?? 0);
    return base * (o.folds ?? DEFAULT_FOLDS) + (candidates > 0 ? 0 : base);
  },
  async build(ctx, options) {
    const fromRuns = ctx.candidates.length > 0;
    const base = fromRuns ? ctx.candidates.length : (options.members ?? 0);
    if (base < 2) throw new ApiError('invalid_argument', `stacking needs at least 2 base members, got ${base}`);
    const k = options.folds ?? DEFAULT_FOLDS;
    const kind = options.meta ?? (ctx.task === 'classification' ? 'logistic' : 'linear');
    const train = ctx.split.train;
    const labels = labelsOf(ctx, train);
    const folds = ctx.task === 'classification' ? stratifiedFolds(labels, k, ctx.seed, ctx.classNames) : kFolds(train.length, k, ctx.seed);
    const foldSlot = (m: number, f: number) => base + m * k + f;
    const foldRuns: string[][] = Array.from({ length: base }, () => []);

    // The final members train alongside the fold models (the pool runs them in parallel).
    const finals = fromRuns
      ? Promise.resolve([...ctx.candidates])
      : Promise.all(Array.from({ length: base }, (_, m) => ctx.trainMember({ slot: m, rows: train, seed: memberSeed(ctx.seed, m), role: 'final' })));
    const oof = await outOfFoldPredictions(base, folds, ctx.outputs, async (m, f, trainPositions, holdout) => {
      const runId = await ctx.trainMember({
        slot: foldSlot(m, f), rows: trainPositions.map((p) => train[p]), seed: memberSeed(ctx.seed, foldSlot(m, f)),
        ...(fromRuns ? { like: m } : {}), role: 'fold', fold: f,
      });
      foldRuns[m][f] = runId;
      return ctx.predict(runId, holdout.map((p) => train[p]));
    });
    const finalRuns = await finals;
    ctx.progress(`fitting the ${kind} meta-learner on ${train.length} out-of-fold rows`);
    const model = await metaLearner(kind, ctx.seed).fit({
      features: metaFeatures(oof.values, base, oof.rows, ctx.outputs), rows: oof.rows, cols: base * ctx.outputs, targets: labels, task: ctx.task, outputs: ctx.outputs,
    });
    const members: EnsembleMember[] = [
      ...finalRuns.map((runId, m) => ({ runId, position: m, weight: 1 / base, role: 'final' as const })),
      ...foldRuns.flatMap((runs, m) => runs.map((runId, f) => ({ runId, position: foldSlot(m, f), weight: 0, role: 'fold' as const, fold: f }))),
    ];
    return { members, combiner: { kind: 'meta' as const, model }, report: { metric: kind, folds: Array.from(folds) } };
  },
};
