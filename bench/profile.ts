/**
 * Where does a training step spend its time? Kernel totals from tf.profile
 * over a few steps, plus wall time per step. Usage:
 *   node bench/profile.ts [cnn|mlp] [steps] [--generic]
 * --generic keeps a Dense stack off the dense-stack fast path (the tape path),
 * to compare the two. The fast path runs no engine kernels, so it shows 0 here.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../main/backend/select.ts';
import { createTrainStep, usesDenseStackPath } from '../main/train/step.ts';
import { BENCH_INPUT, buildBenchModel, randomData } from './models.ts';
import type { BenchModel } from './models.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const generic = process.argv.includes('--generic');
const name = (args[0] ?? 'cnn') as BenchModel;
const steps = Number(args[1] ?? 10);
const info = await initBackend();
console.log('backend', info.name);
const model = buildBenchModel(name);
const step = createTrainStep(model, tf.train.adam(1e-3), 'categorical', undefined, { denseStack: !generic });
console.log('path', !generic && usesDenseStackPath(model, 'categorical') ? 'dense-stack fast path' : 'generic (tape)');
const batch = 64;
const { x, y } = randomData(name, batch);
const xs = tf.tensor(x, [batch, ...BENCH_INPUT[name].inputShape]);
const ys = tf.tensor1d(y);
for (let i = 0; i < 5; i++) step(xs, ys);
let t0 = performance.now();
for (let i = 0; i < steps; i++) step(xs, ys);
const wall = (performance.now() - t0) / steps;
const prof = await tf.profile(() => { for (let i = 0; i < steps; i++) step(xs, ys); });
const byName = new Map<string, { ms: number; n: number }>();
for (const k of prof.kernels) {
  const e = byName.get(k.name) ?? { ms: 0, n: 0 };
  e.ms += k.kernelTimeMs as number;
  e.n++;
  byName.set(k.name, e);
}
const rows = [...byName].sort((a, b) => b[1].ms - a[1].ms);
const total = rows.reduce((s, [, e]) => s + e.ms, 0) / steps;
console.log(`wall ${wall.toFixed(2)} ms/step, kernels ${total.toFixed(2)} ms/step, ${prof.kernels.length / steps} kernels/step`);
for (const [k, e] of rows) console.log(k.padEnd(28), (e.ms / steps).toFixed(3).padStart(8), 'ms', String(e.n / steps).padStart(5), 'calls');
