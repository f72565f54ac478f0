/**
 * On synthetic data where only some inputs matter, every method's global view
 * (permutation importance; mean |attribution| of the local methods) ranks those
 * first, on networks really trained on that data.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../../main/backend/select.ts';
import { createGradientShap } from '../../../main/explain/gradient-shap.ts';
import { createIntegratedGradients } from '../../../main/explain/integrated-gradients.ts';
import { createKernelShap } from '../../../main/explain/kernel-shap.ts';
import { summariseBackground } from '../../../main/explain/kmeans.ts';
import { createLimeImage } from '../../../main/explain/lime-image.ts';
import { createLimeTabular } from '../../../main/explain/lime-tabular.ts';
import { metricFor } from '../../../main/explain/metrics.ts';
import { createOcclusion } from '../../../main/explain/occlusion.ts';
import { createPermutationImportance } from '../../../main/explain/permutation.ts';
import { createExactShapley } from '../../../main/explain/shapley-exact.ts';
import { tfModelFunction } from '../../../main/explain/tf-model.ts';
import type { Explainer, LocalExplanation } from '../../../main/explain/types.ts';
import { createRng } from '../../../main/util/rng.ts';
import { meanAbs, MLP_16, randomRows, topK, trainModel } from './helpers.ts';

before(async () => {
  delete process.env.MODELBENCH_BACKEND;
  await initBackend(['wasm']);
});

test('a table where only x0 and x1 decide the class: every method ranks them first', async () => {
  const F = 6;
  const n = 400;
  const x = randomRows(n, F, 1);
  const y = Float32Array.from({ length: n }, (_, i) => (x[i * F] + 0.8 * x[i * F + 1] > 0 ? 1 : 0));
  const model = trainModel(MLP_16, x, y, [F], 2, 'classification', 20);
  try {
    const fn = tfModelFunction(model);
    const rows = { x: x.subarray(0, 40 * F), n: 40 };
    const background = summariseBackground({ x, n }, F, 10, 1);
    const permutation = await createPermutationImportance(fn).importance({ x, y, n }, { metric: metricFor('classification'), repeats: 3 });
    assert.ok(permutation.baseline > 0.95, `accuracy ${permutation.baseline}`);
    const ranks: Record<string, number[]> = { permutation: topK(permutation.importances.map((i) => i.mean), 2) };
    const local: Record<string, Explainer> = {
      'exact-shapley': createExactShapley(fn, { background }),
      'kernel-shap': createKernelShap(fn, { background, samples: 40 }),
      lime: createLimeTabular(fn, { scaling: { center: new Array(F).fill(0), scale: new Array(F).fill(1) }, samples: 500 }),
      'integrated-gradients': createIntegratedGradients(fn, { steps: 32 }),
      'gradient-shap': createGradientShap(fn, { background, samples: 50 }),
    };
    for (const [name, ex] of Object.entries(local)) ranks[name] = topK(meanAbs(await ex.attribute(rows, { target: 1 })), 2);
    for (const [name, top] of Object.entries(ranks)) assert.deepEqual(top, [0, 1], `${name} ranked ${top} first`);
  } finally {
    model.dispose();
  }
});

test('6×6 images whose class is set by the top-left 2×2 patch: the image methods find the patch', async () => {
  const n = 300;
  const rng = createRng(2);
  const x = new Float32Array(n * 36);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    for (let p = 0; p < 36; p++) x[i * 36 + p] = 0.5 * rng.next();
    for (const p of [0, 1, 6, 7]) x[i * 36 + p] = y[i] ? 0.8 + 0.2 * rng.next() : 0.2 * rng.next();
  }
  const spec = { layers: [{ kind: 'conv2d' as const, filters: 4, kernelSize: 3, strides: 1, padding: 'same' as const, activation: 'relu' as const, useBias: true }, { kind: 'flatten' as const }] };
  const model = trainModel(spec, x, y, [6, 6, 1], 2, 'classification', 15);
  try {
    const fn = tfModelFunction(model);
    const rows = { x: x.subarray(0, 20 * 36), n: 20 };
    const patch = [0, 1, 6, 7];
    const methods: Record<string, Explainer> = {
      'integrated-gradients': createIntegratedGradients(fn, { steps: 32 }),
      occlusion: createOcclusion(fn, { window: [2, 2], stride: [1, 1] }),
      'lime-image': createLimeImage(fn, { segmentation: { method: 'grid', segments: 9 }, baseline: 0.25, samples: 300 }),
    };
    for (const [name, ex] of Object.entries(methods)) {
      const e: LocalExplanation = await ex.attribute(rows);
      const top = topK(meanAbs(e), 4);
      assert.deepEqual(top, patch, `${name} ranked pixels ${top} first`);
    }
  } finally {
    model.dispose();
  }
});
