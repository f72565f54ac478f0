/** `modelbench ensemble …` and `modelbench ensembles` through the real CLI, on a temporary home. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, errorLine, tempDir, writeFile } from './helpers.ts';

test('voting over runs, bagging on a dataset, selection from a study: --json ends with the ensemble; list, show, export, delete', async (t) => {
  const dir = tempDir(t);
  const home = ['--home', join(dir, 'home')];
  assert.equal((await cli(['dataset', 'import', '--sample', 'iris', ...home])).code, 0);
  const runIds: string[] = [];
  for (const name of ['a', 'b']) {
    const r = await cli(['train', '--dataset', 'iris', '--epochs', '3', '--seed', '4', '--name', name, ...home, '--json']);
    assert.equal(r.code, 0, r.stderr);
    runIds.push(JSON.parse(r.lines.at(-1)!).id);
  }

  const voted = await cli(['ensemble', 'create', '--method', 'voting', '--runs', runIds.join(','), '--name', 'pair', ...home, '--json']);
  assert.equal(voted.code, 0, voted.stderr);
  const events = voted.lines.slice(0, -1).map((l) => JSON.parse(l));
  assert.ok(events.some((e) => e.type === 'ensemble-started') && events.some((e) => e.type === 'ensemble-finished'));
  const ensemble = JSON.parse(voted.lines.at(-1)!);
  assert.deepEqual(Object.keys(ensemble), ['id', 'name', 'method', 'status', 'members', 'metrics', 'size']);
  assert.deepEqual([ensemble.name, ensemble.method, ensemble.status], ['pair', 'voting', 'completed']);
  assert.deepEqual(ensemble.members.map((m: { runId: string; weight: number }) => [m.runId, m.weight]), runIds.map((r) => [r, 0.5]));
  assert.equal(typeof ensemble.members[0].metrics.val.accuracy, 'number');
  assert.equal(typeof ensemble.metrics.val.accuracy, 'number');
  assert.equal(typeof ensemble.metrics.test.accuracy, 'number');
  assert.ok(ensemble.size.paramCount > 0 && ensemble.size.latency.medianMs > 0);

  const bagged = await cli(['ensemble', 'create', '--method', 'bagging', '--dataset', 'iris', '--members', '2', '--model', 'mlp-small', '--epochs', '2', '--feature-fraction', '0.75', ...home]);
  assert.equal(bagged.code, 0, bagged.stderr);
  assert.match(bagged.stdout, /member 2\/2 completed/);
  assert.match(bagged.stdout, /out-of-bag accuracy [\d.]+ on \d+ rows/);

  const study = writeFile(dir, 'study.json', JSON.stringify({
    datasetId: 'iris', base: { hyperparams: { epochs: 2 } }, space: { params: { 'hyperparams.optimizer.learningRate': { kind: 'float', low: 0.005, high: 0.05, log: true } } },
    objectives: [{ metric: 'val_accuracy' }], nTrials: 3, workers: 2, seed: 2,
  }));
  const tuned = await cli(['tune', study, ...home, '--json']);
  assert.equal(tuned.code, 0, tuned.stderr);
  const studyId = JSON.parse(tuned.lines.at(-1)!).study.id;
  const selected = await cli(['ensemble', 'create', '--method', 'selection', '--study', studyId, '--top', '3', '--size', '10', ...home, '--json']);
  assert.equal(selected.code, 0, selected.stderr);
  const sel = JSON.parse(selected.lines.at(-1)!);
  assert.equal(sel.status, 'completed');
  assert.ok(Math.abs(sel.members.reduce((s: number, m: { weight: number }) => s + m.weight, 0) - 1) < 1e-9);

  const listed = await cli(['ensembles', ...home, '--json']);
  assert.deepEqual(listed.lines.map((l) => JSON.parse(l).method), ['selection', 'bagging', 'voting']);
  const table = await cli(['ensembles', ...home]);
  assert.match(table.stdout, new RegExp(`${ensemble.id}\\s+voting\\s+pair\\s+completed\\s+2\\s+acc`));

  const shown = await cli(['ensemble', 'show', sel.id, ...home]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /selection path \(log_loss\): /);
  assert.deepEqual(JSON.parse((await cli(['ensemble', 'show', ensemble.id, ...home, '--json'])).lines.at(-1)!), ensemble);

  const out = join(dir, 'export');
  const exported = await cli(['ensemble', 'export', ensemble.id, '--out', out, ...home]);
  assert.equal(exported.code, 0, exported.stderr);
  for (const f of ['model.json', 'weights.bin', 'preprocessing.json', 'model-card.md']) assert.ok(existsSync(join(out, f)), f);
  assert.equal(JSON.parse(readFileSync(join(out, 'preprocessing.json'), 'utf8')).recipe, null);
  // Into the same folder as ONNX: model.onnx replaces the tfjs files; a format it does not know is a usage error.
  const onnx = await cli(['ensemble', 'export', ensemble.id, '--out', out, '--format', 'onnx', ...home]);
  assert.equal(onnx.code, 0, onnx.stderr);
  assert.ok(existsSync(join(out, 'model.onnx')) && !existsSync(join(out, 'model.json')) && !existsSync(join(out, 'weights.bin')));
  assert.equal(JSON.parse(readFileSync(join(out, 'preprocessing.json'), 'utf8')).modelFormat, 'onnx');
  const badFormat = await cli(['ensemble', 'export', ensemble.id, '--out', out, '--format', 'pt', ...home]);
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.stderr, /--format must be one of tfjs, onnx/);

  // A member run's delete plan names the ensemble it leaves (and deletes nothing without --yes).
  const memberDry = await cli(['runs', 'delete', runIds[0], ...home]);
  assert.equal(memberDry.code, 2);
  assert.match(memberDry.stdout, new RegExp(`note   it is a member of 1 ensemble \\(${ensemble.id} 'pair'\\): their merged models keep its weights`));
  const planJson = JSON.parse((await cli(['runs', 'delete', runIds[0], ...home, '--json'])).lines[0]);
  assert.equal(planJson.notes.filter((n: string) => n.includes(ensemble.id)).length, 1);
  const bagMember = JSON.parse((await cli(['ensembles', ...home, '--json'])).lines.find((l) => JSON.parse(l).method === 'bagging')!);
  const bagRun = JSON.parse((await cli(['ensemble', 'show', bagMember.id, ...home, '--json'])).lines.at(-1)!).members[0].runId;
  assert.doesNotMatch((await cli(['runs', 'delete', bagRun, ...home])).stdout, /'pair'/, 'a run is named only with the ensembles it is a member of');

  const dry = await cli(['ensemble', 'delete', ensemble.id, ...home]);
  assert.equal(dry.code, 2);
  assert.match(dry.stdout, /ensemble ens_\w+ 'pair'/);
  assert.match(dry.stdout, /its 2 member runs stay/);
  const gone = await cli(['ensemble', 'delete', ensemble.id, '--yes', ...home]);
  assert.equal(gone.code, 0, gone.stderr);
  assert.equal((await cli(['ensemble', 'show', ensemble.id, ...home])).code, 1);
});

test('usage and input errors: a clear line, exit 2 for usage, 1 for refused input, nothing stored', async (t) => {
  const dir = tempDir(t);
  const home = ['--home', join(dir, 'home')];
  const noMethod = await cli(['ensemble', 'create', '--runs', 'a,b', ...home]);
  assert.equal(noMethod.code, 2);
  assert.match(errorLine(noMethod), /--method is required: voting, selection, bagging, boosting, stacking/);
  const one = await cli(['ensemble', 'create', '--method', 'voting', '--runs', 'run_x', ...home]);
  assert.equal(one.code, 1);
  assert.match(errorLine(one), /at least 2 members; got 1 distinct run/);
  const badFraction = await cli(['ensemble', 'create', '--method', 'bagging', '--dataset', 'iris', '--members', '2', '--feature-fraction', '1.5', ...home]);
  assert.equal(badFraction.code, 2);
  assert.match(errorLine(badFraction), /--feature-fraction/);
  const list = await cli(['ensembles', ...home, '--json']);
  assert.equal(list.code, 0, list.stderr);
  assert.deepEqual(list.lines, []);
  const help = await cli(['ensemble', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /modelbench ensemble create --method voting\|selection\|bagging\|boosting\|stacking/);
});
