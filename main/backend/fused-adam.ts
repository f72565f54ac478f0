/**
 * Adam (and gradient clipping) as one JS pass per variable, for backends whose
 * tensors live in this process's memory (wasm heap, cpu arrays).
 *
 * tf.AdamOptimizer.applyGradients runs ~13 kernels per variable; on wasm each
 * costs 10-40 µs of engine and call overhead whatever its size, which for
 * small models is more than the maths. Here a step reads each gradient and
 * weight once (dataSync is a memcpy on these backends), updates in doubles,
 * and assigns a fresh tensor: no kernels, and no tensor is written in place
 * (XNNPACK caches packed weights by tensor id, so in-place writes would be
 * unsafe). The formula is the optimizer's own, with its hyper-parameters read
 * at every step (schedules change learningRate between epochs).
 */
import * as tf from '@tensorflow/tfjs';
import type { GradientClip } from '../api/schemas.ts';
import { clipRule, globalNormOfArrays } from '../train/clip.ts';

type Moments = { m: Float32Array; v: Float32Array };
type AdamFields = { learningRate: number; beta1: number; beta2: number; epsilon: number; incrementIterations(): void };

/** First and second moments per optimizer, per variable name. Plain memory, freed with the optimizer. */
const state = new WeakMap<tf.Optimizer, Map<string, Moments>>();

const LOCAL_MEMORY_BACKENDS = new Set(['wasm', 'cpu']);

/**
 * Not `instanceof tf.AdamOptimizer`: tfjs's Optimizer overrides Symbol.hasInstance
 * with duck typing, so every optimizer passes that test.
 */
export function canFuseAdam(optimizer: tf.Optimizer): boolean {
  const o = optimizer as unknown as Partial<AdamFields>;
  return optimizer.getClassName() === 'Adam' && typeof o.beta1 === 'number' && typeof o.beta2 === 'number' &&
    typeof o.epsilon === 'number' && typeof o.learningRate === 'number' && LOCAL_MEMORY_BACKENDS.has(tf.getBackend());
}

type WasmHeap = {
  dataIdMap: { has(dataId: object): boolean };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
};

/**
 * The variable's current values `w`, a buffer `out` for its new values, and
 * `commit` to make `out` the variable's value. On wasm, both are views of the
 * heap and the new buffer becomes a tensor as it is: this saves a copy out, a
 * copy in and tf.tensor's checks, ~4 µs per variable (the bench MLP's Adam
 * update measured 70 → 46 µs). Elsewhere: dataSync and a new tensor. The
 * arithmetic is the same either way.
 */
function replacement(variable: tf.Variable): { w: Float32Array; out: Float32Array; commit: () => void } {
  const backend = tf.backend() as unknown as Partial<WasmHeap>;
  if (tf.getBackend() === 'wasm' && backend.dataIdMap?.has(variable.dataId) && variable.dtype === 'float32') {
    const heap = backend as WasmHeap;
    const info = heap.makeOutput(variable.shape, 'float32');
    // Views after the allocation: growing the heap detaches older views.
    const w = heap.typedArrayFromHeap(variable);
    const out = heap.typedArrayFromHeap(info);
    const commit = () => {
      const next = tf.engine().makeTensorFromTensorInfo(info);
      variable.assign(next);
      next.dispose();
    };
    return { w, out, commit };
  }
  const w = variable.dataSync() as Float32Array;
  const out = new Float32Array(w.length);
  return {
    w,
    out,
    commit: () => {
      const next = tf.tensor(out, variable.shape, 'float32');
      variable.assign(next);
      next.dispose();
    },
  };
}

/**
 * One Adam update of `variables` with `gradients` (same order), after optional
 * clipping (the rule of main/train/clip.ts). Replaces optimizer.applyGradients(clipGradients(grads, clip)).
 */
export function applyAdamFused(
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  gradients: (tf.Tensor | undefined)[],
  clip?: GradientClip,
): void {
  // A variable the loss does not reach has no gradient; Adam leaves it as it is.
  applyAdamArrays(optimizer, variables, gradients.map((g) => (g ? (g.dataSync() as Float32Array) : null)), clip);
}

/**
 * The same update from gradients already in JS memory (the dense-stack fast
 * path computes them there). `grads[k]` is null for a variable without gradient.
 */
export function applyAdamArrays(
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  grads: (Float32Array | null)[],
  clip?: GradientClip,
): void {
  const opt = optimizer as unknown as AdamFields;
  const t = optimizer.iterations + 1;
  const { learningRate: lr, beta1: b1, beta2: b2, epsilon: eps } = opt;
  const c1 = 1 / (1 - Math.pow(b1, t));
  const c2 = 1 / (1 - Math.pow(b2, t));
  let moments = state.get(optimizer);
  if (!moments) state.set(optimizer, (moments = new Map()));

  const present = grads.filter((g): g is Float32Array => g !== null);
  const { scale, limit } = clipRule(clip, () => globalNormOfArrays(present));

  for (let k = 0; k < variables.length; k++) {
    const variable = variables[k];
    const g = grads[k];
    if (!g) continue;
    let mv = moments.get(variable.name);
    if (!mv || mv.m.length !== g.length) moments.set(variable.name, (mv = { m: new Float32Array(g.length), v: new Float32Array(g.length) }));
    const { m, v } = mv;
    const { w, out, commit } = replacement(variable);
    for (let i = 0; i < out.length; i++) {
      // clipElement (train/clip.ts), inlined: this loop is the hot path.
      let gi = g[i] * scale;
      if (gi > limit) gi = limit;
      else if (gi < -limit) gi = -limit;
      const mi = b1 * m[i] + (1 - b1) * gi;
      const vi = b2 * v[i] + (1 - b2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      out[i] = w[i] - (lr * (mi * c1)) / (Math.sqrt(vi * c2) + eps);
    }
    commit();
  }
  opt.incrementIterations();
}
