import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, errorLine, repoRoot, tempDir, writeFile } from './helpers.ts';

test('serve without a built UI says how to build it', async (t) => {
  const dir = tempDir(t);
  const r = await cli(['serve', '--home', join(dir, 'home')], { env: { MODELBENCH_RENDERER_DIR: join(dir, 'missing') } });
  assert.equal(r.code, 1);
  assert.match(errorLine(r), /npm run build:renderer/);
});

test('serve prints a 127.0.0.1 URL with its token, serves the UI and stops on SIGTERM', async (t) => {
  const dir = tempDir(t);
  const ui = join(dir, 'ui');
  mkdirSync(ui);
  writeFile(ui, 'index.html', '<!doctype html><title>Modelbench</title>');
  const child = spawn(process.execPath, [join(repoRoot, 'main/cli/main.ts'), 'serve', '--print-url', '--home', join(dir, 'home')], {
    cwd: repoRoot,
    env: { ...process.env, MODELBENCH_RENDERER_DIR: ui },
  });
  t.after(() => child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('close', () => reject(new Error(`serve exited early: ${stderr}`)));
  });
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/);
  const page = await fetch(url.split('#')[0]);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<title>Modelbench<\/title>/);
  const code = await new Promise<number | null>((resolve) => {
    child.removeAllListeners('close');
    child.on('close', resolve);
    child.kill('SIGTERM');
  });
  assert.equal(code, 0, stderr);
});
