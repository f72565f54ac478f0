/**
 * Ensembles of text and forecasting runs through a real engine (SQLite in a temp home, cpu workers).
 *
 * Text: members with other vocabularies (and numeric bin edges) share one encoding, the merged
 * model takes its ids and the export carries that tokeniser; the official loader on the exported
 * files predicts what the engine predicts from each member's own tokeniser; members an ensemble
 * trains share one tokeniser; members whose tokenisers segment texts differently are refused.
 *
 * Series: forecasters of a 7-day horizon combined by selection (never worse than the best member
 * on validation), gradient boosting (one bias per step) and stacking (a ridge over every member's
 * every step, predicting every step), exported as one model on raw windows.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ModelSpec, type DatasetMeta } from '../../../main/api/schemas.ts';
import { loadDatasetFiles } from '../../../main/data/store.ts';
import { encodeTextRows } from '../../../main/data/text/text-recipe.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import { averagePredictions } from '../../../main/ensemble/math/voting.ts';
import { metaFeatures, predictMeta } from '../../../main/ensemble/math/meta.ts';
import { disposeMembers, loadMember, predictMembers } from '../../../main/ensemble/predict.ts';
import { buildEnsemble } from '../ensemble/engine-helpers.ts';
import { serveFolder } from '../export/serve-folder.ts';
import { runOnnx } from '../export/onnx/ort.ts';
import { trainAndWait } from './run-helpers.ts';
import { waitExperiment } from '../compression/helpers.ts';

let home: string;
let engine: Engine;
before(async () => {
  home = mkdtempSync(join(tmpdir(), 'mb-seq-ensembles-'));
  engine = await createEngine({ home, workers: 2, backend: ['cpu'] });
});
after(async () => {
  await engine.close();
  rmSync(home, { recursive: true, force: true });
});

const textSpec = (vocabSize: number): ModelSpec => ModelSpec.parse({ layers: [{ kind: 'embedding', vocabSize, dim: 8 }, { kind: 'globalPool1d' }, { kind: 'dense', units: 8, activation: 'relu', useBias: true }] });
const TEXT_HP = { epochs: 4, batchSize: 16 };

/** The official tf.loadLayersModel over HTTP on an exported folder, predicting `x` of `shape`. */
async function officialPredict(dir: string, x: Float32Array, shape: number[]): Promise<Float32Array> {
  const served = await serveFolder(dir);
  try {
    const model = await tf.loadLayersModel(`${served.url}/model.json`);
    const input = tf.tensor(x, [x.length / shape.reduce((a, b) => a * b, 1), ...shape]);
    const out = (model.predict(input) as tf.Tensor).dataSync() as Float32Array;
    tf.dispose(input);
    model.dispose();
    return out;
  } finally {
    served.server.close();
  }
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

let orders: DatasetMeta;
let wordRun: string;
let textRuns: string[] = [];
let textEnsemble: string;
test('text: members with other vocabularies share one encoding; the export carries it and predicts what the engine predicts', async (t) => {
  const csv = join(home, 'orders.csv');
  const words = ['parcel', 'late', 'where', 'box', 'damaged', 'card', 'charged', 'twice', 'refund', 'invoice'];
  const rows = Array.from({ length: 96 }, (_, i) => {
    const delivery = i % 2 === 1;
    const text = Array.from({ length: 3 + (i % 5) }, (_, k) => words[(delivery ? 0 : 5) + ((i + k * 3) % 5)]).join(' ');
    return `"${text} order ${i % 13}",${(i * 37) % 250},${delivery ? 'delivery' : 'payment'}`;
  });
  writeFileSync(csv, ['text,amount,label', ...rows].join('\n'));
  orders = await engine.call('datasets.importPath', { path: csv, textColumns: ['text'], maxLength: 12 });
  const runs: string[] = [];
  for (const vocab of [30, 60]) {
    const { runId } = await trainAndWait(engine, { datasetId: orders.id, spec: textSpec(vocab), hyperparams: TEXT_HP, seed: 4 });
    assert.equal((await engine.call('runs.get', { runId })).status, 'completed');
    runs.push(runId);
  }
  wordRun = runs[0];
  textRuns = runs;
  const recipes = runs.map((r) => JSON.parse(readFileSync(join(home, 'runs', r, 'recipe.json'), 'utf8')));
  assert.notDeepEqual(recipes[0].text.tokenizer.vocab, recipes[1].text.tokenizer.vocab, 'the members tokenise with other vocabularies');

  const e = await buildEnsemble(engine, { method: 'voting', runIds: runs, name: 'two text models' });
  assert.equal(e.status, 'completed', e.error ?? '');
  assert.ok(Number.isFinite(e.metrics.val?.accuracy) && Number.isFinite(e.metrics.test?.f1));
  textEnsemble = e.id;
  const selected = await buildEnsemble(engine, { method: 'selection', runIds: runs, metric: 'log_loss' });
  assert.equal(selected.status, 'completed', selected.error ?? '');

  const out = join(home, 'exports', 'text-vote');
  await engine.call('ensembles.export', { ensembleId: e.id, outDir: out });
  const prep = JSON.parse(readFileSync(join(out, 'preprocessing.json'), 'utf8'));
  const vocab = prep.recipe.text.tokenizer.vocab as string[];
  assert.ok(readFileSync(join(out, 'model.json'), 'utf8').includes('"TokenRemap"'), 'a member reads the shared ids through its table');
  for (const r of recipes) for (const w of r.text.tokenizer.vocab) assert.ok(vocab.includes(w), `the shared vocabulary has '${w}'`);
  assert.ok(prep.howToUse.some((h: string) => h.includes('recipe.text.tokenizer.vocab')), 'how to tokenise is written out');

  // Texts → the exported recipe's ids → the exported graph, against each member on its own tokeniser.
  const data = loadDatasetFiles(join(home, 'datasets', orders.id));
  const ids = encodeTextRows(prep.recipe.text, data.texts!, { names: ['amount'], x: data.x });
  const exported = await officialPredict(out, ids, [12]);
  const members = await Promise.all(runs.map((r) => loadMember(join(home, 'runs', r))));
  const engineSide = averagePredictions(predictMembers(members, data));
  disposeMembers(members);
  const diff = maxDiff(exported, engineSide);
  t.diagnostic(`max abs diff exported vs engine: ${diff}`);
  assert.ok(diff <= 1e-5, `max abs diff ${diff}`);

  // The same ensemble as ONNX (TokenRemap included), run by onnxruntime on the shared ids.
  const onnxOut = join(home, 'exports', 'text-vote-onnx');
  await engine.call('ensembles.export', { ensembleId: e.id, outDir: onnxOut, format: 'onnx' });
  const onnxPrep = JSON.parse(readFileSync(join(onnxOut, 'preprocessing.json'), 'utf8'));
  assert.equal(onnxPrep.modelFormat, 'onnx');
  assert.deepEqual(onnxPrep.recipe.text, prep.recipe.text, 'the same shared tokeniser');
  const ran = await runOnnx(readFileSync(join(onnxOut, 'model.onnx')), { input: { data: ids, dims: [ids.length / 12, 12] } });
  const onnxDiff = maxDiff(Object.values(ran)[0].data, engineSide);
  t.diagnostic(`max abs diff ONNX vs engine: ${onnxDiff}`);
  assert.ok(onnxDiff <= 1e-4, `ONNX max abs diff ${onnxDiff}`);
});

test('text: members an ensemble trains share one tokeniser; tokenisers that segment differently are refused by name', async () => {
  const bagged = await buildEnsemble(engine, { method: 'bagging', datasetId: orders.id, members: 2, spec: textSpec(40), hyperparams: TEXT_HP, seed: 5 });
  assert.equal(bagged.status, 'completed', bagged.error ?? '');
  const recipes = bagged.members.map((m) => readFileSync(join(home, 'runs', m.runId!, 'recipe.json'), 'utf8'));
  assert.equal(recipes[0], recipes[1], 'bootstrap members fit their tokeniser on the whole training split');

  // Stacking over the two runs of other vocabularies: each fold model is trained like its run and tokenises like it.
  const stacked = await buildEnsemble(engine, { method: 'stacking', runIds: textRuns, folds: 2 });
  assert.equal(stacked.status, 'completed', stacked.error ?? '');
  for (const fold of stacked.members.filter((m) => m.role === 'fold')) {
    const like = textRuns[Math.floor((fold.position - 2) / 2)];
    assert.equal(readFileSync(join(home, 'runs', fold.runId!, 'recipe.json'), 'utf8'), readFileSync(join(home, 'runs', like, 'recipe.json'), 'utf8'), `fold model ${fold.position} tokenises like its run`);
  }

  const { runId: bpe } = await trainAndWait(engine, { datasetId: orders.id, spec: textSpec(40), hyperparams: { ...TEXT_HP, text: { tokenizer: 'bpe' } }, seed: 4 });
  const bpeName = (await engine.call('runs.get', { runId: bpe })).name;
  const word = wordRun;
  const before = (await engine.call('ensembles.list', {})).total;
  await assert.rejects(engine.call('ensembles.create', { method: 'voting', runIds: [word, bpe] }), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'invalid_argument');
    assert.ok(e.message.includes(`'${bpeName}' tokenise texts differently (word and bpe)`), e.message);
    return true;
  });
  assert.equal((await engine.call('ensembles.list', {})).total, before, 'nothing was stored');
});

