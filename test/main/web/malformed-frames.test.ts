/**
 * A client that breaks the WebSocket protocol loses its socket, closed with the
 * code RFC 6455 prescribes, and nothing else: the host logs one line, keeps
 * serving, and a training run in flight finishes.
 *
 * The frames are written by hand on raw TCP connections (after a hand-made
 * upgrade request carrying the token), because no WebSocket client library will
 * send malformed frames.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { IRIS_RUN, RpcClient, startRealHost, type RealHost } from './real-host.ts';

let real: RealHost;
before(async () => {
  real = await startRealHost();
});
after(() => real.close());

/** Opens a WebSocket by hand; resolves once the host answered 101, with the socket. */
function rawUpgrade(port: number, token: string): Promise<{ socket: Socket; received: Buffer[] }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let head = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('connect', () => {
      socket.write(
        [
          `GET /ws?token=${token} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Upgrade: websocket', 'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`, 'Sec-WebSocket-Version: 13', '', '',
        ].join('\r\n'),
      );
    });
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const status = head.subarray(0, end).toString('latin1').split('\r\n')[0];
      if (!status.startsWith('HTTP/1.1 101')) return reject(new Error(`upgrade refused: ${status}`));
      const rest = head.subarray(end + 4);
      if (rest.length) received.push(rest);
      socket.on('data', (c: Buffer) => received.push(c));
      resolve({ socket, received });
    };
    socket.on('data', onData);
  });
}

type FrameSpec = { rsv1?: boolean; opcode?: number; mask?: boolean; payload?: Buffer; declaredLength?: number };

/** One client frame as bytes; `declaredLength` lets the header lie about the payload. */
function frame({ rsv1 = false, opcode = 1, mask = true, payload = Buffer.alloc(0), declaredLength = payload.length }: FrameSpec): Buffer {
  const first = 0x80 | (rsv1 ? 0x40 : 0) | opcode;
  const maskBit = mask ? 0x80 : 0;
  let header: Buffer;
  if (declaredLength < 126) header = Buffer.from([first, maskBit | declaredLength]);
  else if (declaredLength < 65536) header = Buffer.from([first, maskBit | 126, declaredLength >> 8, declaredLength & 0xff]);
  else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(BigInt(declaredLength), 2);
  }
  if (!mask) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ key[i % 4]));
  return Buffer.concat([header, key, masked]);
}

/** Waits until the host closes the TCP connection; returns the code of its close frame (or null if none came). */
function closeCode(socket: Socket, received: Buffer[]): Promise<number | null> {
  return new Promise((resolve) => {
    socket.once('close', () => {
      const bytes = Buffer.concat(received);
      // Server frames are unmasked: [FIN|opcode, length, code (2 bytes), reason…]
      for (let i = 0; i + 1 < bytes.length; ) {
        const opcode = bytes[i] & 0x0f;
        const length = bytes[i + 1] & 0x7f;
        if (opcode === 0x8) return resolve(length >= 2 ? bytes.readUInt16BE(i + 2) : null);
        i += 2 + length;
      }
      resolve(null);
    });
  });
}

const BAD_FRAMES: { name: string; bytes: () => Buffer; code: number }[] = [
  { name: 'a header that declares a 300 MB payload', bytes: () => frame({ declaredLength: 300 * 1024 * 1024 }), code: 1009 },
  { name: 'invalid UTF-8 in a text frame', bytes: () => frame({ payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }), code: 1007 },
  { name: 'RSV1 set without a negotiated extension', bytes: () => frame({ rsv1: true, payload: Buffer.from('{"x":"secret-rsv"}') }), code: 1002 },
  { name: 'an unmasked client frame', bytes: () => frame({ mask: false, payload: Buffer.from('{"x":"secret-unmasked"}') }), code: 1002 },
  { name: 'a reserved opcode', bytes: () => frame({ opcode: 0x3, payload: Buffer.from('zz') }), code: 1002 },
];

test('malformed frames close only their own socket, with the right code, while a run trains; the host keeps serving', async () => {
  const client = await RpcClient.connect(real.host);
  try {
    const iris = await client.call('datasets.importSample', { sample: 'iris' });
    const { runId } = await client.call('runs.start', { ...IRIS_RUN, datasetId: iris.id });
    const finished = client.waitFor<{ status: string; error: string | null }>('run.event', (e) => e.type === 'finished' && e.runId === runId);

    for (const bad of BAD_FRAMES) {
      const { socket, received } = await rawUpgrade(real.host.port, real.host.token);
      const closed = closeCode(socket, received);
      socket.write(bad.bytes());
      assert.equal(await closed, bad.code, bad.name);
    }

    // One line per bad socket, saying what was wrong and never echoing payload bytes.
    assert.equal(real.log.length, BAD_FRAMES.length, real.log.join('\n'));
    for (const line of real.log) {
      assert.match(line, /^web host: closed a WebSocket after a protocol error \(WS_ERR_\w+: .+\)$/);
      assert.doesNotMatch(line, /secret|zz/);
    }

    // The good client's connection and the run in flight were untouched.
    const done = await finished;
    assert.equal(done.status, 'completed', done.error ?? '');
    const run = await client.call('runs.get', { runId });
    assert.equal(run.status, 'completed');
    assert.equal(run.epochsDone, 2);

    // And the host still accepts new clients that train.
    const second = await RpcClient.connect(real.host);
    try {
      const again = await second.call('runs.start', { ...IRIS_RUN, datasetId: iris.id, seed: 4 });
      const event = await second.waitFor<{ status: string }>('run.event', (e) => e.type === 'finished' && e.runId === again.runId);
      assert.equal(event.status, 'completed');
    } finally {
      second.close();
    }
  } finally {
    client.close();
  }
});

test('a client that resets its connection mid-handshake does not take the host down', async () => {
  for (let i = 0; i < 5; i++) {
    const socket = connect(real.host.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(`GET /ws?token=wrong HTTP/1.1\r\nHost: 127.0.0.1:${real.host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    socket.resetAndDestroy();
  }
  const client = await RpcClient.connect(real.host);
  try {
    assert.equal((await client.call('runs.list', {})).total >= 0, true);
  } finally {
    client.close();
  }
});
