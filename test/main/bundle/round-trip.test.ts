/**
 * A run, a study and an experiment exported from one real data folder and
 * imported into another through the engine: the same ids (or a remapping when
 * they clash, with every reference rewritten), the same metrics, trials and
 * steps, and models that export to ONNX and predict the same.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../../../main/api/schemas.ts';
import type { Engine } from '../../../main/engine/engine.ts';
import { createSqliteStore } from '../../../db/sqlite/index.ts';
import { loadSample } from '../../../main/data/samples.ts';
import { runOnnx } from '../export/onnx/ort.ts';
import { buildWorkbench, tempEngine, type Workbench } from './workbench.ts';

let a: Workbench;
let b: { home: string; engine: Engine; close(): Promise<void> };

before(async () => {
  a = await buildWorkbench();
  b = await tempEngine('mb-bundle-b-');
});
after(async () => {
  await a?.close();
  await b?.close();
});

/** A run as both folders should agree on it (the owner is local; the dataset's name may be made unique). */
const comparable = ({ ownerId: _o, datasetName: _n, datasetId: _d, ...rest }: RunRecord) => rest;

async function onnxPredictions(engine: Engine, home: string, runId: string): Promise<Float32Array> {
  const out = await engine.call('runs.export', { runId, outDir: join(home, 'exports', `onnx-${runId}`), format: 'onnx', withPreprocessing: true });
  const iris = loadSample('iris');
  const result = await runOnnx(readFileSync(join(out.outDir, 'model.onnx')), { input: { data: iris.x, dims: [iris.y.length, 4] } });
  return result.head.data;
}

async function lineage(home: string, runId: string) {
  const store = createSqliteStore(join(home, 'modelbench.db'));
  try {
    return await store.runs.lineage(runId);
  } finally {
    await store.close();
  }
}

