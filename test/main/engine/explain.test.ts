/**
 * Explanations and the advisor through the API, on a real engine (SQLite in a
 * temp home, explain and training workers on the cpu backend): stored and
 * reused explanations, clear refusals, cancel, diagnose, and a suggested fix
 * started as a new run with lineage.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSqliteStore } from '../../../db/sqlite/index.ts';
import type { ExplanationView, Params } from '../../../main/api/contract.ts';
import type { LocalExplanationResult } from '../../../main/explain/request.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import { trainAndWait } from './run-helpers.ts';

const code = (c: string) => (e: Error & { code?: string }) => e.code === c;

async function settled(engine: Engine, explanationId: string): Promise<ExplanationView> {
  for (;;) {
    const view = await engine.call('explanations.get', { explanationId });
    if (view.status !== 'running') return view;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('explain and diagnose through the API', () => {
  let home: string;
  let engine: Engine;
  let iris: string;
  let cancer: string;
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'mb-explain-api-'));
    engine = await createEngine({ home, workers: 1, backend: ['cpu'] });
    await engine.call('datasets.importSample', { sample: 'iris' });
    await engine.call('datasets.importSample', { sample: 'breast_cancer' });
    const mlp = { layers: [{ kind: 'dense' as const, units: 16 }] };
    iris = (await trainAndWait(engine, { datasetId: 'iris', spec: mlp, hyperparams: { epochs: 8, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.05 } }, seed: 1 })).runId;
    cancer = (await trainAndWait(engine, { datasetId: 'breast_cancer', spec: mlp, hyperparams: { epochs: 4, batchSize: 32 }, seed: 1 })).runId;
  });
  after(async () => {
    await engine.close();
    rmSync(home, { recursive: true, force: true });
  });

  test('shap on 4 features: computed once in a worker, stored, then reused with the same result', async () => {
    const progress: number[] = [];
    const stop = engine.subscribe((name, e) => name === 'explanation.event' && (e as { type: string }).type === 'explanation-progress' && progress.push(1));
    const first = await engine.call('runs.explain', { runId: iris, method: 'shap', rows: 6 });
    assert.deepEqual([first.status, first.reused], ['running', false]);
    const done = await settled(engine, first.explanationId);
    stop();
    assert.equal(done.status, 'completed', done.error ?? '');
    assert.ok(progress.length >= 1, 'progress announced');
    const result = done.result as LocalExplanationResult;
    assert.equal(result.method, 'exact-shapley');
    assert.equal(result.rows.length, 6);
    assert.equal(done.settings.background, 20);
    const again = await engine.call('runs.explain', { runId: iris, method: 'shap', rows: 6 });
    assert.deepEqual([again.explanationId, again.status, again.reused], [first.explanationId, 'completed', true]);
    assert.deepEqual(again.explanation?.result, done.result);
    const list = await engine.call('explanations.list', { runId: iris });
    assert.equal(list.items[0].id, first.explanationId);
    // Other settings are another explanation.
    const other = await engine.call('runs.explain', { runId: iris, method: 'shap', rows: 6, class: 2 });
    assert.notEqual(other.explanationId, first.explanationId);
    const view = await settled(engine, other.explanationId);
    assert.ok((view.result as LocalExplanationResult).rows.every((r) => r.target === 2));
  });

  test("'shap' on 30 features says it runs KernelSHAP; exact Shapley values are refused, naming the count", async () => {
    await assert.rejects(
      engine.call('runs.explain', { runId: cancer, method: 'exact-shapley', rows: 2 }),
      (e: Error & { code?: string }) => e.code === 'invalid_argument' && /30 features/.test(e.message) && /kernel-shap/i.test(e.message),
    );
    const { explanationId } = await engine.call('runs.explain', { runId: cancer, method: 'shap', rows: 3, background: 10, options: { samples: 500 } });
    const view = await settled(engine, explanationId);
    const result = view.result as LocalExplanationResult;
    assert.equal(result.method, 'kernel-shap');
    assert.match(result.note ?? '', /KernelSHAP, because 30 features/);
    for (const row of result.rows) assert.ok(Math.abs(row.additivityGap) < 1e-6);
  });

  test('bad requests get clear errors before anything starts', async () => {
    const reject = (p: Params<'runs.explain'>, c: string, re: RegExp) =>
      assert.rejects(engine.call('runs.explain', p), (e: Error & { code?: string }) => e.code === c && re.test(e.message));
    await reject({ runId: iris, method: 'kernel-shap', row: 10_000 }, 'invalid_argument', /row 10000 is out of range: the validation split of run .* has 2\d rows \(0\.\.2\d\)/);
    await reject({ runId: iris, method: 'occlusion' }, 'invalid_argument', /occlusion explains images, but this model takes rows of shape \[4\]/);
    await reject({ runId: iris, method: 'shap', class: 7 }, 'invalid_argument', /class 7 is out of range: the run's dataset has 3 classes \(0 setosa/);
    await reject({ runId: iris, method: 'integrated-gradients', background: 5 }, 'invalid_argument', /background applies to the SHAP methods/);
    await reject({ runId: iris, method: 'kernel-shap', options: { steps: 5 } }, 'invalid_argument', /option 'steps' does not apply to kernel-shap/);
    await reject({ runId: 'run_missing', method: 'shap' }, 'not_found', /run_missing/);
    assert.equal((await engine.call('explanations.list', { runId: cancer })).total, 1, 'nothing stored for the refused requests');
  });

  test('an unfinished run and a diverged run are refused; the advisor says lr_too_high and its fix starts an advised run', async () => {
    const running = await engine.call('runs.start', { datasetId: 'breast_cancer', spec: { layers: [{ kind: 'dense', units: 8 }] }, hyperparams: { epochs: 5000 }, seed: 2 });
    await assert.rejects(engine.call('runs.explain', { runId: running.runId, method: 'shap' }), (e: Error & { code?: string }) => e.code === 'conflict' && /still (queued|running)/.test(e.message));
    await engine.call('runs.cancel', { runId: running.runId });

    const { runId: diverged } = await trainAndWait(engine, {
      datasetId: 'iris', spec: { layers: [{ kind: 'dense', units: 16 }] }, hyperparams: { epochs: 10, optimizer: { kind: 'sgd', learningRate: 1e4 } }, seed: 3,
    });
    assert.equal((await engine.call('runs.get', { runId: diverged })).status, 'diverged');
    await assert.rejects(engine.call('runs.explain', { runId: diverged, method: 'permutation' }), (e: Error & { code?: string }) => e.code === 'conflict' && /diverged/.test(e.message) && /diagnose/.test(e.message));

    const diagnosis = await engine.call('runs.diagnose', { runId: diverged });
    const high = diagnosis.findings.find((f) => f.code === 'lr_too_high');
    assert.ok(high && high.severity === 'serious' && high.change, JSON.stringify(diagnosis.findings));
    await assert.rejects(engine.call('runs.applyFix', { runId: diverged, code: 'dead_units', layer: 'nope' }), code('invalid_argument'));
    const fix = await engine.call('runs.applyFix', { runId: diverged, code: 'lr_too_high' });
    assert.equal(fix.parentRunId, diverged);
    const child = await engine.call('runs.get', { runId: fix.runId });
    assert.equal(child.config.hyperparams.optimizer.learningRate, 1000);
    assert.match(child.notes, /lr_too_high/);
    const store = createSqliteStore(join(home, 'modelbench.db'));
    try {
      assert.deepEqual(await store.runs.lineage(fix.runId), { parentRunId: diverged, relation: 'advised' });
    } finally {
      await store.close();
    }
    await engine.call('runs.cancel', { runId: fix.runId });
  });

  test('runs.diagnostics and runs.diagnose read what training recorded', async () => {
    const d = await engine.call('runs.diagnostics', { runId: iris, maxEpochs: 2 });
    assert.ok(d.recorded >= 1 && d.epochs.length === Math.min(2, d.recorded));
    assert.equal(d.epochs[0].epoch, 1);
    const diagnosis = await engine.call('runs.diagnose', { runId: iris });
    assert.equal(diagnosis.epochsRecorded, d.recorded);
    assert.deepEqual(diagnosis.layers.map((l) => l.layer), ['dense_1', 'head']);
    assert.ok(diagnosis.findings.every((f) => f.severity !== 'serious'), JSON.stringify(diagnosis.findings));
  });

  test('closing the engine ends its explanations interrupted; a running one of a gone process reads interrupted', async () => {
    const other = await createEngine({ home, workers: 1, backend: ['cpu'] });
    const { explanationId } = await other.call('runs.explain', { runId: cancer, method: 'kernel-shap', rows: 200, background: 50, options: { samples: 2000 } });
    await other.close();
    const stopped = await engine.call('explanations.get', { explanationId });
    assert.equal(stopped.status, 'interrupted');
    assert.match(stopped.error ?? '', /stopped before it finished/);
    // A row a crashed process left 'running': its owner is not registered, so readers see it interrupted (and nothing is written).
    const store = createSqliteStore(join(home, 'modelbench.db'));
    try {
      await store.explanations.create({ id: 'xpl_orphan', runId: cancer, settings: stopped.settings, settingsKey: 'orphan', createdAt: new Date().toISOString(), ownerId: 'owner_gone' });
      assert.equal((await engine.call('explanations.get', { explanationId: 'xpl_orphan' })).status, 'interrupted');
      assert.equal((await engine.call('explanations.list', { runId: cancer })).items.find((e) => e.id === 'xpl_orphan')?.status, 'interrupted');
      assert.equal((await store.explanations.get('xpl_orphan'))?.status, 'running');
    } finally {
      await store.close();
    }
  });

  test('cancel stops a running explanation; it is stored cancelled and never reused', async () => {
    const { explanationId } = await engine.call('runs.explain', { runId: cancer, method: 'kernel-shap', rows: 300, background: 100, options: { samples: 4000 } });
    assert.deepEqual(await engine.call('explanations.cancel', { explanationId }), { cancelled: true });
    const view = await engine.call('explanations.get', { explanationId });
    assert.equal(view.status, 'cancelled');
    assert.deepEqual(await engine.call('explanations.cancel', { explanationId }), { cancelled: false });
    const again = await engine.call('runs.explain', { runId: cancer, method: 'kernel-shap', rows: 300, background: 100, options: { samples: 4000 } });
    assert.equal(again.reused, false);
    await engine.call('explanations.cancel', { explanationId: again.explanationId });
  });
});
