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

export type JobSpec = { model: BenchModel; samples: number; epochs: number; batch: number; warmupSteps: number };
export type JobResult = { model: BenchModel; backend: string; samples: number; seconds: number; samplesPerS: number };

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
  // First steps compile kernels, pack weights and grow the heap: keep them out of the timing.
  for (let i = 0; i < spec.warmupSteps; i++) batchStep((i * spec.batch) % spec.samples);

  return {
    backend: info.name,
    run: () => {
      const t0 = performance.now();
      for (let e = 0; e < spec.epochs; e++) for (let s = 0; s < spec.samples; s += spec.batch) batchStep(s);
      const seconds = (performance.now() - t0) / 1000;
      const samples = spec.samples * spec.epochs;
      return { model: spec.model, backend: info.name, samples, seconds, samplesPerS: samples / seconds };
    },
    dispose: () => {
      model.dispose();
      optimizer.dispose();
    },
  };
}
