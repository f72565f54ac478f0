import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { ModelSpec } from '../../../../main/api/schemas.ts';
import { createIntegratedGradients } from '../../../../main/explain/integrated-gradients.ts';
import { attentionMaps } from '../../../../main/explain/sequence/attention-maps.ts';
import { timeStepGroups } from '../../../../main/explain/sequence/series-groups.ts';
import { tokenAttributions } from '../../../../main/explain/sequence/token-attributions.ts';
import { tfModelFunction } from '../../../../main/explain/tf-model.ts';
import { buildModel } from '../../../../main/model/builder.ts';

before(async () => {
  await tf.setBackend('cpu');
});

const textModel = (layers: unknown[], length = 8) => buildModel(ModelSpec.parse({ layers }), { inputShape: [length], outputUnits: 2, task: 'classification' }, 3);

test('token attributions: IG on the embeddings adds up, padding gets nothing, a planted token stands out', () => {
  const model = textModel([{ kind: 'embedding', vocabSize: 20, dim: 6 }, { kind: 'positional' }, { kind: 'transformer', heads: 2, ffUnits: 8, dropout: 0 }, { kind: 'globalPool1d' }]);
  // Token 7's vector points along the head's class-1 direction, strongly.
  const table = model.getLayer('embedding_1').getWeights()[0];
  const values = table.arraySync() as number[][];
  values[7] = values[7].map((_, j) => (j % 2 === 0 ? 3 : -3));
  model.getLayer('embedding_1').setWeights([tf.tensor2d(values)]);
  const ids = Float32Array.from([4, 7, 9, 5, 0, 0, 0, 0]);
  const r = tokenAttributions(model, ids, 'predicted', { steps: 256 });
  assert.ok(r.relativeGap < 0.05, `completeness gap ${r.relativeGap}`);
  assert.deepEqual(r.attributions.slice(4), [0, 0, 0, 0]);
  const magnitude = r.attributions.slice(0, 4).map(Math.abs);
  assert.equal(magnitude.indexOf(Math.max(...magnitude)), 1, `token 7 dominates: ${r.attributions.map((v) => v.toFixed(3))}`);
  model.dispose();
});

test('token attributions of a model that reads only the first tokens: the rest get nothing', () => {
  const model = textModel([{ kind: 'embedding', vocabSize: 20, dim: 4, maxLength: 3 }, { kind: 'lstm', units: 3 }]);
  const r = tokenAttributions(model, Float32Array.from([3, 4, 5, 6, 7, 0, 0, 0]), 1, { steps: 32 });
  assert.equal(r.target, 1);
  assert.deepEqual(r.attributions.slice(3), [0, 0, 0, 0, 0]);
  assert.ok(r.relativeGap < 0.05, `gap ${r.relativeGap}`);
  model.dispose();
});

test('attention maps: per layer and head, tokens × tokens, rows sum to 1, padded keys get no weight', () => {
  const model = textModel([{ kind: 'embedding', vocabSize: 20, dim: 8 }, { kind: 'transformer', heads: 2, ffUnits: 8, dropout: 0 }, { kind: 'transformer', heads: 4, ffUnits: 8, dropout: 0 }, { kind: 'globalPool1d' }]);
  const maps = attentionMaps(model, Float32Array.from([3, 4, 5, 0, 0, 0, 0, 0]));
  assert.deepEqual(maps.map((m) => [m.layer, m.heads.length]), [['transformer_2_attn', 2], ['transformer_3_attn', 4]]);
  for (const m of maps) {
    for (const head of m.heads) {
      assert.equal(head.length, 8);
      for (const q of head) {
        assert.ok(Math.abs(q.reduce((a, b) => a + b, 0) - 1) < 1e-5);
        assert.ok(q.slice(3).every((w) => w < 1e-6), 'padded keys get no attention');
      }
    }
  }
  assert.equal(attentionMaps(model, Float32Array.from([3, 4, 5, 0, 0, 0, 0, 0]), 3)[0].heads[0].length, 3);
  model.dispose();
});

test('series: integrated gradients per time step of a forecaster add up', async () => {
  const model = buildModel(ModelSpec.parse({ layers: [{ kind: 'gru', units: 6 }] }), { inputShape: [10, 2], outputUnits: 3, task: 'regression' }, 2);
  const fn = tfModelFunction(model);
  const ig = createIntegratedGradients(fn, { groups: timeStepGroups(10, 2), steps: 64 });
  const x = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i / 3));
  const out = await ig.attribute({ x, n: 2 }, { target: 1 });
  assert.deepEqual(out.players.slice(0, 2), ['t-10', 't-9']);
  assert.equal(out.rows[0].attributions.length, 10);
  const predicted = await fn.predict(x, 2);
  const base = await fn.predict(new Float32Array(20), 1);
  for (let r = 0; r < 2; r++) {
    const sum = out.rows[r].attributions.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - (predicted[r * 3 + 1] - base[1])) < 0.02, `row ${r}: Σφ ${sum} vs ${predicted[r * 3 + 1] - base[1]}`);
  }
  model.dispose();
});
