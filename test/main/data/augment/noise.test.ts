import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addGaussianNoise } from '../../../../main/data/augment/noise.ts';
import { createRng } from '../../../../main/util/rng.ts';

test('noise has mean 0 and the requested std', () => {
  const base = new Float32Array(20000).fill(0.5);
  const out = addGaussianNoise(base, 0.1, createRng(11));
  let s = 0;
  let s2 = 0;
  for (const v of out) {
    s += v - 0.5;
    s2 += (v - 0.5) ** 2;
  }
  const mean = s / out.length;
  const std = Math.sqrt(s2 / out.length - mean ** 2);
  assert.ok(Math.abs(mean) < 0.003, `mean ${mean}`);
  assert.ok(Math.abs(std - 0.1) < 0.003, `std ${std}`);
  assert.equal(base[0], 0.5); // input untouched
});
