/** Step labels: one example of every kind round-trips, the stored English is unchanged, and every label the shrink search makes parses. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRoundTrips } from '../util/codec-examples.ts';
import type { ModelSpec } from '../../../main/api/schemas.ts';
import { formatStepLabel, parseStepLabel, sparsityPercent, STEP_LABEL_TEXT, type StepLabelKey, type StepLabelParts } from '../../../main/compression/step-label.ts';
import { proposeVariants } from '../../../main/compression/shrink/variants.ts';
import { MODEL_PRESETS } from '../../../main/model/presets.ts';

/** Every kind, with the English the engine stored before this module (older rows must parse). */
const EXAMPLES: { [K in StepLabelKey]: [Extract<StepLabelParts, { key: K }>, string] } = {
  baseline: [{ key: 'baseline', params: {} }, 'baseline'],
  teacher: [{ key: 'teacher', params: {} }, 'teacher'],
  teacherEnsemble: [{ key: 'teacherEnsemble', params: {} }, 'teacher (ensemble)'],
  studentAlone: [{ key: 'studentAlone', params: {} }, 'student alone'],
  fromScratch: [{ key: 'fromScratch', params: {} }, 'from scratch'],
  source: [{ key: 'source', params: {} }, 'source'],
  importedModel: [{ key: 'importedModel', params: {} }, 'imported model'],
  distilled: [{ key: 'distilled', params: { temperature: 4, alpha: 0.7 } }, 'distilled (T=4, α=0.7)'],
  magnitude: [{ key: 'magnitude', params: { schedule: 'gradual', scope: 'layer', percent: 50 } }, 'magnitude gradual layer 50%'],
  structured: [{ key: 'structured', params: { criterion: 'bn', percent: 12.5 } }, 'structured bn 12.5%'],
  fineTuned: [{ key: 'fineTuned', params: { freeze: 2 } }, 'fine-tuned, 2 frozen'],
  transferred: [{ key: 'transferred', params: { freeze: 0 } }, 'transferred, 0 frozen'],
  width: [{ key: 'width', params: { factor: 0.75 } }, 'width ×0.75'],
  vocabulary: [{ key: 'vocabulary', params: { factor: 0.5 } }, 'vocabulary ×0.5'],
  removeLayer: [{ key: 'removeLayer', params: { layer: 2, kind: 'dense' } }, 'remove layer 2 (dense)'],
  removeConvPool: [{ key: 'removeConvPool', params: { layer: 1, next: 2, pool: 'maxPool2d' } }, 'remove layers 1-2 (conv2d + maxPool2d)'],
  swapFlatten: [{ key: 'swapFlatten', params: { layer: 5 } }, 'swap layer 5 flatten → globalAvgPool2d'],
  swapKernel: [{ key: 'swapKernel', params: { layer: 1, kernel: 5 } }, 'swap layer 1 kernel 5 → 3'],
};

test('every kind formats to the English stored before, and parses back to its parts', () => {
  assertRoundTrips(STEP_LABEL_TEXT, EXAMPLES, formatStepLabel, parseStepLabel);
});

test('text no template makes is null: user text, other words, unknown choices', () => {
  for (const text of ['', 'my experiment', 'Baseline', 'magnitude sudden layer 50%', 'structured l3 10%', 'width ×', 'remove layer x (dense)', 'remove layers 1-2 (conv2d + flatten)']) {
    assert.equal(parseStepLabel(text), null, text);
  }
});

test('the prune label writes the target sparsity in percent to one decimal', () => {
  assert.equal(sparsityPercent(0.8), 80);
  assert.equal(sparsityPercent(0.1234), 12.3);
  assert.equal(formatStepLabel({ key: 'magnitude', params: { schedule: 'oneshot', scope: 'global', percent: sparsityPercent(0.333) } }), 'magnitude oneshot global 33.3%');
});

test('every label the shrink search proposes parses, covering width, vocabulary, removal and both swaps', () => {
  const conv = (kernelSize: number) => ({ kind: 'conv2d' as const, filters: 16, kernelSize, strides: 1, padding: 'same' as const, activation: 'relu' as const, useBias: true });
  const dense = { kind: 'dense' as const, units: 32, activation: 'relu' as const, useBias: true };
  // A flatten CNN (width, removal, both swaps) and a pooled one, whose conv + pool pair can go.
  const flat: ModelSpec = { layers: [conv(5), { kind: 'maxPool2d', poolSize: 2 }, conv(3), { kind: 'flatten' }, dense] };
  const pooled: ModelSpec = { layers: [conv(3), { kind: 'maxPool2d', poolSize: 2 }, conv(3), { kind: 'globalAvgPool2d' }, dense] };
  // A text transformer: width, vocabulary and block removal.
  const text = MODEL_PRESETS.find((p) => p.id === 'text-transformer')!.spec;
  const variants = [...proposeVariants(flat, [8, 8, 1], 10), ...proposeVariants(pooled, [8, 8, 1], 10), ...proposeVariants(text, [32], 2)];
  const parsed = variants.map((v) => parseStepLabel(v.label));
  assert.deepEqual(variants.filter((_, i) => parsed[i] === null).map((v) => v.label), []);
  const keys = new Set(parsed.map((p) => p!.key));
  for (const key of ['width', 'vocabulary', 'removeLayer', 'removeConvPool', 'swapFlatten', 'swapKernel'] as const) assert.ok(keys.has(key), `${key} in ${[...keys]}`);
  for (const [i, v] of variants.entries()) assert.equal(formatStepLabel(parsed[i]!), v.label);
});
