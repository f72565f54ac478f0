/**
 * runs.forecast through a real engine (SQLite in a temp home, cpu workers): a forecasting run trained on a
 * two-series CSV, forecast in an explain worker, checked against the CSV itself (history and truth) and
 * against the model's own predictions computed here (the stored model and recipe on the cpu backend, mapped
 * back to the target's units); the split's MAE equals the MAE the run stored; best / worst / spread picks;
 * clear refusals for a table run, windows outside the split, and too many windows.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { DatasetMeta } from '../../../main/api/schemas.ts';
import { applyRecipe } from '../../../main/data/preprocess.ts';
import { loadDatasetFiles } from '../../../main/data/store.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import { MAX_FORECAST_WINDOWS } from '../../../main/limits.ts';
import '../../../main/model/layers/index.ts';
import { loadModelFiles } from '../../../main/model/io.ts';
import { readRecipeFile, readSplitFile } from '../../../main/train/artifacts.ts';
import { trainAndWait } from './run-helpers.ts';

const LOOKBACK = 6;
const HORIZON = 3;
/** Two series with different levels, so a window's series matters. */
const value = (id: string, i: number) => (id === 'a' ? 10 : 40) + 5 * Math.sin(i / 3) + i / 20;

let home: string;
let engine: Engine;
let runId: string;
let meta: DatasetMeta;
before(async () => {
  await tf.setBackend('cpu');
  home = mkdtempSync(join(tmpdir(), 'mb-forecast-engine-'));
  engine = await createEngine({ home, workers: 1, backend: ['cpu'] });
  const csv = join(home, 'two.csv');
  const rows = ['id,t,v'];
  for (const id of ['a', 'b']) for (let i = 0; i < 120; i++) rows.push(`${id},${i},${value(id, i)}`);
  writeFileSync(csv, rows.join('\n'));
  meta = await engine.call('datasets.importPath', { path: csv, series: { time: 't', target: 'v', id: 'id', lookback: LOOKBACK, horizon: HORIZON } });
  ({ runId } = await trainAndWait(engine, { datasetId: meta.id, spec: { layers: [{ kind: 'flatten' }, { kind: 'dense', units: 8, activation: 'relu' }] }, hyperparams: { epochs: 2 }, seed: 3 }));
  assert.equal((await engine.call('runs.get', { runId })).status, 'completed');
});
after(async () => {
  await engine.close();
  rmSync(home, { recursive: true, force: true });
});

/** The stored model's outputs for dataset rows, computed on this thread and mapped back to the target's units. */
async function ownPredictions(rows: number[]): Promise<number[][]> {
  const runDir = join(home, 'runs', runId);
  const recipe = readRecipeFile(runDir)!;
  const { x } = loadDatasetFiles(join(home, 'datasets', meta.id));
  const size = LOOKBACK * meta.inputShape[1];
  const raw = new Float32Array(rows.length * size);
  rows.forEach((r, i) => raw.set(x.subarray(r * size, (r + 1) * size), i * size));
  const model = await loadModelFiles(runDir);
  try {
    const out = tf.tidy(() => model.predict(tf.tensor(applyRecipe(recipe, raw, meta.inputShape), [rows.length, ...meta.inputShape])) as tf.Tensor);
    const scaled = (await out.array()) as number[][];
    out.dispose();
    const t = recipe.target!;
    return scaled.map((row) => row.map((v) => v * t.scale + t.center));
  } finally {
    model.dispose();
  }
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(b));

