import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { errorId, fieldErrors, hasErrors, within } from '../../../renderer/src/lib/field-errors.ts';
import { issueText } from '../../../main/api/errors.ts';
import { RunConfig } from '../../../main/api/schemas.ts';
import { PruneRequest } from '../../../main/compression/requests.ts';

const valid = { datasetId: 'ds', spec: { layers: [{ kind: 'dense', units: 8 }] }, hyperparams: { epochs: 3 }, seed: 1 };

test('a valid run config has no field errors', () => {
  assert.deepEqual(fieldErrors(RunConfig, valid), {});
  assert.equal(hasErrors(fieldErrors(RunConfig, valid)), false);
});

test('every bad value is keyed by its path with a short sentence, not a raw zod message', () => {
  const errors = fieldErrors(RunConfig, {
    ...valid,
    seed: -1,
    spec: { layers: [{ kind: 'dense', units: 0 }, { kind: 'residual', layers: [{ kind: 'dropout', rate: 1 }] }] },
    hyperparams: { epochs: 2.5, batchSize: null, optimizer: { kind: 'adam', learningRate: 0 }, split: { validation: 0.5, test: 0.5 } },
  });
  assert.deepEqual(errors, {
    seed: 'Must be at least 0',
    'spec.layers.0.units': 'Must be more than 0',
    'spec.layers.1.layers.0.rate': 'Must be less than 1',
    'hyperparams.epochs': 'Enter a whole number',
    'hyperparams.batchSize': 'Enter a number',
    'hyperparams.optimizer.learningRate': 'Must be more than 0',
    'hyperparams.split': 'Validation + test must leave data to train on',
  });
  assert.ok(Object.values(errors).every((m) => !/expected|received|Too (small|big)/.test(m)));
  assert.deepEqual(within(errors, 'spec.layers.'), { '0.units': 'Must be more than 0', '1.layers.0.rate': 'Must be less than 1' });
});

test('limits are written as people read them', () => {
  const e = fieldErrors(RunConfig, { ...valid, hyperparams: { epochs: 20000, batchSize: 100000 } });
  assert.equal(e['hyperparams.epochs'], 'Must be at most 10,000');
  assert.equal(e['hyperparams.batchSize'], 'Must be at most 65,536');
  assert.equal(fieldErrors(PruneRequest, { runId: 'r', targetSparsity: 1.5 }).targetSparsity, 'Must be less than 1');
  assert.equal(fieldErrors(z.object({ name: z.string().min(1) }), { name: '' }).name, 'Required');
  assert.equal(issueText({ code: 'custom', path: [], message: 'pick one', input: 1 } as never), 'Pick one');
});

test('message ids are valid DOM ids', () => {
  assert.equal(errorId('hp', 'optimizer.learningRate'), 'err-hp-optimizer-learningRate');
});
