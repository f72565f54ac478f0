/**
 * Training-throughput benchmark (npm run bench): the reference CNN and MLP
 * trained with Adam(1e-3), batch 64, through the project's createTrainStep on
 * the default backend, against PyTorch on one thread in the same run; then
 * parallel scaling, 2 worker threads against 1.
 *
 *   node bench/run.ts [--samples 2048] [--epochs 2] [--repeat 3] [--models cnn,mlp] [--scaling-seconds 2] [--backend webgpu]
 *
 * --backend NAME trains on that backend (tensorflow, webgpu, wasm, cpu; default:
 * the first that works) and prints it, with the GPU adapter for webgpu. A
 * software adapter (SwiftShader, lavapipe) is a CPU implementation of the GPU
 * API, ~100x slower than wasm on the CNN: its run is labelled a correctness run
 * (training works on that backend), not a speed figure, and defaults to one
 * small round without the scaling part. bench/gpu-check.sh is the real-GPU check.
 *
 * Throughput: `epochs` over `samples` random samples on each side, ours and
 * PyTorch alternating, each repeated, each side warmed up before its clock
 * starts; best of each side compared (medians printed too). Work: the same runs' thread CPU time per step on each side
 * (bench/torch.ts), median and range, and their ratio: on a machine shared
 * with other work, wall time measures how much of a core each side got as
 * much as the work it did, while CPU time stays close to the work.
 *
 * Scaling: a 2048 x 2 MLP job is only ~25 ms, too short to time two threads
 * against one, so scaling runs as many epochs as make ~`scaling-seconds` of
 * work per worker (from the throughput runs), the same job for 1 and for 2
 * workers. Worker start-up, backend init and warm-up are outside the timed
 * window (bench/parallel.ts). Each worker also reports its thread's CPU time:
 * a CPU share below 1 means the machine's cores were busy with other work,
 * which caps scaling whatever our code does; loadavg is printed for the same
 * reason, and "per-CPU-s scaling" (samples per CPU-second, 2 workers against
 * 1, times 2) is the scaling two free cores would give. All runs go to
 * bench/results/train.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchModel } from './models.ts';
import { runParallel } from './parallel.ts';
import type { ParallelResult } from './parallel.ts';
import { runTorchReference } from './torch.ts';
import type { TorchFigure } from './torch.ts';
import { initBackend } from '../main/backend/select.ts';
import { adapterLabel } from '../main/backend/webgpu/adapter.ts';
import { median } from '../main/util/stats.ts';

/** Ours / PyTorch 1-thread: the CNN at half of PyTorch or better, the MLP kept where it was (0.96x when the CNN target was set). */
const TARGET: Record<BenchModel, number> = { cnn: 0.5, mlp: 0.9 };
const SCALING_TARGET = 1.7;
const BATCH = 64;

const { values } = parseArgs({
  options: {
    samples: { type: 'string' },
    epochs: { type: 'string' },
    repeat: { type: 'string' },
    models: { type: 'string', default: 'cnn,mlp' },
    'scaling-seconds': { type: 'string', default: '2' },
    backend: { type: 'string' },
  },
});

// The backend is chosen in each bench worker by initBackend(), which honours MODELBENCH_BACKEND (workers copy this env).
const chosen = values.backend ?? process.env.MODELBENCH_BACKEND;
if (chosen) process.env.MODELBENCH_BACKEND = chosen;
const probe = await initBackend(chosen ? [chosen] : undefined).catch((error: Error) => {
  console.error(`backend ${chosen} cannot be used: ${error.message}`);
  process.exit(1);
});
const adapter = probe.adapter ?? null;
/** A software GPU: training on it shows the backend works and agrees, nothing about GPU speed. */
const correctnessRun = adapter?.software === true;
const defaults = correctnessRun ? { samples: '128', epochs: '1', repeat: '1' } : { samples: '2048', epochs: '2', repeat: '3' };
const samples = Number(values.samples ?? defaults.samples);
const epochs = Math.max(1, Number(values.epochs ?? defaults.epochs));
const repeat = Math.max(1, Number(values.repeat ?? defaults.repeat));
const models = String(values.models).split(',') as BenchModel[];
const scalingSeconds = Number(values['scaling-seconds']);
const skipScaling = correctnessRun;
const backendLine = `backend ${probe.name}${adapter ? ` on ${adapterLabel(adapter)}` : ''}`;
process.stderr.write(`${backendLine}\n`);
if (correctnessRun) {
  process.stderr.write('CORRECTNESS RUN: a software adapter runs the GPU API on the CPU; these figures are not GPU speed\n');
}
// Warm-up: at least 40 steps and 0.3 s, so V8 has optimised the step before the clock starts
// (on a software GPU, 2 steps: they compile every shader, and one CNN step takes seconds).
const spec = (model: BenchModel, e: number) =>
  ({ model, samples, epochs: e, batch: BATCH, warmupSteps: correctnessRun ? 2 : 40, warmupSeconds: correctnessRun ? 0 : 0.3 });
