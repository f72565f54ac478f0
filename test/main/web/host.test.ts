import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../../main/web/host.ts';
import { ApiError } from '../../../main/api/errors.ts';
import { type EventName } from '../../../main/api/contract.ts';
import type { WebEngine } from '../../../main/web/rpc.ts';

/** A stand-in for the engine facade: echoes calls and lets the test push events. */
function fakeEngine(home: string) {
  const listeners = new Set<(name: EventName, payload: unknown) => void>();
  const calls: { method: string; params: unknown }[] = [];
  const engine: WebEngine = {
    home,
    async callUntyped(method, params) {
      calls.push({ method: String(method), params });
      if (method === 'datasets.get') throw new ApiError('not_found', 'No dataset x');
      return { echoed: method, params };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { engine, calls, emit: (name: EventName, payload: unknown) => listeners.forEach((l) => l(name, payload)) };
}

let dir: string;
let host: WebHost;
let fake: ReturnType<typeof fakeEngine>;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mb-web-'));
  const staticDir = join(dir, 'static');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'top secret');
  mkdirSync(join(dir, 'home', 'exports', 'run1'), { recursive: true });
  writeFileSync(join(dir, 'home', 'exports', 'run1', 'model.json'), '{"ok":true}');
  fake = fakeEngine(join(dir, 'home'));
  host = await startWebHost({ engine: fake.engine, staticDir });
});
after(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Raw GET so that `..` segments reach the server unnormalised. */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function nextMessage(ws: WebSocket): Promise<any> {
  return new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
}

test('binds to 127.0.0.1 and puts the token in the URL fragment', () => {
  const url = new URL(host.url);
  assert.equal(url.hostname, '127.0.0.1');
  assert.equal(url.hash, `#token=${host.token}`);
  assert.ok(host.token.length >= 32);
});

test('serves the renderer with MIME types and a strict CSP', async () => {
  const page = await get('/');
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-type']), /text\/html/);
  assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
  const js = await get('/assets/app.js');
  assert.match(String(js.headers['content-type']), /text\/javascript/);
});

test('rejects path traversal out of the static and exports folders', async () => {
  for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
    const res = await get(path);
    assert.notEqual(res.status, 200, path);
    assert.ok(!res.body.includes('top secret'), path);
  }
  const res = await get(`/files/exports/..%2f..%2fsecret.txt?token=${host.token}`);
  assert.notEqual(res.status, 200);
  assert.ok(!res.body.includes('top secret'));
});

test('rejects a foreign Host header (DNS rebinding)', async () => {
  const res = await get('/', { Host: 'evil.example:80' });
  assert.equal(res.status, 403);
});

test('downloads exports only with the right token', async () => {
  assert.equal((await get('/files/exports/run1/model.json')).status, 401);
  assert.equal((await get('/files/exports/run1/model.json?token=wrong')).status, 401);
  const ok = await get(`/files/exports/run1/model.json?token=${host.token}`);
  assert.equal(ok.status, 200);
  assert.equal(ok.body, '{"ok":true}');
});

test('rejects a WebSocket without the token, with a wrong token or a foreign origin', async () => {
  await assert.rejects(connect(''), /401/);
  await assert.rejects(connect('?token=nope'), /401/);
  await assert.rejects(connect(`?token=${host.token}`, { Origin: 'http://evil.example' }), /401/);
});

test('round-trips a call, an error and an event through the engine', async () => {
  const ws = await connect(`?token=${host.token}`);
  try {
    ws.send(JSON.stringify({ id: 1, method: 'datasets.list', params: {} }));
    assert.deepEqual(await nextMessage(ws), { id: 1, result: { echoed: 'datasets.list', params: {} } });

    ws.send(JSON.stringify({ id: 'b', method: 'datasets.get', params: { id: 'x' } }));
    assert.deepEqual(await nextMessage(ws), { id: 'b', error: { code: 'not_found', message: 'No dataset x' } });

    const event = nextMessage(ws);
    fake.emit('run.event', { type: 'started', runId: 'r1' });
    assert.deepEqual(await event, { event: 'run.event', payload: { type: 'started', runId: 'r1' } });
  } finally {
    ws.close();
  }
});

test('validates the message envelope and size', async () => {
  const ws = await connect(`?token=${host.token}`);
  try {
    ws.send('not json');
    assert.equal((await nextMessage(ws)).error.code, 'invalid_argument');
    ws.send(JSON.stringify({ id: 2, method: 'nope.nothing', params: {} }));
    assert.match((await nextMessage(ws)).error.message, /Unknown method/);
    ws.send(JSON.stringify({ id: 3, method: 'datasets.list', params: [] }));
    assert.equal((await nextMessage(ws)).error.code, 'invalid_argument');
    const before = fake.calls.length;
    ws.send(JSON.stringify({ id: 4, method: 'runs.list', params: { search: 'x'.repeat(2 * 1024 * 1024) } }));
    const tooLarge = await nextMessage(ws);
    assert.equal(tooLarge.error.code, 'too_large');
    assert.match(tooLarge.error.message, /too large for runs\.list: 2\.0 MiB, the limit is 1\.0 MiB/);
    // No call is large any more: files travel over HTTP (upload.test.ts).
    ws.send(JSON.stringify({ id: 5, method: 'datasets.importCsvText', params: { name: 'big', text: 'a,b\n'.repeat(600_000) } }));
    assert.equal((await nextMessage(ws)).error.code, 'too_large');
    assert.equal(fake.calls.length, before);
  } finally {
    ws.close();
  }
});
