/** The Shapley-kernel coalition sampler and LIME's uniform one. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shapleyCoalitions, uniformCoalitions } from '../../../main/explain/coalition-sampler.ts';
import { shapleyKernel } from '../../../main/explain/kernels.ts';
import { createRng } from '../../../main/util/rng.ts';

const keys = (z: Uint8Array, M: number, count: number) => Array.from({ length: count }, (_, s) => z.subarray(s * M, (s + 1) * M).join(''));

test('a full budget enumerates every coalition but the empty and full ones, weighted by the Shapley kernel', () => {
  const M = 6;
  const c = shapleyCoalitions(M, 1000, createRng(1));
  assert.equal(c.count, 2 ** M - 2);
  assert.equal(c.enumerated, c.count);
  const k = keys(c.z, M, c.count);
  assert.equal(new Set(k).size, c.count);
  assert.ok(!k.includes('000000') && !k.includes('111111'));
  const total = c.weights.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total - 1) < 1e-12);
  // Every coalition's weight is proportional to π(|z|).
  const ratio = c.weights[0] / shapleyKernel(M, k[0].split('1').length - 1);
  k.forEach((key, s) => {
    const size = key.split('1').length - 1;
    assert.ok(Math.abs(c.weights[s] / shapleyKernel(M, size) - ratio) < 1e-12 * ratio);
  });
});

test('a small budget enumerates the smallest and largest sizes first, then draws paired coalitions', () => {
  const M = 10;
  const c = shapleyCoalitions(M, 100, createRng(2));
  assert.equal(c.count, 100);
  // Sizes 1 and 9 (20 coalitions) carry the most kernel mass and are enumerated; size 2/8 (90) does not fit in 80 more.
  assert.equal(c.enumerated, 20);
  const k = keys(c.z, M, c.count);
  assert.equal(new Set(k).size, c.count);
  const drawn = new Set(k.slice(c.enumerated));
  const complement = (s: string) => [...s].map((b) => (b === '1' ? '0' : '1')).join('');
  const paired = [...drawn].filter((s) => drawn.has(complement(s))).length;
  assert.equal(paired, drawn.size, `${paired} of ${drawn.size} drawn coalitions have their complement`);
  for (const s of drawn) {
    const size = s.split('1').length - 1;
    assert.ok(size >= 2 && size <= 8);
  }
  assert.ok(Math.abs(c.weights.reduce((a, b) => a + b, 0) - 1) < 1e-12);
});

test('drawn layers carry exactly their share of the kernel mass, split evenly over their coalitions', () => {
  const M = 11;
  const c = shapleyCoalitions(M, 300, createRng(4));
  const k = keys(c.z, M, c.count);
  const layer = (key: string) => Math.min(key.split('1').length - 1, M - (key.split('1').length - 1));
  const mass = new Map<number, number[]>();
  k.forEach((key, i) => mass.set(layer(key), [...(mass.get(layer(key)) ?? []), c.weights[i]]));
  // The kernel mass of layer s (sizes s and M − s) is ∝ 2(M−1)/(s(M−s)).
  const kernel = (s: number) => (2 * (M - 1)) / (s * (M - s));
  const total = [1, 2, 3, 4, 5].reduce((a, s) => a + kernel(s), 0);
  for (const [s, ws] of mass) {
    assert.ok(Math.abs(ws.reduce((a, b) => a + b, 0) - kernel(s) / total) < 1e-12, `layer ${s}`);
    assert.ok(ws.every((w) => Math.abs(w - ws[0]) < 1e-15));
  }
  assert.equal(mass.size, 5);
});

test('the same seed draws the same coalitions; another seed draws others', () => {
  const a = shapleyCoalitions(12, 300, createRng(5));
  const b = shapleyCoalitions(12, 300, createRng(5));
  const c = shapleyCoalitions(12, 300, createRng(6));
  assert.deepEqual(a.z, b.z);
  assert.deepEqual(a.weights, b.weights);
  assert.notDeepEqual(a.z, c.z);
});

test('two players: both singletons, nothing else exists', () => {
  const c = shapleyCoalitions(2, 50, createRng(1));
  assert.deepEqual(keys(c.z, 2, c.count).sort(), ['01', '10']);
});

test("LIME's uniform coalitions start with the full one and switch players on half the time", () => {
  const c = uniformCoalitions(20, 2000, createRng(3));
  assert.deepEqual(Array.from(c.z.subarray(0, 20)), new Array(20).fill(1));
  const on = c.z.reduce((a, b) => a + b, 0) / c.z.length;
  assert.ok(Math.abs(on - 0.5) < 0.02, `${on}`);
});