test('text: a student distils from the text ensemble through its ids mapped to the shared encoding; a student that lacks the teacher\'s words is refused', async () => {
  const distil = async (vocabSize: number) => {
    const { experimentId } = await engine.call('compression.distill', { teacherEnsembleId: textEnsemble, student: { name: `student ${vocabSize}`, ...textSpec(vocabSize) }, epochs: 2 });
    return waitExperiment(engine, experimentId);
  };
  const wide = await distil(80);
  assert.equal(wide.status, 'completed', wide.error ?? '');
  assert.deepEqual(wide.steps.map((s) => s.status), ['completed', 'completed', 'completed']);
  const narrow = await distil(16);
  const step = narrow.steps.find((s) => s.kind === 'distilled')!;
  const run = await engine.call('runs.get', { runId: step.runId! });
  assert.equal(run.status, 'failed');
  assert.match(run.error ?? '', /the teacher's tokeniser knows \d+ word\(s\) the student's lacks .*give the student's embedding a vocabSize of at least the teacher's/);
});

test('series: forecasters combined by selection, gradient boosting and stacking, exported on raw windows', async (t) => {
  const births = await engine.call('datasets.importSample', { sample: 'us_births' });
  assert.equal(births.task, 'regression');
  const horizon = births.classes.length;
  const spec: ModelSpec = { layers: [{ kind: 'flatten' }, { kind: 'dense', units: 16, activation: 'relu', useBias: true }] };
  const hp = { epochs: 2, batchSize: 128 };
  const runs: string[] = [];
  for (const seed of [1, 2]) runs.push((await trainAndWait(engine, { datasetId: births.id, spec, hyperparams: hp, seed })).runId);
  const memberMse = await Promise.all(runs.map(async (r) => (await engine.call('runs.get', { runId: r })).metrics.val!.mse));

  const selected = await buildEnsemble(engine, { method: 'selection', runIds: runs, metric: 'mse' });
  assert.equal(selected.status, 'completed', selected.error ?? '');
  for (const name of ['mse', 'mae', 'r2']) assert.ok(Number.isFinite(selected.metrics.test?.[name]), name);
  t.diagnostic(`val mse: members ${memberMse.join(', ')}; selection ${selected.metrics.val!.mse}`);
  assert.ok(selected.metrics.val!.mse <= Math.min(...memberMse) * (1 + 1e-5), 'selection is never worse than its best member on validation');
  assert.equal(selected.report.diversity?.kind, 'correlation');

  const out = join(home, 'exports', 'births');
  await engine.call('ensembles.export', { ensembleId: selected.id, outDir: out });
  assert.equal(JSON.parse(readFileSync(join(out, 'preprocessing.json'), 'utf8')).recipe, null, 'raw windows in');
  const data = loadDatasetFiles(join(home, 'datasets', births.id));
  const rows = Int32Array.from({ length: 300 }, (_, i) => i * 20);
  const windows = new Float32Array(rows.length * 28);
  rows.forEach((r, i) => windows.set(data.x.subarray(r * 28, (r + 1) * 28), i * 28));
  const exported = await officialPredict(out, windows, [28, 1]);
  const members = await Promise.all(runs.map((r) => loadMember(join(home, 'runs', r))));
  const weights = runs.map((r) => selected.members.find((m) => m.runId === r)?.weight ?? 0);
  const engineSide = averagePredictions(predictMembers(members, data, rows), weights);
  disposeMembers(members);
  assert.equal(exported.length, rows.length * horizon);
  const relative = maxDiff(exported, engineSide) / Math.max(...Array.from(engineSide, Math.abs));
  t.diagnostic(`max relative diff exported vs engine: ${relative}`);
  assert.ok(relative <= 1e-5, `relative diff ${relative}`);

  // Its forecasts: the merged model over the test windows, the same MAE the ensemble reports.
  const forecast = await engine.call('ensembles.forecast', { ensembleId: selected.id, count: 3, pick: 'worst' });
  assert.deepEqual(forecast.source, { kind: 'ensemble', id: selected.id });
  assert.equal(forecast.windows.length, 3);
  assert.equal(forecast.windows[0].prediction.length, horizon);
  const maeGap = Math.abs(forecast.mae - selected.metrics.test!.mae!) / selected.metrics.test!.mae!;
  assert.ok(maeGap < 1e-5, `forecast MAE ${forecast.mae} vs the ensemble's test MAE ${selected.metrics.test!.mae}`);
  await assert.rejects(engine.call('ensembles.forecast', { ensembleId: 'ens_missing' }), (e: Error & { code?: string }) => e.code === 'not_found');

  const boosted = await buildEnsemble(engine, { method: 'boosting', datasetId: births.id, members: 2, spec, hyperparams: { ...hp, epochs: 1 }, seed: 3 });
  assert.equal(boosted.status, 'completed', boosted.error ?? '');
  assert.equal(boosted.combiner?.kind === 'linear' ? boosted.combiner.bias?.length : 0, horizon, 'one initial value per step');
  assert.ok(Number.isFinite(boosted.metrics.val?.mae));

  const stacked = await buildEnsemble(engine, { method: 'stacking', runIds: runs, folds: 2 });
  assert.equal(stacked.status, 'completed', stacked.error ?? '');
  const metaModel = stacked.combiner?.kind === 'meta' ? stacked.combiner.model : null;
  assert.ok(metaModel, 'a meta combiner');
  assert.deepEqual(metaModel.layers.map((l) => [l.inputs, l.units, l.activation]), [[2 * horizon, horizon, 'linear']], 'a ridge from both members\' 7 steps to 7 steps');
  t.diagnostic(`val mse: stacking ${stacked.metrics.val!.mse}`);
  assert.ok(Number.isFinite(stacked.metrics.test?.mae));
  const stackOut = join(home, 'exports', 'births-stack');
  await engine.call('ensembles.export', { ensembleId: stacked.id, outDir: stackOut });
  const finals = stacked.members.filter((m) => m.role === 'final').sort((p, q) => p.position - q.position);
  const stackMembers = await Promise.all(finals.map((m) => loadMember(join(home, 'runs', m.runId!))));
  const features = metaFeatures(predictMembers(stackMembers, data, rows).values, stackMembers.length, rows.length, horizon);
  disposeMembers(stackMembers);
  const engineStack = predictMeta({ ...metaModel, layers: metaModel.layers.map((l) => ({ ...l, kernel: Float32Array.from(l.kernel), bias: Float32Array.from(l.bias) })) }, features, rows.length);
  const exportedStack = await officialPredict(stackOut, windows, [28, 1]);
  const stackRelative = maxDiff(exportedStack, engineStack) / Math.max(...Array.from(engineStack, Math.abs));
  t.diagnostic(`stacking: max relative diff exported vs engine ${stackRelative}`);
  assert.ok(stackRelative <= 1e-5, `stacking export vs engine: relative diff ${stackRelative}`);
});

