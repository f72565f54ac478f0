import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseSpec } from '../../../main/model/counts.ts';
import type { Layer, ModelSpec } from '../../../main/api/schemas.ts';
import { projectionStride, windowOut } from '../../../main/model/layer-math.ts';

const conv = (filters: number, kernelSize: number, padding: 'valid' | 'same', strides = 1): Layer => ({
  kind: 'conv2d', filters, kernelSize, strides, padding, activation: 'relu', useBias: true,
});
const dense = (units: number, activation: 'relu' | 'tanh' | 'linear' = 'relu', useBias = true): Layer => ({
  kind: 'dense', units, activation, useBias,
});

function errorOf(spec: ModelSpec, inputShape: number[], outputUnits = 2): string {
  const result = analyseSpec(spec, inputShape, outputUnits);
  assert.equal(result.ok, false, 'expected the spec to be rejected');
  return result.ok ? '' : result.error;
}

describe('hand-counted specs', () => {
  test('mlp [5] -> dense 8 relu -> dense 6 tanh (no bias) -> head 1', () => {
    const r = analyseSpec({ layers: [dense(8), dense(6, 'tanh', false)] }, [5], 1);
    assert.ok(r.ok);
    // params: 5*8+8 = 48; 8*6 = 48; head 6*1+1 = 7.
    assert.equal(r.paramCount, 103);
    assert.equal(r.trainableParams, 103);
    // flops: 2*5*8 + 8 bias + 8 relu = 96; 2*8*6 + 6 tanh = 102; head 2*6 + 1 = 13.
    assert.equal(r.flops, 96 + 102 + 13);
    assert.deepEqual(r.layers.map((l) => l.params), [48, 48, 7]);
    assert.deepEqual(r.layers.map((l) => l.kind), ['dense', 'dense', 'head']);
    assert.deepEqual(r.outputShape, [1]);
  });

  test('the torch reference CNN on 28x28x1 with 10 classes', () => {
    const spec: ModelSpec = {
      layers: [conv(16, 3, 'valid'), { kind: 'maxPool2d', poolSize: 2 }, conv(32, 3, 'same'), { kind: 'maxPool2d', poolSize: 2 }, { kind: 'flatten' }, dense(64)],
    };
    const r = analyseSpec(spec, [28, 28, 1], 10);
    assert.ok(r.ok);
    assert.deepEqual(r.layers.map((l) => l.outputShape), [[26, 26, 16], [13, 13, 16], [13, 13, 32], [6, 6, 32], [1152], [64], [10]]);
    // Same as PyTorch's sum(p.numel()): 160 + 4640 + 73792 + 650.
    assert.equal(r.paramCount, 79242);
    const expected = [
      676 * (2 * 9 * 16 + 16) + 676 * 16, // conv1: MACs*2 + bias + relu
      4 * 13 * 13 * 16, // maxpool: 4 per output
      169 * (2 * 9 * 16 * 32 + 32) + 169 * 32, // conv2
      4 * 6 * 6 * 32,
      0, // flatten
      2 * 1152 * 64 + 64 + 64, // dense + bias + relu
      2 * 64 * 10 + 10, // head
    ];
    assert.deepEqual(r.layers.map((l) => l.flops), expected);
    assert.equal(r.flops, 1948938);
  });

  test('batchNorm: 4 params per feature, 2 trainable; prelu: one alpha per channel', () => {
    const r = analyseSpec({ layers: [conv(4, 3, 'same'), { kind: 'batchNorm', momentum: 0.9 }, { kind: 'activation', activation: 'prelu' }, { kind: 'globalAvgPool2d' }] }, [5, 5, 2], 3);
    assert.ok(r.ok);
    assert.deepEqual(r.layers.map((l) => l.params), [3 * 3 * 2 * 4 + 4, 16, 4, 0, 4 * 3 + 3]);
    assert.equal(r.paramCount - r.trainableParams, 8);
  });

  test('residual: identity shortcut is free, a changed shape adds a counted projection', () => {
    const same = analyseSpec({ layers: [{ kind: 'residual', activation: 'relu', layers: [dense(3, 'linear')] }] }, [3], 1);
    const proj = analyseSpec({ layers: [{ kind: 'residual', activation: 'relu', layers: [dense(5, 'linear')] }] }, [3], 1);
    assert.ok(same.ok && proj.ok);
    assert.equal(same.layers[0].params, 12);
    assert.equal(same.layers[0].flops, 2 * 9 + 3 + 3 + 3); // dense + bias, add, relu
    assert.equal(proj.layers[0].params, 20 + 20); // body 3*5+5, projection 3*5+5
    const strided = analyseSpec({ layers: [{ kind: 'residual', activation: 'linear', layers: [conv(6, 3, 'same', 2)] }, { kind: 'flatten' }] }, [7, 7, 2], 1);
    assert.ok(strided.ok);
    assert.deepEqual(strided.layers[0].outputShape, [4, 4, 6]);
    assert.equal(strided.layers[0].params, 3 * 3 * 2 * 6 + 6 + 2 * 6 + 6);
  });

  test('attention params: Q, K, V, output projections with biases', () => {
    const r = analyseSpec({ layers: [{ kind: 'reshape', targetShape: [3, 4] }, { kind: 'attention', heads: 2, keyDim: 5, dropout: 0 }, { kind: 'flatten' }] }, [12], 1);
    assert.ok(r.ok);
    assert.equal(r.layers[1].params, 3 * (4 * 10 + 10) + 10 * 4 + 4);
    assert.deepEqual(r.layers[1].outputShape, [3, 4]);
  });
});

