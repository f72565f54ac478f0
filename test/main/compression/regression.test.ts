/**
 * Compression on a regression run with standardised targets (the default): the
 * compressed models start from the parent's weights, whose outputs are in the
 * parent's standardised units, and the child run fits the same transform (same
 * seed, same split), so magnitude pruning, structured pruning, a smaller model
 * (shrink) and a fine-tune all keep close to the parent, in the target's units.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../../../main/api/schemas.ts';
import { structuredPrune } from '../../../main/compression/structured/index.ts';
import { parseCsvDataset } from '../../../main/data/csv.ts';
import { loadModelFiles, saveModelFiles } from '../../../main/model/io.ts';
import { packageRoot } from '../../../main/util/package-root.ts';
import { train } from './helpers.ts';

before(async () => {
  await tf.setBackend('cpu');
});

const SPEC: ModelSpec = { layers: [{ kind: 'dense', units: 48, activation: 'relu', useBias: true }, { kind: 'dense', units: 24, activation: 'relu', useBias: true }] };
const HP = { epochs: 20 };

test('prune (magnitude, structured), shrink and fine-tune work on a standardised regression target', async (t) => {
  const text = readFileSync(join(packageRoot, 'assets', 'samples', 'breast_cancer.csv'), 'utf8');
  const data = parseCsvDataset(text, { label: 'mean_area', task: 'regression' });
  const base = await train(data, HP, { spec: SPEC });
  t.after(base.cleanup);
  assert.equal(base.result.status, 'completed', base.result.error ?? '');
  const baseR2 = base.result.metrics.val!.r2!;
  assert.ok(baseR2 > 0.9, `base val r2 ${baseR2}`);
  const near = (label: string, r2: number | undefined, drop = 0.05) => assert.ok(r2 !== undefined && r2 > baseR2 - drop, `${label}: val r2 ${r2} vs base ${baseR2}`);

  const magnitude = await train(data, { ...HP, epochs: 5 }, {
    spec: SPEC,
    plan: { init: { modelDir: base.input.artifactDir }, pruning: { kind: 'magnitude', targetSparsity: 0.5, schedule: 'oneshot', scope: 'layer' } },
  });
  t.after(magnitude.cleanup);
  assert.equal(magnitude.result.status, 'completed', magnitude.result.error ?? '');
  near('magnitude 50%', magnitude.result.metrics.val!.r2);
  // A fine-tune that starts from the parent: its first epoch is already good (same target units).
  assert.deepEqual(magnitude.result.recipe!.target, base.result.recipe!.target);

  const io = { inputShape: data.inputShape, outputUnits: 1, task: 'regression' as const };
  const parent = await loadModelFiles(base.input.artifactDir);
  const pruned = structuredPrune(parent, SPEC, io, { ratio: 0.5, criterion: 'l1' });
  const initDir = join(base.input.artifactDir, 'structured-init');
  await saveModelFiles(pruned.model, initDir);
  parent.dispose();
  pruned.model.dispose();
  const structured = await train(data, { ...HP, epochs: 5 }, { spec: pruned.spec, plan: { init: { modelDir: initDir } } });
  t.after(structured.cleanup);
  assert.equal(structured.result.status, 'completed', structured.result.error ?? '');
  near('structured 50%', structured.result.metrics.val!.r2);

  const shrunk = await train(data, HP, { spec: { layers: [{ kind: 'dense', units: 24, activation: 'relu', useBias: true }] } });
  t.after(shrunk.cleanup);
  near('smaller model', shrunk.result.metrics.val!.r2);

  const finetuned = await train(data, { ...HP, epochs: 5, optimizer: { kind: 'adam', learningRate: 1e-4 } }, { spec: SPEC, plan: { init: { modelDir: base.input.artifactDir, freeze: 1 } } });
  t.after(finetuned.cleanup);
  near('fine-tuned, first layer frozen', finetuned.result.metrics.val!.r2, 0.02);
});
