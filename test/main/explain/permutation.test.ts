/** Permutation importance: ignored features score 0, one-hot blocks move as one, seeded repeats. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../main/api/errors.ts';
import { groupOneHot } from '../../../main/explain/feature-groups.ts';
import { metricFor } from '../../../main/explain/metrics.ts';
import { createPermutationImportance } from '../../../main/explain/permutation.ts';
import type { ModelFn } from '../../../main/explain/types.ts';
import { fnModel, randomRows } from './helpers.ts';

const n = 300;
const x = randomRows(n, 4, 1);
// Regression target read from x0 (strongly) and x1 (weakly); x2 and x3 are ignored by the model.
const y = Float32Array.from({ length: n }, (_, i) => 3 * x[i * 4] + 0.5 * x[i * 4 + 1]);
const model = fnModel(4, (r) => 3 * r[0] + 0.5 * r[1]);

test('the feature the model reads most matters most; ignored features score exactly 0', async () => {
  const result = await createPermutationImportance(model).importance({ x, y, n }, { metric: metricFor('regression', 'mse'), repeats: 4, seed: 1 });
  const [a, b, c, d] = result.importances;
  assert.ok(a.mean > b.mean && b.mean > 0, `${a.mean} ${b.mean}`);
  assert.equal(c.mean, 0);
  assert.equal(d.mean, 0);
  // MSE of a perfect model is 0; shuffling x0 costs about 2·9·Var(x0) = 18.
  assert.ok(result.baseline < 1e-9 && Math.abs(a.mean - 18) < 4, `${a.mean}`);
  assert.equal(a.scores.length, 4);
  assert.ok(a.std > 0);
});

test('higher-is-better metrics count a drop as importance too', async () => {
  const result = await createPermutationImportance(model).importance({ x, y, n }, { metric: metricFor('regression', 'r2'), repeats: 2 });
  assert.ok(result.importances[0].mean > 0.5);
});

test('a one-hot block is shuffled as a block: every evaluated row keeps exactly one hot column', async () => {
  const names = ['x', 'c=a', 'c=b', 'c=c'];
  const rows = Float32Array.from({ length: 60 * 4 }, (_, k) => (k % 4 === 0 ? k / 10 : (k % 4) - 1 === Math.floor(k / 4) % 3 ? 1 : 0));
  const labels = Float32Array.from({ length: 60 }, (_, i) => i % 3);
  let invalid = 0;
  const recorder: ModelFn = {
    features: 4, outputs: 3, inputShape: [4],
    predict(batch, count) {
      const out = new Float32Array(count * 3);
      for (let i = 0; i < count; i++) {
        const hot = [1, 2, 3].map((j) => batch[i * 4 + j]);
        if (hot.reduce((a, b) => a + b, 0) !== 1) invalid++;
        out[i * 3 + hot.indexOf(1)] = 1;
      }
      return out;
    },
  };
  const result = await createPermutationImportance(recorder).importance({ x: rows, y: labels, n: 60 }, { metric: metricFor('classification'), groups: groupOneHot(names), repeats: 3 });
  assert.equal(invalid, 0);
  assert.deepEqual(result.importances.map((i) => i.feature), ['x', 'c']);
  assert.equal(result.importances[0].mean, 0);
  assert.ok(result.importances[1].mean > 0.3, `${result.importances[1].mean}`);
});

test('the same seed repeats; bad input is a clear error', async () => {
  const p = createPermutationImportance(model);
  const metric = metricFor('regression');
  assert.deepEqual(await p.importance({ x, y, n }, { metric, seed: 3 }), await p.importance({ x, y, n }, { metric, seed: 3 }));
  await assert.rejects(p.importance({ x, y, n }, { metric, repeats: 0 }), (e: ApiError) => /repeats must be/.test(e.message));
  assert.throws(() => metricFor('regression', 'accuracy'), (e: ApiError) => /does not apply to regression/.test(e.message));
});
