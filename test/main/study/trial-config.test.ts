/** Studies checked against their dataset before any training: objectives, architecture bounds, edge param sets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../main/api/errors.ts';
import type { DatasetMeta } from '../../../main/api/schemas.ts';
import { checkTrialConfigs, trialRunConfig } from '../../../main/study/trial-config.ts';
import { validateStudy } from '../../../main/study/validate.ts';

const meta = (name: string, task: DatasetMeta['task'], inputShape: number[], classes: string[]): DatasetMeta => ({
  id: `ds_${name}`, name, source: 'sample', task, inputShape, numSamples: 100, classes, featureNames: [], labelName: 'y',
  classCounts: classes.map(() => 10), createdAt: '2026-01-01T00:00:00.000Z',
});
const iris = meta('iris', 'classification', [4], ['setosa', 'versicolor', 'virginica']);
const mnist = meta('mnist', 'classification', [28, 28, 1], Array.from({ length: 10 }, (_, i) => String(i)));
const housing = meta('housing', 'regression', [8], []);

function check(dataset: DatasetMeta, study: Record<string, unknown>): void {
  const valid = validateStudy({ datasetId: dataset.id, objectives: [{ metric: 'val_loss' }], ...study });
  checkTrialConfigs(valid.config, valid.space, dataset);
}
const refused = (pattern: RegExp) => (e: unknown) => e instanceof ApiError && e.code === 'invalid_argument' && pattern.test(e.message);
const mlp = { depth: { kind: 'int', low: 1, high: 3 }, units_0: { kind: 'int', low: 4, high: 64 } };

test('objectives the task cannot report are refused, naming what it reports', () => {
  assert.throws(() => check(iris, { space: { params: mlp }, objectives: [{ metric: 'val_r2' }] }),
    refused(/objective 'val_r2' is not reported for classification \('iris'\); a classification study can use: val_accuracy, val_f1, val_loss, param_count/));
  assert.throws(() => check(iris, { space: { params: mlp }, objectives: [{ metric: 'val_mse' }] }), refused(/'val_mse' is not reported/));
  assert.throws(() => check(housing, { space: { params: mlp }, objectives: [{ metric: 'val_loss' }, { metric: 'val_accuracy' }] }),
    refused(/objective 'val_accuracy' is not reported for regression \('housing'\); a regression study can use: val_loss, val_mse, val_mae, val_r2/));
  assert.throws(() => check(housing, { space: { params: mlp }, objectives: [{ metric: 'val_f1' }] }), refused(/'val_f1' is not reported/));
  check(housing, { space: { params: mlp }, objectives: [{ metric: 'val_r2' }, { metric: 'param_count' }] });
  check(iris, { space: { params: mlp }, objectives: [{ metric: 'val_accuracy' }, { metric: 'flops' }] });
  // The early-stopping monitor is the same kind of promise.
  assert.throws(() => check(housing, { space: { params: mlp }, base: { hyperparams: { earlyStopping: { monitor: 'val_accuracy' } } } }),
    refused(/early stopping on 'val_accuracy', which regression does not report/));
});

test('architecture bounds that cannot build are refused, not clamped', () => {
  assert.throws(() => check(iris, { space: { params: { ...mlp, units_0: { kind: 'int', low: 0, high: 8 } } } }),
    refused(/^param 'units_0': 0 cannot build a model; it must be a whole number ≥ 1/));
  assert.throws(() => check(iris, { space: { params: { ...mlp, dropout: { kind: 'float', low: 0, high: 1 } } } }), refused(/param 'dropout': 1 cannot build a model; it must be a rate in \[0, 1\)/));
  assert.throws(() => check(iris, { space: { params: { ...mlp, depth: { kind: 'int', low: -1, high: 2 } } } }), refused(/param 'depth': -1/));
  assert.throws(() => check(iris, { space: { params: { ...mlp, units: { kind: 'float', low: 4, high: 64 } } } }), refused(/param 'units' counts something: make it kind 'int'/));
  assert.throws(() => check(iris, { space: { params: { ...mlp, layer_kind: { kind: 'categorical', choices: ['dense', 'resnet'] } } } }), refused(/param 'layer_kind': "resnet" .* one of dense, residual/));
  assert.throws(() => check(mnist, { space: { params: { conv_depth: { kind: 'fixed', value: 1 }, filters_0: { kind: 'int', low: 0, high: 16 } } } }), refused(/param 'filters_0': 0/));
  assert.throws(() => check(mnist, { space: { params: { conv_depth: { kind: 'fixed', value: 1 }, pool: { kind: 'categorical', choices: ['max', 'maxx'] } } } }), refused(/param 'pool': "maxx"/));
});

test('edge param sets are built on the dataset: kernel larger than the input, too many pooled conv blocks', () => {
  assert.throws(() => check(mnist, { space: { params: { conv_depth: { kind: 'int', low: 1, high: 2 }, kernel_size: { kind: 'int', low: 3, high: 31 } } } }),
    refused(/^param 'kernel_size': value 31 gives a 31x31 conv kernel, larger than the 28x28 input; narrow its bounds/));
  // 28 → 14 → 7 → 3 → 1 → 0: five 2x2 pools cannot fit.
  assert.throws(() => check(mnist, { space: { params: { conv_depth: { kind: 'int', low: 1, high: 6 } } } }),
    refused(/^param 'conv_depth': value 6 gives a model that cannot be built on 'mnist' \(input \[28,28,1\]\)/));
  check(mnist, { space: { params: { conv_depth: { kind: 'int', low: 1, high: 6 }, pool: { kind: 'fixed', value: 'none' } } } });
  check(mnist, { space: { params: { conv_depth: { kind: 'int', low: 1, high: 3 }, kernel_size: { kind: 'int', low: 3, high: 7, step: 2 }, pool: { kind: 'categorical', choices: ['max', 'avg', 'none'] } } } });
});

test('run-config paths are checked at their bounds, conditional ones with their condition switched on', () => {
  assert.throws(() => check(iris, { space: { params: { ...mlp, 'hyperparams.batchSize': { kind: 'int', low: 0, high: 4 } } } }),
    refused(/^param 'hyperparams\.batchSize': value 0 gives an invalid run config: hyperparams\.batchSize: /));
  // momentum only exists when the optimizer is 'momentum' (not the first choice); its high bound 1 is outside [0, 1).
  assert.throws(() => check(iris, { space: { params: {
    ...mlp, 'hyperparams.optimizer.kind': { kind: 'categorical', choices: ['adam', 'momentum'] },
    'hyperparams.optimizer.momentum': { kind: 'float', low: 0.5, high: 1, when: { param: 'hyperparams.optimizer.kind', op: 'eq', value: 'momentum' } },
  } } }), refused(/^param 'hyperparams\.optimizer\.momentum': value 1 gives an invalid run config: hyperparams\.optimizer\.momentum/));
  // units_2 exists only when depth > 2: its bounds are still checked.
  assert.throws(() => check(iris, { space: { params: { ...mlp, 'spec.layers.2.units': { kind: 'int', low: 0, high: 4 } } } }), refused(/spec\.layers\.2\.units/));
});

test("a study's backend goes into every trial's run config; without one, trials use the engine's default", () => {
  const withGpu = validateStudy({ datasetId: iris.id, objectives: [{ metric: 'val_loss' }], space: { params: mlp }, backend: 'webgpu' });
  assert.equal(trialRunConfig(withGpu.config, iris.id, { depth: 1, units_0: 8 }, 'trial').backend, 'webgpu');
  const plain = validateStudy({ datasetId: iris.id, objectives: [{ metric: 'val_loss' }], space: { params: mlp } });
  assert.equal('backend' in trialRunConfig(plain.config, iris.id, { depth: 1, units_0: 8 }, 'trial'), false);
  assert.throws(() => validateStudy({ datasetId: iris.id, objectives: [{ metric: 'val_loss' }], space: { params: mlp }, backend: 'cuda' }), ApiError);
});
