/** The study CLI as users run it: real child processes on a temporary --home. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { cli, repoRoot, tempDir, writeFile } from './helpers.ts';

test('ask / report / tell round trip through the CLI', async (t) => {
  const dir = tempDir(t);
  const home = ['--home', join(dir, 'home')];
  const space = writeFile(dir, 'space.json', JSON.stringify({ x: { kind: 'float', low: -2, high: 2 }, kind: { kind: 'categorical', choices: ['a', 'b'] } }));
  const created = await cli(['study', 'create', '--space', space, '--sampler', 'random', '--direction', 'minimize', '--pruner', 'median', '--name', 'shell', ...home]);
  assert.equal(created.code, 0, created.stderr);
  const id = created.lines[0];
  assert.match(id, /^study_/);
  for (let n = 0; n < 3; n++) {
    const asked = await cli(['study', 'ask', id, ...home]);
    const trial = JSON.parse(asked.lines[0]) as { number: number; params: { x: number; kind: string } };
    assert.equal(trial.number, n);
    assert.ok(trial.params.x >= -2 && trial.params.x <= 2 && ['a', 'b'].includes(trial.params.kind));
    const reported = await cli(['study', 'report', id, String(n), '1', String(trial.params.x ** 2), ...home]);
    assert.deepEqual(JSON.parse(reported.lines[0]), { prune: false });
    const told = await cli(['study', 'tell', id, String(n), String(trial.params.x ** 2), ...home]);
    assert.equal(told.code, 0, told.stderr);
  }
  await cli(['study', 'ask', id, ...home]);
  const failed = await cli(['study', 'tell', id, '3', '--state', 'failed', '--error', 'OOM', ...home]);
  assert.equal(failed.lines[0], 'trial 3 failed');
  const again = await cli(['study', 'tell', id, '3', '1', ...home]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /Trial 3 is already failed/);
  const shown = await cli(['study', 'show', id, '--json', ...home]);
  const detail = JSON.parse(shown.lines.at(-1)!);
  assert.deepEqual(detail.study.counts, { total: 4, running: 0, complete: 3, pruned: 0, failed: 1 });
  assert.equal(detail.best.length, 1);
  assert.equal(detail.best[0].values[0], Math.min(...detail.trials.filter((x: { values: number[] | null }) => x.values).map((x: { values: number[] }) => x.values[0])));
  const list = await cli(['studies', ...home]);
  assert.match(list.stdout, /shell\s+idle\s+random\s+median\s+4\s+3\s+0\s+1/);
});

test('tune with a command objective runs the user program (node -e) and prints a summary', async (t) => {
  const dir = tempDir(t);
  const program = "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const p=JSON.parse(s);if(p.x>2.5){console.error('x too big');process.exit(2)}console.log('noise');console.log((p.x-1)**2+','+process.env.MB_PARAM_N)})";
  const study = writeFile(dir, 'study.json', JSON.stringify({
    name: 'cmd', space: { params: { x: { kind: 'float', low: -3, high: 3 }, n: { kind: 'int', low: 1, high: 3 } } }, sampler: 'tpe',
    objectives: [{ kind: 'command', name: 'loss', direction: 'minimize' }, { kind: 'command', name: 'n', direction: 'minimize' }],
    command: { argv: [process.execPath, '-e', program] }, nTrials: 8, workers: 2, seed: 4,
  }));
  const r = await cli(['tune', study, '--json', '--home', join(dir, 'home')]);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.lines.at(-1)!);
  assert.equal(summary.study.status, 'finished');
  assert.equal(summary.study.counts.total, 8);
  assert.ok(summary.paretoFront.length >= 1);
  const events = r.lines.slice(0, -1).map((l) => JSON.parse(l));
  const fails = events.filter((e) => e.type === 'trial-failed');
  for (const f of fails) assert.match(f.error, /exited with 2[\s\S]*x too big/);
  assert.equal(events.filter((e) => e.type === 'trial-completed').length + fails.length, 8);
});

test('kill -9 mid-study, then tune --resume: no finished trial lost, interrupted trials re-run', async (t) => {
  const dir = tempDir(t);
  const home = ['--home', join(dir, 'home')];
  assert.equal((await cli(['dataset', 'import', '--sample', 'iris', ...home])).code, 0);
  const study = writeFile(dir, 'study.json', JSON.stringify({
    datasetId: 'iris', base: { hyperparams: { epochs: 40, batchSize: 8 } },
    space: { params: { depth: { kind: 'int', low: 1, high: 2 }, units_0: { kind: 'int', low: 4, high: 32 }, units_1: { kind: 'int', low: 4, high: 32, when: { param: 'depth', op: 'gt', value: 1 } } } },
    sampler: 'random', objectives: [{ metric: 'val_accuracy' }], nTrials: 5, workers: 2, seed: 9,
  }));
  // Run the real CLI and SIGKILL it once one trial has completed while others train.
  const before = await new Promise<{ studyId: string; completed: { number: number; values: number[] }[] }>((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'main/cli/main.ts'), 'tune', study, '--json', ...home], { env: { ...process.env, MODELBENCH_BACKEND: 'cpu' } });
    let buf = '';
    let studyId = '';
    const completed: { number: number; values: number[] }[] = [];
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`no trial completed in time:\n${buf}`))), 120_000);
    child.stdout.on('data', (d) => {
      buf += d;
      for (const line of buf.split('\n').slice(0, -1)) {
        const e = JSON.parse(line);
        if (e.type === 'study-created') studyId = e.studyId;
        if (e.type === 'trial-completed' && !completed.some((c) => c.number === e.number)) completed.push({ number: e.number, values: e.values });
      }
      if (completed.length >= 1 && !child.killed) {
        child.kill('SIGKILL');
        clearTimeout(timer);
      }
    });
    child.on('close', () => resolve({ studyId, completed }));
  });
  assert.match(before.studyId, /^study_/);
  const mid = JSON.parse((await cli(['study', 'show', before.studyId, '--json', ...home])).lines.at(-1)!);
  assert.equal(mid.study.status, 'interrupted');
  assert.ok(mid.study.counts.running >= 1, 'trials were left running by the killed process');
  const leftRunning = mid.trials.filter((x: { state: string }) => x.state === 'running');

  const resumed = await cli(['tune', '--resume', before.studyId, '--json', ...home], { timeoutMs: 240_000 });
  assert.equal(resumed.code, 0, resumed.stderr);
  const summary = JSON.parse(resumed.lines.at(-1)!);
  assert.equal(summary.study.status, 'finished');
  const trials = JSON.parse((await cli(['study', 'show', before.studyId, '--json', '--limit', '100', ...home])).lines.at(-1)!).trials as
    { number: number; state: string; values: number[] | null; params: unknown; error: string | null; retryOf: number | null }[];
  for (const c of before.completed) assert.deepEqual(trials.find((x) => x.number === c.number)?.values, c.values, `trial ${c.number} kept`);
  for (const r of leftRunning) {
    const old = trials.find((x) => x.number === r.number)!;
    assert.equal(old.state, 'failed');
    assert.match(old.error ?? '', /^interrupted: /);
    const retry = trials.find((x) => x.retryOf === r.number);
    assert.ok(retry, `trial ${r.number} re-queued`);
    assert.deepEqual(retry.params, r.params);
  }
  assert.equal(trials.filter((x) => x.state === 'complete').length, 5, 'nTrials finished, interrupted trials not counted');
});
