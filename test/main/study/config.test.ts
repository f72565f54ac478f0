import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../main/api/errors.ts';
import {
  MAX_COMMAND_ARG_LENGTH, MAX_COMMAND_ARGS, MAX_COMMAND_CWD_LENGTH, MAX_COMMAND_ENV, MAX_COMMAND_TIMEOUT_MS, MAX_COMMAND_TOTAL_LENGTH,
} from '../../../main/limits.ts';
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

test('sampler and pruner options are checked when the study is made, naming the option', () => {
  rejects({ ...base, sampler: { kind: 'genetic', options: { populationSize: 0 } } }, /^sampler 'genetic': populationSize: Must be at least 2$/);
  rejects({ ...base, sampler: { kind: 'nsga2', options: { populationSize: 0 } } }, /populationSize: Must be at least 2/);
  rejects({ ...base, sampler: { kind: 'tpe', options: { nStartup: 3 } } }, /Unknown field 'nStartup'/);
  rejects({ ...base, pruner: { kind: 'median', nStartupTrial: 3 } }, /^invalid pruner: options: Unknown field 'nStartupTrial'$/);
  rejects({ ...base, pruner: { kind: 'asha', reductionFactor: 1000 } }, /^invalid pruner: reductionFactor: Must be at most 100$/);
  assert.deepEqual(validateStudy({ ...base, sampler: { kind: 'genetic', options: { populationSize: 2, crossover: 'uniform' } } }).sampler,
    { name: 'genetic', options: { populationSize: 2, crossover: 'uniform' } });
});

test('hyperband takes maxResource from the base epochs; asha is successive halving', () => {
  assert.deepEqual(validateStudy({ ...base, base: { hyperparams: { epochs: 9 } }, pruner: 'hyperband' }).pruner, { kind: 'hyperband', maxResource: 9 });
  assert.equal(validateStudy({ ...base, pruner: 'asha' }).pruner.kind, 'successive-halving');
});

test('pruning on a size objective is allowed with a warning', () => {
  const v = validateStudy({ ...base, objectives: [{ metric: 'param_count' }, { metric: 'val_accuracy' }], pruner: 'median' });
  assert.match(v.warnings.join(' '), /no trial will be pruned/);
});

test('a command objective\'s program is bounded: argv, env, cwd, timeout (main/limits.ts)', () => {
  const cmd = (command: unknown) => ({ space: { params: { x: { kind: 'float', low: 0, high: 1 } } }, objectives: [{ kind: 'command', direction: 'minimize' }], command });
  assert.equal(validateStudy(cmd({ argv: ['python3', 'train.py'], env: { CUDA_VISIBLE_DEVICES: '0' }, cwd: '/tmp', timeoutMs: 1000 })).kind, 'command');
  rejects(cmd({ argv: Array(MAX_COMMAND_ARGS + 1).fill('x') }), /command\.argv: At most 1,000 allowed/);
  rejects(cmd({ argv: ['x'.repeat(MAX_COMMAND_ARG_LENGTH + 1)] }), /command\.argv\.0: At most 10,000 characters/);
  rejects(cmd({ argv: ['prog', 'a\0b'] }), /command\.argv\.1: Must not contain a NUL character/);
  rejects(cmd({ shell: 'x'.repeat(MAX_COMMAND_ARG_LENGTH + 1) }), /command\.shell: At most 10,000 characters/);
  rejects(cmd({ shell: 'true', env: Object.fromEntries(Array.from({ length: MAX_COMMAND_ENV + 1 }, (_, i) => [`V${i}`, '1'])) }), /command\.env: At most 200 variables allowed/);
  rejects(cmd({ shell: 'true', env: { 'A=B': '1' } }), /command\.env\.A=B: Invalid name: Must not contain '='/);
  rejects(cmd({ shell: 'true', env: { ['N'.repeat(5000)]: '1' } }), /command\.env\.N{60}…: Invalid name: At most 256 characters$/);
  rejects(cmd({ shell: 'true', env: { A: 'v'.repeat(MAX_COMMAND_ARG_LENGTH + 1) } }), /command\.env\.A: At most 10,000 characters/);
  rejects(cmd({ shell: 'true', cwd: 'd'.repeat(MAX_COMMAND_CWD_LENGTH + 1) }), /command\.cwd: At most 4,096 characters/);
  rejects(cmd({ shell: 'true', timeoutMs: 0 }), /command\.timeoutMs: Must be at least 1/);
  rejects(cmd({ shell: 'true', timeoutMs: MAX_COMMAND_TIMEOUT_MS + 1 }), /command\.timeoutMs: Must be at most/);
  // Each part within its own bound, all of them together past what a spawn can take.
  rejects(cmd({ argv: Array(MAX_COMMAND_ARGS).fill('x'.repeat(2000)) }), /command: The arguments \(argv or shell\) and env together must stay within 1,048,576 characters \(MAX_COMMAND_TOTAL_LENGTH\)/);
  assert.ok(MAX_COMMAND_ARGS * 2000 > MAX_COMMAND_TOTAL_LENGTH);
});
