/** `modelbench train` without --model: the dataset's kind picks the preset (main/data/input-kind.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { MODEL_PRESETS } from '../../../main/model/presets.ts';
import { cli, tempDir, writeFile } from './helpers.ts';

test('a series dataset trains with the first series preset when no --model is given', async (t) => {
  const dir = tempDir(t);
  const home = ['--home', join(dir, 'home')];
  const csv = writeFile(dir, 'daily.csv', ['t,v', ...Array.from({ length: 120 }, (_, i) => `${i},${Math.sin(i / 3) + i / 50}`)].join('\n'));
  const imported = await cli(['dataset', 'import', csv, '--series', '--time', 't', '--target', 'v', '--lookback', '6', '--horizon', '2', ...home]);
  assert.equal(imported.code, 0, imported.stderr);
  const trained = await cli(['train', '--dataset', 'daily', '--epochs', '1', ...home, '--json']);
  assert.equal(trained.code, 0, trained.stderr);
  const run = JSON.parse(trained.lines.at(-1) as string) as { status: string; config: { spec: { name?: string; layers: { kind: string }[] }; hyperparams: { batchSize: number } } };
  const expected = MODEL_PRESETS.find((p) => p.inputKind === 'series')!;
  assert.equal(run.status, 'completed');
  assert.equal(run.config.spec.name, expected.spec.name);
  assert.deepEqual(run.config.spec.layers.map((l) => l.kind), expected.spec.layers.map((l) => l.kind));
  assert.equal(run.config.hyperparams.batchSize, expected.hyperparams.batchSize, "the preset's hyperparameters come with it");
});
