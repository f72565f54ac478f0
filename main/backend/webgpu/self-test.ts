/**
 * The short check a WebGPU adapter passes before it trains anything: a conv
 * layer's forward pass and gradients, a dense layer's matmul gradients, ReLU,
 * max pooling, softmax and a reduction, on 'webgpu' against the 'cpu' backend,
 * all read back synchronously (as training does). A driver that miscompiles a
 * shader, or a dawn.node that cannot read back, fails here instead of in a run.
 * About 30 small kernels: well under a second on a real GPU, ~1-3 s on SwiftShader.
 */
import * as tf from '@tensorflow/tfjs';

/** Float32 on both sides; sums of ~30 products differ by ~1e-6 relative. 1e-3 catches wrong results, not rounding. */
export const SELF_TEST_TOLERANCE = 1e-3;

/** Deterministic values in [-1, 1) (a linear congruential generator): the same inputs on both backends. */
export function testValues(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) out[i] = ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  return out;
}

/** Largest |a − b| / max(1, |b|) over the elements; Infinity when lengths differ or a value is not finite. */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const err = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    if (!(err <= worst)) worst = Number.isNaN(err) ? Infinity : err;
  }
  return worst;
}

type Case = { name: string; run: () => tf.Tensor[] };

function cases(): Case[] {
  const t = (shape: number[], seed: number) => tf.tensor(testValues(shape.reduce((a, b) => a * b, 1), seed), shape);
  return [
    {
      name: 'conv2d + relu + maxPool (forward, dx, dw)',
      run: () => {
        const x = t([2, 7, 7, 3], 1), w = t([3, 3, 3, 4], 2), r = t([2, 3, 3, 4], 3);
        const f = (a: tf.Tensor, b: tf.Tensor) => tf.maxPool(tf.relu(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')), 2, 2, 'valid');
        return [f(x, w), ...tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), r)))([x, w])];
      },
    },
    {
      name: 'matMul + softmax (forward, da, db)',
      run: () => {
        const a = t([5, 7], 4), b = t([7, 4], 5), r = t([5, 4], 6);
        const f = (p: tf.Tensor, q: tf.Tensor) => tf.softmax(tf.matMul(p as tf.Tensor2D, q as tf.Tensor2D));
        return [f(a, b), ...tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(f(p, q), r)))([a, b])];
      },
    },
  ];
}

async function runOn(backend: string, c: Case): Promise<Float32Array[]> {
  if (!(await tf.setBackend(backend))) throw new Error(`cannot switch to ${backend}`);
  return tf.tidy(() => c.run().map((x) => x.dataSync() as Float32Array));
}

/** The self-test's verdict: the largest difference it saw when it passed, else why it failed. */
export type SelfTestResult = { passed: true; worstError: number } | { passed: false; reason: string };

/**
 * Runs the cases on 'webgpu' and 'cpu' (both registered) and leaves 'webgpu'
 * current. Passes when every result is within SELF_TEST_TOLERANCE of cpu's.
 */
export async function webgpuSelfTest(): Promise<SelfTestResult> {
  try {
    let worstError = 0;
    for (const c of cases()) {
      const expected = await runOn('cpu', c);
      const actual = await runOn('webgpu', c);
      for (let i = 0; i < expected.length; i++) {
        const err = maxRelativeError(actual[i], expected[i]);
        if (!(err <= SELF_TEST_TOLERANCE)) {
          return { passed: false, reason: `self-test failed: ${c.name}, output ${i} differs from the cpu backend by ${err.toPrecision(3)} (tolerance ${SELF_TEST_TOLERANCE})` };
        }
        worstError = Math.max(worstError, err);
      }
    }
    return { passed: true, worstError };
  } catch (error) {
    return { passed: false, reason: `self-test failed: ${String((error as Error)?.message ?? error).split('\n')[0]}` };
  } finally {
    if (tf.findBackend('webgpu')) await tf.setBackend('webgpu');
  }
}
