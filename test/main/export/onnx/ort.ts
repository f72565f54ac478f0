/**
 * Runs exported ONNX models in onnxruntime-web (its wasm backend runs in Node,
 * offline) and compares them with the tfjs model they came from.
 */
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { createRng } from '../../../../main/util/rng.ts';

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

export async function runOnnx(bytes: Uint8Array, feeds: Record<string, { data: Float32Array; dims: number[] }>): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'disabled' });
  try {
    const inputs = Object.fromEntries(Object.entries(feeds).map(([name, f]) => [name, new ort.Tensor('float32', f.data, f.dims)]));
    const out = await session.run(inputs);
    return Object.fromEntries(Object.entries(out).map(([name, t]) => [name, { data: t.data as Float32Array, dims: t.dims }]));
  } finally {
    await session.release();
  }
}

/** Seeded inputs: n samples of the per-sample shape, roughly N(0, 1). */
export function randomInputs(n: number, shape: number[], seed: number): Float32Array {
  const rng = createRng(seed);
  const size = shape.reduce((a, b) => a * b, n);
  return Float32Array.from({ length: size }, () => rng.normal());
}

/**
 * Gives every weight of the model seeded, non-trivial values, so a comparison
 * exercises every weight: kernels N(0, 1/fan-in) (activations stay of order 1
 * through deep presets), vectors N(0, 0.3²), batch norm's moving variance in [0.5, 2].
 */
export function randomiseWeights(model: tf.LayersModel, seed: number): void {
  const rng = createRng(seed);
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => {
      const size = w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
      const variance = w.originalName.endsWith('moving_variance');
      const fanIn = w.shape.length >= 2 ? size / (w.shape[w.shape.length - 1] ?? 1) : 0;
      const std = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0.3;
      return tf.tensor(Float32Array.from({ length: size }, () => (variance ? 0.5 + rng.next() * 1.5 : std * rng.normal())), w.shape as number[]);
    });
    if (values.length) layer.setWeights(values);
    tf.dispose(values);
  }
}

/** The largest |tfjs − ONNX| over the model's first output, on the same inputs. */
export async function maxDifference(model: tf.LayersModel, bytes: Uint8Array, x: Float32Array, n: number, onnxInput: Float32Array = x): Promise<number> {
  const shape = model.inputs[0].shape.slice(1) as number[];
  const expected = tf.tidy(() => (model.predict(tf.tensor(x, [n, ...shape])) as tf.Tensor).dataSync() as Float32Array);
  const out = await runOnnx(bytes, { [model.inputs[0].sourceLayer.name]: { data: onnxInput, dims: [n, ...shape] } });
  const actual = out[model.outputs[0].sourceLayer.name].data;
  if (actual.length !== expected.length) throw new Error(`ONNX gave ${actual.length} values, tfjs ${expected.length}`);
  let max = 0;
  for (let i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(expected[i] - actual[i]));
  return max;
}
