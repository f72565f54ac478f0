/**
 * A structurally pruned text transformer and text CNN, pruned from a trained
 * run, still train (the trainer warm-starts from the pruned weights, as the
 * prune experiment does) and export to ONNX that predicts what tfjs predicts.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../../main/backend/select.ts';
import { RunConfig, type HyperParamsInput, type ModelSpec } from '../../../../main/api/schemas.ts';
import { structuredPrune } from '../../../../main/compression/structured/index.ts';
import type { TrainPlan } from '../../../../main/compression/types.ts';
import { parseTextCsv } from '../../../../main/data/text/text-csv.ts';
import type { ParsedDataset } from '../../../../main/data/types.ts';
import { layersModelToOnnx } from '../../../../main/export/onnx/convert.ts';
import { loadModelFiles, saveModelFiles } from '../../../../main/model/io.ts';
import { buildModel } from '../../../../main/model/builder.ts';
import { MODEL_PRESETS } from '../../../../main/model/presets.ts';
import { trainRun, type TrainResult } from '../../../../main/train/trainer.ts';
import { createRng } from '../../../../main/util/rng.ts';
import { maxDifference, randomInputs } from '../../export/onnx/ort.ts';
import { metaOf } from '../../train/helpers.ts';

before(async () => {
  await initBackend(['wasm']); // what training workers use; attention's tape is slow on 'cpu'
});

/** Support tickets whose class is decided by one of a few topic words among filler words. */
function tickets(n: number): string {
  const rng = createRng(11);
  const topics = [['invoice', 'refund', 'charge', 'billing'], ['crash', 'error', 'freeze', 'bug']];
  const filler = ['my', 'the', 'since', 'yesterday', 'app', 'please', 'help', 'again', 'account'];
  const rows = ['text,label'];
  for (let i = 0; i < n; i++) {
    const words = Array.from({ length: 5 + rng.int(7) }, () => filler[rng.int(filler.length)]);
    words.splice(rng.int(words.length), 0, topics[i % 2][rng.int(4)]);
    rows.push(`"${words.join(' ')}",${i % 2 ? 'technical' : 'billing'}`);
  }
  return rows.join('\n');
}

async function train(data: ParsedDataset, spec: ModelSpec, hyperparams: HyperParamsInput, dir: string, plan?: TrainPlan): Promise<TrainResult> {
  const config = RunConfig.parse({ datasetId: 'ds_test', spec, hyperparams, seed: 4 });
  const input = { runId: 'run_test', config, meta: { ...metaOf(data), info: data.info }, data: { x: data.x, y: data.y, texts: data.texts }, artifactDir: dir, plan };
  const result = await trainRun(input, { onEvent: () => {} });
  assert.equal(result.status, 'completed', result.error ?? '');
  return result;
}

/** The preset, sized for a vocabulary of a few dozen words. */
function small(id: string): ModelSpec {
  const layers = MODEL_PRESETS.find((p) => p.id === id)!.spec.layers.map((l) =>
    l.kind === 'embedding' ? { ...l, vocabSize: 64, dim: 16 } : l.kind === 'transformer' ? { ...l, heads: 4, ffUnits: 32, dropout: 0 } : l.kind === 'conv1d' ? { ...l, filters: 24 } : l,
  );
  return { layers };
}

for (const id of ['text-transformer', 'text-cnn']) {
  test(`${id}: pruned by half from a trained run, it fine-tunes and exports to ONNX`, async (t) => {
    const tmp = mkdtempSync(join(tmpdir(), 'mb-prune-seq-'));
    t.after(() => rmSync(tmp, { recursive: true, force: true }));
    const data = parseTextCsv(tickets(160), { text: ['text'], label: 'label', maxLength: 12 });
    const spec = small(id);
    const hp: HyperParamsInput = { optimizer: { kind: 'adam', learningRate: 0.01 }, epochs: 12, batchSize: 16 };
    const base = await train(data, spec, hp, join(tmp, 'base'));
    t.diagnostic(`${id} base test accuracy ${base.metrics.test!.accuracy}`);
    assert.ok(base.metrics.test!.accuracy! >= 0.9, `the base learned: test accuracy ${base.metrics.test!.accuracy}`);

    const io = { inputShape: data.inputShape, outputUnits: data.classes.length, task: data.task };
    const parent = await loadModelFiles(join(tmp, 'base'));
    let pruned: { spec: ModelSpec; model: tf.LayersModel } | null = null;
    try {
      pruned = structuredPrune(parent, spec, io, { ratio: 0.5, criterion: 'l1' });
      assert.ok(pruned.model.countParams() < parent.countParams());
      // Ids as the trainer feeds them: integers, padding (0) included.
      const n = 8;
      const ids = randomInputs(n, io.inputShape, 5).map((v) => Math.max(0, Math.round(v * 20)));
      const diff = await maxDifference(pruned.model, layersModelToOnnx(pruned.model), ids, n);
      t.diagnostic(`${id}: ${parent.countParams()} -> ${pruned.model.countParams()} params, max |tfjs - onnx| = ${diff.toExponential(2)}`);
      assert.ok(diff <= 1e-4, `ONNX differs by ${diff}`);
      await saveModelFiles(pruned.model, join(tmp, 'init'));
    } finally {
      parent.dispose();
      pruned?.model.dispose();
    }

    const tuned = await train(data, pruned.spec, { ...hp, epochs: 4 }, join(tmp, 'tuned'), { init: { modelDir: join(tmp, 'init') } });
    t.diagnostic(`${id} pruned + fine-tuned test accuracy ${tuned.metrics.test!.accuracy}`);
    assert.ok(tuned.metrics.test!.accuracy! >= 0.9, `test accuracy ${tuned.metrics.test!.accuracy}`);
  });
}

test('on the wasm backend a pruned model predicts: sliced weights are tensors of their own shape', () => {
  // Before the copy in gatherAxis, wasm's gather left the bias a view on a rank-4 buffer and its fused matmul refused it.
  const spec: ModelSpec = { layers: [{ kind: 'dense', units: 8, activation: 'relu', useBias: true }] };
  const io = { inputShape: [4], outputUnits: 2, task: 'classification' as const };
  const model = buildModel(spec, io, 1);
  const pruned = structuredPrune(model, spec, io, { ratio: 0.5, criterion: 'l1' });
  const x = tf.ones([3, 4]);
  try {
    const y = pruned.model.predict(x) as tf.Tensor;
    assert.deepEqual(y.shape, [3, 2]);
    y.dispose();
  } finally {
    x.dispose();
    model.dispose();
    pruned.model.dispose();
  }
});
