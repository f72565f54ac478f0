/**
 * Would one big run use two cores better by splitting each batch over two
 * workers (synchronous data parallelism)? Measured, not built:
 *
 *   node bench/batch-split.ts [--models cnn,mlp] [--repeat 3] [--samples 2048] [--epochs 2]
 *
 * - whole: one worker trains batch 64 (what a run does today);
 * - halves: two workers at once, each training batch 32 (each half-batch step
 *   as it would run beside the other, without the exchange);
 * - exchange: what each step would add, a round trip of the model's gradients
 *   (float32, one array per parameter count) to another thread and their sum.
 * Split step = a half-batch step beside the other + the exchange; its samples/s
 * against whole's is the speed-up a user training one model would get. Whole and
 * halves alternate; medians and ranges are printed. wasm's own threads are not an
 * option in Node (tfjs disables them: tensorflow/tfjs#3830).
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { median } from '../main/util/stats.ts';
import { buildBenchModel, type BenchModel } from './models.ts';
import { runParallel } from './parallel.ts';

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: 'cnn,mlp' },
    repeat: { type: 'string', default: '3' },
    samples: { type: 'string', default: '2048' },
    epochs: { type: 'string' },
  },
});
const repeat = Number(values.repeat);
const samples = Number(values.samples);
const BATCH = 64;

/** Median ms of sending `n` floats to a worker thread and back, plus summing two such arrays. */
async function exchangeMs(n: number, rounds = 200): Promise<number> {
  const worker = new Worker('const { parentPort } = require("node:worker_threads"); parentPort.on("message", (g) => parentPort.postMessage(g));', { eval: true });
  const mine = new Float32Array(n).fill(1);
  const times: number[] = [];
  for (let r = 0; r < rounds + 20; r++) {
    const t0 = performance.now();
    const theirs = await new Promise<Float32Array>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage(mine);
    });
    for (let i = 0; i < n; i++) mine[i] = (mine[i] + theirs[i]) * 0.5;
    if (r >= 20) times.push(performance.now() - t0);
  }
  await worker.terminate();
  return median(times);
}

const range = (xs: number[]) => `${median(xs).toFixed(1)} [${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}]`;

console.log(`${availableParallelism()} cores; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('model | params | whole batch 64, 1 worker: samples/s | halves, 2 workers at once: samples/s | exchange ms/step | split step ms | split samples/s | speed-up');
for (const model of values.models.split(',') as BenchModel[]) {
  const epochs = Number(values.epochs ?? (model === 'cnn' ? 2 : 40));
  const probe = buildBenchModel(model);
  const params = probe.countParams();
  probe.dispose();
  const exchange = await exchangeMs(params);
  const whole: number[] = [];
  const halves: number[] = [];
  const split: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const one = await runParallel({ model, samples, epochs, batch: BATCH, warmupSteps: 20, warmupSeconds: 1 }, 1);
    const two = await runParallel({ model, samples, epochs, batch: BATCH / 2, warmupSteps: 20, warmupSeconds: 1 }, 2);
    whole.push(one.totalSamplesPerS);
    halves.push(two.totalSamplesPerS);
    // Each worker's half-batch step beside the other, then the exchange: one split step trains BATCH samples.
    const halfStepMs = (1000 * (BATCH / 2)) / (two.totalSamplesPerS / 2);
    split.push((1000 * BATCH) / (halfStepMs + exchange));
  }
  const halfStep = (1000 * (BATCH / 2)) / (median(halves) / 2);
  const ratios = split.map((s, i) => s / whole[i]);
  console.log(
    `${model} | ${params} | ${range(whole)} | ${range(halves)} | ${exchange.toFixed(3)} | ${(halfStep + exchange).toFixed(2)} | ${range(split)} | ` +
      `${median(ratios).toFixed(2)}x [${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}]`,
  );
}
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
