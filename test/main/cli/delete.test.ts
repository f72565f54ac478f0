/** `<group> delete ID... [--yes]`: a plan without --yes, refusals for what is in use, rows and files gone with it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, errorLine, repoRoot, tempDir, writeFile } from './helpers.ts';

test('runs, datasets, studies and experiments: plan without --yes, refusal when in use, deletion with --yes', async (t) => {
  const dir = tempDir(t);
  const homeDir = join(dir, 'home');
  const home = ['--home', homeDir];
  const dataset = JSON.parse((await cli(['dataset', 'import', '--sample', 'iris', ...home, '--json'])).lines.at(-1)!);
  const run = JSON.parse((await cli(['train', '--dataset', 'iris', '--epochs', '2', ...home, '--json'])).lines.at(-1)!);
  assert.equal(run.status, 'completed');
  const runDir = join(homeDir, 'runs', run.id);
  assert.ok(existsSync(runDir));

  // Without --yes: what would go, nothing gone, exit 2.
  const plan = await cli(['runs', 'delete', run.id, ...home]);
  assert.equal(plan.code, 2, plan.stderr);
  assert.match(plan.stdout, new RegExp(`run ${run.id} '`));
  assert.match(plan.stdout, /rows\s+1 run, \d+ metric points/);
  assert.match(plan.stdout, new RegExp(`files\\s+${runDir.replace(/[/\\]/g, '.')} \\(\\d+ files, [\\d.]+ KB\\)`));
  assert.match(errorLine(plan), /nothing deleted: add --yes to delete this run/);
  const planJson = JSON.parse((await cli(['runs', 'delete', run.id, '--json', ...home])).lines[0]);
  assert.equal(planJson.deleted, false);
  assert.ok(planJson.files[0].bytes > 1000, 'the weights are counted');

  // A dataset with runs is refused, with what to do.
  const used = await cli(['dataset', 'delete', 'iris', '--yes', ...home]);
  assert.equal(used.code, 1);
  assert.match(errorLine(used), new RegExp(`dataset 'iris' has 1 run \\(${run.id}\\); .*modelbench runs delete ID\\.\\.\\. --yes`));
  assert.ok(existsSync(join(homeDir, 'datasets', dataset.id)));

  // An experiment (prune, 1 epoch), then delete it: its runs stay.
  const pruned = await cli(['prune', run.id, '--target-sparsity', '0.5', '--epochs', '1', ...home, '--json']);
  assert.equal(pruned.code, 0, pruned.stderr);
  const experiment = JSON.parse(pruned.lines.at(-1)!);
  const runsBefore = (await cli(['runs', '--json', ...home])).lines.length;
  const expPlan = await cli(['experiments', 'delete', experiment.id, ...home]);
  assert.equal(expPlan.code, 2);
  assert.match(expPlan.stdout, /rows\s+1 experiment, 2 steps/);
  assert.equal((await cli(['experiments', 'delete', experiment.id, '--yes', ...home])).code, 0);
  assert.equal((await cli(['experiments', 'show', experiment.id, ...home])).code, 1);
  assert.equal((await cli(['runs', '--json', ...home])).lines.length, runsBefore, 'the experiment\'s runs stay');

  // A study that trains on the dataset also keeps it.
  const space = writeFile(dir, 'study.json', JSON.stringify({ datasetId: 'iris', space: { params: { depth: { kind: 'int', low: 1, high: 2 } } }, objectives: [{ metric: 'val_loss' }] }));
  const study = (await cli(['study', 'create', space, ...home])).lines[0];
  const runIds = (await cli(['runs', '--json', ...home])).lines.map((l) => JSON.parse(l).id);
  const deleted = await cli(['runs', 'delete', ...runIds, '--yes', ...home]);
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.equal((deleted.stdout.match(/^Deleted run /gm) ?? []).length, runIds.length);
  assert.ok(!existsSync(runDir), 'the model files went with the rows');
  const byStudy = await cli(['dataset', 'delete', dataset.id, '--yes', ...home]);
  assert.equal(byStudy.code, 1);
  assert.match(errorLine(byStudy), new RegExp(`is the data of 1 study \\(${study}\\); delete them first with 'modelbench study delete ID --yes'`));
  const studyPlan = await cli(['study', 'delete', study, ...home]);
  assert.match(studyPlan.stdout, /rows\s+1 study, 0 trials/);
  assert.equal((await cli(['study', 'delete', study, '--yes', ...home])).code, 0);
  assert.equal((await cli(['dataset', 'delete', 'iris', '--yes', ...home])).code, 0);
  assert.ok(!existsSync(join(homeDir, 'datasets', dataset.id)));
  assert.equal((await cli(['dataset', 'list', '--json', ...home])).lines.length, 0);

  const missing = await cli(['runs', 'delete', 'run_nope', '--yes', ...home]);
  assert.equal(missing.code, 1);
  assert.match(errorLine(missing), /No run with id 'run_nope'/);
  assert.equal((await cli(['runs', 'delete', ...home])).code, 2);
});

// Before job owners, every engine start marked all 'running' runs interrupted, so the delete went through
// and the trainer lost its run.
test('a run that another process is training is refused, and keeps training', async (t) => {
  const home = ['--home', join(tempDir(t), 'home')];
  assert.equal((await cli(['dataset', 'import', '--sample', 'iris', ...home])).code, 0);
  const child = spawn(process.execPath, [join(repoRoot, 'main/cli/main.ts'), 'train', '--dataset', 'iris', '--epochs', '5000', ...home, '--json'], {
    cwd: repoRoot, env: { ...process.env, MODELBENCH_BACKEND: 'cpu' },
  });
  t.after(() => child.kill('SIGKILL'));
  const runId = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const started = out.split('\n').find((l) => l.includes('"type":"epoch"'));
      if (started) resolve(JSON.parse(started).runId);
    });
    child.on('close', () => reject(new Error(`train ended early:\n${out}`)));
  });
  const r = await cli(['runs', 'delete', runId, '--yes', ...home]);
  assert.equal(r.code, 1, r.stdout);
  assert.match(errorLine(r), /is running; stop it first \(Ctrl-C in the 'modelbench train' that runs it/);
  const shown = JSON.parse((await cli(['show', runId, '--json', ...home])).lines.at(-1)!);
  assert.equal(shown.status, 'running');
});
