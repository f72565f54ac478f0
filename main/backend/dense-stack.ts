/**
 * Training step for a plain stack of Dense layers on the wasm backend,
 * without the tfjs engine.
 *
 * Why: a small MLP step (30→64→64→2, batch 64) is ~1.1 M multiply-adds, which
 * XNNPACK does in under 0.1 ms, but through model.apply + tf.variableGrads it
 * is ~60 engine kernels at 5-30 µs each, plus the tape, tidy and tensor
 * bookkeeping: ~1 ms per step. Here the forward and backward passes are
 * written out: each matmul and transpose is one direct call of wasm's
 * (XNNPACK's) kernel on heap buffers, as are sigmoid/tanh/elu/softmax;
 * everything else element-wise (bias add, relu, activation derivatives,
 * cross-entropy, bias gradients) is a JS loop over heap views. Gradients go
 * to the fused Adam update in JS arrays. No tape, no tidy, no tensors but the
 * new weights.
 *
 * The arithmetic is the generic path's (main/train/step.ts), op for op, in
 * float32: same products, same rounding, same cross-entropy clipping. Equal
 * numbers matter because Adam's first steps move every weight by ±lr
 * whatever its gradient's size, so a one-ulp difference in a near-zero
 * gradient would otherwise show in the weights. test/main/backend/
 * dense-stack.test.ts checks the loss at every step and the weights after
 * many steps against the generic path, and the gradients against cpu.
 *
 * XNNPACK caches a packed copy of a matmul's right operand keyed by the
 * buffer's id (and frees it when the buffer is freed), so a buffer is never
 * written after it has been a right operand: every right operand here is a
 * fresh buffer (or a weight, which Adam replaces by a fresh tensor).
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { GradientClip } from '../api/schemas.ts';
import { PROBABILITY_EPSILON as EPS } from '../train/probability-clip.ts';
import { weightedCrossEntropy, weightedSquaredError } from '../train/weighted-loss.ts';
import { applyAdamArrays, canFuseAdam } from './fused-adam.ts';
import { call, f32, release, wasmKernel } from './wasm/heap.ts';
import type { WasmBackend } from './wasm/heap.ts';

export type DenseActivation = 'linear' | 'relu' | 'elu' | 'sigmoid' | 'tanh' | 'softmax';

const SUPPORTED = new Set<DenseActivation>(['linear', 'relu', 'elu', 'sigmoid', 'tanh', 'softmax']);

type DenseLayer = {
  kernel: tf.Variable; // [inputs, units]
  bias: tf.Variable | null; // [units]
  inputs: number;
  units: number;
  activation: DenseActivation;
  kernelGrad: Float32Array; // filled by each step; shared with DenseStackPlan.grads
  biasGrad: Float32Array | null;
};

export type DenseStackPlan = {
  layers: DenseLayer[];
  loss: 'categorical' | 'mse';
  /** For each trainable variable (model order): its gradient buffer, filled by each step. */
  grads: Float32Array[];
  trainable: tf.Variable[];
};

type AnyLayer = tf.layers.Layer & Record<string, unknown>;

/**
 * The fast path's plan, or null when the model is anything but
 * input → Dense → … → Dense with supported activations, no regularisers,
 * all weights trainable, float32, rank-2 input. Softmax only as the last
 * layer and only with the categorical loss (the fused softmax + cross-entropy);
 * the categorical loss needs a softmax head, as the generic path assumes.
 */
