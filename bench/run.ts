/**
 * Training-throughput benchmark (npm run bench): the reference CNN and MLP
 * trained with Adam(1e-3), batch 64, 2 epochs over N random samples through
 * the project's createTrainStep on the default backend, against PyTorch on
 * one thread in the same run; then 2 parallel workers against 1.
 *
 *   node bench/run.ts [--samples 2048] [--repeat 3] [--models cnn,mlp]
 *
 * The machine is shared and noisy, so ours and PyTorch alternate, each is
 * repeated, and the best run of each side is compared. All runs go to
 * bench/results/train.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchModel } from './models.ts';
import { runParallel } from './parallel.ts';
import type { ParallelResult } from './parallel.ts';
import { runTorchReference } from './torch.ts';
import type { TorchFigure } from './torch.ts';

const TARGET: Record<BenchModel, number> = { cnn: 0.35, mlp: 0.5 };
const SCALING_TARGET = 1.7;

const { values } = parseArgs({
  options: {
    samples: { type: 'string', default: '2048' },
    repeat: { type: 'string', default: '3' },
    models: { type: 'string', default: 'cnn,mlp' },
  },
});
const samples = Number(values.samples);
const repeat = Math.max(1, Number(values.repeat));
const models = String(values.models).split(',') as BenchModel[];
const spec = (model: BenchModel) => ({ model, samples, epochs: 2, batch: 64, warmupSteps: 40 });

const ours: Record<string, ParallelResult[]> = {};
const pair: Record<string, ParallelResult[]> = {};
const torch: Record<string, TorchFigure[]> = {};
let torchMissing: string | null = null;

for (let r = 0; r < repeat; r++) {
  for (const m of models) (ours[m] ??= []).push(await runParallel(spec(m), 1));
  if (!torchMissing) {
    const t = runTorchReference(samples, 1);
    if (t.ok) for (const f of t.figures) (torch[f.model] ??= []).push(f);
    else torchMissing = t.reason;
  }
  for (const m of models) (pair[m] ??= []).push(await runParallel(spec(m), 2));
  process.stderr.write(`round ${r + 1}/${repeat} done\n`);
}

const best = <T>(xs: T[], f: (x: T) => number) => xs.reduce((a, b) => (f(b) > f(a) ? b : a));
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
const backend = ours[models[0]][0].results[0].backend;

const rows = models.map((m) => {
  const one = best(ours[m], (p) => p.totalSamplesPerS).totalSamplesPerS;
  const ref = torch[m]?.length ? best(torch[m], (f) => f.samples_per_s).samples_per_s : null;
  const ratio = ref ? one / ref : null;
  const two = best(pair[m], (p) => p.totalSamplesPerS).totalSamplesPerS;
  return { model: m, ours: one, pytorch: ref, ratio, target: TARGET[m], pass: ratio === null ? null : ratio >= TARGET[m],
    twoWorkers: two, scaling: two / one, scalingPass: two / one >= SCALING_TARGET };
});

console.log(`\nTraining throughput, backend ${backend}, ${samples} samples x 2 epochs, batch 64, Adam(1e-3), best of ${repeat}`);
if (torchMissing) console.log(`PyTorch reference NOT RUN: ${torchMissing}`);
console.log('model | ours samples/s | PyTorch 1-thread samples/s | ratio | target | result');
for (const r of rows) {
  console.log(`${r.model.padEnd(5)} | ${fmt(r.ours).padStart(14)} | ${(r.pytorch ? fmt(r.pytorch) : 'n/a').padStart(26)} | ` +
    `${(r.ratio ? r.ratio.toFixed(2) + 'x' : 'n/a').padStart(5)} | ${(r.target + 'x').padStart(6)} | ${r.pass === null ? 'n/a' : r.pass ? 'PASS' : 'FAIL'}`);
}
console.log('\nParallel scaling (2 worker threads, each its own model, same work)');
console.log('model | 1 worker samples/s | 2 workers total samples/s | scaling | target | result');
for (const r of rows) {
  console.log(`${r.model.padEnd(5)} | ${fmt(r.ours).padStart(18)} | ${fmt(r.twoWorkers).padStart(25)} | ` +
    `${(r.scaling.toFixed(2) + 'x').padStart(7)} | ${(SCALING_TARGET + 'x').padStart(6)} | ${r.scalingPass ? 'PASS' : 'FAIL'}`);
}

const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'train.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), backend, samples, epochs: 2, batch: 64, repeat,
  torchMissing, summary: rows, runs: { ours, twoWorkers: pair, torch } }, null, 2));
console.log(`\nwrote ${out}`);
