import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prunerContract, curveTrial } from './pruner-contract.ts';
import { freezeTrial } from './fixtures.ts';
import { MedianPruner } from '../../../main/tuner/pruners/median.ts';
import { PercentilePruner, percentileOf } from '../../../main/tuner/pruners/percentile.ts';
import { SuccessiveHalvingPruner, decisionRung } from '../../../main/tuner/pruners/successive-halving.ts';
import { HyperbandPruner, bracketOf, bracketWeights } from '../../../main/tuner/pruners/hyperband.ts';
import { NopPruner } from '../../../main/tuner/pruners/nop.ts';
import { createPruner } from '../../../main/tuner/pruners/index.ts';
import type { FrozenTrial } from '../../../main/tuner/types.ts';

prunerContract('nop', () => new NopPruner(), { prunesBadTrials: false });
prunerContract('median', () => new MedianPruner(), { prunesBadTrials: true });
prunerContract('percentile 25', () => new PercentilePruner({ percentile: 25 }), { prunesBadTrials: true });
prunerContract('successive-halving', () => new SuccessiveHalvingPruner(), { prunesBadTrials: true });
prunerContract('hyperband', () => new HyperbandPruner({ maxResource: 27 }), { prunesBadTrials: true });

const trial = (number: number, state: FrozenTrial['state'], intermediate: Record<number, number>): FrozenTrial =>
  freezeTrial({ number, state, params: {}, values: state === 'complete' ? [0] : undefined, intermediate });

test('percentile interpolates linearly', () => {
  assert.equal(percentileOf([4, 1, 3, 2], 50), 2.5);
  assert.equal(percentileOf([1, 2, 3, 4, 5], 25), 2);
  assert.equal(percentileOf([1, Infinity], 0), 1);
});

test('median pruner on a hand-made history', () => {
  // Complete trials' best-so-far at step 2: 1, 2, 3, 4, 5 → median 3.
  const h = [1, 2, 3, 4, 5].map((v, i) => trial(i, 'complete', { 1: v + 10, 2: v, 3: v - 0.5 }));
  const p = new MedianPruner({ nStartupTrials: 5 });
  assert.equal(p.prune(h, trial(9, 'running', { 1: 20, 2: 3.5 }), ['minimize']), true);
  assert.equal(p.prune(h, trial(9, 'running', { 1: 20, 2: 2.9 }), ['minimize']), false);
  // The trial's best so far counts, not its latest report: 2.0 at step 1 beats the median 3.
  assert.equal(p.prune(h, trial(9, 'running', { 1: 2, 2: 3.5 }), ['minimize']), false);
  // Maximising: the others' best so far at step 2 are their step-1 values 11..15, median 13.
  assert.equal(p.prune(h, trial(9, 'running', { 1: 12.5, 2: 3.5 }), ['maximize']), true);
  assert.equal(p.prune(h, trial(9, 'running', { 1: 13.5, 2: 3.5 }), ['maximize']), false);
  // Too few complete trials: no pruning yet.
  assert.equal(new MedianPruner({ nStartupTrials: 6 }).prune(h, trial(9, 'running', { 2: 100 }), ['minimize']), false);
  // Warm-up steps and NaN.
  assert.equal(new MedianPruner({ nWarmupSteps: 3 }).prune(h, trial(9, 'running', { 2: 100 }), ['minimize']), false);
  assert.equal(p.prune(h, trial(9, 'running', { 2: Number.NaN }), ['minimize']), true);
});

test('multi-objective rule: pruners judge the first objective in its own direction', () => {
  const h = [1, 2, 3, 4, 5].map((v, i) => trial(i, 'complete', { 1: v }));
  const p = new MedianPruner();
  // First objective maximised (e.g. accuracy), second minimised (size): high intermediate values are good.
  assert.equal(p.prune(h, trial(9, 'running', { 1: 4.5 }), ['maximize', 'minimize']), false);
  assert.equal(p.prune(h, trial(9, 'running', { 1: 1.5 }), ['maximize', 'minimize']), true);
  assert.equal(p.prune(h, trial(9, 'running', { 1: 1.5 }), ['minimize', 'maximize']), false);
});

