/**
 * A trained text run exports like any other: the tfjs files reload (custom
 * sequence layers included) and predict as the run's own model, the ONNX file
 * predicts the same, and preprocessing.json carries the fitted tokeniser, which
 * turns the raw texts into exactly the ids the run trained on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { RunConfig, type DatasetMeta } from '../../../main/api/schemas.ts';
import { applyInputs } from '../../../main/data/prepare.ts';
import { parseTextCsv } from '../../../main/data/text/text-csv.ts';
import { exportRun } from '../../../main/export/export-run.ts';
import { loadModelFiles } from '../../../main/model/io.ts';
import { trainRun } from '../../../main/train/trainer.ts';
import { runRecordOf } from './trained-run.ts';
import { runOnnx } from './onnx/ort.ts';

const rows = ['text,n,label', ...Array.from({ length: 80 }, (_, i) => (i % 2 ? `"cheap offer now, click ${i}",${i % 9},spam` : `"notes for the meeting ${i}",${i % 5},ham`))].join('\n');

test('a text run exports to tfjs and ONNX that reproduce it, with its tokeniser in preprocessing.json', async (t) => {
  await tf.setBackend('cpu');
  const tmp = mkdtempSync(join(tmpdir(), 'mb-export-text-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const data = parseTextCsv(rows, { text: ['text'], label: 'label', maxLength: 12 });
  const meta: DatasetMeta = {
    id: 'ds_text', name: 'mails', source: data.source, task: data.task, inputShape: data.inputShape, numSamples: data.y.length,
    classes: data.classes, featureNames: data.featureNames, labelName: data.labelName, classCounts: data.classCounts, createdAt: new Date().toISOString(), info: data.info,
  };
  const config = RunConfig.parse({
    datasetId: meta.id, seed: 3, name: 'text export',
    spec: { layers: [{ kind: 'embedding', vocabSize: 64, dim: 8 }, { kind: 'positional' }, { kind: 'transformer', heads: 2, ffUnits: 8, dropout: 0 }, { kind: 'lstm', units: 4, bidirectional: true, returnSequences: true }, { kind: 'globalPool1d' }] },
    hyperparams: { epochs: 2, batchSize: 16, text: { tokenizer: 'bpe' } },
  });
  const artifactDir = join(tmp, 'run');
  const tensors = { x: data.x, y: data.y, texts: data.texts };
  const result = await trainRun({ runId: 'run_text', config, meta, data: tensors, artifactDir }, { onEvent: () => {} });
  assert.equal(result.status, 'completed', result.error ?? '');
  const run = runRecordOf('run_text', meta, config, result);


  const tfjsDir = join(tmp, 'tfjs');
  await exportRun({ run, artifactDir, meta }, tfjsDir);
  const pre = JSON.parse(readFileSync(join(tfjsDir, 'preprocessing.json'), 'utf8'));
  assert.equal(pre.recipe.text.tokenizer.kind, 'bpe');
  assert.deepEqual(pre.recipe, result.recipe);
  assert.match(pre.howToUse.join(' '), /merges/);
  // The exported recipe alone turns the raw texts into the run's inputs.
  const ids = applyInputs(pre.recipe, tensors, meta.inputShape);
  const own = await loadModelFiles(artifactDir);
  const reloaded = await loadModelFiles(tfjsDir);
  const n = data.y.length;
  const a = (own.predict(tf.tensor(ids, [n, 12])) as tf.Tensor).dataSync();
  const b = (reloaded.predict(tf.tensor(ids, [n, 12])) as tf.Tensor).dataSync();
  assert.deepEqual(Array.from(b), Array.from(a));

  const onnxDir = join(tmp, 'onnx');
  await exportRun({ run, artifactDir, meta }, onnxDir, { format: 'onnx' });
  const out = await runOnnx(readFileSync(join(onnxDir, 'model.onnx')), { input: { data: ids, dims: [n, 12] } });
  let worst = 0;
  out.head.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - a[i]))));
  assert.ok(worst < 1e-4, `ONNX differs by ${worst}`);
  own.dispose();
  reloaded.dispose();
});
