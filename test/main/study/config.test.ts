import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../main/api/errors.ts';
import { SAMPLER_NAMES as CONFIG_SAMPLERS } from '../../../main/study/config.ts';
import { SAMPLER_NAMES } from '../../../main/tuner/samplers/index.ts';
import { validateStudy } from '../../../main/study/validate.ts';

const base = {
  datasetId: 'iris',
  space: { params: { depth: { kind: 'int', low: 1, high: 3 }, 'hyperparams.optimizer.learningRate': { kind: 'float', low: 1e-4, high: 0.1, log: true } } },
  objectives: [{ metric: 'val_accuracy' }],
};

function rejects(config: unknown, pattern: RegExp): void {
  assert.throws(() => validateStudy(config), (e: unknown) => e instanceof ApiError && e.code === 'invalid_argument' && pattern.test(e.message));
}

test('a valid config gets defaults and a maximize direction for val_accuracy', () => {
  const v = validateStudy(base);
  assert.equal(v.kind, 'train');
  assert.deepEqual(v.objectives, [{ name: 'val_accuracy', direction: 'maximize' }]);
  assert.equal(v.sampler.name, 'tpe');
  assert.equal(v.pruner.kind, 'nop');
  assert.equal(v.config.nTrials, 20);
});

test('the sampler names in the config schema match the tuner core', () => {
  assert.deepEqual([...CONFIG_SAMPLERS], [...SAMPLER_NAMES]);
});

test('invalid spaces and configs give errors that name the problem', () => {
  rejects({ ...base, space: { params: { depth: { kind: 'int', low: 3, high: 1 } } } }, /param 'depth': low must be <= high/);
  rejects({ ...base, space: { params: { 'hyperparams.optimizer.learningRate': { kind: 'float', low: 0, high: 1, log: true } } } }, /log scale needs low > 0/);
  rejects({ ...base, space: { params: { units_1: { kind: 'int', low: 1, high: 4, when: { param: 'nope', op: 'gt', value: 1 } }, depth: { kind: 'int', low: 1, high: 2 } } } }, /unknown param 'nope'/);
  rejects({ ...base, space: { params: { lr: { kind: 'float', low: 0.1, high: 1 } } } }, /param 'lr' does not say where its value goes/);
  rejects({ ...base, space: { params: { activation: { kind: 'categorical', choices: ['relu', 'tanh'] } } } }, /need 'depth' or 'conv_depth'/);
  rejects({ ...base, datasetId: undefined }, /needs datasetId/);
  rejects({ ...base, objectives: [{ metric: 'val_accuracy' }, { kind: 'value', direction: 'minimize' }] }, /all be of one kind/);
  rejects({ ...base, objectives: [{ kind: 'command', direction: 'minimize' }] }, /command objectives need 'command'/);
  rejects({ ...base, objectives: [{ metric: 'val_accurcy' }] }, /invalid study config: objectives/);
  rejects({ ...base, sampler: 'grid' }, /sampler 'grid' cannot sample this space: .*continuous/);
  rejects({ ...base, pruner: { kind: 'percentile' } }, /invalid pruner: percentile/);
  rejects({ ...base, pruner: 'hyperband' }, /hyperband' needs maxResource/);
  rejects({ ...base, objectives: [{ metric: 'val_loss' }, { metric: 'val_loss' }] }, /objectives must be distinct/);
});

test('hyperband takes maxResource from the base epochs; asha is successive halving', () => {
  assert.deepEqual(validateStudy({ ...base, base: { hyperparams: { epochs: 9 } }, pruner: 'hyperband' }).pruner, { kind: 'hyperband', maxResource: 9 });
  assert.equal(validateStudy({ ...base, pruner: 'asha' }).pruner.kind, 'successive-halving');
});

test('pruning on a size objective is allowed with a warning', () => {
  const v = validateStudy({ ...base, objectives: [{ metric: 'param_count' }, { metric: 'val_accuracy' }], pruner: 'median' });
  assert.match(v.warnings.join(' '), /no trial will be pruned/);
});
