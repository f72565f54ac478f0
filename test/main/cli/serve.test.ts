import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { writePng } from '../data/helpers.ts';
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

test('serve --data-dir must name an existing folder', async (t) => {
  const dir = tempDir(t);
  const ui = join(dir, 'ui');
  mkdirSync(ui);
  writeFile(ui, 'index.html', '<!doctype html>');
  const env = { MODELBENCH_RENDERER_DIR: ui };
  const missing = await cli(['serve', '--home', join(dir, 'home'), '--data-dir', join(dir, 'nope')], { env });
  assert.equal(missing.code, 2);
  assert.match(errorLine(missing), /--data-dir .*nope: no such folder/);
  const file = await cli(['serve', '--home', join(dir, 'home'), '--data-dir', join(ui, 'index.html')], { env });
  assert.equal(file.code, 2);
  assert.match(errorLine(file), /not a folder/);
});

test('serve --data-dir lets the browser import from that folder and nowhere else', async (t) => {
  const dir = realpathSync(tempDir(t));
  const ui = join(dir, 'ui');
  mkdirSync(ui);
  writeFile(ui, 'index.html', '<!doctype html>');
  const allowed = join(dir, 'allowed');
  const outside = join(dir, 'outside');
  for (const base of [allowed, outside]) {
    writePng(join(base, 'pets', 'cat', '1.png'), 3, 3, () => [10, 10, 10]);
    writePng(join(base, 'pets', 'dog', '2.png'), 3, 3, () => [200, 200, 200]);
  }
  const home = join(dir, 'home');
  const child = spawn(process.execPath, [join(repoRoot, 'main/cli/main.ts'), 'serve', '--json', '--home', home, '--data-dir', allowed], {
    cwd: repoRoot,
    env: { ...process.env, MODELBENCH_RENDERER_DIR: ui, MODELBENCH_BACKEND: 'cpu' },
  });
  t.after(() => child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const info = await new Promise<{ url: string; token: string; importRoots: string[] }>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
    });
    child.on('close', () => reject(new Error(`serve exited early: ${stderr}`)));
  });
  assert.deepEqual(info.importRoots, [join(home, 'imports'), allowed]);

  const ws = new WebSocket(`${info.url.split('#')[0].replace(/^http/, 'ws').replace(/\/$/, '')}/ws?token=${info.token}`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  t.after(() => ws.close());
  const call = (id: number, method: string, params: unknown) =>
    new Promise<any>((resolve) => {
      const onMessage = (d: WebSocket.RawData) => {
        const msg = JSON.parse(d.toString());
        if (msg.id !== id) return;
        ws.off('message', onMessage);
        resolve(msg);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method, params }));
    });
  assert.deepEqual((await call(1, 'app.info', {})).result.importRoots, info.importRoots);
  const ok = await call(2, 'datasets.importPath', { path: join(allowed, 'pets') });
  assert.equal(ok.result?.source, 'images', JSON.stringify(ok));
  assert.deepEqual(ok.result.classes, ['cat', 'dog']);
  const refused = await call(3, 'datasets.importPath', { path: join(outside, 'pets') });
  assert.equal(refused.error?.code, 'forbidden_path');
  assert.match(refused.error.message, /--data-dir/);

  const code = await new Promise<number | null>((resolve) => {
    child.removeAllListeners('close');
    child.on('close', resolve);
    child.kill('SIGTERM');
  });
  assert.equal(code, 0, stderr);
});

test('serve --allow-commands is the opt-in for command studies from the browser, and says so', async (t) => {
  const dir = tempDir(t);
  const ui = join(dir, 'ui');
  mkdirSync(ui);
  writeFile(ui, 'index.html', '<!doctype html>');
  const start = (args: string[]) => {
    const child = spawn(process.execPath, [join(repoRoot, 'main/cli/main.ts'), 'serve', '--home', join(dir, 'home'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, MODELBENCH_RENDERER_DIR: ui, MODELBENCH_BACKEND: 'cpu' },
    });
    t.after(() => child.kill('SIGKILL'));
    const firstLine = new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(out);
      });
      child.on('close', () => reject(new Error('serve exited early')));
    });
    const stop = () => new Promise<number | null>((resolve) => {
      child.removeAllListeners('close');
      child.on('close', resolve);
      child.kill('SIGTERM');
    });
    return { firstLine, stop };
  };
  const info = async (url: string, token: string) => {
    const ws = new WebSocket(`${url.split('#')[0].replace(/^http/, 'ws').replace(/\/$/, '')}/ws?token=${token}`);
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    const reply = new Promise<any>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
    ws.send(JSON.stringify({ id: 1, method: 'app.info', params: {} }));
    const result = (await reply).result;
    ws.close();
    return result;
  };

  const opted = start(['--json', '--allow-commands']);
  const json = JSON.parse((await opted.firstLine).split('\n')[0]);
  assert.equal(json.commandsAllowed, true);
  assert.equal((await info(json.url, json.token)).commandsAllowed, true);
  assert.equal(await opted.stop(), 0);

  const plain = start(['--print-url']);
  const url = (await plain.firstLine).trim();
  assert.equal((await info(url, new URL(url).hash.slice('#token='.length))).commandsAllowed, false);
  assert.equal(await plain.stop(), 0);
});
