/**
 * The benchmark's reference models, layer for layer as in
 * shared/bench/torch_reference.py (Keras-style 'valid' padding unless said).
 * The softmax head and the conv layer class match the project's builder
 * (main/model/builder.ts), whose models the training step is tuned for.
 */
import * as tf from '@tensorflow/tfjs';
import { conv2d } from '../main/model/layers/conv2d.ts';

export type BenchModel = 'cnn' | 'mlp';

export const BENCH_INPUT: Record<BenchModel, { inputShape: number[]; classes: number }> = {
  cnn: { inputShape: [28, 28, 1], classes: 10 },
  mlp: { inputShape: [30], classes: 2 },
};

export function buildBenchModel(name: BenchModel, seed = 0): tf.LayersModel {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed + k });
  const m = tf.sequential();
  if (name === 'cnn') {
    m.add(conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: init(1) }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(3) }));
    m.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(4) }));
  } else {
    m.add(tf.layers.dense({ inputShape: [30], units: 64, activation: 'relu', kernelInitializer: init(1) }));
    m.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(2) }));
    m.add(tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: init(3) }));
  }
  return m;
}

/** N random samples; the arithmetic does not depend on the values. */
export function randomData(name: BenchModel, n: number, seed = 1): { x: Float32Array; y: Float32Array } {
  const { inputShape, classes } = BENCH_INPUT[name];
  const per = inputShape.reduce((a, b) => a * b, 1);
  let s = seed >>> 0 || 1;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const x = new Float32Array(n * per);
  for (let i = 0; i < x.length; i++) x[i] = rnd() * 2 - 1;
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.floor(rnd() * classes);
  return { x, y };
}
