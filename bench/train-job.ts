/**
 * One benchmark job: train a reference model with the project's real
 * createTrainStep on the default backend, and time it after a warm-up.
 * Runs in a worker thread (bench/train-worker.ts) so 1 and 2 workers are
 * measured the same way.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../main/backend/select.ts';
import { createTrainStep } from '../main/train/step.ts';
import { BENCH_INPUT, buildBenchModel, randomData } from './models.ts';
import type { BenchModel } from './models.ts';

/** Warm-up runs at least `warmupSteps` steps and, when given, until `warmupSeconds` have passed (at most 5000 steps). */
export type JobSpec = { model: BenchModel; samples: number; epochs: number; batch: number; warmupSteps: number; warmupSeconds?: number };
/**
 * `cpuSeconds` is this thread's CPU time over the timed part: below
 * `seconds`, the thread was runnable but had no core (other work on the
 * machine), which is what limits parallel scaling on a shared machine.
 */
export type JobResult = {
  model: BenchModel; backend: string; samples: number; steps: number; seconds: number; cpuSeconds: number; samplesPerS: number; warmupSteps: number;
};

const threadCpuSeconds = (): number => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1e6;
};

export async function prepareJob(spec: JobSpec): Promise<{ backend: string; run: () => JobResult; dispose: () => void }> {
  const info = await initBackend();
  const { inputShape } = BENCH_INPUT[spec.model];
  const per = inputShape.reduce((a, b) => a * b, 1);
  const { x, y } = randomData(spec.model, spec.samples);
  const model = buildBenchModel(spec.model);
  const optimizer = tf.train.adam(1e-3);
  const step = createTrainStep(model, optimizer, 'categorical');

  const batchStep = (start: number): void => {
    const n = Math.min(spec.batch, spec.samples - start);
    const xs = tf.tensor(x.subarray(start * per, (start + n) * per), [n, ...inputShape]);
    const ys = tf.tensor1d(y.subarray(start, start + n));
    step(xs, ys);
    xs.dispose();
    ys.dispose();
  };
  // First steps compile kernels, pack weights and grow the heap, and V8 optimises the
  // step's JS loops only after a few hundred calls: keep all that out of the timing.
  // A fixed step count is too little for the MLP (~0.3 ms/step) and plenty for the CNN.
  const warmStart = performance.now();
  let warmed = 0;
  while (warmed < spec.warmupSteps || (warmed < 5000 && performance.now() - warmStart < (spec.warmupSeconds ?? 0) * 1000)) {
    batchStep((warmed * spec.batch) % spec.samples);
    warmed++;
  }

  return {
    backend: info.name,
    run: () => {
      const t0 = performance.now();
      const cpu0 = threadCpuSeconds();
      let steps = 0;
      for (let e = 0; e < spec.epochs; e++) for (let s = 0; s < spec.samples; s += spec.batch, steps++) batchStep(s);
      const cpuSeconds = threadCpuSeconds() - cpu0;
      const seconds = (performance.now() - t0) / 1000;
      const samples = spec.samples * spec.epochs;
      return { model: spec.model, backend: info.name, samples, steps, seconds, cpuSeconds, samplesPerS: samples / seconds, warmupSteps: warmed };
    },
    dispose: () => {
      model.dispose();
      optimizer.dispose();
    },
  };
}
