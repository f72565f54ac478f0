import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../main/api/errors.ts';
import { RunConfig } from '../../../main/api/schemas.ts';
import { specFromParams } from '../../../main/study/spec-from-params.ts';
import { MODEL_PRESETS } from '../../../main/model/presets.ts';
import { analyseSpec } from '../../../main/model/counts.ts';
import { badParamName, configFromParams } from '../../../main/study/params-to-config.ts';

test('depth, units_i, activation, dropout and batch_norm build the dense stack', () => {
  const spec = specFromParams({ name: 'mlp', layers: [] }, { depth: 2, units_0: 64, units_1: 16, activation: 'tanh', dropout: 0.2, batch_norm: true });
  assert.deepEqual(spec.layers, [
    { kind: 'dense', units: 64, activation: 'tanh', useBias: true }, { kind: 'batchNorm', momentum: 0.99 }, { kind: 'dropout', rate: 0.2 },
    { kind: 'dense', units: 16, activation: 'tanh', useBias: true }, { kind: 'batchNorm', momentum: 0.99 }, { kind: 'dropout', rate: 0.2 },
  ]);
  assert.equal(spec.name, 'mlp');
});

test('units_i missing falls back to units, then 64; residual blocks wrap each dense layer', () => {
  const spec = specFromParams({ layers: [] }, { depth: 2, units: 8, units_1: 4, layer_kind: 'residual' });
  assert.deepEqual(spec.layers, [
    { kind: 'residual', activation: 'relu', layers: [{ kind: 'dense', units: 8, activation: 'relu', useBias: true }] },
    { kind: 'residual', activation: 'relu', layers: [{ kind: 'dense', units: 4, activation: 'relu', useBias: true }] },
  ]);
  assert.equal((specFromParams({ layers: [] }, { depth: 1 }).layers[0] as { units: number }).units, 64);
});

test('depth replaces only the layers after the base flatten; conv_depth replaces the part before it', () => {
  const base = { layers: [{ kind: 'conv2d' as const, filters: 8, kernelSize: 3, strides: 1, padding: 'valid' as const, activation: 'relu' as const, useBias: true }, { kind: 'flatten' as const }, { kind: 'dense' as const, units: 10, activation: 'relu' as const, useBias: true }] };
  const dense = specFromParams(base, { depth: 1, units_0: 32 });
  assert.deepEqual(dense.layers.map((l) => l.kind), ['conv2d', 'flatten', 'dense']);
  assert.equal((dense.layers[2] as { units: number }).units, 32);
  const conv = specFromParams(base, { conv_depth: 2, filters_0: 4, filters_1: 6, pool: 'avg' });
  assert.deepEqual(conv.layers.map((l) => l.kind), ['conv2d', 'avgPool2d', 'conv2d', 'avgPool2d', 'flatten', 'dense']);
  assert.deepEqual(conv.layers.filter((l) => l.kind === 'conv2d').map((l) => (l as { filters: number }).filters), [4, 6]);
  assert.deepEqual(base.layers.length, 3, 'the base is not mutated');
});

test('without depth or conv_depth the base spec is returned unchanged (a copy)', () => {
  const base = { layers: [{ kind: 'dense' as const, units: 5, activation: 'relu' as const, useBias: true }] };
  const out = specFromParams(base, { activation: 'tanh' });
  assert.deepEqual(out, base);
  assert.notEqual(out, base);
});

test('dotted paths write into hyperparams and spec; a new optimizer kind drops the old kind\'s fields', () => {
  const base = { spec: { layers: [{ kind: 'dense' as const, units: 5, activation: 'relu' as const, useBias: true }] }, hyperparams: { epochs: 3, optimizer: { kind: 'adam' as const, learningRate: 0.01, beta1: 0.8 } } };
  const { spec, hyperparams } = configFromParams(base, {
    'hyperparams.optimizer.kind': 'sgd', 'hyperparams.batchSize': 8, 'hyperparams.augmentation.noiseStd': 0.1, 'spec.layers.0.units': 12,
  });
  assert.deepEqual((hyperparams as { optimizer: unknown }).optimizer, { kind: 'sgd', learningRate: 0.01 });
  const run = RunConfig.parse({ datasetId: 'd', spec, hyperparams });
  assert.equal(run.hyperparams.batchSize, 8);
  assert.equal(run.hyperparams.augmentation?.noiseStd, 0.1);
  assert.equal((run.spec.layers[0] as { units: number }).units, 12);
  const same = configFromParams(base, { 'hyperparams.optimizer.kind': 'adam', 'hyperparams.optimizer.learningRate': 0.5 });
  assert.deepEqual((same.hyperparams as { optimizer: unknown }).optimizer, { kind: 'adam', learningRate: 0.5, beta1: 0.8 });
  assert.equal(base.spec.layers[0].units, 5, 'the base is not mutated');
});