export function planDenseStack(model: tf.LayersModel, loss: 'categorical' | 'mse'): DenseStackPlan | null {
  if (model.inputs.length !== 1 || model.outputs.length !== 1 || model.inputs[0].shape.length !== 2) return null;
  const all = model.layers as AnyLayer[];
  const dense = all.filter((l) => l.getClassName() !== 'InputLayer');
  if (dense.length === 0 || all.length - dense.length > 1) return null;
  const losses = (model as unknown as { losses?: unknown[] }).losses;
  if (losses && losses.length) return null;

  const layers: DenseLayer[] = [];
  let prev: AnyLayer | null = all.length > dense.length ? all[0] : null;
  for (const layer of dense) {
    if (layer.getClassName() !== 'Dense' || !layer.trainable) return null;
    if (layer.kernelRegularizer || layer.biasRegularizer || layer.activityRegularizer) return null;
    // A chain: one call of each layer, fed by the one before it (or by the input).
    const nodes = layer.inboundNodes as unknown as { inboundLayers: AnyLayer[] }[];
    if (nodes.length !== 1 || nodes[0].inboundLayers.length !== 1) return null;
    const from = nodes[0].inboundLayers[0];
    if (prev ? from !== prev : from.getClassName() !== 'InputLayer') return null;
    const activation = (layer.activation as { getClassName(): string } | undefined)?.getClassName() as DenseActivation;
    if (!SUPPORTED.has(activation)) return null;
    const kernel = (layer.kernel as { val?: tf.Variable } | undefined)?.val;
    const bias = (layer.bias as { val?: tf.Variable } | null | undefined)?.val ?? null;
    if (!kernel || kernel.shape.length !== 2 || kernel.dtype !== 'float32') return null;
    if (layer.bias && !bias) return null;
    const [inputs, units] = kernel.shape as [number, number];
    if (layers.length && layers[layers.length - 1].units !== inputs) return null;
    layers.push({ kernel, bias, inputs, units, activation, kernelGrad: new Float32Array(kernel.size), biasGrad: bias ? new Float32Array(bias.size) : null });
    prev = layer;
  }
  if (model.outputs[0].sourceLayer !== prev) return null;
  const last = layers[layers.length - 1];
  if (layers.slice(0, -1).some((l) => l.activation === 'softmax')) return null;
  if ((loss === 'categorical') !== (last.activation === 'softmax')) return null;

  // Every trainable variable must be one of the stack's, and every one of the stack's trainable.
  const trainable = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const owned = layers.flatMap((l) => (l.bias ? [l.kernel, l.bias] : [l.kernel]));
  if (trainable.length !== owned.length || !owned.every((v) => trainable.includes(v))) return null;
  const gradOf = new Map(layers.flatMap((l) => (l.bias ? [[l.kernel, l.kernelGrad], [l.bias, l.biasGrad]] : [[l.kernel, l.kernelGrad]])));
  return { layers, loss, grads: trainable.map((v) => gradOf.get(v) as Float32Array), trainable };
}

/** Whether a step can take the fast path now (backend and optimizer are checked per step, as step.ts does). */
export function canRunDenseStack(plan: DenseStackPlan | null, optimizer: tf.Optimizer, xs: tf.Tensor, ys: tf.Tensor): plan is DenseStackPlan {
  return canFuseAdam(optimizer) && canComputeDenseStack(plan, xs, ys);
}

/** Whether denseStackGradients can run on this batch now: the step's check without the optimizer (the diagnostics probe has none). */
export function canComputeDenseStack(plan: DenseStackPlan | null, xs: tf.Tensor, ys: tf.Tensor): plan is DenseStackPlan {
  if (!plan || tf.getBackend() !== 'wasm') return false;
  // Everything read through the heap must live there (tensors made under another backend move only when read through the engine).
  const onHeap = (tf.backend() as unknown as { dataIdMap: { has(id: object): boolean } }).dataIdMap;
  if (!onHeap.has(xs.dataId) || !onHeap.has(ys.dataId) || !plan.trainable.every((v) => onHeap.has(v.dataId))) return false;
  if (xs.dtype !== 'float32' || xs.rank !== 2 || xs.shape[1] !== plan.layers[0].inputs || xs.shape[0] === 0) return false;
  const n = xs.shape[0];
  const units = plan.layers[plan.layers.length - 1].units;
  if (ys.dtype === 'string' || ys.dtype === 'complex64') return false;
  // The shapes the generic path accepts: class indices [N], or targets the shape of the predictions.
  return plan.loss === 'categorical' ? ys.rank === 1 && ys.shape[0] === n : ys.rank === 2 && ys.shape[0] === n && ys.shape[1] === units;
}

type Kernels = Record<'matMul' | 'fusedMatMul' | 'sigmoid' | 'tanh' | 'elu' | 'eluGrad' | 'softmax' | 'transpose', KernelFunc>;
let kernels: Kernels | null = null;

