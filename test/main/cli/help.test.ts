/** Every --help works, states the engine's real defaults (read from the schemas, never retyped) and links the formats. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunConfig } from '../../../main/api/schemas.ts';
import { DISTILL_HELP, FINETUNE_HELP, PRUNE_HELP, SHRINK_HELP } from '../../../main/cli/compression.ts';
import { MAIN_HELP } from '../../../main/cli/main.ts';
import { STUDY_HELP } from '../../../main/cli/studies.ts';
import { TRAIN_HELP } from '../../../main/cli/train.ts';
import { TUNE_HELP } from '../../../main/cli/tune.ts';
import { DISTILL_DEFAULTS } from '../../../main/compression/defaults.ts';
import { FinetuneRequest, PruneRequest, ShrinkRequest } from '../../../main/compression/requests.ts';
import { cli } from './helpers.ts';

const COMMANDS = ['dataset', 'presets', 'train', 'runs', 'show', 'explain', 'diagnose', 'forecast', 'export', 'serve', 'prune', 'shrink', 'distill', 'finetune', 'experiments', 'tune', 'study', 'studies'];

test('every command has --help (before or after it)', async () => {
  for (const command of COMMANDS) {
    const r = await cli([command, '--help']);
    assert.equal(r.code, 0, `${command}: ${r.stderr}`);
    assert.match(r.stdout, new RegExp(`Usage:\\s+modelbench ${command === 'studies' ? 'study' : command}`), command);
    assert.match(r.stdout, /--home DIR/, command);
  }
  assert.match((await cli(['help', 'prune'])).stdout, /--target-sparsity/);
});

test('help texts state the engine\'s defaults', () => {
  assert.match(DISTILL_HELP, new RegExp(`Defaults: T = ${DISTILL_DEFAULTS.temperature}, A = ${DISTILL_DEFAULTS.alpha}\\b`));
  assert.doesNotMatch(DISTILL_HELP, /T = 4|A = 0\.7/);
  const p = PruneRequest.parse({ runId: 'r', targetSparsity: 0.5 });
  assert.match(PRUNE_HELP, new RegExp(`magnitude or structured \\(default ${p.method}\\)`));
  assert.match(PRUNE_HELP, new RegExp(`\\(default ${p.schedule}\\)`));
  assert.match(PRUNE_HELP, new RegExp(`\\(default ${p.scope}\\)`));
  assert.match(PRUNE_HELP, new RegExp(`bn \\(default ${p.criterion}\\)`));
  const s = ShrinkRequest.parse({ runId: 'r' });
  assert.match(SHRINK_HELP, new RegExp(`\\(default ${s.tolerance}\\)`));
  assert.match(SHRINK_HELP, new RegExp(`at most \\(default ${s.maxCandidates}\\)`));
  assert.match(FINETUNE_HELP, new RegExp(`first K layers \\(default ${FinetuneRequest.parse({ runId: 'r', datasetId: 'd' }).freeze}\\)`));
  assert.match(TRAIN_HELP, new RegExp(`random seed \\(default ${RunConfig.shape.seed.parse(undefined)}\\)`));
});

test('help texts link the formats they take', () => {
  for (const [name, text] of [['train', TRAIN_HELP], ['tune', TUNE_HELP], ['study', STUDY_HELP], ['main', MAIN_HELP]] as const) {
    assert.match(text, /docs\/model-spec\.md/, name);
    assert.match(text, /docs\/hyperparams\.md/, name);
  }
  assert.match(DISTILL_HELP, /docs\/model-spec\.md/);
});
