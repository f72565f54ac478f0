import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Augmentation } from '../../../../main/api/schemas.ts';
import { augmentBatch } from '../../../../main/data/augment/index.ts';
import { loadSample } from '../../../../main/data/samples.ts';
import { createRng } from '../../../../main/util/rng.ts';

const digits = loadSample('digits');
const batch = digits.x.slice(0, 16 * 64); // 16 real 8x8 digits
const shape = digits.inputShape;
const ALL = Augmentation.parse({
  flipHorizontal: true, flipVertical: true, rotateDegrees: 20, scale: 0.1, cropPadding: 1,
  brightness: 0.1, contrast: 0.2, noiseStd: 0.05, erasingProbability: 0.5,
});

test('all transforms off → the batch comes back unchanged (as a new array)', () => {
  const out = augmentBatch(batch, shape, Augmentation.parse({}), createRng(1));
  assert.notEqual(out, batch);
  assert.deepEqual(out, batch);
});

test('same seed → same output, different seed → different output', () => {
  const a = augmentBatch(batch, shape, ALL, createRng(42));
  const b = augmentBatch(batch, shape, ALL, createRng(42));
  const c = augmentBatch(batch, shape, ALL, createRng(43));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.equal(a.length, batch.length);
  assert.ok(a.every(Number.isFinite));
});

test('each sample gets its own draws', () => {
  const same = new Float32Array(4 * 64);
  for (let i = 0; i < 4; i++) same.set(batch.subarray(0, 64), i * 64);
  const out = augmentBatch(same, shape, Augmentation.parse({ rotateDegrees: 30 }), createRng(3));
  assert.notDeepEqual(out.subarray(0, 64), out.subarray(64, 128));
});

test('tabular inputs only get noise', () => {
  const iris = loadSample('iris');
  const x = iris.x.slice(0, 40);
  const noImageOps = augmentBatch(x, iris.inputShape, Augmentation.parse({ flipHorizontal: true, rotateDegrees: 90, erasingProbability: 1 }), createRng(1));
  assert.deepEqual(noImageOps, x);
  const noisy = augmentBatch(x, iris.inputShape, Augmentation.parse({ noiseStd: 0.1 }), createRng(1));
  assert.notDeepEqual(noisy, x);
  for (let i = 0; i < x.length; i++) assert.ok(Math.abs(noisy[i] - x[i]) < 0.6);
});

test('erasing with probability 1 zeroes a rectangle in every sample', () => {
  const ones = new Float32Array(8 * 64).fill(1);
  const out = augmentBatch(ones, shape, Augmentation.parse({ erasingProbability: 1 }), createRng(9));
  for (let i = 0; i < 8; i++) {
    const zeros = out.subarray(i * 64, (i + 1) * 64).filter((v) => v === 0).length;
    assert.ok(zeros >= 1 && zeros < 64, `sample ${i}: ${zeros} zeros`);
  }
});

test('a batch that is not whole samples is refused', () => {
  assert.throws(() => augmentBatch(new Float32Array(65), shape, ALL, createRng(1)), /not a whole number/);
});
