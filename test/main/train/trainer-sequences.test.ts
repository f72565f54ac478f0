/**
 * Text and series datasets through the one trainer: a text run fits its
 * tokeniser on its training rows only and learns; a series run uses the
 * dataset's chronological split, scales on the training windows only and
 * forecasts every horizon step.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../../../main/backend/select.ts';
import { RunConfig, type DatasetMeta, type HyperParamsInput, type ModelSpec } from '../../../main/api/schemas.ts';
import { parseSeriesCsv } from '../../../main/data/series/series-csv.ts';
import { parseTextCsv } from '../../../main/data/text/text-csv.ts';
import type { ParsedDataset } from '../../../main/data/types.ts';
import { MODEL_PRESETS } from '../../../main/model/presets.ts';
import { trainRun, type TrainInput } from '../../../main/train/trainer.ts';
import { createRng } from '../../../main/util/rng.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

before(async () => {
  // The backend training workers use by default (the tape of a recurrent or attention model is slow on 'cpu').
  await initBackend(['wasm']);
});

function meta(d: ParsedDataset): DatasetMeta {
  return {
    id: 'ds_seq', name: 'seq', source: d.source, task: d.task, inputShape: d.inputShape, numSamples: d.task === 'regression' ? d.y.length / Math.max(1, d.classes.length) : d.y.length,
    classes: d.classes, featureNames: d.featureNames, labelName: d.labelName, classCounts: d.classCounts, createdAt: new Date(0).toISOString(), info: d.info,
  };
}

function input(d: ParsedDataset, spec: ModelSpec, hyperparams: HyperParamsInput, seed = 1): TrainInput {
  const config = RunConfig.parse({ datasetId: 'ds_seq', spec, hyperparams, seed });
  return { runId: 'run_seq', config, meta: meta(d), data: { x: d.x, y: d.y, texts: d.texts, parts: d.parts }, artifactDir: mkdtempSync(join(tmpdir(), 'mb-train-seq-')) };
}

/** Messages whose class is decided by which words they contain, plus noise words and a unique id word per row. */
function messages(n: number): string {
  const rng = createRng(3);
  const good = ['meeting', 'report', 'lunch', 'agenda', 'notes', 'review'];
  const bad = ['prize', 'winner', 'cheap', 'offer', 'click', 'bonus'];
  const noise = ['the', 'a', 'today', 'please', 'now', 'you', 'we', 'team'];
  const rows = ['text,label'];
  for (let i = 0; i < n; i++) {
    const spam = i % 2 === 1;
    const words = Array.from({ length: 6 + rng.int(8) }, () => noise[rng.int(noise.length)]);
    for (let k = 0; k < 2; k++) words.splice(rng.int(words.length), 0, (spam ? bad : good)[rng.int(6)]);
    words.push(`row${i}`);
    rows.push(`"${words.join(' ')}",${spam ? 'spam' : 'ham'}`);
  }
  return rows.join('\n');
}

test('text: a small transformer learns, and its tokeniser never saw a validation or test row', async () => {
  const data = parseTextCsv(messages(240), { text: ['text'], label: 'label', maxLength: 24 });
  const spec: ModelSpec = { layers: MODEL_PRESETS.find((p) => p.id === 'text-transformer')!.spec.layers.map((l) => (l.kind === 'embedding' ? { ...l, vocabSize: 400, dim: 16 } : l.kind === 'transformer' ? { ...l, heads: 2, ffUnits: 32, dropout: 0 } : l)) };
  const run = input(data, spec, { optimizer: { kind: 'adam', learningRate: 0.01 }, epochs: 8, batchSize: 16 });
  try {
    const r = await trainRun(run, { onEvent: () => {} });
    assert.equal(r.status, 'completed', r.error ?? '');
    assert.ok(r.metrics.test!.accuracy! >= 0.9, `test accuracy ${r.metrics.test!.accuracy}`);
    const recipe = JSON.parse(readFileSync(join(run.artifactDir, 'recipe.json'), 'utf8'));
    assert.equal(recipe.text.tokenizer.kind, 'word');
    assert.equal(recipe.text.maxLength, 24);
    const split = JSON.parse(readFileSync(join(run.artifactDir, 'split.json'), 'utf8')) as { train: number[]; val: number[]; test: number[] };
    const vocab = new Set(recipe.text.tokenizer.vocab as string[]);
    for (const r of split.train) assert.ok(vocab.has(`row${r}`), `training row ${r}'s own word is in the vocabulary`);
    for (const r of [...split.val, ...split.test]) assert.ok(!vocab.has(`row${r}`), `held-out row ${r}'s own word is not`);
  } finally {
    rmSync(run.artifactDir, { recursive: true, force: true });
  }
});

test('text: a model without an embedding is refused saying what to use', async () => {
  const data = parseTextCsv(messages(40), { text: ['text'], label: 'label', maxLength: 16 });
  const run = input(data, { layers: [{ kind: 'dense', units: 8, activation: 'relu', useBias: true }] }, { epochs: 1 });
  const r = await trainRun(run, { onEvent: () => {} });
  rmSync(run.artifactDir, { recursive: true, force: true });
  assert.equal(r.status, 'failed');
  assert.match(r.error ?? '', /must start with an embedding layer/);
});

test('series: the stored chronological split, scaling on training windows only, a forecast of every horizon step', async () => {
  const text = readFileSync(new URL('../../../assets/samples/us_births.csv', import.meta.url), 'utf8');
  const data = parseSeriesCsv(text, { time: 'date', target: 'births', lookback: 14, horizon: 7, stride: 3 });
  const spec = MODEL_PRESETS.find((p) => p.id === 'series-cnn')!.spec;
  const run = input(data, spec, { optimizer: { kind: 'adam', learningRate: 0.003 }, epochs: 6, batchSize: 64, preprocess: 'standardize' }, 9);
  try {
    const r = await trainRun(run, { onEvent: () => {} });
    assert.equal(r.status, 'completed', r.error ?? '');
    const split = JSON.parse(readFileSync(join(run.artifactDir, 'split.json'), 'utf8')) as { train: number[]; val: number[]; test: number[] };
    const parts = data.parts as Uint8Array;
    assert.deepEqual(split.train, Array.from(parts.keys()).filter((i) => parts[i] === 0), 'training windows are the stored ones, in time order');
    assert.deepEqual(split.test, Array.from(parts.keys()).filter((i) => parts[i] === 2));
    const recipe = JSON.parse(readFileSync(join(run.artifactDir, 'recipe.json'), 'utf8'));
    assert.equal(recipe.axis, 'channel');
    let sum = 0;
    for (const w of split.train) for (let l = 0; l < 14; l++) sum += data.x[w * 14 + l];
    assert.ok(Math.abs(recipe.center[0] - sum / (split.train.length * 14)) < 1e-3, 'the centre is the mean of the training windows only');
    assert.ok(recipe.target && Math.abs(recipe.target.center - 10000) < 1500);
    assert.ok(r.metrics.test!.r2! > 0.5, `test r2 ${r.metrics.test!.r2}`);
    assert.ok(r.metrics.test!.mae! < 1000, `test mae ${r.metrics.test!.mae}`);
  } finally {
    rmSync(run.artifactDir, { recursive: true, force: true });
  }
});