test('a forecast: history and truth are the series, predictions the model\'s own in target units, MAE as the run stored it', async () => {
  const split = readSplitFile(join(home, 'runs', runId)).test;
  const last = split.length - 1;
  const r = await engine.call('runs.forecast', { runId, windows: [0, last] });
  assert.equal(r.split, 'test');
  assert.equal(r.total, split.length);
  assert.deepEqual([r.lookback, r.horizon, r.target], [LOOKBACK, HORIZON, 'v']);
  assert.deepEqual(r.windows.map((w) => w.index), [0, last]);
  const info = meta.info!.series!;
  // The test split is in time order, series by series: its first window starts at series a's test boundary.
  const [first, final] = r.windows;
  assert.deepEqual([first.series, first.step, first.seriesStart], ['a', info.series[0].testStart, '0']);
  assert.equal(final.series, 'b');
  const own = await ownPredictions([split[0], split[last]]);
  r.windows.forEach((w, k) => {
    assert.deepEqual(w.history, Array.from({ length: LOOKBACK }, (_, l) => Math.fround(value(w.series, w.step + l))));
    assert.deepEqual(w.truth, Array.from({ length: HORIZON }, (_, h) => Math.fround(value(w.series, w.step + LOOKBACK + h))));
    w.prediction.forEach((p, h) => assert.ok(close(p, own[k][h]), `window ${w.index} step ${h + 1}: ${p} vs the model's ${own[k][h]}`));
    const mae = w.truth.reduce((s, v, h) => s + Math.abs(v - w.prediction[h]), 0) / HORIZON;
    assert.ok(close(w.mae, mae));
  });
  // The split's errors cover every window: per step, and overall equal to the test MAE the run stored.
  const all = await ownPredictions(split);
  const { y } = loadDatasetFiles(join(home, 'datasets', meta.id));
  const byStep = Array.from({ length: HORIZON }, (_, h) => split.reduce((s, row, i) => s + Math.abs(y[row * HORIZON + h] - all[i][h]), 0) / split.length);
  r.maeByStep.forEach((m, h) => assert.ok(close(m, byStep[h]), `MAE at t+${h + 1}: ${m} vs ${byStep[h]}`));
  const run = await engine.call('runs.get', { runId });
  assert.ok(close(r.mae, run.metrics.test!.mae), `split MAE ${r.mae} vs the run's test MAE ${run.metrics.test!.mae}`);
  // Best and worst: by error, each way.
  assert.ok(r.best.every((b, i) => i === 0 || r.best[i - 1].mae <= b.mae));
  assert.ok(r.worst.every((b, i) => i === 0 || r.worst[i - 1].mae >= b.mae));
  assert.ok(r.best[0].mae <= r.worst[0].mae);
});

test('picks: windows spread over the validation split by default, or the worst by error', async () => {
  const spread = await engine.call('runs.forecast', { runId, split: 'val', count: 3 });
  assert.deepEqual(spread.windows.map((w) => w.index), [0, Math.round((spread.total - 1) / 2), spread.total - 1]);
  const worst = await engine.call('runs.forecast', { runId, pick: 'worst', count: 2 });
  assert.deepEqual(worst.windows.map((w) => w.index), worst.worst.slice(0, 2).map((w) => w.index));
  assert.deepEqual(worst.windows.map((w) => w.mae), worst.worst.slice(0, 2).map((w) => w.mae));
});

test('refusals: a table run, a window outside the split, too many windows', async () => {
  const iris = await engine.call('datasets.importSample', { sample: 'iris' });
  const table = await trainAndWait(engine, { datasetId: iris.id, spec: { layers: [{ kind: 'dense', units: 4, activation: 'relu' }] }, hyperparams: { epochs: 1 }, seed: 1 });
  const code = (c: string, pattern: RegExp) => (e: Error & { code?: string }) => e.code === c && pattern.test(e.message);
  await assert.rejects(engine.call('runs.forecast', { runId: table.runId }), code('invalid_argument', /which is not a time series/));
  const { total } = await engine.call('runs.forecast', { runId, count: 1 });
  await assert.rejects(engine.call('runs.forecast', { runId, windows: [total] }), code('invalid_argument', new RegExp(`window ${total} is outside the test split, which has ${total} windows`)));
  const many = Array.from({ length: MAX_FORECAST_WINDOWS + 1 }, (_, i) => i);
  await assert.rejects(engine.call('runs.forecast', { runId, windows: many }), code('invalid_argument', /windows/));
  await assert.rejects(engine.call('runs.forecast', { runId: 'run_missing' }), code('not_found', /run_missing/));
});
