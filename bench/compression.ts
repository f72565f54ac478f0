/**
 * Compression benchmark (issue 4): the reference CNN on an MNIST sample, several
 * seeds, every technique through the engine API exactly as the UI/CLI use it.
 *
 *   node bench/compression.ts [--quick] [--seeds 3] [--samples 10000] [--epochs 8] [--workers 2]
 *        [--only magnitude,structured,distill,shrink] [--temperature T] [--alpha A]
 *
 * --only runs just those parts (each still trains its baseline, the teacher for
 * distill); --temperature/--alpha override the distill request's defaults
 * (main/compression/requests.ts), which the benchmark uses otherwise.
 * Targets (medians over seeds):
 *   - magnitude pruning to 80% sparsity loses ≤ 1 point of validation accuracy after fine-tuning;
 *   - structured pruning keeps ≤ 50% of the FLOPs, loses ≤ 1.5 points, and runs ≥ 1.5× faster
 *     (latency re-measured at the end, machine idle, baseline and pruned alternating);
 *   - a distilled student beats the same student trained alone;
 *   - the shrink search finds a model with ≤ 1/4 of the parameters within 1 point.
 * Writes bench/results/compression.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import type { ExperimentDetail, ExperimentStep } from '../main/compression/types.ts';
import type { ModelSpec } from '../main/api/schemas.ts';
import { createEngine, type Engine } from '../main/engine/engine.ts';
import { loadSample } from '../main/data/samples.ts';
import { compareLatency } from '../main/measure/latency.ts';
import { median } from '../main/util/stats.ts';
import { loadModelFiles } from '../main/model/io.ts';
import { MODEL_PRESETS } from '../main/model/presets.ts';
import { initBackend } from '../main/backend/select.ts';
import { createRng } from '../main/util/rng.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    seeds: { type: 'string' },
    samples: { type: 'string' },
    epochs: { type: 'string' },
    workers: { type: 'string', default: '2' },
    only: { type: 'string' },
    temperature: { type: 'string' },
    alpha: { type: 'string' },
  },
});
const quick = values.quick;
const seeds = Array.from({ length: Number(values.seeds ?? 3) }, (_, i) => 11 + i);
const samples = Number(values.samples ?? (quick ? 3000 : 10000));
const epochs = Number(values.epochs ?? (quick ? 4 : 8));
const maxCandidates = quick ? 4 : 6;
const PARTS = ['magnitude', 'structured', 'distill', 'shrink'] as const;
type Part = (typeof PARTS)[number];
const only = values.only ? values.only.split(',').map((p) => p.trim()) : [...PARTS];
for (const p of only) if (!(PARTS as readonly string[]).includes(p)) throw new Error(`--only: unknown part '${p}' (parts: ${PARTS.join(', ')})`);
const runs = (p: Part) => only.includes(p);
const distillOverrides = {
  ...(values.temperature !== undefined ? { temperature: Number(values.temperature) } : {}),
  ...(values.alpha !== undefined ? { alpha: Number(values.alpha) } : {}),
};

const preset = MODEL_PRESETS.find((p) => p.id === 'cnn-reference')!;
const STUDENT: ModelSpec = { name: 'student-mlp', layers: [{ kind: 'flatten' }, { kind: 'dense', units: 32, activation: 'relu', useBias: true }] };
const hyperparams = { ...preset.hyperparams, epochs };

/** The MNIST sample as IDX files (a seeded, class-balanced subset when fewer samples are asked). */
function writeMnistSubset(dir: string, n: number): string {
  const data = loadSample('mnist');
  const order = Int32Array.from({ length: data.y.length }, (_, i) => i);
  createRng(1).shuffle(order);
  const rows = Array.from(order.slice(0, Math.min(n, data.y.length)));
  const px = 28 * 28;
  const header = (magic: number, dims: number[]) => {
    const b = Buffer.alloc(4 + 4 * dims.length);
    b.writeUInt32BE(magic, 0);
    dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
    return b;
  };
  const images = Buffer.alloc(rows.length * px);
  const labels = Buffer.alloc(rows.length);
  rows.forEach((r, i) => {
    for (let j = 0; j < px; j++) images[i * px + j] = Math.round((data.x[r * px + j] as number) * 255);
    labels[i] = data.y[r] as number;
  });
  const path = join(dir, 'mnist-images-idx3-ubyte');
  writeFileSync(path, Buffer.concat([header(0x803, [rows.length, 28, 28]), images]));
  writeFileSync(join(dir, 'mnist-labels-idx1-ubyte'), Buffer.concat([header(0x801, [rows.length]), labels]));
  return path;
}

