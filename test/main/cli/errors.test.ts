import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli, errorLine, repoRoot, samples, tempDir, writeFile } from './helpers.ts';

test('usage errors exit 2 with a one-line message', async () => {
  for (const [args, pattern] of [
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['runs', '--bogus'], /Unknown option '--bogus'/],
    [['train', '--epochs', '2'], /--dataset is required/],
    [['train', '--dataset', 'x', '--epochs', 'two'], /--epochs must be an integer/],
    [['dataset', 'import', '--sample', 'cifar'], /--sample must be one of iris/],
    [['show'], /missing RUN/],
    // Negative numbers reach the number parser (they used to be read as options: "Unknown option '-3'").
    [['train', '--dataset', 'x', '--epochs', '-3'], /--epochs must be an integer ≥ 1, got '-3'/],
    [['serve', '--port', '-1'], /--port must be an integer ≥ 0 and ≤ 65535, got '-1'/],
    [['runs', '--limit', '501'], /--limit must be an integer ≥ 1 and ≤ 500, got '501'/],
  ] as const) {
    const r = await cli([...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(errorLine(r), pattern);
  }
});

test('--help works for the program and each command', async () => {
  const top = await cli(['--help']);
  assert.equal(top.code, 0);
  assert.match(top.stdout, /Commands:/);
  for (const command of ['dataset', 'train', 'runs', 'show', 'export', 'serve']) {
    const r = await cli([command, '--help']);
    assert.equal(r.code, 0, command);
    assert.match(r.stdout, new RegExp(`Usage:\\s+modelbench ${command}`), command);
    assert.match(r.stdout, /--home DIR/);
  }
});

test('bad data files fail with clear messages (exit 1)', async (t) => {
  const dir = tempDir(t);
  const home = ['--home', join(dir, 'home')];
  const cases: [string, string[], RegExp][] = [
    ['malformed.csv', ['a,b,label\n1,2,x\n3,"4,y\n5,6,z\n'], /malformed CSV|fields but the header/],
    ['textnum.csv', [`a,b,label\n${Array.from({ length: 20 }, (_, i) => `${i},${i % 3 === 0 && i === 9 ? 'oops' : i * 2},${i % 2 ? 'x' : 'y'}`).join('\n')}\n`], /column 'b' is numeric but row \d+ has 'oops'/],
  ];
  for (const [name, [text], pattern] of cases) {
    const r = await cli(['dataset', 'import', writeFile(dir, name, text), ...home]);
    assert.equal(r.code, 1, `${name}: ${r.stderr}`);
    assert.match(errorLine(r), pattern, name);
  }
  const missingLabel = await cli(['dataset', 'import', join(samples, 'iris.csv'), '--label', 'colour', ...home, '--json']);
  assert.equal(missingLabel.code, 1);
  assert.match(errorLine(missingLabel), /label column 'colour' not found/);
  const payload = JSON.parse(missingLabel.lines.at(-1)!);
  assert.equal(payload.error.code, 'bad_data');

  const nowhere = await cli(['dataset', 'import', join(dir, 'nope.csv'), ...home]);
  assert.equal(nowhere.code, 1);
  assert.match(errorLine(nowhere), /no such file or folder: .*nope\.csv/);
});

test('train rejects specs that cannot build, invalid JSON and missing files', async (t) => {
  const dir = tempDir(t);
  const home = ['--home', join(dir, 'home')];
  assert.equal((await cli(['dataset', 'import', '--sample', 'iris', ...home])).code, 0);

  const conv = writeFile(dir, 'conv.json', JSON.stringify({ layers: [{ kind: 'conv2d', filters: 4 }] }));
  const cannot = await cli(['train', '--dataset', 'iris', '--model', conv, '--epochs', '1', ...home, '--json']);
  assert.equal(cannot.code, 1, cannot.stderr);
  assert.match(errorLine(cannot), /cannot be built/);
  assert.equal(JSON.parse(cannot.lines.at(-1)!).error.code, 'cannot_build');

  const broken = writeFile(dir, 'broken.json', '{"layers": [');
  const invalid = await cli(['train', '--dataset', 'iris', '--model', broken, ...home]);
  assert.equal(invalid.code, 1);
  assert.match(errorLine(invalid), /--model: .*broken\.json is not valid JSON/);

  const missing = await cli(['train', '--dataset', 'iris', '--model', join(dir, 'absent.json'), ...home]);
  assert.equal(missing.code, 1);
  assert.match(errorLine(missing), /--model: no such file: .*absent\.json/);

  const noDataset = await cli(['train', '--dataset', 'wine', ...home]);
  assert.equal(noDataset.code, 1);
  assert.match(errorLine(noDataset), /No dataset with id or name 'wine'/);

  const badHp = writeFile(dir, 'hp.json', JSON.stringify({ batchSize: 0 }));
  const invalidHp = await cli(['train', '--dataset', 'iris', '--config', badHp, ...home]);
  assert.equal(invalidHp.code, 1);
  assert.match(errorLine(invalidHp), /batchSize/);

  const noRun = await cli(['show', 'run_missing', ...home]);
  assert.equal(noRun.code, 1);
  assert.match(errorLine(noRun), /No run with id 'run_missing'/);
});

test('bin/modelbench.mjs runs the CLI', async () => {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/modelbench.mjs'), 'frobnicate'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^modelbench: error: unknown command 'frobnicate'/m);
});