const load = () => loadavg()[0];

const ours: Record<string, ParallelResult[]> = {};
const torch: Record<string, TorchFigure[]> = {};
const torchLoad: number[] = [];
let torchMissing: string | null = null;

const startLoad = loadavg();
for (let r = 0; r < repeat; r++) {
  for (const m of models) (ours[m] ??= []).push(await runParallel(spec(m, epochs), 1));
  if (!torchMissing) {
    torchLoad.push(load());
    const t = runTorchReference(samples, 1, epochs);
    if (!t.ok) torchMissing = t.reason;
    else for (const f of t.figures) if (models.includes(f.model as BenchModel)) (torch[f.model] ??= []).push(f);
  }
  process.stderr.write(`throughput round ${r + 1}/${repeat} done\n`);
}

const best = <T>(xs: T[], f: (x: T) => number) => xs.reduce((a, b) => (f(b) > f(a) ? b : a));
const range = (xs: number[]) => `${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)}`;

// Scaling: the same, longer job for 1 and 2 workers, alternating.
const scalingEpochs: Record<string, number> = {};
const one: Record<string, ParallelResult[]> = {};
const two: Record<string, ParallelResult[]> = {};
for (const m of models) {
  const rate = best(ours[m], (p) => p.totalSamplesPerS).totalSamplesPerS;
  scalingEpochs[m] = Math.max(epochs, Math.ceil((scalingSeconds * rate) / samples));
}
for (let r = 0; r < (skipScaling ? 0 : repeat); r++) {
  for (const m of models) {
    (one[m] ??= []).push(await runParallel(spec(m, scalingEpochs[m]), 1));
    (two[m] ??= []).push(await runParallel(spec(m, scalingEpochs[m]), 2));
  }
  process.stderr.write(`scaling round ${r + 1}/${repeat} done\n`);
}
const endLoad = loadavg();

/** Best samples per thread-CPU-second over the runs. */
const perCpuSecond = (runs: ParallelResult[]) =>
  Math.max(...runs.map((p) => p.results.reduce((s, r) => s + r.samples, 0) / p.results.reduce((s, r) => s + r.cpuSeconds, 0)));
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
const msPerStep = (samplesPerS: number) => (1000 * BATCH) / samplesPerS;
const backend = ours[models[0]][0].results[0].backend;

/** Thread CPU ms per step of each run: ours from the timed window, PyTorch from its training loop. */
const oursCpuMs = (m: string) => ours[m].map((p) => (1000 * p.results[0].cpuSeconds) / p.results[0].steps);
const torchCpuMs = (m: string) => (torch[m] ?? []).filter((f) => f.cpu_seconds !== undefined)
  .map((f) => (1000 * (f.cpu_seconds as number) * BATCH) / f.samples);

const rows = models.map((m) => {
  const oursBest = best(ours[m], (p) => p.totalSamplesPerS).totalSamplesPerS;
  const oursMedian = median(ours[m].map((p) => p.totalSamplesPerS));
  const ref = torch[m]?.length ? best(torch[m], (f) => f.samples_per_s).samples_per_s : null;
  const refMedian = torch[m]?.length ? median(torch[m].map((f) => f.samples_per_s)) : null;
  const ratio = ref ? oursBest / ref : null;
  const throughput = {
    model: m, ours: oursBest, oursMedian, pytorch: ref, pytorchMedian: refMedian, ratio,
    medianRatio: refMedian ? oursMedian / refMedian : null,
    oursMsPerStep: msPerStep(oursBest), pytorchMsPerStep: ref ? msPerStep(ref) : null,
    target: TARGET[m], pass: ratio === null || correctnessRun ? null : ratio >= TARGET[m],
    throughputLoadavg: [...ours[m].map((p) => p.loadavg), ...torchLoad],
    cpu: { oursMsPerStep: oursCpuMs(m), pytorchMsPerStep: torchCpuMs(m),
      medianRatio: torchCpuMs(m).length ? median(torchCpuMs(m)) / median(oursCpuMs(m)) : null },
  };
  if (skipScaling) return { ...throughput, scaling: null };
  const oneBest = best(one[m], (p) => p.totalSamplesPerS);
  const twoBest = best(two[m], (p) => p.totalSamplesPerS);
  const scaling = twoBest.totalSamplesPerS / oneBest.totalSamplesPerS;
  return {
    ...throughput,
    scaling: {
      epochs: scalingEpochs[m], stepsPerWorker: oneBest.results[0].steps,
      oneWorker: oneBest.totalSamplesPerS, twoWorkers: twoBest.totalSamplesPerS, scaling, pass: scaling >= SCALING_TARGET,
      median: median(two[m].map((p) => p.totalSamplesPerS)) / median(one[m].map((p) => p.totalSamplesPerS)),
      cpuShareOne: oneBest.cpuShare, cpuShareTwo: twoBest.cpuShare,
      // Work per CPU-second, 2 workers against 1, times 2: the scaling two free cores would give.
      // It separates our own contention (shared memory bandwidth, caches) from other processes'.
      cpuScaling: (2 * perCpuSecond(two[m])) / perCpuSecond(one[m]),
      loadavg: [...one[m], ...two[m]].map((p) => p.loadavg),
    },
  };
});

