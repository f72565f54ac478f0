/**
 * The ensemble calls on a real engine (real SQLite, real training in worker
 * threads on iris): bad input refused writing nothing; voting over runs
 * stored, evaluated like a run and exported as one model that the official
 * loader loads and that predicts what the engine predicts; stacking's fold
 * models audited for leakage from their rows.json; cancel and resume keep
 * the finished members.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { EnsembleEvent } from '../../../main/api/contract.ts';
import type { RunEvent } from '../../../main/api/schemas.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import { averagePredictions } from '../../../main/ensemble/math/voting.ts';
import { disposeMembers, loadMember, predictMembers } from '../../../main/ensemble/predict.ts';
import { loadDatasetFiles } from '../../../main/data/store.ts';
import { serveFolder } from '../export/serve-folder.ts';
import { ensembleEnd } from '../ensemble/engine-helpers.ts';

const HP = { epochs: 4, batchSize: 16, optimizer: { kind: 'adam' as const, learningRate: 0.03 } };
const SPEC = { layers: [{ kind: 'dense' as const, units: 8 }] };

function runDone(engine: Engine, runId: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = engine.subscribe((_n, e) => {
      if ((e as RunEvent).type === 'finished' && (e as RunEvent).runId === runId) {
        stop();
        resolve();
      }
    });
  });
}

describe('ensembles on a real engine', () => {
  let home: string;
  let engine: Engine;
  let iris: string;
  const runs: string[] = [];

  before(async () => {
    await tf.setBackend('cpu');
    home = mkdtempSync(join(tmpdir(), 'mb-ensembles-'));
    engine = await createEngine({ home, workers: 2, backend: ['cpu'] });
    iris = (await engine.call('datasets.importSample', { sample: 'iris' })).id;
    for (const units of [4, 8, 16]) {
      const { runId } = await engine.call('runs.start', { datasetId: iris, spec: { layers: [{ kind: 'dense', units }] }, hyperparams: HP, seed: 5 });
      await runDone(engine, runId);
      runs.push(runId);
    }
  });
  after(async () => {
    await engine.close();
    rmSync(home, { recursive: true, force: true });
  });

  test('bad input gets a clear error and writes nothing', async () => {
    const refuse = async (params: Parameters<Engine['call']>[1], pattern: RegExp) => {
      await assert.rejects(engine.call('ensembles.create', params as never), (e: Error & { code?: string }) => {
        assert.match(e.message, pattern);
        return e.code !== 'internal';
      });
    };
    const runsBefore = (await engine.call('runs.list', {})).total;
    await refuse({ method: 'voting', runIds: [runs[0]] }, /at least 2 members; got 1 distinct run/);
    await refuse({ method: 'voting', runIds: [runs[0], runs[0]] }, /at least 2 members; got 1 distinct run/);
    await refuse({ method: 'voting', runIds: [runs[0], 'run_nope'] }, /No run with id 'run_nope'/);
    await refuse({ method: 'bagging', runIds: runs }, /bagging trains its members: give datasetId and members/);
    await refuse({ method: 'voting', runIds: runs, datasetId: iris }, /give exactly one source of members: runIds, studyId or datasetId \(got runIds and datasetId\)/);
    // A rare class: 6 rows of 'rare' among 60, about 4 of them in the training rows.
    const csv = ['a,b,label', ...Array.from({ length: 60 }, (_, i) => `${i % 7},${(i * 3) % 11},${i % 10 === 0 ? 'rare' : i % 2 ? 'odd' : 'even'}`)].join('\n');
    const skewed = await engine.call('datasets.importCsvText', { text: csv, name: 'skewed', label: 'label', task: 'classification' });
    await refuse({ method: 'stacking', datasetId: skewed.id, members: 2, folds: 8, spec: SPEC, hyperparams: HP }, /stacking with 8 folds needs at least 8 training rows of every class, but class 'rare' has \d+; use at most \d+ folds/);
    await refuse({ method: 'bagging', datasetId: iris, members: 1 }, /at least 2 members; give members ≥ 2/);
    await refuse({ method: 'selection', runIds: runs, metric: 'mse' }, /metric 'mse' does not apply to classification/);
    await refuse({ method: 'stacking', runIds: runs, meta: 'linear' }, /linear meta-learner is for regression/);
    await refuse({ method: 'voting', runIds: runs, weights: [1, 2] }, /2 weights for 3 members/);

    // Another split: the same model trained with another seed.
    const { runId: otherSeed } = await engine.call('runs.start', { datasetId: iris, spec: SPEC, hyperparams: HP, seed: 6 });
    await runDone(engine, otherSeed);
    await refuse({ method: 'voting', runIds: [runs[0], otherSeed] }, /was trained on another split than/);
    // Another dataset.
    const digits = await engine.call('datasets.importSample', { sample: 'digits' });
    const { runId: onDigits } = await engine.call('runs.start', { datasetId: digits.id, spec: { layers: [{ kind: 'flatten' }, ...SPEC.layers] }, hyperparams: { ...HP, epochs: 1 }, seed: 5 });
    await runDone(engine, onDigits);
    await refuse({ method: 'selection', runIds: [runs[0], onDigits] }, /members from different datasets: .* on 'iris', .* on 'digits'/);
    // A study that never ran.
    const study = await engine.call('studies.create', {
      config: { datasetId: iris, base: { spec: SPEC, hyperparams: HP }, space: { params: { 'hyperparams.optimizer.learningRate': { kind: 'float', low: 0.001, high: 0.1, log: true } } }, objectives: [{ kind: 'metric', metric: 'val_accuracy' }], nTrials: 2 },
    } as never);
    await refuse({ method: 'selection', studyId: study.id }, /has no completed trials/);
    // Sequence data: feature subsets of a window (ensembles-sequences.test.ts builds the rest).
    const births = await engine.call('datasets.importSample', { sample: 'us_births' });
    await refuse({ method: 'bagging', datasetId: births.id, members: 2, featureFraction: 0.5 }, /random feature subsets apply to tabular data, not to time series windows/);

    assert.equal((await engine.call('ensembles.list', {})).total, 0, 'no ensemble was stored');
    assert.equal((await engine.call('runs.list', {})).total, runsBefore + 2, 'no member run was started');
  });

  test('voting over runs: stored and evaluated like a run, exported as one model the official loader loads and that predicts what the engine predicts', async (t) => {
    const e = await ensembleEnd(engine, () => engine.call('ensembles.create', { method: 'voting', runIds: runs, voting: 'hard', name: 'three MLPs' }));
    assert.equal(e.status, 'completed', e.error ?? '');
    assert.equal(e.name, 'three MLPs');
    assert.equal(e.memberCount, 3);
    assert.deepEqual(e.members.map((m) => [m.runId, m.weight, m.role]), runs.map((r) => [r, 1 / 3, 'member']));
    for (const name of ['loss', 'accuracy', 'precision', 'recall', 'f1']) {
      assert.ok(Number.isFinite(e.metrics.val?.[name]) && Number.isFinite(e.metrics.test?.[name]), name);
    }
    assert.equal(e.metrics.confusion?.length, 3);
    assert.ok(e.size && e.size.paramCount === e.paramCount && e.size.latency && e.size.latency.medianMs > 0, 'size and latency measured');
    const memberParams = e.members.reduce((s, m) => s + (m.paramCount ?? 0), 0);
    assert.ok(e.paramCount >= memberParams, `${e.paramCount} parameters, members have ${memberParams}`);
    assert.equal(e.report.diversity?.kind, 'disagreement');
    assert.equal(e.report.diversity?.matrix.length, 9);
    assert.ok(e.report.hardVote?.test && Number.isFinite(e.report.hardVote.test.accuracy));
    const listed = await engine.call('ensembles.list', { sort: 'valAccuracy', order: 'desc' });
    assert.deepEqual(listed.items.map((x) => x.id), [e.id]);

    const out = join(home, 'exports', 'vote');
    const result = await engine.call('ensembles.export', { ensembleId: e.id, outDir: out });
    assert.deepEqual(result.files.map((f) => f.split('/').at(-1)).sort(), ['model-card.md', 'model.json', 'preprocessing.json', 'weights.bin']);
    const prep = JSON.parse(readFileSync(join(out, 'preprocessing.json'), 'utf8'));
    assert.equal(prep.recipe, null);
    assert.equal(prep.members.length, 3);
    const card = readFileSync(join(out, 'model-card.md'), 'utf8');
    for (const r of runs) assert.ok(card.includes(r), `the card lists member ${r}`);

    // The official loader, over HTTP, on raw features; against the engine's own member predictions.
    const dataset = (await engine.call('datasets.list', {})).find((d) => d.id === iris)!;
    const data = loadDatasetFiles(join(home, 'datasets', iris));
    const served = await serveFolder(out);
    let exported: Float32Array;
    try {
      const model = await tf.loadLayersModel(`${served.url}/model.json`);
      const x = tf.tensor2d(data.x, [150, 4]);
      exported = (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
      tf.dispose(x);
      model.dispose();
    } finally {
      served.server.close();
    }
    const members = await Promise.all(runs.map((r) => loadMember(join(home, 'runs', r))));
    const engineSide = averagePredictions(predictMembers(members, data));
    disposeMembers(members);
    let diff = 0;
    for (let i = 0; i < exported.length; i++) diff = Math.max(diff, Math.abs(exported[i] - engineSide[i]));
    t.diagnostic(`max abs diff exported vs engine: ${diff}`);
    assert.ok(diff <= 1e-5, `max abs diff ${diff}`);
    assert.equal(dataset.numSamples, 150);
  });

  test('stacking trains fold models that never see the rows they predict (audited from their rows.json), then a meta-model', async () => {
    const e = await ensembleEnd(engine, () => engine.call('ensembles.create', { method: 'stacking', datasetId: iris, members: 2, folds: 3, spec: SPEC, hyperparams: HP, seed: 3 }));
    assert.equal(e.status, 'completed', e.error ?? '');
    assert.equal(e.combiner?.kind, 'meta');
    const folds = e.members.filter((m) => m.role === 'fold');
    const finals = e.members.filter((m) => m.role === 'final');
    assert.equal(folds.length, 2 * 3);
    assert.equal(finals.length, 2);
    const foldOf = e.report.folds!;
    const split = JSON.parse(readFileSync(join(home, 'runs', finals[0].runId!, 'split.json'), 'utf8')) as { train: number[] };
    assert.equal(foldOf.length, split.train.length);
    for (const m of folds) {
      const trained = new Set((JSON.parse(readFileSync(join(home, 'runs', m.runId!, 'rows.json'), 'utf8')) as { train: number[] }).train);
      const holdout = split.train.filter((_, i) => foldOf[i] === m.fold);
      assert.ok(holdout.length > 0);
      assert.equal(holdout.filter((r) => trained.has(r)).length, 0, `fold model ${m.runId} trained on a row it predicts`);
      assert.equal(trained.size + holdout.length, split.train.length, 'it trained on every other training row');
    }
    assert.ok(Number.isFinite(e.metrics.test?.accuracy));
  });

  test('cancel keeps the finished members; resume trains only the rest and completes', async () => {
    const finished: string[] = [];
    let cancelled = false;
    let id = '';
    const stop = engine.subscribe((name, payload) => {
      const ev = payload as EnsembleEvent;
      if (name === 'ensemble.event' && ev.type === 'member-finished' && ev.status === 'completed' && ev.ensembleId === id) {
        finished.push(ev.runId);
        if (!cancelled) {
          cancelled = true;
          void engine.call('ensembles.cancel', { ensembleId: id });
        }
      }
    });
    const first = await ensembleEnd(engine, async () => {
      const created = await engine.call('ensembles.create', { method: 'bagging', datasetId: iris, members: 4, spec: SPEC, hyperparams: { ...HP, epochs: 30 }, seed: 9 });
      id = created.ensembleId;
      return created;
    });
    stop();
    assert.equal(first.status, 'cancelled');
    const kept = first.members.filter((m) => m.runStatus === 'completed').map((m) => m.runId);
    assert.ok(kept.length >= 1 && kept.length < 4, `${kept.length} finished before the cancel`);
    assert.deepEqual(kept.filter((r) => finished.includes(r!)), kept);

    const resumed = await ensembleEnd(engine, () => engine.call('ensembles.resume', { ensembleId: id }).then(() => ({ ensembleId: id })));
    assert.equal(resumed.status, 'completed', resumed.error ?? '');
    const after = resumed.members.map((m) => m.runId);
    for (const r of kept) assert.ok(after.includes(r), `finished member ${r} kept`);
    assert.ok(resumed.report.outOfBag && resumed.report.outOfBag.coveredRows > 0);
    await assert.rejects(engine.call('ensembles.resume', { ensembleId: id }), { code: 'conflict', message: /completed; there is nothing left to run/ });

    await engine.call('ensembles.delete', { ensembleId: id });
    await assert.rejects(engine.call('ensembles.get', { ensembleId: id }), { code: 'not_found' });
    assert.equal(existsSync(join(home, 'ensembles', id)), false, 'its model folder is gone');
    assert.equal((await engine.call('runs.get', { runId: after[0]! })).status, 'completed', 'member runs stay');
  });
});
