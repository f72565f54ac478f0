/**
 * Exports from the browser follow one rule, whichever call writes them:
 * 'runs.export' and 'studies.exportBest' may write only inside the data folder's
 * exports/ (a `serve --data-dir` folder is for reading, not writing), with
 * symlinks resolved. Driven through a real host on a restricted engine.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { IRIS_RUN, RemoteCallError, RpcClient, startRealHost, type RealHost } from './real-host.ts';

let real: RealHost;
let client: RpcClient;
let runId: string;
let studyId: string;

before(async () => {
  real = await startRealHost();
  mkdirSync(join(real.root, 'data-dir'), { recursive: true });
  mkdirSync(join(real.root, 'elsewhere'), { recursive: true });
  real.engine.allowPath(join(real.root, 'data-dir')); // as `modelbench serve --data-dir` does
  symlinkSync(join(real.root, 'elsewhere'), join(real.home, 'exports', 'link-out'));
  client = await RpcClient.connect(real.host);
  const iris = await client.call('datasets.importSample', { sample: 'iris' });
  const study = await client.call('studies.create', {
    config: {
      datasetId: iris.id, base: { spec: IRIS_RUN.spec, hyperparams: IRIS_RUN.hyperparams }, nTrials: 1, workers: 1,
      space: { params: { 'hyperparams.optimizer.learningRate': { kind: 'float', low: 0.01, high: 0.05, log: true } } },
      objectives: [{ metric: 'val_accuracy' }],
    },
  });
  studyId = study.id;
  const finished = client.waitFor('study.event', (e) => e.type === 'study-finished' && e.studyId === studyId);
  await client.call('studies.start', { studyId });
  await finished;
  const best = await client.call('studies.get', { studyId });
  runId = best.best[0].runId!;
});
after(async () => {
  client.close();
  await real.close();
});

const forbidden = (e: unknown) => e instanceof RemoteCallError && e.code === 'forbidden_path' && /export/.test(e.message);

test('outside exports/ is refused for both calls: elsewhere, a --data-dir folder, the data folder itself, a link out, a relative path', async () => {
  const refused = [
    join(real.root, 'elsewhere', 'model'),
    join(real.root, 'data-dir', 'model'),
    join(real.home, 'datasets', 'model'),
    join(real.home, 'exports', 'link-out', 'model'),
    join(real.home, 'exports', '..', 'runs', 'model'),
    'mine',
  ];
  for (const outDir of refused) {
    await assert.rejects(client.call('runs.export', { runId, outDir }), forbidden, `runs.export ${outDir}`);
    await assert.rejects(client.call('studies.exportBest', { studyId, outDir }), forbidden, `studies.exportBest ${outDir}`);
  }
  assert.deepEqual(readdirSync(join(real.root, 'elsewhere')), []);
  assert.deepEqual(readdirSync(join(real.root, 'data-dir')), []);
});

test('inside exports/ both calls write the model', async () => {
  const byRun = await client.call('runs.export', { runId, outDir: join(real.home, 'exports', 'by-run') });
  const byStudy = await client.call('studies.exportBest', { studyId, outDir: 'exports/by-study' });
  assert.equal(byStudy.outDir, join(real.home, 'exports', 'by-study'));
  const fallback = await client.call('studies.exportBest', { studyId });
  for (const dir of [byRun.outDir, byStudy.outDir, fallback.outDir]) assert.ok(existsSync(join(dir, 'model.json')), dir);
});
