/**
 * Browser uploads over HTTP (POST /upload): streamed to imports/, imported by
 * path through the engine, deleted afterwards; token, Host and Origin checked as
 * for the socket; an explicit size limit with an error that names the CLI.
 */
import assert from 'node:assert/strict';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { MAX_SOCKET_MESSAGE_BYTES, MAX_UPLOAD_BYTES } from '../../../main/limits.ts';
import { safeFileName } from '../../../main/web/upload.ts';
import { writeLargeCsv } from '../data/helpers.ts';
import { RpcClient, startRealHost, type RealHost } from './real-host.ts';

type Reply = { status: number; body: any };

function post(real: RealHost, body: Buffer | Readable, headers: Record<string, string | number>, path = '/upload'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: real.host.port, path, method: 'POST', headers: { Host: `127.0.0.1:${real.host.port}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // plain-text refusals (401/403/405)
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    if (Buffer.isBuffer(body)) req.end(body);
    else body.pipe(req);
  });
}

const auth = (real: RealHost, options?: object, filename = 'data.csv') => ({
  'X-Modelbench-Token': real.host.token,
  'X-Modelbench-Filename': encodeURIComponent(filename),
  ...(options ? { 'X-Modelbench-Import': encodeURIComponent(JSON.stringify(options)) } : {}),
});

const importsLeft = (real: RealHost) => readdirSync(join(real.home, 'imports'));

describe('uploads through a real host', () => {
  let real: RealHost;
  before(async () => {
    real = await startRealHost();
  });
  after(() => real.close());

  test('a CSV of tens of MB streams to disk, imports by path with its options, and leaves nothing in imports/', async (t) => {
    const file = join(real.root, 'big.csv');
    const rows = await writeLargeCsv(file, 30 * 1024 * 1024);
    const size = statSync(file).size;
    const started = performance.now();
    const rssBefore = process.memoryUsage().rss;
    const reply = await post(real, createReadStream(file), { ...auth(real, { name: 'big upload', label: 'species' }, 'big.csv'), 'Content-Length': size });
    const ms = performance.now() - started;
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const meta = reply.body.result;
    assert.equal(meta.name, 'big upload');
    assert.equal(meta.numSamples, rows);
    assert.deepEqual(meta.classes, ['setosa', 'versicolor', 'virginica']);
    assert.deepEqual(meta.inputShape, [4]);
    assert.deepEqual(importsLeft(real), []);
    t.diagnostic(`upload+import of ${(size / 1e6).toFixed(1)} MB (${rows} rows): ${(ms / 1000).toFixed(1)} s, rss ${((process.memoryUsage().rss - rssBefore) / 1e6).toFixed(0)} MB more`);

    // The dataset is the engine's like any other: previews and lists through the socket.
    const client = await RpcClient.connect(real.host);
    try {
      const preview = await client.call('datasets.preview', { id: meta.id, rows: 3 });
      assert.deepEqual(preview.columns, ['f1', 'f2', 'f3', 'f4', 'species']);
      assert.ok((await client.call('datasets.list', {})).some((d) => d.id === meta.id));
    } finally {
      client.close();
    }
  });

  test('without a name the dataset takes the file\'s own name, made unique; a name the user typed that is taken is refused', async () => {
    const csv = Buffer.from('a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n');
    const names: string[] = [];
    for (let i = 0; i < 2; i++) {
      const reply = await post(real, csv, auth(real, i === 0 ? undefined : { label: 'label' }, 'my data (v2).csv'));
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      names.push(reply.body.result.name);
    }
    assert.deepEqual(names, ['my data (v2)', 'my data (v2) (2)']);
    const typed = await post(real, csv, auth(real, { name: 'my data (v2)' }, 'other.csv'));
    assert.equal(typed.status, 409);
    assert.equal(typed.body.error.code, 'conflict');
    assert.match(typed.body.error.message, /^A dataset named 'my data \(v2\)' already exists/);
    assert.deepEqual(importsLeft(real), []);
  });

  test('errors name the file the user sent, not a temporary one', async () => {
    const zip = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(64, 0xee)]);
    const reply = await post(real, zip, auth(real, undefined, 'Übersicht 2024.csv'));
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error.code, 'bad_data');
    assert.match(reply.body.error.message, /^'Übersicht 2024\.csv' is not a CSV text file: it is a zip archive/);
    const gz = await post(real, Buffer.from('a,b\n1,2\n'), auth(real, undefined, 'sales.csv.gz'));
    assert.match(gz.body.error.message, /^'sales\.csv\.gz' is named \.gz but is not gzip-compressed; .*rename it to 'sales\.csv'/);
    assert.deepEqual(importsLeft(real), []);
  });

  test('refuses a missing or wrong token, a foreign Host or Origin, and other methods', async () => {
    const csv = Buffer.from('a,b\n1,2\n');
    assert.equal((await post(real, csv, {})).status, 401);
    assert.equal((await post(real, csv, { 'X-Modelbench-Token': 'wrong' })).status, 401);
    // The token in the query string (as for the socket) is not enough: uploads need the header.
    assert.equal((await post(real, csv, {}, `/upload?token=${real.host.token}`)).status, 401);
    assert.equal((await post(real, csv, { ...auth(real), Host: 'evil.example' })).status, 403);
    assert.equal((await post(real, csv, { ...auth(real), Origin: 'http://evil.example' })).status, 403);
    const get = await new Promise<number>((resolve) =>
      request({ host: '127.0.0.1', port: real.host.port, path: '/upload', headers: auth(real) }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).end(),
    );
    assert.equal(get, 405);
    assert.deepEqual(importsLeft(real), []);
  });

  test('bad options and bad data come back as API errors, and the file is still deleted', async () => {
    const csv = Buffer.from('a,b,label\n1,2,x\n3,4,y\n');
    const withPath = await post(real, csv, auth(real, { path: '/etc/passwd' }));
    assert.equal(withPath.status, 400);
    assert.equal(withPath.body.error.code, 'invalid_argument');
    const badTask = await post(real, csv, auth(real, { name: 'x', task: 'bogus' }));
    assert.equal(badTask.body.error.code, 'invalid_argument');
    assert.match(badTask.body.error.message, /task/);
    const notJson = await post(real, csv, { ...auth(real), 'X-Modelbench-Import': '%7Bnope' });
    assert.equal(notJson.body.error.code, 'invalid_argument');
    const badData = await post(real, Buffer.from('only\n1\n2\n'), auth(real, { name: 'bad' }));
    assert.equal(badData.status, 400);
    assert.equal(badData.body.error.code, 'bad_data');
    // A refusal about one option names it, so the form can show it by that field.
    const series = Buffer.from(['date,value', ...Array.from({ length: 30 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')},${i}`)].join('\n'));
    const tooLong = await post(real, series, auth(real, { name: 'short', series: { time: 'date', target: 'value', lookback: 300 } }));
    assert.equal(tooLong.body.error.code, 'bad_data');
    assert.deepEqual(tooLong.body.error.details, { field: 'series.lookback' });
    assert.deepEqual(importsLeft(real), []);
  });

  test('a large socket message gets a clear too_large answer that points at uploads', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${real.host.port}/ws?token=${real.host.token}`);
    await new Promise((r) => ws.once('open', r));
    try {
      const answer = new Promise<any>((r) => ws.once('message', (d) => r(JSON.parse(d.toString()))));
      ws.send(JSON.stringify({ id: 9, method: 'datasets.importCsvText', params: { name: 'big', text: 'a,b\n'.repeat(MAX_SOCKET_MESSAGE_BYTES / 3) } }));
      const reply = await answer;
      assert.equal(reply.id, 9);
      assert.equal(reply.error.code, 'too_large');
      assert.match(reply.error.message, /MAX_SOCKET_MESSAGE_BYTES.*POST \/upload.*modelbench dataset import FILE/);
    } finally {
      ws.close();
    }
  });
});

describe('the upload size limit', () => {
  const LIMIT = 64 * 1024;
  let real: RealHost;
  before(async () => {
    real = await startRealHost({ maxUploadBytes: LIMIT });
  });
  after(() => real.close());

  test('a declared length over the limit is refused before the body is read, naming the CLI', async () => {
    const reply = await post(real, Buffer.alloc(LIMIT + 1, 0x61), auth(real, { name: 'x' }));
    assert.equal(reply.status, 413);
    assert.equal(reply.body.error.code, 'too_large');
    assert.match(reply.body.error.message, /up to 0\.1 MiB \(MAX_UPLOAD_BYTES\).*`modelbench dataset import FILE`/);
    assert.deepEqual(importsLeft(real), []);
  });

  test('a chunked body that grows past the limit is cut off and its partial file removed', async () => {
    const body = Readable.from((function* () {
      for (let i = 0; i < 20; i++) yield Buffer.alloc(8 * 1024, 0x61);
    })());
    const reply = await post(real, body, auth(real, { name: 'x' }));
    assert.equal(reply.status, 413);
    assert.equal(reply.body.error.code, 'too_large');
    assert.deepEqual(importsLeft(real), []);
  });

  test('the default limit is the CSV limit and file names are made safe', () => {
    assert.equal(MAX_UPLOAD_BYTES, 200 * 1024 * 1024);
    assert.equal(safeFileName(encodeURIComponent('../../etc/passwd')), 'passwd');
    assert.equal(safeFileName(encodeURIComponent('..\\x\\.hidden.csv')), 'hidden.csv');
    assert.equal(safeFileName(encodeURIComponent('my data (v2).csv')), 'my data (v2).csv');
    assert.equal(safeFileName(undefined), 'upload.csv');
    assert.equal(safeFileName('%E0%A4%A'), 'upload.csv');
  });
});