async function waitRun(engine: Engine, runId: string) {
  for (;;) {
    const run = await engine.call('runs.get', { runId });
    if (!['queued', 'running'].includes(run.status)) return run;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function waitExperiment(engine: Engine, experimentId: string): Promise<ExperimentDetail> {
  for (;;) {
    const e = await engine.call('experiments.get', { experimentId });
    if (e.status !== 'running') return e;
    await new Promise((r) => setTimeout(r, 500));
  }
}

const acc = (s: ExperimentStep | undefined) => s?.metrics.val?.accuracy ?? NaN;
const step = (e: ExperimentDetail, kind: string) => e.steps.find((s) => s.kind === kind && s.status === 'completed');

type SeedResult = {
  seed: number; baseline: { runId: string; valAccuracy: number; params: number; flops: number };
  magnitude?: { sparsity: number; valAccuracy: number; loss: number; gzipRatio: number; experimentId: string };
  structured?: { flopsRatio: number; paramsRatio: number; valAccuracy: number; loss: number; stepSpeedup: number; speedup: number; runId: string; experimentId: string };
  distill?: { temperature: number; alpha: number; alone: number; distilled: number; gain: number; experimentId: string };
  shrink?: { bestParams: number; paramsRatio: number; valAccuracy: number; loss: number; label: string; candidates: number; experimentId: string };
};

const started = Date.now();
const home = mkdtempSync(join(tmpdir(), 'mb-bench-compression-'));
const engine = await createEngine({ home, workers: Number(values.workers) });
const results: SeedResult[] = [];
let latencyBackend = 'cpu';
try {
  const dataset = samples >= 10000
    ? await engine.call('datasets.importSample', { sample: 'mnist' })
    : await engine.call('datasets.importPath', { path: writeMnistSubset(home, samples), name: `mnist-${samples}` });
  process.stderr.write(`dataset ${dataset.name}: ${dataset.numSamples} samples; ${seeds.length} seeds, ${epochs} epochs\n`);

  await Promise.all(seeds.map(async (seed) => {
    const { runId } = await engine.call('runs.start', { datasetId: dataset.id, spec: preset.spec, hyperparams, seed, name: `cnn-reference seed ${seed}` });
    const base = await waitRun(engine, runId);
    if (base.status !== 'completed') throw new Error(`baseline seed ${seed} ${base.status}: ${base.error}`);
    process.stderr.write(`seed ${seed}: baseline val acc ${base.metrics.val?.accuracy?.toFixed(4)}\n`);
    const start = async (p: Promise<{ experimentId: string }>) => waitExperiment(engine, (await p).experimentId);
    const none = Promise.resolve(null);
    const [mag, str, dis, shr] = await Promise.all([
      runs('magnitude') ? start(engine.call('compression.prune', { runId, method: 'magnitude', targetSparsity: 0.8, schedule: 'gradual', scope: 'layer', epochs })) : none,
      runs('structured') ? start(engine.call('compression.prune', { runId, method: 'structured', targetSparsity: 0.5, criterion: 'l1', epochs })) : none,
      runs('distill') ? start(engine.call('compression.distill', { teacherRunId: runId, student: STUDENT, ...distillOverrides, epochs })) : none,
      runs('shrink') ? start(engine.call('compression.shrink', { runId, tolerance: 0.01, maxCandidates, epochs })) : none,
    ]);
    for (const e of [mag, str, dis, shr]) if (e && e.status !== 'completed') throw new Error(`${e.kind} seed ${seed}: ${e.status} ${e.error}`);
    const baseAcc = base.metrics.val?.accuracy ?? NaN;
    const measured = [mag, str, dis, shr].find((e) => e !== null);
    const b = measured ? step(measured, 'baseline')! : null;
    const r: SeedResult = { seed, baseline: { runId, valAccuracy: baseAcc, params: b?.size?.paramCount ?? NaN, flops: b?.size?.flops ?? NaN } };
    if (mag) {
      const m = step(mag, 'pruned')!;
      const mb = step(mag, 'baseline')!;
      r.magnitude = { sparsity: m.sparsity!.sparsity, valAccuracy: acc(m), loss: baseAcc - acc(m), gzipRatio: m.size!.gzipBytes / mb.size!.gzipBytes, experimentId: mag.id };
    }
    if (str) {
      const s = step(str, 'pruned')!;
      const sb = step(str, 'baseline')!;
      r.structured = {
        flopsRatio: s.size!.flops / sb.size!.flops, paramsRatio: s.size!.paramCount / sb.size!.paramCount, valAccuracy: acc(s), loss: baseAcc - acc(s),
        stepSpeedup: s.size!.latency!.comparison ? 1 / s.size!.latency!.comparison.ratio : sb.size!.latency!.medianMs / s.size!.latency!.medianMs, speedup: NaN, runId: s.runId!, experimentId: str.id,
      };
    }
    if (dis) {
      const d = step(dis, 'distilled')!;
      const cfg = d.config as { temperature?: number; alpha?: number };
      r.distill = {
        temperature: cfg.temperature ?? NaN, alpha: cfg.alpha ?? NaN,
        alone: acc(step(dis, 'student')), distilled: acc(d), gain: acc(d) - acc(step(dis, 'student')), experimentId: dis.id,
      };
    }
    if (shr) {
      const best = shr.steps.find((x) => x.step === shr.bestStep)!;
      const sb = step(shr, 'baseline')!;
      r.shrink = {
        bestParams: best.size!.paramCount, paramsRatio: best.size!.paramCount / sb.size!.paramCount, valAccuracy: acc(best), loss: baseAcc - acc(best),
        label: best.label, candidates: shr.steps.filter((x) => x.kind === 'candidate').length, experimentId: shr.id,
      };
    }
    results.push(r);
    process.stderr.write(`seed ${seed}: done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  }));
  results.sort((a, b) => a.seed - b.seed);

  // Speed-up on the backend the workers trained with: baseline and pruned timed in interleaved pairs (main/measure/latency.ts).
  if (runs('structured')) {
    const info = await initBackend();
    latencyBackend = info.name;
    for (const r of results) {
      const s = r.structured!;
      const a = await loadModelFiles(join(home, 'runs', r.baseline.runId));
      const b = await loadModelFiles(join(home, 'runs', s.runId));
      const { comparison } = (await compareLatency(a, b, [28, 28, 1], { batch: 64, maxRepeats: 50, budgetMs: 3000 })).candidate;
      s.speedup = 1 / comparison.ratio;
      a.dispose();
      b.dispose();
    }
  }
} finally {
  await engine.close();
  rmSync(home, { recursive: true, force: true });
}

const med = (f: (r: SeedResult) => number) => median(results.map(f));
const pct = (v: number) => `${(v * 100).toFixed(2)}`;
type Row = { check: string; value: string; target: string; pass: boolean | null };
const rows: Row[] = [];
if (runs('magnitude')) {
  rows.push(
    { check: 'magnitude 80%: sparsity', value: `${pct(med((r) => r.magnitude!.sparsity))}%`, target: '≥ 80%', pass: med((r) => r.magnitude!.sparsity) >= 0.795 },
    { check: 'magnitude 80%: val-acc loss (points)', value: pct(med((r) => r.magnitude!.loss)), target: '≤ 1.00', pass: med((r) => r.magnitude!.loss) <= 0.01 },
    { check: 'magnitude 80%: gzip(weights) vs baseline', value: `${pct(med((r) => r.magnitude!.gzipRatio))}%`, target: 'report', pass: null },
  );
}
if (runs('structured')) {
  rows.push(
    { check: 'structured: FLOPs kept', value: `${pct(med((r) => r.structured!.flopsRatio))}%`, target: '≤ 50%', pass: med((r) => r.structured!.flopsRatio) <= 0.5 },
    { check: 'structured: val-acc loss (points)', value: pct(med((r) => r.structured!.loss)), target: '≤ 1.50', pass: med((r) => r.structured!.loss) <= 0.015 },
    { check: `structured: speed-up (${latencyBackend}, batch 64)`, value: `${med((r) => r.structured!.speedup).toFixed(2)}x`, target: '≥ 1.5x', pass: med((r) => r.structured!.speedup) >= 1.5 },
    { check: 'structured: speed-up in the experiment steps (cpu, batch 32, busy machine)', value: `${med((r) => r.structured!.stepSpeedup).toFixed(2)}x`, target: 'report', pass: null },
  );
}
if (runs('distill')) {
  rows.push(
    { check: 'distill: student alone val acc', value: pct(med((r) => r.distill!.alone)), target: 'report', pass: null },
    { check: 'distill: distilled student val acc', value: pct(med((r) => r.distill!.distilled)), target: '> alone', pass: med((r) => r.distill!.distilled) > med((r) => r.distill!.alone) },
  );
}
if (runs('shrink')) {
  rows.push(
    { check: 'shrink: params of best vs baseline', value: `${pct(med((r) => r.shrink!.paramsRatio))}%`, target: '≤ 25%', pass: med((r) => r.shrink!.paramsRatio) <= 0.25 },
    { check: 'shrink: val-acc loss of best (points)', value: pct(med((r) => r.shrink!.loss)), target: '≤ 1.00', pass: med((r) => r.shrink!.loss) <= 0.01 },
  );
}

const d0 = results[0]?.distill;
console.log(`\nCompression on MNIST (${samples} samples), cnn-reference, ${epochs} epochs, seeds ${seeds.join(', ')}; parts ${only.join(', ')}; medians over seeds`);
if (d0) console.log(`distill: student flatten → dense 32, T=${d0.temperature}, α=${d0.alpha}`);
console.log(`baseline val acc ${pct(med((r) => r.baseline.valAccuracy))}%, ${med((r) => r.baseline.params)} params, ${med((r) => r.baseline.flops)} FLOPs`);
const w = Math.max(...rows.map((r) => r.check.length));
console.log(`${'check'.padEnd(w)} | value     | target | result`);
for (const r of rows) console.log(`${r.check.padEnd(w)} | ${r.value.padEnd(9)} | ${r.target.padEnd(6)} | ${r.pass === null ? '-' : r.pass ? 'PASS' : 'FAIL'}`);
console.log('\nper seed:');
for (const r of results) {
  const parts = [`base ${pct(r.baseline.valAccuracy)}`];
  if (r.magnitude) parts.push(`magnitude ${pct(r.magnitude.valAccuracy)} @ ${pct(r.magnitude.sparsity)}%`);
  if (r.structured) parts.push(`structured ${pct(r.structured.valAccuracy)}, ${pct(r.structured.flopsRatio)}% FLOPs, ${r.structured.speedup.toFixed(2)}x`);
  if (r.distill) parts.push(`student ${pct(r.distill.alone)} → distilled ${pct(r.distill.distilled)} (${r.distill.gain >= 0 ? '+' : ''}${pct(r.distill.gain)})`);
  if (r.shrink) parts.push(`shrink '${r.shrink.label}' ${r.shrink.bestParams} params (${pct(r.shrink.paramsRatio)}%), ${pct(r.shrink.valAccuracy)} after ${r.shrink.candidates} candidates`);
  console.log(`  seed ${r.seed}: ${parts.join(' | ')}`);
}
// A partial run writes its own file, so it never overwrites the full benchmark's results.
const suffix = only.length === PARTS.length ? '' : `-${only.join('-')}`;
const outFile = join(dirname(fileURLToPath(import.meta.url)), 'results', `compression${suffix}.json`);
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify({ date: new Date().toISOString(), quick, samples, epochs, seeds, parts: only, latencyBackend, wallSeconds: (Date.now() - started) / 1000, summary: rows, seedsDetail: results, tfjs: tf.version.tfjs }, null, 2)}\n`);
console.log(`\nwrote ${outFile} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
