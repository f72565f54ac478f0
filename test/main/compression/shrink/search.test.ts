import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelSpec } from '../../../../main/api/schemas.ts';
import { currentBest, nextCandidate, withinTolerance, type SearchState } from '../../../../main/compression/shrink/search.ts';
import { proposeVariants } from '../../../../main/compression/shrink/variants.ts';
import { analyseSpec } from '../../../../main/model/counts.ts';
import { MODEL_PRESETS } from '../../../../main/model/presets.ts';

const CNN = MODEL_PRESETS.find((p) => p.id === 'cnn-reference')!.spec as ModelSpec;

test('variants are valid, strictly smaller and sorted by parameters', () => {
  const variants = proposeVariants(CNN, [28, 28, 1], 10);
  const labels = variants.map((v) => v.label);
  for (const want of ['width ×0.5', 'width ×0.25', 'remove layer 6 (dense)', 'swap layer 5 flatten → globalAvgPool2d']) assert.ok(labels.includes(want), want);
  for (let i = 1; i < variants.length; i++) assert.ok(variants[i]!.params >= variants[i - 1]!.params);
  const base = analyseSpec(CNN, [28, 28, 1], 10);
  assert.ok(base.ok && variants.every((v) => v.params < base.paramCount));
  // Removing the first conv + its pool leaves a 28x28 map for the dense layer: bigger, so not proposed.
  assert.ok(!labels.includes('remove layers 1-2 (conv2d + maxPool2d)'));
  const half = variants.find((v) => v.label === 'width ×0.5')!;
  assert.deepEqual(half.spec.layers.map((l) => ('filters' in l ? l.filters : 'units' in l ? l.units : null)), [8, null, 16, null, null, 32]);
});

test('the search aims at a 4x reduction per step and replays from stored results', () => {
  const base: SearchState = {
    baseline: { spec: CNN, params: 79_242, metric: 0.98 },
    tolerance: 0.01, higherIsBetter: true, maxCandidates: 5, inputShape: [28, 28, 1], outputUnits: 10, tried: [],
  };
  const all = proposeVariants(CNN, [28, 28, 1], 10);
  const distance = (p: number) => Math.abs(Math.log(p / 79_242) - Math.log(0.25));
  const first = nextCandidate(base)!;
  assert.ok(all.every((v) => distance(v.params) >= distance(first.params)));
  // It fails: the next closest to a quarter is tried.
  const s1 = { ...base, tried: [{ spec: first.spec, params: first.params, metric: 0.9 }] };
  const second = nextCandidate(s1)!;
  assert.notEqual(second.label, first.label);
  assert.ok(all.filter((v) => v.label !== first.label).every((v) => distance(v.params) >= distance(second.params)));
  // An accepted candidate becomes the current model; proposals then come from it.
  const s2 = { ...s1, tried: [...s1.tried, { spec: second.spec, params: second.params, metric: 0.975 }] };
  assert.equal(currentBest(s2).index, 1);
  const third = nextCandidate(s2)!;
  assert.ok(third.params < second.params);
  assert.equal(nextCandidate({ ...s2, maxCandidates: 2 }), null);
  assert.ok(withinTolerance(base, 0.97) && !withinTolerance(base, 0.969) && !withinTolerance(base, null));
});