test('ASHA: rungs at minResource·η^k, decided once, top 1/η promoted', () => {
  const o = { minResource: 1, reductionFactor: 3, minEarlyStoppingRate: 0, maxResource: Infinity, bootstrapCount: 0 };
  assert.equal(decisionRung(trial(0, 'running', { 1: 1 }), o), 0);
  assert.equal(decisionRung(trial(0, 'running', { 1: 1, 2: 1 }), o), undefined); // between rungs
  assert.equal(decisionRung(trial(0, 'running', { 1: 1, 2: 1, 3: 1 }), o), 1);
  assert.equal(decisionRung(trial(0, 'running', { 1: 1, 10: 1 }), o), 2); // jumped over rungs 3 and 9: the highest decides
  const p = new SuccessiveHalvingPruner();
  // Six trials reached rung 0 (step 1) with losses 1..6; a newcomer is the 7th: ⌊7/3⌋ = 2 promoted.
  const h = [1, 2, 3, 4, 5, 6].map((v, i) => trial(i, i < 3 ? 'running' : 'pruned', { 1: v }));
  assert.equal(p.prune(h, trial(9, 'running', { 1: 1.5 }), ['minimize']), false); // 2nd best → promoted
  assert.equal(p.prune(h, trial(9, 'running', { 1: 2.5 }), ['minimize']), true); // 3rd → pruned
  assert.equal(p.prune(h, trial(9, 'running', { 1: 2 }), ['minimize']), true); // ties go to the older trial
  // The very first trial at a rung is alone and never waits: promoted.
  assert.equal(p.prune([], trial(0, 'running', { 1: 100 }), ['minimize']), false);
  // Between rungs there is nothing to decide, however bad the value.
  assert.equal(p.prune(h, trial(9, 'running', { 1: 1, 2: 100 }), ['minimize']), false);
  // At rung 1 (step 3) only trials that got there compete: here one other, with loss 0.5.
  const h3 = [...h, trial(7, 'complete', { 1: 0.9, 3: 0.5 })];
  assert.equal(p.prune(h3, trial(9, 'running', { 1: 1, 2: 1, 3: 0.7 }), ['minimize']), true);
  assert.equal(p.prune(h3, trial(9, 'running', { 1: 1, 2: 1, 3: 0.4 }), ['minimize']), false);
});

test('hyperband: brackets weighted like Hyperband, stable per trial, competitors from the same bracket', () => {
  const o = { minResource: 1, maxResource: 27, reductionFactor: 3 };
  // ⌈(s_max+1)/(s+1)⌉·η^s for s = 3, 2, 1, 0 halvings.
  assert.deepEqual(bracketWeights(o), [27, 18, 6, 4]);
  const counts = [0, 0, 0, 0];
  for (let n = 0; n < 4900; n++) counts[bracketOf(n, o)]++;
  const w = [27, 18, 6, 4].map((x) => (x / 55) * 4900);
  counts.forEach((c, b) => assert.ok(Math.abs(c - w[b]) < 0.15 * w[b] + 20, `bracket ${b}: ${c} vs ${w[b]}`));
  assert.equal(bracketOf(123, o), bracketOf(123, o));
  // A trial in the last bracket (no early stopping before step 27 = maxResource) is never pruned.
  const last = [...Array(200).keys()].find((n) => bracketOf(n, o) === 3)!;
  const p = new HyperbandPruner(o);
  const h = Array.from({ length: 40 }, (_, i) => curveTrial(1000 + i, 0, 27));
  for (let step = 1; step <= 27; step++) assert.equal(p.prune(h, curveTrial(last, 50, step, 'running'), ['minimize']), false);
});

test('createPruner validates configs', () => {
  assert.equal(createPruner({ kind: 'median', nStartupTrials: 3 }).name, 'median');
  assert.equal(createPruner({ kind: 'hyperband', maxResource: 81 }).name, 'hyperband');
  assert.throws(() => createPruner({ kind: 'percentile', percentile: 120 }));
  assert.throws(() => createPruner({ kind: 'median', typo: 1 }));
});
