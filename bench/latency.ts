/**
 * Latency before and after the one measurer (main/measure/latency.ts), on one
 * magnitude-pruned model: the digits MLP trained by the real trainer, then
 * pruned to 80% (one-shot, fine-tuned) by a real plan run, so both models have
 * the same dense kernels and the same cost.
 *
 *   node bench/latency.ts [--experiments 6] [--backend cpu|wasm]
 *
 * Each "experiment" does what a prune experiment did before: time the baseline
 * alone, train (the fine-tune keeps the machine busy), then time the pruned
 * model alone, and report baseline / pruned as the speed-up. The old measurer
 * (one call per sample, median of up to 25 within a second) is kept here only
 * for this comparison. Then the same two models go through compareLatency:
 * interleaved pairs and a verdict. Writes bench/results/latency.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { RunConfig, type DatasetMeta, type ModelSpec } from '../main/api/schemas.ts';
import { initBackend } from '../main/backend/select.ts';
import { loadSample } from '../main/data/samples.ts';
import { compareLatency, latencyInput } from '../main/measure/latency.ts';
import { loadModelFiles } from '../main/model/io.ts';
import { trainRun, type TrainInput } from '../main/train/trainer.ts';
import { median } from '../main/util/stats.ts';

const { values: args } = parseArgs({ options: { experiments: { type: 'string', default: '6' }, backend: { type: 'string', default: 'cpu' } } });
const experiments = Number(args.experiments);
const SHAPE = [8, 8, 1];

/** The measurer as compression/size.ts had it before: separate runs, one call per sample, batch 32, median of ≤ 25 within 1 s. */
async function oldLatencyMs(model: tf.LayersModel): Promise<number> {
  const x = latencyInput(SHAPE, 32);
  const once = async () => {
    const t0 = performance.now();
    const out = model.predict(x) as tf.Tensor;
    await out.data();
    out.dispose();
    return performance.now() - t0;
  };
  for (let i = 0; i < 3; i++) await once();
  const times: number[] = [];
  const started = performance.now();
  while (times.length < 25 && (times.length < 5 || performance.now() - started < 1000)) times.push(await once());
  x.dispose();
  return median(times);
}

const digits = loadSample('digits');
const meta: DatasetMeta = {
  id: 'ds_digits', name: 'digits', source: digits.source, task: digits.task, inputShape: digits.inputShape, numSamples: digits.y.length,
  classes: digits.classes, featureNames: digits.featureNames, labelName: digits.labelName, classCounts: digits.classCounts, createdAt: new Date().toISOString(),
};
const spec: ModelSpec = { layers: [{ kind: 'flatten' }, { kind: 'dense', units: 256, activation: 'relu', useBias: true }, { kind: 'dense', units: 128, activation: 'relu', useBias: true }] };
const home = mkdtempSync(join(tmpdir(), 'mb-bench-latency-'));
const input = (runId: string, epochs: number, plan?: TrainInput['plan']): TrainInput => ({
  runId, config: RunConfig.parse({ datasetId: meta.id, spec, hyperparams: { epochs }, seed: 1 }), meta,
  data: { x: digits.x, y: digits.y }, artifactDir: join(home, runId), plan,
});

try {
  const info = await initBackend([args.backend as string]);
  const base = await trainRun(input('base', 5), { onEvent: () => {} });
  const pruning = { kind: 'magnitude' as const, targetSparsity: 0.8, schedule: 'oneshot' as const, scope: 'layer' as const };
  const prunedRun = await trainRun(input('pruned', 2, { init: { modelDir: join(home, 'base') }, pruning }), { onEvent: () => {} });
  if (base.status !== 'completed' || prunedRun.status !== 'completed') throw new Error(`training failed: ${base.error ?? prunedRun.error}`);
  const baseline = await loadModelFiles(join(home, 'base'));
  const pruned = await loadModelFiles(join(home, 'pruned'));
  console.log(`digits MLP (${base.paramCount} params), pruned to ${((prunedRun.metrics.sparsity?.sparsity ?? 0) * 100).toFixed(0)}% zeros, same dense kernels; backend ${info.name}; loadavg ${loadavg()[0]!.toFixed(2)}`);

  const rows = [];
  for (let e = 1; e <= experiments; e++) {
    const oldBase = await oldLatencyMs(baseline);
    // The fine-tune between the two measurements, as in an experiment: the machine is busy in between.
    await trainRun(input(`busy${e}`, 1), { onEvent: () => {} });
    rmSync(join(home, `busy${e}`), { recursive: true, force: true });
    const oldPruned = await oldLatencyMs(pruned);
    const { comparison: c } = (await compareLatency(baseline, pruned, SHAPE)).candidate;
    rows.push({ experiment: e, oldBaselineMs: oldBase, oldPrunedMs: oldPruned, oldSpeedup: oldBase / oldPruned, ...c, loadavg: loadavg()[0] });
  }
  console.log('\nexperiment | old: baseline ms | old: pruned ms | old "speed-up" | new: speed-up [95% interval], pairs | new verdict | loadavg');
  for (const r of rows) {
    const x = (v: number) => (1 / v).toFixed(2);
    console.log(
      `${String(r.experiment).padStart(10)} | ${r.oldBaselineMs.toFixed(3).padStart(16)} | ${r.oldPrunedMs.toFixed(3).padStart(14)} | ${(r.oldSpeedup.toFixed(2) + 'x').padStart(14)} | ` +
      `${`${x(r.ratio)}x [${x(r.high)}, ${x(r.low)}], ${r.pairs}`.padStart(33)} | ${r.verdict.padEnd(20)} | ${r.loadavg!.toFixed(2)}`,
    );
  }
  const olds = rows.map((r) => r.oldSpeedup);
  console.log(`\nold: baseline ${Math.min(...rows.map((r) => r.oldBaselineMs)).toFixed(3)}–${Math.max(...rows.map((r) => r.oldBaselineMs)).toFixed(3)} ms across experiments; "speed-up" ${Math.min(...olds).toFixed(2)}–${Math.max(...olds).toFixed(2)}x`);
  console.log(`new: ${rows.filter((r) => r.verdict === 'no measurable change').length}/${rows.length} experiments say "no measurable change"`);
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'latency.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ backend: info.name, params: base.paramCount, rows }, null, 2));
  baseline.dispose();
  pruned.dispose();
} finally {
  rmSync(home, { recursive: true, force: true });
}