/** wasm's kernels, looked up once the backend is running (their setup binds the C++ entry points). */
function wasmKernels(): Kernels {
  return (kernels ??= {
    matMul: wasmKernel('BatchMatMul'),
    fusedMatMul: wasmKernel('_FusedMatMul'),
    sigmoid: wasmKernel('Sigmoid'),
    tanh: wasmKernel('Tanh'),
    elu: wasmKernel('Elu'),
    eluGrad: wasmKernel('EluGrad'),
    softmax: wasmKernel('Softmax'),
    transpose: wasmKernel('Transpose'),
  });
}

/**
 * a [M, K] · b [K, N] (+ bias) → a fresh [M, N] buffer, through XNNPACK.
 * BatchMatMul without bias, _FusedMatMul with: the kernels tfjs's own ops use.
 */
function matmul(backend: WasmBackend, a: TensorInfo, m: number, k: number, b: TensorInfo, n: number, bias: TensorInfo | null = null): TensorInfo {
  const ks = wasmKernels();
  // The kernels read shapes from these descriptors and data through dataId: no copies.
  const inputs: Record<string, TensorInfo> = {
    a: { dataId: a.dataId, shape: [1, m, k], dtype: 'float32' },
    b: { dataId: b.dataId, shape: [1, k, n], dtype: 'float32' },
  };
  if (bias) inputs.bias = bias;
  const attrs = { transposeA: false, transposeB: false, activation: 'linear', leakyreluAlpha: 0 };
  return call(bias ? ks.fusedMatMul : ks.matMul, backend, inputs, attrs);
}

/** A fresh [cols, rows] buffer holding the transpose of `src` [rows, cols], by wasm's (XNNPACK's) Transpose. */
function transposed(backend: WasmBackend, src: TensorInfo, rows: number, cols: number): TensorInfo {
  return call(wasmKernels().transpose, backend, { x: { dataId: src.dataId, shape: [rows, cols], dtype: 'float32' } }, { perm: [1, 0] });
}

const fr = Math.fround;

/**
 * One layer forward, the way tfjs's Dense runs under a gradient tape
 * (fused.matMul fuses only 'linear' there): linear → one product with the
 * bias fused in; otherwise product, bias add (float32, as the Add kernel),
 * then the activation (relu in JS, the others through wasm's own kernel so
 * that the values are bit for bit the generic path's).
 */
function forward(backend: WasmBackend, input: TensorInfo, n: number, l: DenseLayer): TensorInfo {
  if (l.activation === 'linear') return matmul(backend, input, n, l.inputs, l.kernel, l.units, l.bias);
  const z = matmul(backend, input, n, l.inputs, l.kernel, l.units);
  const v = f32(backend, z);
  const units = l.units;
  // Bias add and relu in one pass. relu(x) = (x + |x|) / 2, exactly (x + x is exact in
  // doubles), without a branch: which units are active is random, and mispredicted
  // branches (`x < 0 ? 0 : x`, Math.max) measured 6x slower on 64x64 activations.
  // Stores round to float32, so this is relu(fround(v + b)) as the Add and Relu
  // kernels compute it, and NaN passes through as with wasm's Relu, so that a
  // diverging run still reports a NaN loss.
  if (l.activation === 'relu') {
    if (l.bias) {
      const b = f32(backend, l.bias);
      for (let i = 0; i < v.length; i += units) {
        for (let j = 0; j < units; j++) {
          const x = v[i + j] + b[j];
          v[i + j] = (x + Math.abs(x)) * 0.5;
        }
      }
    } else for (let i = 0; i < v.length; i++) v[i] = (v[i] + Math.abs(v[i])) * 0.5;
    return z;
  }
  if (l.bias) {
    const b = f32(backend, l.bias);
    for (let i = 0; i < v.length; i += units) for (let j = 0; j < units; j++) v[i + j] += b[j];
  }
  const ks = wasmKernels();
  const shape = [n, l.units];
  const x = { dataId: z.dataId, shape, dtype: 'float32' as const };
  try {
    if (l.activation === 'softmax') return call(ks.softmax, backend, { logits: x }, { dim: 1 });
    return call(ks[l.activation], backend, { x });
  } finally {
    release(backend, z);
  }
}

/**
 * g ← g · f'(z), in place, with f' from the layer's output y = f(z) and the
 * op order of tfjs's gradients (each op rounded to float32), so that the
 * result equals the generic path's. EluGrad is wasm's own kernel; it returns
 * a fresh buffer, which replaces g.
 */
