import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectEnsemble } from '../../../../main/ensemble/math/selection.ts';
import { metricLoss, type EnsembleMetric } from '../../../../main/ensemble/math/scores.ts';
import { memberBlock, stackPredictions } from '../../../../main/ensemble/math/predictions.ts';
import { averagePredictions } from '../../../../main/ensemble/math/voting.ts';
import { createRng } from '../../../../main/util/rng.ts';
import { randomClassification, randomRegression } from './random-predictions.ts';

// 3 rows, 3 classes: A and B are each wrong on one row, and right on all three together; C is poor.
const labels = Float32Array.of(0, 1, 2);
const abc = stackPredictions(
  [
    Float32Array.of(0.9, 0.05, 0.05, 0.1, 0.8, 0.1, 0.6, 0, 0.4),
    Float32Array.of(0.4, 0.6, 0, 0.1, 0.8, 0.1, 0, 0.1, 0.9),
    Float32Array.of(0.2, 0.6, 0.2, 0.2, 0.6, 0.2, 0.2, 0.6, 0.2),
  ],
  3,
);

test('forward selection with replacement: the hand-worked example', () => {
  const r = selectEnsemble(abc, labels, { metric: 'accuracy', size: 4 });
  // Round 1: A and B tie (2/3) → A, the lower index. Round 2: A+B is right on every row.
  // Rounds 3–4: every candidate keeps accuracy 1 → ties go to A.
  assert.deepEqual(r.path.map((s) => s.member), [0, 1, 0, 0]);
  assert.deepEqual(r.path.map((s) => s.value), [2 / 3, 1, 1, 1]);
  assert.equal(r.prefix, 2, 'the best prefix is the shortest one with the best value');
  assert.deepEqual(Array.from(r.weights), [0.5, 0.5, 0]);
  assert.equal(r.value, 1);
  assert.equal(r.best.member, 0);
  assert.equal(r.best.value, 2 / 3);
});

test('top-k initialisation adds the k best members once each, best first', () => {
  const r = selectEnsemble(abc, labels, { metric: 'log_loss', size: 3, initTopK: 3 });
  const singles = [0, 1, 2].map((m) => metricLoss('log_loss', memberBlock(abc, m), 3, labels));
  const ranked = [0, 1, 2].sort((a, b) => singles[a] - singles[b]);
  assert.deepEqual(r.path.map((s) => s.member), ranked);
  assert.equal(r.path[0].loss, Math.min(...singles));
});

test('options are validated with clear messages', () => {
  assert.throws(() => selectEnsemble(abc, labels, { metric: 'accuracy', size: 0 }), { code: 'invalid_argument', message: /size must be an integer from 1 to 1000, got 0/ });
  assert.throws(() => selectEnsemble(abc, labels, { metric: 'accuracy', size: 2, initTopK: 3 }), { message: /initTopK must be an integer from 1 to 2/ });
  assert.throws(() => selectEnsemble(abc, labels, { metric: 'accuracy', bags: 101 }), { message: /bags must be an integer from 0 to 100/ });
  assert.throws(() => selectEnsemble(abc, labels, { metric: 'accuracy', bags: 2, bagFraction: 0 }), { message: /bagFraction must be in \(0, 1\]/ });
  assert.throws(() => selectEnsemble(abc, labels, { metric: 'mse' }), { message: /3 labels for 3 predicted rows of 3 targets \(a regression metric reads one target per output\)/ });
  assert.throws(() => selectEnsemble(abc, Float32Array.of(0, 1), { metric: 'accuracy' }), { message: /2 labels for 3 predicted rows/ });
});

test('bagged selection is reproducible from its seed and keeps valid weights', () => {
  const { set, labels: y } = randomClassification(createRng(3), 8, 60, 4);
  const a = selectEnsemble(set, y, { metric: 'log_loss', bags: 6, seed: 11 });
  const b = selectEnsemble(set, y, { metric: 'log_loss', bags: 6, seed: 11 });
  const c = selectEnsemble(set, y, { metric: 'log_loss', bags: 6, seed: 12 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.bags.map((g) => g.members), c.bags.map((g) => g.members));
  assert.equal(a.bags.length, 6);
  assert.ok(a.bags.every((g) => g.members.length === 4), 'half of the 8 members per bag');
});

/**
 * The property: over many seeded random prediction matrices, metrics
 * and options, the weights are non-negative and sum to 1, and the validation
 * metric of the returned ensemble (recomputed with the combiner that serves
 * it) is never worse than the best single member's.
 */
test('property: selection never falls below its best member on validation; weights ≥ 0 sum to 1', () => {
  const rng = createRng(2004);
  const metrics: EnsembleMetric[] = ['accuracy', 'log_loss', 'f1', 'mse', 'r2'];
  let strictlyBetter = 0;
  const cases = 400;
  for (let c = 0; c < cases; c++) {
    const metric = metrics[c % metrics.length];
    const members = 2 + rng.int(9);
    const rows = 3 + rng.int(60);
    const { set, labels: y } = metric === 'mse' || metric === 'r2' ? randomRegression(rng, members, rows) : randomClassification(rng, members, rows, 2 + rng.int(4));
    const size = 1 + rng.int(30);
    const initTopK = 1 + rng.int(Math.min(size, members));
    const bags = rng.next() < 0.3 ? 1 + rng.int(5) : 0;
    const r = selectEnsemble(set, y, { metric, size, initTopK, bags, bagFraction: 0.3 + 0.7 * rng.next(), seed: c });
    const where = `case ${c} (${metric}, ${members} members, ${rows} rows, size ${size}, top ${initTopK}, bags ${bags})`;

    assert.equal(r.weights.length, members, where);
    assert.ok(r.weights.every((w) => w >= 0), `${where}: negative weight`);
    assert.ok(Math.abs(r.weights.reduce((a, b) => a + b, 0) - 1) < 1e-12, `${where}: weights sum to ${r.weights.reduce((a, b) => a + b, 0)}`);

    const singles = Array.from({ length: members }, (_, m) => metricLoss(metric, memberBlock(set, m), set.outputs, y));
    const bestSingle = Math.min(...singles);
    const ensembleLoss = metricLoss(metric, averagePredictions(set, r.weights), set.outputs, y);
    assert.equal(ensembleLoss, r.loss, `${where}: reported loss is the recomputed one`);
    assert.ok(ensembleLoss <= bestSingle, `${where}: ensemble ${ensembleLoss} worse than best member ${bestSingle}`);
    if (ensembleLoss < bestSingle) strictlyBetter++;

    assert.equal(r.path.length, size, where);
    assert.equal(r.path[0].loss, bestSingle, `${where}: the path starts at the best member`);
    assert.equal(r.path[r.prefix - 1].loss, Math.min(...r.path.map((s) => s.loss)), `${where}: prefix is the best`);
  }
  // Not a vacuous guarantee: selection usually finds a better combination than any one member.
  assert.ok(strictlyBetter > cases / 2, `strictly better than the best member in only ${strictlyBetter} of ${cases} cases`);
});
