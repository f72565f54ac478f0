/**
 * Explanation and diagnostics benchmark (not a test): prints
 * - KernelSHAP on a 10-feature MLP (10 breast-cancer columns of
 *   ../shared/datasets/breast_cancer.csv): rows/s and error against exact
 *   Shapley values on the same k-means background, per coalition budget;
 * - Integrated Gradients on a digits CNN (the reference CNN preset on 8×8): rows/s;
 * - the per-epoch cost of the diagnostics probe on the reference MLP and CNN
 *   against training epochs of the reference benchmark's size, and the share it
 *   takes when the probe schedule (main/diagnose/schedule.ts) decides when to run;
 * - the diagnostics overhead where it counts (bench/explain-overhead.ts): whole
 *   runs of the real trainer with diagnostics on and off, alternating, warm
 *   (--repeat pairs in this process) and cold (--cold pairs, each run in a
 *   fresh process), on wall, process-CPU and training-thread-CPU clocks
 *   (the target: at most 10%).
 * Usage: node bench/explain.ts [--rows N] [--quick] [--repeat N] [--cold N] [--models mlp,cnn] [--only shap,ig,probe,overhead]
 * Timings on a shared machine are noisy: the load average is printed, and the
 * probe and the epochs it is compared with are timed alternately.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec, Task } from '../main/api/schemas.ts';
import { initBackend } from '../main/backend/select.ts';
import { parseCsvDataset } from '../main/data/csv.ts';
import { applyRecipe, fitRecipe } from '../main/data/preprocess.ts';
import { loadSample } from '../main/data/samples.ts';
import { createProbeSchedule } from '../main/diagnose/schedule.ts';
import { createDiagnosticsProbe } from '../main/diagnose/tf-probe.ts';
import { createIntegratedGradients } from '../main/explain/integrated-gradients.ts';
import { createKernelShap } from '../main/explain/kernel-shap.ts';
import { summariseBackground } from '../main/explain/kmeans.ts';
import { createExactShapley } from '../main/explain/shapley-exact.ts';
import { tfModelFunction } from '../main/explain/tf-model.ts';
import type { LocalExplanation } from '../main/explain/types.ts';
import { buildModel } from '../main/model/builder.ts';
import { MODEL_PRESETS } from '../main/model/presets.ts';
import { createTrainStep } from '../main/train/step.ts';
import { packageRoot } from '../main/util/package-root.ts';
import { benchOverhead, overheadCases } from './explain-overhead.ts';
import { randomData } from './models.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const quick = process.argv.includes('--quick');
const onlyArg = process.argv.indexOf('--only');
const only = new Set(onlyArg >= 0 ? process.argv[onlyArg + 1].split(',') : ['shap', 'ig', 'probe', 'overhead']);
const modelsArg = process.argv.indexOf('--models');
const ROWS = arg('--rows', quick ? 20 : 100);
const info = await initBackend();
console.log(`backend ${info.name}; loadavg ${loadavg()[0].toFixed(2)}`);

function train(spec: ModelSpec, x: Float32Array, y: Float32Array, inputShape: number[], classes: number, task: Task, epochs: number): tf.LayersModel {
  const model = buildModel(spec, { inputShape, outputUnits: classes, task }, 1);
  const opt = tf.train.adam(0.01);
  const step = createTrainStep(model, opt, 'categorical');
  const size = x.length / y.length;
  for (let e = 0; e < epochs; e++) {
    for (let s = 0; s < y.length; s += 32) {
      const n = Math.min(32, y.length - s);
      tf.tidy(() => step(tf.tensor(x.subarray(s * size, (s + n) * size), [n, ...inputShape]), tf.tensor1d(y.subarray(s, s + n))));
    }
  }
  opt.dispose();
  return model;
}

const relError = (a: LocalExplanation, b: LocalExplanation) => {
  let err = 0;
  let tot = 0;
  a.rows.forEach((r, i) => r.attributions.forEach((v, j) => ((err += Math.abs(v - b.rows[i].attributions[j])), (tot += Math.abs(b.rows[i].attributions[j])))));
  return { relative: err / tot, mae: err / (a.rows.length * a.players.length) };
};

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await f();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

// --- KernelSHAP against exact on a 10-feature MLP --------------------------------------------
if (only.has('shap')) {
  const d = parseCsvDataset(readFileSync(join(packageRoot, '..', 'shared', 'datasets', 'breast_cancer.csv'), 'utf8'));
  const F = 10;
  const n = d.y.length;
  const all = d.featureNames.length;
  const raw = Float32Array.from({ length: n * F }, (_, k) => d.x[Math.floor(k / F) * all + (k % F)]);
  const x = applyRecipe(fitRecipe('standardize', raw, [F], Int32Array.from({ length: n }, (_, i) => i)), raw, [F]);
  const mlpSpec: ModelSpec = { layers: [{ kind: 'dense', units: 64, activation: 'relu', useBias: true }, { kind: 'dense', units: 64, activation: 'relu', useBias: true }] };
  const model = train(mlpSpec, x, d.y, [F], 2, 'classification', 20);
  const fn = tfModelFunction(model);
  const rows = { x: x.subarray(0, ROWS * F), n: ROWS };
  console.log(`\nKernelSHAP vs exact, 10 breast-cancer columns, MLP 64-64, ${ROWS} rows`);
  for (const k of [10, 20]) {
    const background = summariseBackground({ x, n }, F, k, 1);
    const exact = await timed(() => createExactShapley(fn, { background }).attribute(rows));
    console.log(`background ${k} (k-means): exact ${(ROWS / exact.seconds).toFixed(1)} rows/s (${2 ** F} coalitions)`);
    console.log('coalitions | rows/s | relative error | mean abs error');
    for (const samples of [64, 128, 256, 512]) {
      const ks = await timed(() => createKernelShap(fn, { background, samples }).attribute(rows, { seed: 1 }));
      const e = relError(ks.value, exact.value);
      console.log(`${String(samples).padStart(10)} | ${(ROWS / ks.seconds).toFixed(1).padStart(6)} | ${(e.relative * 100).toFixed(2).padStart(13)}% | ${e.mae.toExponential(2)}`);
    }
  }
  model.dispose();
}

// --- Integrated Gradients on a digits CNN ----------------------------------------------------
if (only.has('ig')) {
  const d = loadSample('digits');
  const spec = MODEL_PRESETS.find((p) => p.id === 'cnn-reference')!.spec;
  const model = train(spec, d.x, d.y, [8, 8, 1], 10, 'classification', quick ? 2 : 5);
  const fn = tfModelFunction(model);
  const rows = { x: d.x.subarray(0, ROWS * 64), n: ROWS };
  console.log(`\nIntegrated Gradients, reference CNN on 8×8 digits, ${ROWS} rows`);
  for (const steps of [16, 32, 64]) {
    const ig = await timed(() => createIntegratedGradients(fn, { steps }).attribute(rows));
    console.log(`${steps} steps: ${(ROWS / ig.seconds).toFixed(1)} rows/s, completeness gap ${((ig.value.details.completenessGap as number) * 100).toFixed(2)}%`);
  }
  model.dispose();
}

// --- Diagnostics probe cost against training ------------------------------------------------
if (only.has('probe')) {
  console.log('\nDiagnostics probe on the reference models, training as the reference benchmark (Adam, batch 64)');
  console.log('model | samples/epoch | probe rows | epoch ms | probe ms | probe/epoch | scheduled: epochs probed, probe share of training');
  const cases = [
    { id: 'mlp-reference', name: 'mlp' as const, inputShape: [30], classes: 2, samples: quick ? 1024 : 4096 },
    { id: 'cnn-reference', name: 'cnn' as const, inputShape: [28, 28, 1], classes: 10, samples: quick ? 512 : 2048 },
  ];
  const epochs = quick ? 4 : 8;
  for (const c of cases) {
    const { x, y } = randomData(c.name, c.samples);
    const size = x.length / y.length;
    for (const probeRows of [64, 256]) {
      const model = buildModel(MODEL_PRESETS.find((p) => p.id === c.id)!.spec, { inputShape: c.inputShape, outputUnits: c.classes, task: 'classification' }, 1);
      const opt = tf.train.adam(1e-3);
      const step = createTrainStep(model, opt, 'categorical');
      const probe = createDiagnosticsProbe(model, { x: x.subarray(0, probeRows * size), y: y.subarray(0, probeRows), n: probeRows }, 'categorical');
      const schedule = createProbeSchedule(epochs);
      let trainMs = 0;
      let probeMs = 0;
      let probed = 0;
      let probeEvery = 0;
      for (let e = 1; e <= epochs; e++) {
        let t0 = performance.now();
        for (let s = 0; s < c.samples; s += 64) tf.tidy(() => step(tf.tensor(x.subarray(s * size, (s + 64) * size), [64, ...c.inputShape]), tf.tensor1d(y.subarray(s, s + 64))));
        const ms = performance.now() - t0;
        trainMs += ms;
        schedule.addTraining(ms);
        // Every epoch's probe is timed for the per-call figure; the schedule decides which ones count as recorded.
        t0 = performance.now();
        probe.measure(e);
        const pm = performance.now() - t0;
        probeEvery += pm;
        if (schedule.shouldProbe(e)) {
          schedule.addProbe(pm);
          probeMs += pm;
          probed++;
        }
      }
      probe.dispose();
      opt.dispose();
      model.dispose();
      const cols = [c.id, c.samples, probeRows, (trainMs / epochs).toFixed(0), (probeEvery / epochs).toFixed(1), `${((probeEvery / trainMs) * 100).toFixed(1)}%`, `${probed}/${epochs}, ${((probeMs / trainMs) * 100).toFixed(1)}%`];
      console.log(cols.join(' | '));
    }
  }
}
// --- Diagnostics overhead on whole runs of the real trainer (bench/explain-overhead.ts) --------------
if (only.has('overhead')) {
  const cases = overheadCases(quick, modelsArg >= 0 ? process.argv[modelsArg + 1].split(',') : ['mlp', 'cnn']);
  await benchOverhead(cases, arg('--repeat', quick ? 2 : 6), false);
  const cold = arg('--cold', 0);
  if (cold > 0) await benchOverhead(cases, cold, true);
}

console.log(`\nloadavg ${loadavg()[0].toFixed(2)}`);
