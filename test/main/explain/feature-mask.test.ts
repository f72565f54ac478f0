/**
 * Explanations of an ensemble member trained on a random feature subset
 * (bagging's random subspaces): the explainer runs the member as it was trained
 * and scored, its masked features zeroed after preprocessing (main/explain/
 * feature-mask.ts, read from the rows.json the run lifecycle writes).
 * A real member trained by the trainer on breast cancer, explained from its files.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { splitIndices } from '../../../main/data/split.ts';
import { loadSample } from '../../../main/data/samples.ts';
import { saveDatasetFiles } from '../../../main/data/store.ts';
import { loadMember, predictMember } from '../../../main/ensemble/predict.ts';
import { readFeatureMask } from '../../../main/explain/feature-mask.ts';
import { runExplainJob, type ExplainJobInput } from '../../../main/explain/job.ts';
import { ExplainRequest, type ExplainRequestInput, type GlobalExplanationResult, type LocalExplanationResult } from '../../../main/explain/request.ts';
import { resolveExplainSettings } from '../../../main/explain/settings.ts';
import { rowsFile } from '../../../main/run/lifecycle.ts';
import { readRecipeFile, readSplitFile } from '../../../main/train/artifacts.ts';
import { trainRun, type TrainResult } from '../../../main/train/trainer.ts';
import { makeInput, metaOf } from '../train/helpers.ts';

describe('explanations of a member trained on a feature subset', () => {
  const data = loadSample('breast_cancer');
  const F = data.featureNames.length;
  // Every third feature seen, the rest set to 0 after standardising.
  const mask = Uint8Array.from({ length: F }, (_, j) => (j % 3 === 0 ? 1 : 0));
  let runDir = '';
  let datasetDir = '';
  let trained: TrainResult;
  let input: (req: Omit<ExplainRequestInput, 'runId'>) => ExplainJobInput;

  before(async () => {
    await tf.setBackend('cpu');
    const run = makeInput(data, { optimizer: { kind: 'adam', learningRate: 0.02 }, epochs: 8, batchSize: 32 }, { seed: 4 });
    const hp = run.config.hyperparams;
    const rows = { train: splitIndices(data.y, 'classification', hp.split, run.config.seed).train, featureMask: mask };
    trained = await trainRun({ ...run, rows }, { onEvent: () => {} });
    assert.equal(trained.status, 'completed', trained.error ?? '');
    runDir = run.artifactDir;
    // What the run lifecycle writes beside a member's model.
    writeFileSync(join(runDir, 'rows.json'), JSON.stringify(rowsFile(rows)));
    datasetDir = mkdtempSync(join(tmpdir(), 'mb-explain-mask-'));
    saveDatasetFiles(datasetDir, data);
    const meta = metaOf(data);
    const split = readSplitFile(runDir);
    const facts = { runName: 'member', task: meta.task, inputShape: meta.inputShape, featureNames: meta.featureNames, classes: meta.classes, splitSizes: { val: split.val.length, test: split.test.length } };
    input = (req) => ({ settings: resolveExplainSettings(ExplainRequest.parse({ runId: 'r', ...req }), facts), modelDir: runDir, datasetDir, meta, recipe: readRecipeFile(runDir), split });
  });
  after(() => {
    rmSync(runDir, { recursive: true, force: true });
    rmSync(datasetDir, { recursive: true, force: true });
  });

  test("the explainer's predictions on the test rows are the trainer's: same test loss and accuracy, same outputs as the ensemble's member", async () => {
    const job = input({ method: 'integrated-gradients', split: 'test', rows: 500, options: { steps: 8 } });
    const n = job.split.test.length;
    assert.equal(job.settings.count, n);
    const r = (await runExplainJob(job, {})) as LocalExplanationResult;
    // p(label) from the explained output (the predicted class's probability; two classes).
    const pLabel = r.rows.map((row) => (row.target === row.label ? row.prediction : 1 - row.prediction));
    const clip = (p: number) => Math.min(1 - 1e-7, Math.max(1e-7, p));
    const loss = -pLabel.reduce((s, p) => s + Math.log(clip(p)), 0) / n;
    const accuracy = r.rows.filter((row) => row.target === row.label).length / n;
    const test = trained.metrics.test as Record<string, number>;
    assert.ok(Math.abs(loss - test.loss) < 1e-5, `explainer's test loss ${loss} vs the trainer's ${test.loss}`);
    assert.equal(accuracy, test.accuracy);
    // Row by row against the ensemble's own member prediction (model(mask ⊙ recipe(x))).
    const member = await loadMember(runDir, mask);
    const p = predictMember(member, data, job.split.test);
    r.rows.forEach((row, i) => assert.ok(Math.abs(row.prediction - p[i * 2 + row.target]) < 1e-6, `row ${i}: ${row.prediction} vs ${p[i * 2 + row.target]}`));
    member.model.dispose();
    // A feature the member never saw gets no credit.
    for (const row of r.rows) row.attributions.forEach((a, j) => mask[j] === 0 && assert.equal(a, 0, `feature ${j}`));
  });

  test('permutation gives the hidden features nothing', async () => {
    const perm = (await runExplainJob(input({ method: 'permutation', options: { repeats: 2 } }), {})) as GlobalExplanationResult;
    perm.importances.forEach((imp, j) => mask[j] === 0 && assert.equal(imp.mean, 0, imp.feature));
  });

  test('rows.json without a mask, or none at all, changes nothing; a mask that does not fit is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-explain-rows-'));
    try {
      assert.equal(readFeatureMask(dir, 4), null);
      writeFileSync(join(dir, 'rows.json'), JSON.stringify(rowsFile({ train: Int32Array.from([1, 2]) })));
      assert.equal(readFeatureMask(dir, 4), null);
      writeFileSync(join(dir, 'rows.json'), JSON.stringify({ train: [1], featureMask: [1, 0, 1] }));
      assert.throws(() => readFeatureMask(dir, 4), (e: Error & { code?: string }) => e.code === 'bad_data' && /3 zeros and ones|4 zeros and ones/.test(e.message));
      writeFileSync(join(dir, 'rows.json'), '{');
      assert.throws(() => readFeatureMask(dir, 4), (e: Error & { code?: string }) => e.code === 'bad_data');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
