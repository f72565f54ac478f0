/**
 * Boosting: members trained one after another, each on what the previous
 * ones got wrong.
 * - Classification: AdaBoost in its multi-class SAMME form (math/adaboost.ts).
 *   Each member trains with the current sample weights in its loss; its
 *   weighted training error gives its weight α and the next sample weights.
 *   The model averages the members' probabilities with weights α (what a graph
 *   of standard layers computes, so the export predicts exactly this), not
 *   SAMME's α-weighted hard vote.
 * - Regression: gradient boosting with squared loss (math/gradient-boosting.ts).
 *   Each stage trains on the residuals y − F of the stages before it; F grows
 *   by shrinkage·h; the validation MSE stops it (patience) and the best number
 *   of stages is kept (at least 2: an ensemble combines members), with the
 *   training mean as the bias.
 * A resumed job replays the stages it finished (the same runs, the same
 * predictions), so the weights and residuals come out the same.
 */
import { ApiError } from '../../api/errors.ts';
import { argmaxRows } from '../../train/metrics.ts';
import type { EnsembleContext, EnsembleMember, EnsembleMethod } from '../index.ts';
import { averageCombiner } from '../merge.ts';
import { initialSampleWeights, sammeStage, trainerSampleWeights } from '../math/adaboost.ts';
import { addStage, checkShrinkage, initialPrediction, residuals, startBoosting, updateBoosting } from '../math/gradient-boosting.ts';
import { gatherRows } from '../../train/batches.ts';
import type { EnsembleReport } from '../types.ts';
import { labelsOf, memberSeed } from './common.ts';

export type BoostingOptions = { members?: number; learningRate?: number; patience?: number };

/** Gradient boosting's default shrinkage: small networks already fit much of the residual in one stage. */
export const DEFAULT_SHRINKAGE = 0.3;

export const boosting: EnsembleMethod<BoostingOptions> = {
  name: 'boosting',
  sources: ['dataset'],
  planned: (o) => o.members ?? 0,
  async build(ctx, options) {
    const n = options.members ?? 0;
    if (n < 2) throw new ApiError('invalid_argument', `boosting needs at least 2 members, got ${n}`);
    return ctx.task === 'classification' ? adaBoost(ctx, n, options.learningRate ?? 1) : gradientBoost(ctx, n, options.learningRate ?? DEFAULT_SHRINKAGE, options.patience ?? 3);
  },
};

async function adaBoost(ctx: EnsembleContext, n: number, learningRate: number) {
  const rows = ctx.split.train;
  const labels = labelsOf(ctx, rows);
  let weights = initialSampleWeights(rows.length);
  const members: EnsembleMember[] = [];
  const stages: NonNullable<EnsembleReport['stages']> = [];
  for (let stage = 0; stage < n; stage++) {
    const runId = await ctx.trainMember({ slot: stage, rows, sampleWeights: trainerSampleWeights(weights), seed: memberSeed(ctx.seed, stage), role: 'member', stage });
    const predicted = argmaxRows(await ctx.predict(runId, rows), ctx.outputs);
    const s = sammeStage(weights, predicted, labels, ctx.outputs, learningRate);
    members.push({ runId, position: stage, weight: s.alpha, role: 'member', stage });
    stages.push({ stage, error: s.error, alpha: s.alpha, stop: s.stop });
    ctx.progress(`stage ${stage + 1}: weighted training error ${s.error.toFixed(4)}, α ${s.alpha.toFixed(3)}${s.stop ? ` (${s.stop.replace(/_/g, ' ')}: boosting stops)` : ''}`);
    if (s.stop) break;
    weights = s.sampleWeights;
  }
  const alphas = members.map((m) => m.weight);
  const kept = alphas.filter((a) => a > 0).length;
  if (kept === 0) {
    throw new ApiError('invalid_argument', 'the first AdaBoost member is no better than chance on the training rows; train it longer or use bagging');
  }
  // A member with no training error leaves nothing to emphasise: SAMME (and scikit-learn) stop there, keeping what they have.
  const stop = stages.at(-1)?.stop;
  const why = stop === 'perfect' ? 'fit the training rows perfectly' : 'was no better than chance';
  const notes = kept === 1 ? [`stage ${stages.length} ${why}, so boosting stopped with one member; a weaker member model (fewer epochs or units) lets it combine several`] : [];
  const combiner = averageCombiner(alphas, alphas.length);
  const normalised = combiner.kind === 'linear' ? combiner.weights : alphas;
  members.forEach((m, i) => (m.weight = normalised[i]));
  return { members, combiner, report: { metric: 'weighted training error', stages, notes } };
}

async function gradientBoost(ctx: EnsembleContext, n: number, shrinkage: number, patience: number) {
  checkShrinkage(shrinkage);
  // Every dataset row's current prediction F, ctx.labelWidth values per row (a forecast's horizon steps).
  const width = ctx.labelWidth;
  const all = Int32Array.from({ length: ctx.labels.length / width }, (_, i) => i);
  const init = initialPrediction(labelsOf(ctx, ctx.split.train));
  const valLabels = labelsOf(ctx, ctx.split.val);
  let f: Float64Array = new Float64Array(ctx.labels.length).fill(init);
  let tracker = startBoosting(valLabels, init, patience);
  const members: EnsembleMember[] = [];
  const stages: NonNullable<EnsembleReport['stages']> = [];
  for (let stage = 0; stage < n; stage++) {
    const targets = residuals(ctx.labels, f);
    const runId = await ctx.trainMember({ slot: stage, rows: ctx.split.train, targets, seed: memberSeed(ctx.seed, stage), role: 'stage', stage });
    f = addStage(f, await ctx.predict(runId, all), shrinkage);
    const update = updateBoosting(tracker, stage + 1, valLabels, gatherRows(f, width, ctx.split.val, 0, ctx.split.val.length));
    tracker = update.next;
    members.push({ runId, position: stage, weight: shrinkage, role: 'stage', stage });
    stages.push({ stage, valMse: update.mse, stop: update.stop ? 'no better validation MSE' : null });
    ctx.progress(`stage ${stage + 1}: validation MSE ${update.mse.toPrecision(4)}`);
    if (update.stop) break;
  }
  if (members.length < 2) throw new ApiError('invalid_argument', 'gradient boosting trained fewer than 2 stages; raise members');
  const keep = Math.max(2, tracker.bestStages);
  members.forEach((m, i) => (m.weight = i < keep ? shrinkage : 0));
  const notes = tracker.bestStages < 2 ? [`the validation MSE was best after ${tracker.bestStages} stage(s); 2 are kept, the fewest an ensemble combines`] : [];
  return {
    members,
    combiner: { kind: 'linear' as const, weights: members.slice(0, keep).map(() => shrinkage), bias: new Array<number>(width).fill(init) },
    report: { metric: 'mse', stages, notes, prefix: keep },
  };
}
