import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildStudyConfig, defaultDirection, paramOfError, type SetupForm } from '../../../renderer/src/lib/study-setup.ts';
import { blankRow } from '../../../renderer/src/lib/study-space.ts';

const form = (over: Partial<SetupForm> = {}): SetupForm => ({
  name: ' my study ', datasetId: 'ds1', layers: [{ kind: 'dense', units: 8, activation: 'relu', useBias: true }],
  hyperparams: { epochs: 3 } as SetupForm['hyperparams'],
  rows: [blankRow({ name: 'lr', kind: 'float', low: '0.001', high: '0.1', log: true })],
  sampler: 'tpe', pruner: 'median', objectives: [{ metric: 'val_accuracy', direction: 'maximize' }], nTrials: 6, workers: 2, seed: 7, ...over,
});

test('a filled form becomes the engine study config', () => {
  const { config, formErrors, rowErrors } = buildStudyConfig(form());
  assert.deepEqual(formErrors, []);
  assert.equal(rowErrors.size, 0);
  assert.deepEqual(config, {
    name: 'my study', datasetId: 'ds1',
    base: { spec: { layers: [{ kind: 'dense', units: 8, activation: 'relu', useBias: true }] }, hyperparams: { epochs: 3 } },
    space: { params: { lr: { kind: 'float', low: 0.001, high: 0.1, log: true } } },
    sampler: 'tpe', pruner: 'median', objectives: [{ kind: 'metric', metric: 'val_accuracy', direction: 'maximize' }], nTrials: 6, workers: 2, seed: 7,
  });
  assert.equal(buildStudyConfig(form({ name: '' })).config!.name, undefined, 'the engine names it');
});

test('form-level problems block the config', () => {
  const r = buildStudyConfig(form({ datasetId: undefined, objectives: [], nTrials: 0, rows: [] }));
  assert.equal(r.config, null);
  assert.deepEqual(r.formErrors, ['add at least one param', 'choose a dataset', 'add at least one objective']);
  assert.deepEqual(r.fieldErrors, { nTrials: 'Must be at least 1' });
  const dup = buildStudyConfig(form({ objectives: [{ metric: 'val_loss', direction: 'minimize' }, { metric: 'val_loss', direction: 'maximize' }] }));
  assert.match(dup.formErrors.join(), /once/);
});

test('engine messages point at the param row they are about', () => {
  assert.equal(paramOfError("param 'units_2': low must be <= high", []), 'units_2');
  const msg = 'params {"hyperparams.batchSize":0} give an invalid run config: hyperparams.batchSize: Must be at least 1';
  assert.equal(paramOfError(msg, ['lr', 'hyperparams.batchSize']), 'hyperparams.batchSize');
  assert.equal(paramOfError(msg, ['lr']), null);
  assert.equal(defaultDirection('val_f1'), 'maximize');
  assert.equal(defaultDirection('latency_ms'), 'minimize');
});

test('a command choice makes a command study: no dataset or base model, one command objective', () => {
  const { config, formErrors } = buildStudyConfig(form({ datasetId: undefined, objectives: [], command: { shell: ' python3 train.py ', direction: 'maximize' } }));
  assert.deepEqual(formErrors, []);
  assert.deepEqual(config, {
    name: 'my study', space: { params: { lr: { kind: 'float', low: 0.001, high: 0.1, log: true } } },
    sampler: 'tpe', pruner: 'median', nTrials: 6, workers: 2, seed: 7,
    objectives: [{ kind: 'command', direction: 'maximize' }], command: { shell: 'python3 train.py' },
  });
  assert.deepEqual(buildStudyConfig(form({ command: { shell: '  ', direction: 'minimize' } })).formErrors, ['enter the command each trial runs']);
});

test('bad numbers are reported on their fields with the engine schema, and block the config', () => {
  const r = buildStudyConfig(form({
    nTrials: 2.5, workers: 0, seed: -1,
    hyperparams: { epochs: 0, batchSize: null, optimizer: { kind: 'adam', learningRate: -1 } } as unknown as SetupForm['hyperparams'],
    layers: [{ kind: 'dense', units: 0, activation: 'relu', useBias: true }],
  }));
  assert.equal(r.config, null);
  assert.deepEqual(r.formErrors, []);
  assert.deepEqual(r.fieldErrors, {
    nTrials: 'Enter a whole number',
    workers: 'Must be at least 1',
    seed: 'Must be at least 0',
    'base.spec.layers.0.units': 'Must be more than 0',
    'base.hyperparams.optimizer.learningRate': 'Must be more than 0',
    'base.hyperparams.batchSize': 'Enter a number',
    'base.hyperparams.epochs': 'Must be at least 1',
  });
  // A command study has no base model to check.
  const cmd = buildStudyConfig(form({ layers: [{ kind: 'dense', units: 0, activation: 'relu', useBias: true }], command: { shell: 'x', direction: 'minimize' } }));
  assert.deepEqual(cmd.fieldErrors, {});
});