const cores = availableParallelism();
console.log(`\nTraining throughput, ${backendLine}, ${samples} samples x ${epochs} epochs, batch ${BATCH}, Adam(1e-3), best of ${repeat}`);
if (correctnessRun) {
  console.log('CORRECTNESS RUN, NOT A SPEED FIGURE: this adapter is a software (CPU) implementation of the GPU API. ' +
    'It shows that training runs on the webgpu backend; bench/gpu-check.sh measures a real GPU.');
}
console.log(`machine: ${cores} cores; loadavg 1/5/15 min at start ${startLoad.map((x) => x.toFixed(2)).join(' ')}, at end ${endLoad.map((x) => x.toFixed(2)).join(' ')}`);
if (torchMissing) console.log(`PyTorch reference NOT RUN: ${torchMissing}`);
console.log('model | ours samples/s | PyTorch 1-thread samples/s | ours ms/step | PyTorch ms/step | ratio (median) | target | result | loadavg');
for (const r of rows) {
  console.log(`${r.model.padEnd(5)} | ${fmt(r.ours).padStart(14)} | ${(r.pytorch ? fmt(r.pytorch) : 'n/a').padStart(26)} | ` +
    `${r.oursMsPerStep.toFixed(3).padStart(12)} | ${(r.pytorchMsPerStep ? r.pytorchMsPerStep.toFixed(3) : 'n/a').padStart(15)} | ` +
    `${(r.ratio ? `${r.ratio.toFixed(2)}x (${(r.medianRatio as number).toFixed(2)}x)` : 'n/a').padStart(14)} | ${(r.target + 'x').padStart(6)} | ` +
    `${(r.pass === null ? 'n/a' : r.pass ? 'PASS' : 'FAIL').padEnd(6)} | ${range(r.throughputLoadavg)}`);
}

console.log('\nWork per step: thread CPU time of the same runs (what each side computed, whatever share of a core it got), median (range)');
console.log('model | ours CPU ms/step | PyTorch CPU ms/step | ratio of medians (PyTorch / ours)');
for (const r of rows) {
  const t = r.cpu.pytorchMsPerStep;
  const cell = (xs: number[]) => (xs.length ? `${median(xs).toFixed(3)} (${Math.min(...xs).toFixed(3)}-${Math.max(...xs).toFixed(3)})` : 'n/a');
  console.log(`${r.model.padEnd(5)} | ${cell(r.cpu.oursMsPerStep).padStart(16)} | ${cell(t).padStart(19)} | ` +
    `${r.cpu.medianRatio === null ? 'n/a' : `${r.cpu.medianRatio.toFixed(2)}x`}`);
}

if (skipScaling) console.log('\nParallel scaling: not run on a software adapter (both workers would share the same CPU cores as the "GPU").');
else {
  console.log(`\nParallel scaling: 2 worker threads against 1, each its own model, the same job per worker (~${scalingSeconds} s of work), ` +
    `start-up and warm-up excluded, best of ${repeat}`);
  console.log('model | steps/worker | 1 worker samples/s | 2 workers total samples/s | scaling (median) | target | result | CPU share 1w / 2w | per-CPU-s scaling | loadavg');
}
for (const r of rows) {
  const s = r.scaling;
  if (!s) continue;
  console.log(`${r.model.padEnd(5)} | ${String(s.stepsPerWorker).padStart(12)} | ${fmt(s.oneWorker).padStart(18)} | ${fmt(s.twoWorkers).padStart(25)} | ` +
    `${`${s.scaling.toFixed(2)}x (${s.median.toFixed(2)}x)`.padStart(16)} | ${(SCALING_TARGET + 'x').padStart(6)} | ` +
    `${(s.pass ? 'PASS' : 'FAIL').padEnd(6)} | ${`${s.cpuShareOne.toFixed(2)} / ${s.cpuShareTwo.toFixed(2)}`.padStart(17)} | ` +
    `${(s.cpuScaling.toFixed(2) + 'x').padStart(17)} | ${range(s.loadavg)}`);
  if (s.cpuShareTwo < 0.9) {
    console.log(`note: ${r.model} with 2 workers got ${(s.cpuShareTwo * 100).toFixed(0)}% of a core each (loadavg ${range(s.loadavg)} on ${cores} cores): ` +
      'other processes held the cores, which caps scaling below 2x whatever the workers do');
  }
}

const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'train.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), backend, adapter, correctnessRun, samples, epochs, batch: BATCH, repeat, cores,
  loadavg: { start: startLoad, end: endLoad }, torchMissing, summary: rows, runs: { ours, torch, scaling: { oneWorker: one, twoWorkers: two } } }, null, 2));
console.log(`\nwrote ${out}`);