test('param names must say where they go', () => {
  assert.equal(badParamName('hyperparams.batchSize'), null);
  assert.equal(badParamName('units_3'), null);
  assert.match(badParamName('learning_rate') ?? '', /does not say where/);
  assert.match(badParamName('hyperparams.__proto__.x') ?? '', /bad path segment/);
});

test('a param under an optimizer the base leaves out starts from the default kind (adam)', () => {
  const { hyperparams } = configFromParams({ spec: { layers: [] } }, { 'hyperparams.optimizer.learningRate': 0.02, 'hyperparams.schedule.gamma': 0.9 });
  assert.deepEqual(hyperparams, { optimizer: { kind: 'adam', learningRate: 0.02 }, schedule: { kind: 'constant', gamma: 0.9 } });
});

test('values a model cannot be built from are refused, never clamped or rounded', () => {
  const refused = (params: Record<string, string | number | boolean>, pattern: RegExp) =>
    assert.throws(() => specFromParams({ layers: [] }, params), (e: unknown) => e instanceof ApiError && e.code === 'invalid_argument' && pattern.test(e.message));
  // A rate of 0.97 trains as 0.97: what the trial stores is what it trains.
  const spec = specFromParams({ layers: [] }, { depth: 1, units_0: 8, dropout: 0.97 });
  assert.deepEqual(spec.layers.at(-1), { kind: 'dropout', rate: 0.97 });
  refused({ depth: 1, units_0: 0 }, /^param 'units_0': 0 cannot build a model; it must be a whole number ≥ 1/);
  refused({ depth: 1, units: 12.5 }, /param 'units': 12.5/);
  refused({ depth: 1, dropout: 1 }, /param 'dropout': 1 .* \[0, 1\)/);
  refused({ depth: 1, layer_kind: 'resnet' }, /param 'layer_kind'/);
  refused({ depth: 1, activation: 'swish' }, /param 'activation': "swish" .* one of linear, relu/);
  refused({ conv_depth: 1, kernel_size: 0 }, /param 'kernel_size': 0/);
  refused({ conv_depth: 1, filters_0: -4 }, /param 'filters_0': -4/);
  refused({ conv_depth: 1, pool: 'maxx' }, /param 'pool': "maxx"/);
  refused({ depth: -1 }, /param 'depth': -1/);
});

test('sequence params edit a text model in place: blocks, heads, ff_units, model_dim, vocab_size, seq_len, rnn_units', () => {
  const base = MODEL_PRESETS.find((p) => p.id === 'text-transformer')!.spec;
  const spec = specFromParams(base, { blocks: 3, heads: 2, ff_units: 64, model_dim: 32, vocab_size: 2000, seq_len: 48 });
  const kinds = spec.layers.map((l) => l.kind);
  assert.deepEqual(kinds, ['embedding', 'positional', 'transformer', 'transformer', 'transformer', 'layerNorm', 'globalPool1d']);
  assert.deepEqual(spec.layers[0], { kind: 'embedding', vocabSize: 2000, dim: 32, maxLength: 48 });
  for (const l of spec.layers.filter((x) => x.kind === 'transformer')) assert.ok(l.kind === 'transformer' && l.heads === 2 && l.ffUnits === 64);
  const count = analyseSpec(spec, [64], 2);
  assert.ok(count.ok);
  assert.equal(specFromParams(base, { blocks: 0 }).layers.filter((l) => l.kind === 'transformer').length, 0);
  // A CNN base without blocks gets them after its embedding.
  const cnn = specFromParams(MODEL_PRESETS.find((p) => p.id === 'text-cnn')!.spec, { blocks: 1 });
  assert.deepEqual(cnn.layers.map((l) => l.kind).slice(0, 2), ['embedding', 'transformer']);
  const rnn = specFromParams(MODEL_PRESETS.find((p) => p.id === 'text-bilstm')!.spec, { rnn_units: 16 });
  assert.ok(rnn.layers[1].kind === 'lstm' && rnn.layers[1].units === 16);
  assert.throws(() => specFromParams(base, { vocab_size: 4 }), /vocab_size.*≥ 8/);
  assert.throws(() => specFromParams(base, { heads: 0 }), /heads/);
});