function throughActivation(backend: WasmBackend, g: TensorInfo, y: TensorInfo, activation: DenseActivation): TensorInfo {
  if (activation === 'linear') return g;
  if (activation === 'elu') {
    const out = call(wasmKernels().eluGrad, backend, { dy: g, y });
    release(backend, g);
    return out;
  }
  const gv = f32(backend, g);
  const yv = f32(backend, y);
  switch (activation) {
    // dy · step(z), z > 0 exactly where y > 0. Branch-free, as in forward: the mask
    // is +(y > 0), and (y - y) adds NaN where y is NaN, as step(NaN) does (and where
    // y is +Infinity, unlike step; the loss is NaN by then anyway).
    case 'relu':
      for (let i = 0; i < gv.length; i++) {
        const y = yv[i];
        gv[i] *= +(y > 0) + (y - y);
      }
      break;
    case 'sigmoid': // dy · (y · (1 - y))
      for (let i = 0; i < gv.length; i++) gv[i] = fr(gv[i] * fr(yv[i] * fr(1 - yv[i])));
      break;
    case 'tanh': // (1 - y²) · dy
      for (let i = 0; i < gv.length; i++) gv[i] = fr(fr(1 - fr(yv[i] * yv[i])) * gv[i]);
      break;
    default:
      throw new Error(`no derivative for ${activation} here`);
  }
  return g;
}

/**
 * Mean cross-entropy of the softmax outputs `p` [n, c] against class indices
 * `y`, and its gradient with respect to the logits in `dz`. The rule is
 * step.ts's categoricalCrossEntropy (probabilities clipped to
 * [1e-7, 1-1e-7], no gradient where the clip is active) followed by tfjs's
 * softmax gradient dz = dy·p - sum(dy·p)·p, op for op in float32.
 */
function softmaxCrossEntropy(p: Float32Array, y: ArrayLike<number>, dz: Float32Array, n: number, c: number): number {
  let total = 0;
  for (let i = 0, row = 0; i < n; i++, row += c) {
    const label = y[i];
    const q = p[row + label];
    const clipped = q < EPS ? EPS : q > 1 - EPS ? 1 - EPS : q;
    total -= Math.log(clipped);
    // dy is zero but at the label; so is dy·p, whose row sum is then that one term.
    const t = clipped === q ? fr(fr(-1 / (n * q)) * q) : 0;
    for (let j = 0; j < c; j++) dz[row + j] = fr((j === label ? t : 0) - fr(t * p[row + j]));
  }
  return fr(total / n);
}

/**
 * Mean squared error of `p` against `y` (same shape) and its gradient in
 * `dz`: (1/size) · (2 · (p - y)), as tfjs's div, sum and squaredDifference
 * gradients compute it in float32.
 */
function meanSquaredError(p: Float32Array, y: ArrayLike<number>, dz: Float32Array): number {
  let total = 0;
  const scale = fr(1 / p.length);
  for (let i = 0; i < p.length; i++) {
    const d = fr(p[i] - y[i]);
    total += d * d;
    dz[i] = fr(scale * (2 * d));
  }
  return fr(total / p.length);
}

/**
 * The weighted losses (sample weights, one per row) through the one JS
 * function the tape path's custom op calls (train/weighted-loss.ts), so both
 * paths start the backward pass from the same ∂L/∂p; cross-entropy then goes
 * through the softmax gradient as softmaxCrossEntropy does.
 */
function weightedLossGradient(loss: 'categorical' | 'mse', p: Float32Array, y: ArrayLike<number>, weights: Float32Array, dz: Float32Array, n: number, c: number): number {
  if (loss === 'mse') return weightedSquaredError(p, y, weights, c, dz);
  const value = weightedCrossEntropy(p, y, weights, c, dz);
  for (let i = 0, row = 0; i < n; i++, row += c) {
    const label = y[i];
    // dy is zero but at the label; dy·p's row sum is that one term (as in softmaxCrossEntropy).
    const t = fr(dz[row + label] * p[row + label]);
    for (let j = 0; j < c; j++) dz[row + j] = fr((j === label ? t : 0) - fr(t * p[row + j]));
  }
  return value;
}

