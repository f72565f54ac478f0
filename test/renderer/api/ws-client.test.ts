import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readToken, WsApiClient, type SocketLike } from '../../../renderer/src/api/ws-client.ts';
import { errorMessage, RemoteError } from '../../../renderer/src/api/errors.ts';
import { toApiError } from '../../../main/api/dispatch.ts';
import { parseSeriesCsv } from '../../../main/data/series/series-csv.ts';

/** A socket the test drives by hand. */
class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onerror: SocketLike['onerror'] = null;
  readonly url: string;
  constructor(url: string) { this.url = url; }
  send(d: string) { this.sent.push(d); }
  close() { this.drop(); }
  open() { this.readyState = 1; this.onopen?.({}); }
  drop() { this.readyState = 3; this.onclose?.({}); }
  reply(msg: unknown) { this.onmessage?.({ data: JSON.stringify(msg) }); }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const timers: (() => void)[] = [];
  const client = new WsApiClient('ws://h/ws?token=t', {
    createSocket: (url) => { const s = new FakeSocket(url); sockets.push(s); return s; },
    setTimer: (fn) => timers.push(fn),
  });
  return { client, sockets, timers };
}

test('queues calls until open, then resolves by id', async () => {
  const { client, sockets } = setup();
  const p = client.call('datasets.list', {});
  assert.equal(sockets[0].sent.length, 0);
  sockets[0].open();
  const req = JSON.parse(sockets[0].sent[0]);
  assert.equal(req.method, 'datasets.list');
  sockets[0].reply({ id: req.id, result: [{ id: 'd' }] });
  assert.deepEqual(await p, [{ id: 'd' }]);
});

test('errors become RemoteError with the engine code', async () => {
  const { client, sockets } = setup();
  sockets[0].open();
  const p = client.call('datasets.get', { id: 'x' });
  sockets[0].reply({ id: JSON.parse(sockets[0].sent[0]).id, error: { code: 'not_found', message: 'No dataset x' } });
  await assert.rejects(p, (e: unknown) => e instanceof RemoteError && e.code === 'not_found' && errorMessage(e) === 'No dataset x');
});

test('an engine error that names its field (details.field) keeps it on the RemoteError', async () => {
  const { client, sockets } = setup();
  sockets[0].open();
  // The engine's real refusal of a too-long lookback, as the web host's rpc.ts sends it.
  let payload: unknown;
  try {
    parseSeriesCsv('date,value\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3', { time: 'date', target: 'value', lookback: 10 });
  } catch (error) {
    payload = toApiError(error).toPayload();
  }
  const p = client.call('datasets.importPath', { path: 'a.csv' });
  sockets[0].reply({ id: JSON.parse(sockets[0].sent[0]).id, error: payload });
  await assert.rejects(p, (e: unknown) => e instanceof RemoteError && e.code === 'bad_data' && e.field === 'series.lookback' && /lookback 10/.test(e.message));
  const q = client.call('datasets.get', { id: 'x' });
  sockets[0].reply({ id: JSON.parse(sockets[0].sent[1]).id, error: { code: 'not_found', message: 'No dataset x', details: { actual: 3 } } });
  await assert.rejects(q, (e: unknown) => e instanceof RemoteError && e.field === undefined, 'details without a field: none');
});

test('events reach listeners until unsubscribed', () => {
  const { client, sockets } = setup();
  sockets[0].open();
  const seen: unknown[] = [];
  const off = client.on('run.event', (e) => seen.push(e));
  sockets[0].reply({ event: 'run.event', payload: { type: 'started', runId: 'r' } });
  off();
  sockets[0].reply({ event: 'run.event', payload: { type: 'started', runId: 'r2' } });
  assert.equal(seen.length, 1);
});

test('reconnects after a drop: in-flight calls fail, queued calls are sent on the new socket', async () => {
  const { client, sockets, timers } = setup();
  const statuses: string[] = [];
  client.onStatus((s) => statuses.push(s));
  sockets[0].open();
  const inflight = client.call('datasets.list', {});
  sockets[0].drop();
  await assert.rejects(inflight, (e: unknown) => e instanceof RemoteError && e.code === 'disconnected');
  const queued = client.call('models.presets', {});
  assert.equal(timers.length, 1);
  timers[0]();
  sockets[1].open();
  const req = JSON.parse(sockets[1].sent[0]);
  assert.equal(req.method, 'models.presets');
  sockets[1].reply({ id: req.id, result: [] });
  assert.deepEqual(await queued, []);
  assert.deepEqual(statuses, ['connecting', 'open', 'closed', 'connecting', 'open']);
  client.close();
  assert.equal(timers.length, 1, 'no reconnect after close()');
});

test('reads the token from the fragment, else from storage', () => {
  assert.equal(readToken('#token=abc_-1', null), 'abc_-1');
  assert.equal(readToken('#x=1&token=zz', 'old'), 'zz');
  assert.equal(readToken('', 'stored'), 'stored');
  assert.equal(readToken('#nothing', null), null);
});

test('errorMessage strips Electron IPC prefixes', () => {
  assert.equal(errorMessage(new Error("Error invoking remote method 'mb:call': Error: bad csv")), 'bad csv');
  assert.equal(errorMessage('plain'), 'plain');
});

test('errorMessage reads plain {code, message} payloads from the Electron preload', () => {
  assert.equal(errorMessage({ code: 'bad_data', message: 'malformed CSV' }), 'malformed CSV');
});
