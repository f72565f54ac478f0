import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, nextTrialNumber, shouldPrune } from '../../../main/tuner/ask.ts';
import { MedianPruner } from '../../../main/tuner/pruners/median.ts';
import { createSampler, restoreSampler } from '../../../main/tuner/samplers/index.ts';
import type { Sampler } from '../../../main/tuner/types.ts';
import { richSpace } from './fixtures.ts';

test('ask numbers trials after the history and replays from the seed', () => {
  const space = richSpace();
  const s = createSampler('random');
  assert.equal(nextTrialNumber([]), 0);
  const a = ask(space, s, [], { seed: 5 });
  assert.equal(a.number, 0);
  assert.deepEqual(ask(space, s, [], { seed: 5 }), a);
  assert.equal(ask(space, s, [], { seed: 5, trialNumber: 7 }).number, 7);
});

test('ask refuses a sampler that breaks the space', () => {
  const bad: Sampler = { name: 'bad', sample: () => ({ lr: 5 }), getState: () => ({ name: 'bad', version: 1, options: {} }), setState() {} };
  assert.throws(() => ask(richSpace(), bad, [], { seed: 1 }), /sampler 'bad' suggested invalid params/);
});

test('shouldPrune only judges running trials with reports', () => {
  const p = new MedianPruner({ nStartupTrials: 0 });
  const done = [{ number: 0, state: 'complete' as const, params: {}, values: [1], intermediate: { 1: 1 } }];
  assert.equal(shouldPrune(p, done, { number: 1, state: 'running', params: {}, intermediate: { 1: 9 } }), true);
  assert.equal(shouldPrune(p, done, { number: 1, state: 'complete', params: {}, intermediate: { 1: 9 } }), false);
});

test('restoreSampler rejects unknown states', () => {
  assert.throws(() => restoreSampler({ name: 'cmaes', version: 1, options: {} }), /invalid sampler state/);
  assert.equal(restoreSampler({ name: 'tpe', version: 1, options: { nCandidates: 8 } }).getState().options.nCandidates, 8);
});