describe('bundles between two data folders', () => {
  test('a run with its data: same id, metrics and predictions; imported again, it gets a new id', async () => {
    const exported = await a.engine.call('bundles.export', { kind: 'run', id: a.runId, withData: true });
    assert.equal(exported.contents.runs, 1);
    assert.equal(exported.contents.datasets, 1);
    assert.ok(exported.file.startsWith(join(a.home, 'exports')) && exported.file.endsWith('.mbz'));

    const imported = await b.engine.call('bundles.import', { file: exported.file });
    assert.equal(imported.id, a.runId);
    assert.deepEqual(imported.remapped, []);
    assert.deepEqual(imported.datasets, [{ id: a.datasetId, name: 'iris', added: true }]);
    const [ra, rb] = await Promise.all([a.engine.call('runs.get', { runId: a.runId }), b.engine.call('runs.get', { runId: a.runId })]);
    assert.deepEqual(comparable(rb), comparable(ra));
    assert.equal(rb.datasetId, a.datasetId);
    const [ma, mb] = await Promise.all([a.engine.call('runs.metrics', { runId: a.runId }), b.engine.call('runs.metrics', { runId: a.runId })]);
    assert.ok(ma.points.length > 0);
    assert.deepEqual(mb.points, ma.points);
    assert.deepEqual(await onnxPredictions(b.engine, b.home, a.runId), await onnxPredictions(a.engine, a.home, a.runId));

    // The same bundle again: the run id is taken, so it is remapped; the dataset is the same data, so it is reused.
    const again = await b.engine.call('bundles.import', { file: exported.file });
    assert.equal(again.remapped.length, 1);
    assert.deepEqual(again.remapped[0], { what: 'run', from: a.runId, to: again.id });
    assert.notEqual(again.id, a.runId);
    assert.deepEqual(again.datasets, [{ id: a.datasetId, name: 'iris', added: false }]);
    const copy = await b.engine.call('runs.get', { runId: again.id });
    assert.deepEqual({ ...comparable(copy), id: a.runId }, comparable(ra));
    assert.equal((await b.engine.call('datasets.list', {})).length, 1);
  });

  test('a study without its data: matched to the same data here, trials keep numbers, values and runs', async () => {
    const exported = await a.engine.call('bundles.export', { kind: 'study', id: a.studyId });
    assert.equal(exported.withData, false);
    assert.deepEqual(exported.contents.jobs, { studies: 1 });
    // A third folder that imported the same sample itself (another dataset id, the same bytes).
    const c = await tempEngine('mb-bundle-c-');
    try {
      const own = await c.engine.call('datasets.importSample', { sample: 'iris' });
      assert.notEqual(own.id, a.datasetId);
      const imported = await c.engine.call('bundles.import', { file: exported.file });
      assert.equal(imported.id, a.studyId);
      assert.deepEqual(imported.datasets, [{ id: own.id, name: 'iris', added: false }]);
      const [sa, sc] = await Promise.all([a.engine.call('studies.get', { studyId: a.studyId }), c.engine.call('studies.get', { studyId: a.studyId })]);
      assert.deepEqual(sc.study.counts, sa.study.counts);
      assert.equal(sc.study.datasetId, own.id, 'the study points at the dataset here');
      assert.deepEqual(sc.best.map((t) => [t.number, t.values, t.runId]), sa.best.map((t) => [t.number, t.values, t.runId]));
      const [ta, tc] = await Promise.all([a.engine.call('studies.trials', { studyId: a.studyId }), c.engine.call('studies.trials', { studyId: a.studyId })]);
      assert.deepEqual(tc.items, ta.items);
      for (const t of tc.items) {
        const run = await c.engine.call('runs.get', { runId: t.runId! });
        assert.equal(run.datasetId, own.id);
      }
      const [ha, hc] = await Promise.all([a.engine.call('studies.history', { studyId: a.studyId }), c.engine.call('studies.history', { studyId: a.studyId })]);
      assert.deepEqual(hc.intermediate, ha.intermediate);
    } finally {
      await c.close();
    }
  });

  test('an experiment: steps, base run and lineage; imported twice, every reference follows the remapping', async () => {
    const exported = await a.engine.call('bundles.export', { kind: 'experiment', id: a.experimentId, withData: true });
    const first = await b.engine.call('bundles.import', { file: exported.file });
    assert.equal(first.id, a.experimentId);
    // The base run came with the run bundle before: its id is taken here, so it is remapped.
    assert.ok(first.remapped.some((r) => r.what === 'run' && r.from === a.runId));
    const second = await b.engine.call('bundles.import', { file: exported.file });
    assert.notEqual(second.id, a.experimentId);
    assert.ok(second.remapped.some((r) => r.what === 'experiment' && r.from === a.experimentId && r.to === second.id));

    const ea = await a.engine.call('experiments.get', { experimentId: a.experimentId });
    for (const imported of [first, second]) {
      const eb = await b.engine.call('experiments.get', { experimentId: imported.id });
      const runIds = new Map(imported.remapped.filter((r) => r.what === 'run').map((r) => [r.from, r.to]));
      const mapped = (id: string | null) => (id ? (runIds.get(id) ?? id) : null);
      assert.equal(eb.status, ea.status);
      assert.equal(eb.baseRunId, mapped(ea.baseRunId));
      assert.deepEqual(eb.steps.map((s) => [s.kind, s.status, s.metrics, s.runId]), ea.steps.map((s) => [s.kind, s.status, s.metrics, mapped(s.runId)]));
      const pruned = eb.steps.find((s) => s.kind === 'pruned')!;
      assert.deepEqual(await lineage(b.home, pruned.runId!), { parentRunId: eb.baseRunId, relation: 'pruned' });
      const original = ea.steps.find((s) => s.kind === 'pruned')!;
      assert.deepEqual(await onnxPredictions(b.engine, b.home, pruned.runId!), await onnxPredictions(a.engine, a.home, original.runId!));
    }
  });

  test('refusals: a dataset neither in the bundle nor here, an unknown id, a bad kind', async () => {
    const exported = await a.engine.call('bundles.export', { kind: 'run', id: a.runId });
    const c = await tempEngine('mb-bundle-d-');
    try {
      await assert.rejects(c.engine.call('bundles.import', { file: exported.file }), (e: { code?: string; message: string }) => e.code === 'not_found' && /neither in the bundle nor in this data folder/.test(e.message));
      assert.deepEqual((await c.engine.call('runs.list', {})).total, 0);
      assert.deepEqual(await c.engine.call('datasets.list', {}), []);
    } finally {
      await c.close();
    }
    await assert.rejects(a.engine.call('bundles.export', { kind: 'run', id: 'run_nope' }), /No run with id 'run_nope'/);
    await assert.rejects(a.engine.callUntyped('bundles.export', { kind: 'ensemble', id: 'x' }), (e: { code?: string }) => e.code === 'invalid_argument');
  });
});
