/** Common options anywhere, negative numbers as values: the real CLI on a temporary --home. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli, errorLine, tempDir, writeFile } from './helpers.ts';

test('--home, --json and --help work before the command as after it', async (t) => {
  const home = join(tempDir(t), 'home');
  assert.equal((await cli(['dataset', 'import', '--sample', 'iris', '--home', home])).code, 0);
  const before = await cli(['--home', home, '--json', 'dataset', 'list']);
  assert.equal(before.code, 0, before.stderr);
  const after = await cli(['dataset', 'list', '--json', '--home', home]);
  assert.equal(before.stdout, after.stdout);
  assert.equal(JSON.parse(before.lines[0]).name, 'iris');
  const between = await cli(['dataset', `--home=${home}`, 'list']);
  assert.match(between.stdout, /iris\s+classification/);
  const runs = await cli(['--home', home, 'runs']);
  assert.equal(runs.code, 0, runs.stderr);
  assert.match(runs.stdout, /No runs/);
  for (const command of ['runs', 'train', 'study', 'presets']) {
    const help = await cli(['--help', command]);
    assert.equal(help.code, 0, command);
    assert.match(help.stdout, new RegExp(`Usage:\\s+modelbench ${command}`), command);
  }
  const wrong = await cli(['--epochs', '3', 'train']);
  assert.equal(wrong.code, 2);
  assert.match(errorLine(wrong), /unknown option '--epochs' before the command/);
});

test('negative objective values: study tell, report and comma-separated lists', async (t) => {
  const dir = tempDir(t);
  const home = ['--home', join(dir, 'home')];
  const space = writeFile(dir, 'space.json', JSON.stringify({ x: { kind: 'float', low: -2, high: 2 } }));
  const created = await cli(['study', 'create', '--space', space, '--sampler', 'random', '--direction', 'minimize,maximize', ...home]);
  assert.equal(created.code, 0, created.stderr);
  const id = created.lines[0];
  await cli(['study', 'ask', id, ...home]);
  const reported = await cli(['study', 'report', id, '0', '1', '-1e-3', ...home]);
  assert.equal(reported.code, 0, reported.stderr);
  const told = await cli(['study', 'tell', id, '0', '-0.5,-2', ...home, '--json']);
  assert.equal(told.code, 0, told.stderr);
  const shown = JSON.parse((await cli(['study', 'show', id, '--json', ...home])).lines.at(-1)!);
  assert.deepEqual(shown.trials[0].values, [-0.5, -2]);
  assert.equal(shown.trials[0].lastValue, -0.001);
  const bad = await cli(['study', 'tell', id, '0', '-0.5,x', ...home]);
  assert.equal(bad.code, 2);
  assert.match(errorLine(bad), /VALUE must be a number, got 'x'/);
});
