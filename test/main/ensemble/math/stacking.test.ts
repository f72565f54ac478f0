import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outOfFoldPredictions, type FoldTrainer } from '../../../../main/ensemble/math/stacking.ts';
import { stratifiedFolds } from '../../../../main/ensemble/math/folds.ts';
import { metaFeatures } from '../../../../main/ensemble/math/meta.ts';
import { fitLogistic } from '../../../../main/ensemble/math/logistic.ts';
import { loadSample } from '../../../../main/data/samples.ts';

/**
 * The no-leakage proof. A "member" that memorises its training rows predicts
 * [1, 0] for a row it trained on and [0, 1] for any other row. If any
 * meta-feature came from a model that saw its row, a 1 would appear in column
 * 0. The trainer is also told which rows it must predict, and we check they
 * are exactly the rows it did not train on.
 */
test('no leakage: every out-of-fold meta-feature comes from a member that never trained on that row', async () => {
  const labels = Float32Array.from({ length: 60 }, (_, i) => i % 3);
  const folds = stratifiedFolds(labels, 5, 42);
  const calls: string[] = [];
  const memoriser: FoldTrainer = async (member, fold, train, holdout) => {
    calls.push(`${member}:${fold}`);
    const seen = new Set(train);
    for (const p of holdout) assert.ok(!seen.has(p), `row ${p} is both trained on and predicted`);
    assert.equal(train.length + holdout.length, labels.length);
    return Float32Array.from(Array.from(holdout).flatMap((p) => (seen.has(p) ? [1, 0] : [0, 1])));
  };
  const set = await outOfFoldPredictions(3, folds, 2, memoriser);
  assert.equal(calls.length, 15, '3 members × 5 folds');
  for (let i = 0; i < set.values.length; i += 2) {
    assert.deepEqual([set.values[i], set.values[i + 1]], [0, 1], `meta-feature ${i / 2} leaked`);
  }
});

test('holdout predictions land on their rows, member by member', async () => {
  const folds = Int32Array.of(1, 0, 1, 0, 2, 2);
  // Member m predicts 10·m + row for every row it is asked about.
  const set = await outOfFoldPredictions(2, folds, 1, async (m, _f, _train, holdout) => Float32Array.from(holdout, (p) => 10 * m + p));
  assert.deepEqual(Array.from(set.values), [0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15]);
  assert.deepEqual(Array.from(metaFeatures(set.values, 2, 6, 1)), [0, 10, 1, 11, 2, 12, 3, 13, 4, 14, 5, 15]);
  await assert.rejects(
    outOfFoldPredictions(1, folds, 1, async () => new Float32Array(1)),
    { code: 'internal', message: /member 0 on fold 0 returned 1 values for 2 rows × 1 outputs/ },
  );
});

/**
 * A real learner, pure TS: nearest-centroid "members" on iris, each on its own
 * pair of features. Out-of-fold stacking with the logistic meta-learner is
 * compared with the in-sample meta-features a leaky implementation would use.
 */
test('stacking nearest-centroid members on iris: out-of-fold meta-features feed a logistic meta-learner', async () => {
  const iris = loadSample('iris');
  const n = iris.y.length;
  const featurePairs = [[0, 1], [2, 3], [0, 3]];
  const centroidMember = (features: number[]): FoldTrainer => async (_m, _f, train, holdout) => {
    const centroids = Array.from({ length: 3 }, () => ({ sum: features.map(() => 0), count: 0 }));
    for (const p of train) {
      const c = centroids[iris.y[p]];
      features.forEach((j, i) => (c.sum[i] += iris.x[p * 4 + j]));
      c.count++;
    }
    return Float32Array.from(Array.from(holdout).flatMap((p) => {
      const d = centroids.map((c) => features.reduce((s, j, i) => s + (iris.x[p * 4 + j] - c.sum[i] / c.count) ** 2, 0));
      const e = d.map((v) => Math.exp(-v));
      const z = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / z);
    }));
  };
  const folds = stratifiedFolds(iris.y, 5, 1);
  const set = await outOfFoldPredictions(3, folds, 3, (m, f, train, holdout) => centroidMember(featurePairs[m])(m, f, train, holdout));
  const features = metaFeatures(set.values, 3, n, 3);
  const fit = fitLogistic({ features, rows: n, cols: 9, targets: iris.y, task: 'classification', outputs: 3 }, { l2: 1e-3 });
  assert.ok(fit.converged, `logistic converged in ${fit.iterations} iterations`);
  const accuracy = Array.from({ length: n }, (_, r) => {
    const logits = [0, 1, 2].map((k) => fit.layer.bias[k] + Array.from({ length: 9 }, (_, j) => features[r * 9 + j] * fit.layer.kernel[j * 3 + k]).reduce((a, b) => a + b, 0));
    return logits.indexOf(Math.max(...logits)) === iris.y[r];
  }).filter(Boolean).length / n;
  assert.ok(accuracy > 0.9, `out-of-fold stacked accuracy ${accuracy}`);
});
