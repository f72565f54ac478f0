/**
 * Smoke test over the model tests' varied specs (attention, reshape, sequences,
 * projections, leaky_relu, ...): pruning builds, its counts agree with
 * analyseSpec, ratio 0 changes nothing, and the head keeps its outputs.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { analyseSpec } from '../../../../main/model/counts.ts';
import { prunableLayers, structuredPrune } from '../../../../main/compression/structured/index.ts';
import { SPEC_CASES } from '../../model/specs.fixture.ts';
import { inputs, predict, seededModel } from './helpers.ts';

before(async () => {
  await tf.setBackend('cpu');
});

for (const c of SPEC_CASES) {
  test(`fixture: ${c.name}`, () => {
    const model = seededModel(c.spec, c);
    const x = inputs(c.inputShape, 2);
    try {
      const listed = prunableLayers(c.spec, c.inputShape);
      const half = structuredPrune(model, c.spec, c, { ratio: 0.5, criterion: 'l2' });
      try {
        const a = analyseSpec(half.spec, c.inputShape, c.outputUnits);
        assert.ok(a.ok, a.ok ? '' : a.error);
        assert.equal(a.paramCount, half.model.countParams());
        assert.deepEqual(half.model.outputs[0].shape, model.outputs[0].shape);
        // Exactly the listed prunable layers lose units (plus residual projections, not spec layers).
        const free = listed.filter((l) => !l.reason).map((l) => l.name);
        assert.deepEqual(half.removed.map((r) => r.layer).filter((n) => !n.endsWith('_proj')), free);
        assert.ok(predict(half.model, x).every(Number.isFinite));
      } finally {
        half.model.dispose();
      }
      const zero = structuredPrune(model, c.spec, c, { ratio: 0, criterion: 'l1' });
      try {
        assert.deepEqual(predict(zero.model, x), predict(model, x));
      } finally {
        zero.model.dispose();
      }
    } finally {
      x.dispose();
      model.dispose();
    }
  });
}