/**
 * One step: forward, loss, backward, Adam (with optional clipping). Returns
 * the loss. Call only when canRunDenseStack said yes. Creates no tensors
 * besides the new weights, and frees every heap buffer it makes.
 * `sampleWeights`: one per row, the batch loss is their weighted mean.
 */
export function denseStackStep(plan: DenseStackPlan, optimizer: tf.Optimizer, xs: tf.Tensor, ys: tf.Tensor, clip?: GradientClip, sampleWeights?: Float32Array): number {
  const loss = denseStackGradients(plan, xs, ys, sampleWeights);
  applyAdamArrays(optimizer, plan.trainable, plan.grads, clip);
  return loss;
}

/**
 * Forward and backward: the loss, and the gradient of every trainable
 * variable in plan.grads (model order). `activations`, when given, receives a
 * copy of every layer's output, in layer order (the diagnostics probe's,
 * main/diagnose/probe-pass.ts). Exported for the gradient tests.
 */
export function denseStackGradients(plan: DenseStackPlan, xs: tf.Tensor, ys: tf.Tensor, sampleWeights?: Float32Array, activations?: Float32Array[]): number {
  const backend = tf.backend() as unknown as WasmBackend;
  const { layers } = plan;
  const n = xs.shape[0] as number;
  const outs: TensorInfo[] = [];
  // The gradient buffer in flight, freed by `finally` whatever happens.
  const held: { dz: TensorInfo | null } = { dz: null };
  try {
    // Forward.
    let input: TensorInfo = xs;
    for (const l of layers) input = outs[outs.length] = forward(backend, input, n, l);
    // Copied now: a heap view goes stale when wasm memory grows.
    if (activations) outs.forEach((out, i) => (activations[i] = f32(backend, out).slice()));

    // Loss, and its gradient with respect to the last layer's output (mse) or logits (softmax).
    const last = layers[layers.length - 1];
    let dz = (held.dz = backend.makeOutput([n, last.units], 'float32'));
    const top = f32(backend, outs[outs.length - 1]);
    const labels = backend.typedArrayFromHeap(ys) as ArrayLike<number>;
    const g = f32(backend, dz);
    let loss: number;
    if (sampleWeights) {
      loss = weightedLossGradient(plan.loss, top, labels, sampleWeights, g, n, last.units);
      if (plan.loss === 'mse') dz = held.dz = throughActivation(backend, dz, outs[outs.length - 1], last.activation);
    } else if (plan.loss === 'categorical') loss = softmaxCrossEntropy(top, labels, g, n, last.units);
    else {
      loss = meanSquaredError(top, labels, g);
      dz = held.dz = throughActivation(backend, dz, outs[outs.length - 1], last.activation);
    }

    // Backward, last layer first; dz is the gradient at layer i's pre-activation.
    for (let i = layers.length - 1; i >= 0; i--) {
      const l = layers[i];
      const prev: TensorInfo = i > 0 ? outs[i - 1] : xs;
      // dW = prevᵀ · dz
      const prevT = transposed(backend, prev, n, l.inputs);
      const dW = matmul(backend, prevT, l.inputs, n, dz, l.units);
      l.kernelGrad.set(f32(backend, dW));
      release(backend, prevT, dW);
      if (l.bias) {
        // db = column sums of dz, in doubles, as the Sum kernel we register for leading axes does.
        const acc = new Float64Array(l.units);
        const d = f32(backend, dz);
        for (let r = 0, o = 0; r < n; r++, o += l.units) for (let j = 0; j < l.units; j++) acc[j] += d[o + j];
        (l.biasGrad as Float32Array).set(acc);
      }
      if (i === 0) break;
      // dPrev = dz · Wᵀ, then through the previous layer's activation: the next dz.
      const wT = transposed(backend, l.kernel, l.inputs, l.units);
      const dPrev = matmul(backend, dz, n, l.units, wT, l.inputs);
      release(backend, wT, dz);
      dz = held.dz = dPrev;
      dz = held.dz = throughActivation(backend, dz, prev, layers[i - 1].activation);
    }

    return loss;
  } finally {
    if (held.dz) release(backend, held.dz);
    release(backend, ...outs);
  }
}
