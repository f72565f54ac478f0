import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outsideAsar, workerUrl } from '../../../main/util/worker-url.ts';

test('a worker beside its module: .ts from the sources, .js from dist/', () => {
  assert.equal(workerUrl('worker', 'file:///repo/main/train/pool.ts').href, 'file:///repo/main/train/worker.ts');
  assert.equal(workerUrl('import-worker', 'file:///repo/dist/main/data/import-thread.js').href, 'file:///repo/dist/main/data/import-worker.js');
});

test('inside a packaged app the worker comes from app.asar.unpacked', () => {
  assert.equal(
    workerUrl('worker', 'file:///opt/Modelbench/resources/app.asar/dist/main/train/pool.js').href,
    'file:///opt/Modelbench/resources/app.asar.unpacked/dist/main/train/worker.js',
  );
  assert.equal(
    workerUrl('worker', 'file:///C:/Program%20Files/Modelbench/resources/app.asar/dist/main/explain/thread.js').href,
    'file:///C:/Program%20Files/Modelbench/resources/app.asar.unpacked/dist/main/explain/worker.js',
  );
  assert.equal(outsideAsar(new URL('file:///x/app.asar.unpacked/a.js')).href, 'file:///x/app.asar.unpacked/a.js', 'already outside');
  assert.equal(outsideAsar(new URL('file:///x/my.app.asar.d/a.js')).href, 'file:///x/my.app.asar.d/a.js', 'only an app.asar folder');
});

test('worker threads do not inherit --input-type, in either spelling; other flags pass', async () => {
  const { workerExecArgv } = await import('../../../main/util/worker-url.ts');
  assert.deepEqual(workerExecArgv(['--input-type=module', '--max-old-space-size=512']), ['--max-old-space-size=512']);
  assert.deepEqual(workerExecArgv(['--input-type', 'module', '--enable-source-maps']), ['--enable-source-maps']);
  assert.deepEqual(workerExecArgv([]), []);
});

test('a worker starts under the parent\'s own flags, even those an explicit execArgv would be refused for', async () => {
  const { startWorker } = await import('../../../main/util/worker-url.ts');
  // Under node --test this process runs with --stack-trace-limit, --secure-heap and the like.
  const worker = startWorker(new URL('data:text/javascript,import { parentPort } from "node:worker_threads"; parentPort.postMessage("up");'));
  const message = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  assert.equal(message, 'up');
  await worker.terminate();
});
