/** Built layer names map back to the spec entries that made them; changes make valid configs. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Layer } from '../../../../main/api/schemas.ts';
import { initBackend } from '../../../../main/backend/select.ts';
import { clipGradients, earlyStopping, insertAfterWeighted, layerAt, scaleLearningRate, setActivation, specPathOf, standardiseInputs, widen } from '../../../../main/diagnose/advisor/changes.ts';
import { buildModel } from '../../../../main/model/builder.ts';
import { MODEL_PRESETS } from '../../../../main/model/presets.ts';
import { applyChange, config, dense } from './fixtures.ts';

before(async () => {
  delete process.env.MODELBENCH_BACKEND;
  await initBackend(['wasm']);
});

const NESTED: Layer[] = [
  { kind: 'dense', units: 8, activation: 'leaky_relu', useBias: true },
  {
    kind: 'residual',
    activation: 'relu',
    layers: [
      { kind: 'dense', units: 8, activation: 'prelu', useBias: true },
      { kind: 'residual', activation: 'tanh', layers: [{ kind: 'dense', units: 4, activation: 'relu', useBias: true }] },
    ],
  },
  { kind: 'activation', activation: 'elu' },
];

/** An input each preset builds on: images, a series' [lookback, values], a text's token ids [maxLength], table rows. */
function presetInput(p: (typeof MODEL_PRESETS)[number]): number[] {
  if (p.inputKind === 'image') return [28, 28, 1];
  if (p.inputKind === 'series') return [28, 1];
  // Text: 32 token ids (the dataset's length; the presets' embeddings take any).
  return p.inputKind === 'text' ? [32] : [10];
}

test('every layer the builder makes maps to a spec entry (presets of every input kind, nested blocks, separate activations, transformer parts)', () => {
  const cases = [
    ...MODEL_PRESETS.map((p) => ({ layers: p.spec.layers, inputShape: presetInput(p) })),
    { layers: NESTED, inputShape: [6] },
  ];
  for (const { layers, inputShape } of cases) {
    const model = buildModel({ layers }, { inputShape, outputUnits: 3, task: 'classification' }, 1);
    const cfg = config(layers);
    for (const l of model.layers) {
      if (l.name === 'input' || l.name === 'head') {
        assert.equal(specPathOf(l.name), null);
        continue;
      }
      const path = specPathOf(l.name);
      assert.ok(path && layerAt(cfg, path), `${l.name} → ${path}`);
    }
    model.dispose();
  }
});

test('known names land on the entries that made them', () => {
  assert.equal(specPathOf('dense_1_leaky_relu'), 'spec.layers.0');
  assert.equal(specPathOf('res2_dense_1'), 'spec.layers.1.layers.0');
  assert.equal(specPathOf('res2_dense_1_prelu'), 'spec.layers.1.layers.0');
  assert.equal(specPathOf('res2_relu'), 'spec.layers.1');
  assert.equal(specPathOf('res2_residual_2_dense_1'), 'spec.layers.1.layers.1.layers.0');
  assert.equal(specPathOf('res2_residual_2_tanh'), 'spec.layers.1.layers.1');
  assert.equal(specPathOf('reshape_2'), 'spec.layers.1');
  assert.equal(specPathOf('activation_3'), 'spec.layers.2');
  assert.equal(specPathOf('transformer_3_ff1'), 'spec.layers.2');
  assert.equal(specPathOf('transformer_3_ff1_leaky_relu'), 'spec.layers.2');
  assert.equal(specPathOf('transformer_4_ln2'), 'spec.layers.3');
  assert.equal(specPathOf('embedding_1_mask'), 'spec.layers.0');
});

test('each change builds a config that validates, or says it does not apply', () => {
  const base = config(NESTED, { preprocess: 'none' });
  const changes = [
    scaleLearningRate(base, 0.1),
    clipGradients(base),
    setActivation(base, ['res2_dense_1_prelu', 'res2_relu', 'activation_3'], 'leaky_relu'),
    insertAfterWeighted(base, { kind: 'batchNorm', momentum: 0.99 }, 'bn'),
    widen(base),
    earlyStopping(base),
    standardiseInputs(base),
  ];
  for (const c of changes) assert.ok(c && applyChange(base, c.patches));
  const set = applyChange(base, changes[2]!.patches);
  assert.equal((set.spec.layers[1] as Extract<Layer, { kind: 'residual' }>).activation, 'leaky_relu');
  assert.equal(clipGradients(config([dense(4)], { gradientClip: { kind: 'value', maxValue: 1 } })), null);
  assert.equal(standardiseInputs(config([dense(4)])), null);
  assert.equal(setActivation(config([dense(4, 'relu')]), ['dense_1'], 'relu'), null);
  assert.deepEqual(widen(config([])).patches[0].value, [dense(64)]);
});
