import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { cli, repoRoot, tempDir } from './helpers.ts';

test('Ctrl-C cancels a training run cleanly: exit 130, run stored as cancelled', async (t) => {
  const home = ['--home', join(tempDir(t), 'home')];
  assert.equal((await cli(['dataset', 'import', '--sample', 'iris', ...home])).code, 0);
  const child = spawn(process.execPath, [join(repoRoot, 'main/cli/main.ts'), 'train', '--dataset', 'iris', '--epochs', '5000', ...home, '--json'], {
    cwd: repoRoot,
    env: { ...process.env, MODELBENCH_BACKEND: 'cpu' },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => {
    let sent = false;
    child.stdout.on('data', (d) => {
      stdout += d;
      // Interrupt once training is under way, as a user at a terminal would.
      if (!sent && stdout.includes('"type":"epoch"')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  assert.equal(code, 130, stderr);
  assert.match(stderr, /Cancelling run/);
  const last = JSON.parse(stdout.trim().split('\n').at(-1)!);
  assert.equal(last.status, 'cancelled');
  assert.ok(last.epochsDone < 5000);
  const runs = await cli(['runs', '--json', ...home]);
  assert.equal(JSON.parse(runs.lines[0]).status, 'cancelled');
});