test('series classification: windows labelled weekend or weekday, combined by voting and AdaBoost on the stored split', async () => {
  const csv = join(home, 'days.csv');
  const level = [10, 12, 15, 14, 13, 7, 5];
  const rows = Array.from({ length: 400 }, (_, i) => {
    const day = new Date(Date.UTC(2024, 0, 1 + i));
    const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
    return `${day.toISOString().slice(0, 10)},${(level[i % 7] + Math.sin(i / 9)).toFixed(3)},${weekend ? 'weekend' : 'weekday'}`;
  });
  writeFileSync(csv, ['date,value,day', ...rows].join('\n'));
  const days = await engine.call('datasets.importPath', { path: csv, label: 'day', series: { time: 'date', values: ['value'], lookback: 7, stride: 2 } });
  assert.equal(days.task, 'classification');
  assert.deepEqual([...days.classes].sort(), ['weekday', 'weekend']);
  const spec = ModelSpec.parse({ layers: [{ kind: 'flatten' }, { kind: 'dense', units: 8, activation: 'relu', useBias: true }] });
  const runs: string[] = [];
  for (const seed of [1, 2]) runs.push((await trainAndWait(engine, { datasetId: days.id, spec, hyperparams: { epochs: 5, batchSize: 16 }, seed })).runId);
  const voted = await buildEnsemble(engine, { method: 'voting', runIds: runs });
  assert.equal(voted.status, 'completed', voted.error ?? '');
  assert.ok(Number.isFinite(voted.metrics.test?.accuracy));
  const boosted = await buildEnsemble(engine, { method: 'boosting', datasetId: days.id, members: 2, spec, hyperparams: { epochs: 5, batchSize: 16 }, seed: 4 });
  assert.equal(boosted.status, 'completed', boosted.error ?? '');
  // Every member, trained or given, holds the dataset's stored chronological split.
  const splits = [...runs, ...boosted.members.map((m) => m.runId!)].map((r) => readFileSync(join(home, 'runs', r, 'split.json'), 'utf8'));
  assert.ok(splits.every((s) => s === splits[0]), 'one split for all members');
});
