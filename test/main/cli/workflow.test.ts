import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, samples, tempDir } from './helpers.ts';

test('import iris, list, train 2 epochs, runs, show, export', async (t) => {
  const dir = tempDir(t);
  const home = ['--home', join(dir, 'home')];

  const imported = await cli(['dataset', 'import', join(samples, 'iris.csv'), '--label', 'species', ...home, '--json']);
  assert.equal(imported.code, 0, imported.stderr);
  const meta = JSON.parse(imported.lines.at(-1)!);
  assert.equal(meta.name, 'iris');
  assert.equal(meta.task, 'classification');
  assert.equal(meta.numSamples, 150);

  const listed = await cli(['dataset', 'list', ...home]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, /iris\s+classification\s+150\s+\[4\]\s+3/);

  const trained = await cli(['train', '--dataset', 'iris', '--epochs', '2', '--seed', '3', '--name', 'cli-test', ...home, '--json']);
  assert.equal(trained.code, 0, trained.stderr);
  const events = trained.lines.slice(0, -1).map((l) => JSON.parse(l));
  assert.deepEqual(events.filter((e) => e.type === 'epoch').map((e) => e.epoch), [1, 2]);
  assert.ok(events.some((e) => e.type === 'started'));
  const run = JSON.parse(trained.lines.at(-1)!);
  assert.equal(run.status, 'completed');
  assert.equal(run.name, 'cli-test');
  assert.equal(run.epochsDone, 2);
  assert.equal(run.seed, 3);
  assert.equal(typeof run.metrics.val.loss, 'number');
  assert.equal(typeof run.metrics.train.accuracy, 'number');

  const runs = await cli(['runs', ...home, '--json']);
  assert.equal(runs.code, 0, runs.stderr);
  assert.deepEqual(runs.lines.map((l) => JSON.parse(l).id), [run.id]);
  const runsText = await cli(['runs', '--status', 'completed', ...home]);
  assert.match(runsText.stdout, new RegExp(`${run.id}\\s+cli-test\\s+completed`));

  const shown = await cli(['show', run.id, ...home]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /status\s+completed/);
  assert.match(shown.stdout, /Final metrics:/);
  assert.match(shown.stdout, /"epochs": 2/);
  const shownJson = JSON.parse((await cli(['show', run.id, ...home, '--json'])).lines.at(-1)!);
  assert.ok(shownJson.history.some((p: { name: string }) => p.name === 'loss'));

  const out = join(dir, 'export');
  const exported = await cli(['export', run.id, '--out', out, ...home]);
  assert.equal(exported.code, 0, exported.stderr);
  for (const f of ['model.json', 'weights.bin', 'preprocessing.json', 'model-card.md']) assert.ok(existsSync(join(out, f)), f);
  const pre = JSON.parse(readFileSync(join(out, 'preprocessing.json'), 'utf8'));
  assert.deepEqual(pre.classes, ['setosa', 'versicolor', 'virginica']);
  assert.match(readFileSync(join(out, 'model-card.md'), 'utf8'), /cli-test/);
});

test('text-mode training prints one line per epoch', async (t) => {
  const home = ['--home', join(tempDir(t), 'home')];
  assert.equal((await cli(['dataset', 'import', '--sample', 'iris', ...home])).code, 0);
  const trained = await cli(['train', '--dataset', 'iris', '--epochs', '2', ...home]);
  assert.equal(trained.code, 0, trained.stderr);
  assert.match(trained.stdout, /^epoch 1\/2 .*loss/m);
  assert.match(trained.stdout, /^epoch 2\/2 .*\| val /m);
  assert.match(trained.stdout, /completed after 2 epoch/);
});
