import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSequenceParam } from '../../../main/study/spec-from-params.ts';
import { blankRow, mergeRows, parseList, parseScalar, QUICK_ADDS, quickAddsFor, rowsToSpace, spaceToRows } from '../../../renderer/src/lib/study-space.ts';

test('scalars parse to numbers, booleans, null or strings', () => {
  assert.equal(parseScalar(' 3 '), 3);
  assert.equal(parseScalar('1e-3'), 0.001);
  assert.equal(parseScalar('true'), true);
  assert.equal(parseScalar('null'), null);
  assert.equal(parseScalar('"relu"'), 'relu');
  assert.deepEqual(parseList('relu, 16,, false'), ['relu', 16, false]);
});

test('every kind of row becomes the engine space JSON, with conditions', () => {
  const rows = [
    blankRow({ name: 'lr', kind: 'float', low: '0.0001', high: '0.1', log: true }),
    blankRow({ name: 'depth', kind: 'int', low: '1', high: '4' }),
    blankRow({ name: 'units_2', kind: 'int', low: '8', high: '64', step: '8', conditional: true, whenParam: 'depth', whenOp: 'gt', whenValue: '2' }),
    blankRow({ name: 'act', kind: 'categorical', choices: 'relu, tanh' }),
    blankRow({ name: 'hyperparams.epochs', kind: 'fixed', value: '3' }),
    blankRow({ name: 'extra', kind: 'fixed', value: 'x', conditional: true, whenParam: 'act', whenOp: 'in', whenValue: 'relu, tanh' }),
  ];
  const { space, errors } = rowsToSpace(rows);
  assert.equal(errors.size, 0);
  assert.deepEqual(space.params, {
    lr: { kind: 'float', low: 0.0001, high: 0.1, log: true },
    depth: { kind: 'int', low: 1, high: 4 },
    units_2: { kind: 'int', low: 8, high: 64, step: 8, when: { param: 'depth', op: 'gt', value: 2 } },
    act: { kind: 'categorical', choices: ['relu', 'tanh'] },
    'hyperparams.epochs': { kind: 'fixed', value: 3 },
    extra: { kind: 'fixed', value: 'x', when: { param: 'act', op: 'in', value: ['relu', 'tanh'] } },
  });
  // And back again.
  assert.deepEqual(rowsToSpace(spaceToRows(space)).space, space);
});

test('typing mistakes are reported on their row and keep the row out of the space', () => {
  const bad = [
    blankRow({ name: 'lr', kind: 'float', low: '0', high: '0.1', log: true }),
    blankRow({ name: 'lr', kind: 'int', low: '1', high: '2' }),
    blankRow({ name: 'n', kind: 'int', low: '5', high: '1.5' }),
    blankRow({ name: '9x', kind: 'categorical', choices: '' }),
    blankRow({ name: 'u', kind: 'int', low: '1', high: '2', conditional: true, whenParam: 'missing', whenOp: 'gt', whenValue: 'abc' }),
  ];
  const { space, errors } = rowsToSpace(bad);
  assert.deepEqual(Object.keys(space.params), []);
  assert.match(errors.get(bad[0].key)!.join(), /log scale needs low > 0/);
  assert.match(errors.get(bad[1].key)!.join(), /defined twice/);
  assert.match(errors.get(bad[2].key)!.join(), /whole number/);
  assert.match(errors.get(bad[3].key)!.join(), /names start with/);
  assert.match(errors.get(bad[4].key)!.join(), /compares with a number/);
  assert.match(errors.get(bad[4].key)!.join(), /'missing' is not in the space/);
  assert.deepEqual(rowsToSpace([]).errors.get(''), ['add at least one param']);
});

test('quick-adds produce valid rows; depth adds conditional units and replaces on a second click', () => {
  for (const q of QUICK_ADDS) assert.equal(rowsToSpace(q.rows()).errors.size, 0, q.id);
  const depth = QUICK_ADDS.find((q) => q.id === 'depth')!;
  const { space } = rowsToSpace(depth.rows());
  assert.deepEqual(Object.keys(space.params), ['depth', 'units_0', 'units_1', 'units_2', 'units_3']);
  assert.equal(space.params.units_0.when, undefined);
  assert.deepEqual(space.params.units_3.when, { param: 'depth', op: 'gt', value: 3 });
  const twice = mergeRows(depth.rows(), depth.rows());
  assert.equal(twice.length, 5);
});

test('quick adds follow the dataset: dense blocks for tables and images, sequence knobs for text and series', () => {
  const ids = (kind: Parameters<typeof quickAddsFor>[0]) => quickAddsFor(kind).map((q) => q.id);
  assert.deepEqual(ids('tabular'), ['depth', 'activation', 'lr', 'batch', 'optimizer', 'dropout', 'l2']);
  assert.deepEqual(ids('image'), ids('tabular'));
  assert.deepEqual(ids('text'), ['lr', 'batch', 'optimizer', 'vocab', 'seqLen', 'modelDim', 'transformer', 'rnnUnits']);
  assert.deepEqual(ids('series'), ['lr', 'batch', 'optimizer', 'transformer', 'rnnUnits']);
  assert.deepEqual(ids('any'), ids('tabular'), 'no dataset chosen yet: the usual knobs');
  const { space } = rowsToSpace(quickAddsFor('text').flatMap((q) => q.rows()));
  const names = Object.keys(space.params).filter((n) => !n.includes('.'));
  assert.deepEqual(names, ['vocab_size', 'seq_len', 'model_dim', 'blocks', 'heads', 'ff_units', 'rnn_units']);
  for (const n of names) assert.ok(isSequenceParam(n), `${n} is a name the engine's spec-from-params reads`);
});
