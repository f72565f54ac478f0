/**
 * Explanation and diagnostics benchmark (not a test): prints
 * - KernelSHAP on a 10-feature MLP (10 breast-cancer columns of
 *   ../shared/datasets/breast_cancer.csv): rows/s and error against exact
 *   Shapley values on the same k-means background, per coalition budget;
 * - Integrated Gradients on a digits CNN (the reference CNN preset on 8×8): rows/s;
 * - the per-epoch cost of the diagnostics probe on the reference MLP and CNN
 *   against training epochs of the reference benchmark's size, and the share it
 *   takes when the probe schedule (main/diagnose/schedule.ts) decides when to run;
 * - the diagnostics overhead where it counts: whole runs of the real trainer
 *   (trainRun, as a training worker runs it) with hyperparams.diagnostics on and
 *   off, alternating (on off off on …), median and spread of each and of the
 *   per-pair ratio (the target: at most 10%).
 * Usage: node bench/explain.ts [--rows N] [--quick] [--repeat N] [--only shap,ig,probe,overhead]
 * Timings on a shared machine are noisy: the load average is printed, and the
 * probe and the epochs it is compared with are timed alternately.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { RunConfig, type DatasetMeta, type ModelSpec, type Task } from '../main/api/schemas.ts';
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
import { trainRun } from '../main/train/trainer.ts';
import { median, quantile as quantileOf } from '../main/util/stats.ts';
import { packageRoot } from '../main/util/package-root.ts';
import { BENCH_INPUT, randomData } from './models.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const quick = process.argv.includes('--quick');
const onlyArg = process.argv.indexOf('--only');
const only = new Set(onlyArg >= 0 ? process.argv[onlyArg + 1].split(',') : ['shap', 'ig', 'probe', 'overhead']);
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
// --- Diagnostics overhead on whole runs of the real trainer --------------------------------------
if (only.has('overhead')) {
  const repeat = arg('--repeat', quick ? 2 : 6);
  console.log(`\nDiagnostics overhead: trainRun with diagnostics on vs off (default probe: 128 validation rows), ${repeat} pairs alternating on/off`);
  console.log('model (clock) | samples | epochs | on: median (min–max) s | off: median (min–max) s | overhead of medians | per-pair overhead median (quartiles) | epochs probed');
  const cases = [
    // The MLP at the default 20 epochs: its epochs take ~30 ms on the fused dense path, so the first probe's one-time warm-up counts.
    { id: 'mlp-reference', name: 'mlp' as const, samples: quick ? 2048 : 4096, epochs: quick ? 10 : 20 },
    { id: 'cnn-reference', name: 'cnn' as const, samples: quick ? 1024 : 2048, epochs: quick ? 2 : 5 },
  ];
  for (const c of cases) {
    const { x, y } = randomData(c.name, c.samples);
    const { inputShape, classes } = BENCH_INPUT[c.name];
    const meta: DatasetMeta = {
      id: 'bench', name: 'bench', source: 'csv', task: 'classification', inputShape, numSamples: c.samples, classes: Array.from({ length: classes }, (_, k) => String(k)),
      featureNames: [], labelName: 'y', classCounts: [], createdAt: new Date(0).toISOString(),
    };
    const run = async (enabled: boolean): Promise<{ seconds: number; cpu: number; probed: number }> => {
      const config = RunConfig.parse({
        datasetId: 'bench', spec: MODEL_PRESETS.find((p) => p.id === c.id)!.spec, seed: 1,
        hyperparams: { epochs: c.epochs, batchSize: 64, optimizer: { kind: 'adam', learningRate: 1e-3 }, split: { validation: 0.15, test: 0 }, diagnostics: { enabled } },
      });
      const artifactDir = mkdtempSync(join(tmpdir(), 'mb-bench-diag-'));
      let probed = 0;
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const r = await trainRun({ runId: 'bench', config, meta, data: { x, y }, artifactDir }, { onEvent: (e) => void (e.type === 'diagnostics' && probed++) });
      const seconds = (performance.now() - t0) / 1000;
      const used = process.cpuUsage(c0);
      rmSync(artifactDir, { recursive: true, force: true });
      if (r.status !== 'completed') throw new Error(`bench run ${r.status}: ${r.error}`);
      // CPU time of this process (the training runs on this thread): far less disturbed by other processes than wall time.
      return { seconds, cpu: (used.user + used.system) / 1e6, probed };
    };
    // Warm-up, both ways: kernels compiled, the JIT warm, caches filled.
    await run(true);
    await run(false);
    const times = { wall: { on: [] as number[], off: [] as number[] }, cpu: { on: [] as number[], off: [] as number[] } };
    let probed = 0;
    for (let i = 0; i < repeat; i++) {
      // on off, then off on: neither variant always runs first.
      for (const enabled of i % 2 === 0 ? [true, false] : [false, true]) {
        const r = await run(enabled);
        times.wall[enabled ? 'on' : 'off'].push(r.seconds);
        times.cpu[enabled ? 'on' : 'off'].push(r.cpu);
        if (enabled) probed = r.probed;
      }
    }
    const pct = (ratio: number) => `${((ratio - 1) * 100).toFixed(1)}%`;
    const range = (v: number[]) => `${median(v).toFixed(2)} (${Math.min(...v).toFixed(2)}–${Math.max(...v).toFixed(2)})`;
    for (const clock of ['wall', 'cpu'] as const) {
      const { on, off } = times[clock];
      const ratios = on.map((t, i) => t / off[i]);
      console.log([
        `${c.id} (${clock})`, c.samples, c.epochs, range(on), range(off), pct(median(on) / median(off)),
        `${pct(median(ratios))} (${pct(quantileOf(ratios, 0.25))}…${pct(quantileOf(ratios, 0.75))})`, `${probed}/${c.epochs}`,
      ].join(' | '));
    }
  }
}

console.log(`\nloadavg ${loadavg()[0].toFixed(2)}`);
