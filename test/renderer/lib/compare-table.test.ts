import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparability, configDiffRows, formatConfigValue, metricRows, runTask } from '../../../renderer/src/lib/compare-table.ts';
import type { RunRecord, Task } from '../../../main/api/schemas.ts';

const run = (id: string, datasetId: string, datasetName: string, metrics: RunRecord['metrics']) => ({ id, datasetId, datasetName, metrics }) as RunRecord;
const tasks: Record<string, Task> = { iris: 'classification', bc: 'classification', pw: 'regression' };
const taskOf = (id: string) => tasks[id];

test('runs of one dataset are comparable and the best value per row is marked', () => {
  const runs = [run('a', 'iris', 'iris', { val: { accuracy: 0.8, loss: 0.5 } }), run('b', 'iris', 'iris', { val: { accuracy: 0.9, loss: 0.6 } })];
  const c = comparability(runs, taskOf);
  assert.deepEqual(c, { comparable: true, warnings: [] });
  const rows = Object.fromEntries(metricRows(runs, c).map((r) => [r.key, r.best]));
  assert.deepEqual(rows, { 'val accuracy': 1, 'val loss': 0 });
});

test('runs of different datasets or tasks get warnings and no best value anywhere', () => {
  const runs = [
    run('a', 'iris', 'iris', { val: { accuracy: 0.8, loss: 0.5 } }),
    run('b', 'bc', 'breast_cancer', { val: { accuracy: 0.95, loss: 0.2 } }),
    run('c', 'pw', 'iris petal width', { val: { r2: 0.9, mse: 0.04, loss: 0.1 } }),
  ];
  const c = comparability(runs, taskOf);
  assert.equal(c.comparable, false);
  assert.match(c.warnings[0], /3 different datasets \(iris, breast_cancer, iris petal width\)/);
  assert.match(c.warnings[1], /classification and regression/);
  assert.ok(metricRows(runs, c).every((r) => r.best === null));
  // Two datasets of the same task are still not comparable.
  assert.equal(comparability(runs.slice(0, 2), taskOf).comparable, false);
});

test('the task of a run whose dataset is gone is read from its metrics', () => {
  assert.equal(runTask(run('x', 'gone', 'gone', { val: { r2: 0.3, mse: 1 } }), undefined), 'regression');
  assert.equal(runTask(run('x', 'gone', 'gone', { val: { accuracy: 0.3 } }), undefined), 'classification');
  assert.equal(runTask(run('x', 'pw', 'pw', {}), 'regression'), 'regression');
});

test('the config diff shows dataset names, dashes and rounded numbers', () => {
  const runs = [run('a', 'ds_1', 'iris', {}), run('b', 'ds_2', 'breast_cancer', {})];
  const rows = configDiffRows(
    [
      { path: 'datasetId', values: ['ds_1', 'ds_2'] },
      { path: 'hyperparams.optimizer.learningRate', values: [0.0010000000474974513, 0.1] },
      { path: 'hyperparams.earlyStopping.patience', values: [5, undefined] },
      { path: 'name', values: [null, 'b'] },
      { path: 'spec.layers', values: [[], [1]] },
    ],
    runs,
  );
  assert.deepEqual(rows.map((r) => [r.label, r.values]), [
    ['dataset', ['iris', 'breast_cancer']],
    ['hyperparams.optimizer.learningRate', ['0.001', '0.1']],
    ['hyperparams.earlyStopping.patience', ['5', '—']],
    ['name', ['—', 'b']],
    ['spec.layers', ['none', '[1]']],
  ]);
  assert.equal(formatConfigValue({ a: 16.799999237060547 }), '{"a":16.8}');
  assert.equal(formatConfigValue(true), 'true');
});