describe('specs that cannot build explain why', () => {
  test('conv2d on a vector', () => {
    assert.equal(
      errorOf({ layers: [conv(4, 3, 'valid')] }, [4]),
      'layer 1 (conv2d) needs an image input [height, width, channels] but receives [4]; use dense layers or add a reshape',
    );
  });
  test('kernel or pool bigger than the input', () => {
    assert.match(errorOf({ layers: [conv(4, 5, 'valid')] }, [3, 3, 1]), /^layer 1 \(conv2d\) has a 5x5 kernel, bigger than its 3x3 input/);
    assert.match(errorOf({ layers: [conv(2, 2, 'valid'), { kind: 'maxPool2d', poolSize: 3 }] }, [3, 3, 1]), /^layer 2 \(maxPool2d\) has a 3x3 window, bigger than its 2x2 input/);
  });
  test('dense on an image needs flatten or globalAvgPool2d first', () => {
    assert.match(errorOf({ layers: [conv(4, 3, 'same'), dense(8)] }, [6, 6, 1]), /^layer 2 \(dense\) receives an image-shaped input \[6, 6, 4\]; add flatten or globalAvgPool2d before it/);
  });
  test('reshape whose size disagrees', () => {
    assert.match(errorOf({ layers: [{ kind: 'reshape', targetShape: [2, 3] }] }, [5]), /^layer 1 \(reshape\) to \[2, 3\] needs 6 values but its input \[5\] holds 5/);
  });
  test('attention on a vector', () => {
    assert.match(errorOf({ layers: [{ kind: 'attention', heads: 2, keyDim: 4, dropout: 0 }] }, [8]), /^layer 1 \(attention\) needs a token sequence \[tokens, features\]/);
  });
  test('residual whose body changes the size in a way a projection cannot fix', () => {
    const valid = errorOf({ layers: [{ kind: 'residual', activation: 'relu', layers: [conv(4, 3, 'valid')] }, { kind: 'flatten' }] }, [8, 8, 4]);
    assert.match(valid, /^layer 1 \(residual\) cannot add its input \[8, 8, 4\] to its body's output \[6, 6, 4\].*padding 'same'/);
    const rank = errorOf({ layers: [{ kind: 'residual', activation: 'relu', layers: [{ kind: 'flatten' }] }] }, [2, 2, 1]);
    assert.match(rank, /must keep the rank/);
    const tokens = errorOf({ layers: [{ kind: 'residual', activation: 'relu', layers: [{ kind: 'reshape', targetShape: [3, 2] }] }, { kind: 'flatten' }] }, [2, 3]);
    assert.match(tokens, /must keep the number of tokens/);
  });
  test('errors inside a residual body name both positions', () => {
    const e = errorOf({ layers: [dense(4), { kind: 'residual', activation: 'relu', layers: [dense(4), conv(2, 3, 'same')] }] }, [3]);
    assert.match(e, /^layer 2 \(residual\), body layer 2 \(conv2d\) needs an image input/);
  });
  test('the head needs a vector', () => {
    assert.match(errorOf({ layers: [conv(4, 3, 'same')] }, [4, 4, 1], 3), /^the output head \(dense 3\) needs a flat vector but the last layer gives \[4, 4, 4\]; add flatten or globalAvgPool2d/);
  });
  test('bad input shape or output units', () => {
    assert.match(errorOf({ layers: [] }, []), /input shape/);
    assert.match(errorOf({ layers: [] }, [2.5]), /input shape/);
    assert.match(errorOf({ layers: [] }, [3], 0), /at least one unit/);
  });
});

test('window and projection-stride helpers', () => {
  assert.equal(windowOut(28, 3, 1, 'valid'), 26);
  assert.equal(windowOut(7, 3, 2, 'same'), 4);
  assert.equal(projectionStride(7, 7, 4, 4), 2);
  assert.equal(projectionStride(8, 8, 6, 6), null);
});
