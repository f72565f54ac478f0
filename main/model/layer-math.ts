/**
 * Shape, parameter and FLOP rules for one (non-residual) layer. Pure: no tfjs,
 * so the UI can price a spec instantly. Shapes are per sample (no batch axis).
 *
 * FLOP convention (forward pass, one sample):
 *   - every multiply-add of a dense / conv / attention matmul counts as 2 FLOPs;
 *   - a bias add is 1 FLOP per output value;
 *   - element-wise work is 1 FLOP per value per operation: relu, leaky_relu,
 *     prelu, elu, sigmoid, tanh = 1; softmax = 3 (exp, sum, divide); linear = 0;
 *     batchNorm = 2 (scale + shift, folded); residual add = 1;
 *   - pooling = poolSize^2 per output value; globalAvgPool2d = H*W per channel;
 *   - 'same' convolutions are priced as if every kernel tap were inside the image;
 *   - dropout, flatten and reshape are free (0).
 * Sequences ([T] ids, [T, D] vectors):
 *   - embedding = T·D (the lookup is free, the padding mask multiplies); positional = T·D;
 *   - layerNorm = 5 per value (mean, variance, normalise, scale, shift);
 *   - conv1d / pool1d as their 2-D forms over one axis; globalPool1d = T·D;
 *   - lstm / gru per step and direction: 2·G·u·(D + u) matmul + G·u bias + 3·G·u gates and state
 *     (G = 4 gates for lstm, 3 for gru); a transformer block = its attention, feed-forward,
 *     two residual adds and two layer norms.
 */
import type { Activation, Layer, ResidualLayer } from '../api/schemas.ts';

export type BaseLayer = Exclude<Layer, ResidualLayer>;

/** What one layer does to a per-sample shape. `trainable` excludes batchNorm's moving statistics. */
export type LayerCost = { outputShape: number[]; params: number; trainable: number; flops: number };
export type LayerStep = { ok: true; cost: LayerCost } | { ok: false; error: string };

export const product = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
export const fmtShape = (shape: number[]): string => `[${shape.join(', ')}]`;

const fail = (error: string): LayerStep => ({ ok: false, error });
const done = (outputShape: number[], params: number, flops: number, trainable = params): LayerStep => ({
  ok: true,
  cost: { outputShape, params, trainable, flops },
});

export function activationFlops(activation: Activation, values: number): number {
  if (activation === 'linear') return 0;
  if (activation === 'softmax') return 3 * values;
  return values;
}

/**
 * prelu learns one alpha per feature / channel (the last axis); the builder shares
 * it over the other axes (tf.layers.prelu's own default would learn one per value).
 */
export function activationParams(activation: Activation, shape: number[]): number {
  return activation === 'prelu' ? shape[shape.length - 1] : 0;
}

const needsImage = (shape: number[]): string =>
  `needs an image input [height, width, channels] but receives ${fmtShape(shape)}; ` +
  (shape.length === 1 ? 'use dense layers or add a reshape' : 'add a reshape to [height, width, channels]');

/** Output size of a sliding window along one axis; 0 or less means the window does not fit. */
export function windowOut(size: number, window: number, stride: number, padding: 'valid' | 'same'): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - window) / stride) + 1;
}

function dense(layer: Extract<BaseLayer, { kind: 'dense' }>, shape: number[]): LayerStep {
  // Dense on an image would act on the channel axis only, which is almost never
  // what people mean: ask for flatten / globalAvgPool2d. On a sequence [T, D] it
  // acts per token (a token embedding), which attention models need.
  if (shape.length >= 3) {
    return fail(
      `receives an image-shaped input ${fmtShape(shape)}; add flatten or globalAvgPool2d before it ` +
        '(dense layers only take vectors [features] or token sequences [tokens, features])',
    );
  }
  const inputs = shape[shape.length - 1];
  const tokens = shape.length === 2 ? shape[0] : 1;
  const out = shape.length === 2 ? [tokens, layer.units] : [layer.units];
  const bias = layer.useBias ? layer.units : 0;
  const params = inputs * layer.units + bias + activationParams(layer.activation, out);
  const flops = tokens * (2 * inputs * layer.units + bias) + activationFlops(layer.activation, product(out));
  return done(out, params, flops);
}

function conv2d(layer: Extract<BaseLayer, { kind: 'conv2d' }>, shape: number[]): LayerStep {
  if (shape.length !== 3) return fail(needsImage(shape));
  const [h, w, c] = shape;
  const k = layer.kernelSize;
  const oh = windowOut(h, k, layer.strides, layer.padding);
  const ow = windowOut(w, k, layer.strides, layer.padding);
  if (oh < 1 || ow < 1) {
    return fail(`has a ${k}x${k} kernel, bigger than its ${h}x${w} input; use padding 'same' or a smaller kernel`);
  }
  const out = [oh, ow, layer.filters];
  const bias = layer.useBias ? layer.filters : 0;
  const params = k * k * c * layer.filters + bias + activationParams(layer.activation, out);
  const positions = oh * ow;
  const flops = positions * (2 * k * k * c * layer.filters + bias) + activationFlops(layer.activation, product(out));
  return done(out, params, flops);
}

function pool(layer: Extract<BaseLayer, { kind: 'maxPool2d' | 'avgPool2d' }>, shape: number[]): LayerStep {
  if (shape.length !== 3) return fail(needsImage(shape));
  const [h, w, c] = shape;
  const p = layer.poolSize;
  const s = layer.strides ?? p;
  if (p > h || p > w) return fail(`has a ${p}x${p} window, bigger than its ${h}x${w} input; use a smaller poolSize or remove it`);
  const out = [windowOut(h, p, s, 'valid'), windowOut(w, p, s, 'valid'), c];
  return done(out, 0, p * p * product(out));
}

function attention(layer: Extract<BaseLayer, { kind: 'attention' }>, shape: number[]): LayerStep {
  if (shape.length < 2 || shape.length > 3) {
    return fail(
      `needs a token sequence [tokens, features] or an image [height, width, channels] but receives ${fmtShape(shape)}; ` +
        'add a reshape first, e.g. to [tokens, features]',
    );
  }
  const d = shape[shape.length - 1];
  const cost = attentionCost(layer.heads, layer.keyDim, product(shape) / d, d);
  return done([...shape], cost.params, cost.flops);
}

const needsSequence = (shape: number[], what = 'a sequence [steps, features]'): string =>
  `needs ${what} but receives ${fmtShape(shape)}; ` +
  (shape.length === 1 ? 'put an embedding first (token ids), or import the data as a series' : 'add a reshape or flatten first');

function embedding(layer: Extract<BaseLayer, { kind: 'embedding' }>, shape: number[]): LayerStep {
  if (shape.length !== 1) return fail(`needs token ids [tokens] but receives ${fmtShape(shape)}; an embedding comes first, on a text dataset`);
  const t = layer.maxLength !== undefined ? Math.min(layer.maxLength, shape[0]) : shape[0];
  return done([t, layer.dim], layer.vocabSize * layer.dim, t * layer.dim);
}

/** keyDim of a transformer block: given, or the model width split over the heads. */
export function transformerKeyDim(layer: { heads: number; keyDim?: number }, width: number): number {
  return layer.keyDim ?? Math.max(1, Math.floor(width / layer.heads));
}

/** Multi-head self-attention over t tokens of width d (also used by main/compression/flops.ts on built models). */
export function attentionCost(heads: number, keyDim: number, t: number, d: number): { params: number; flops: number } {
  const hk = heads * keyDim;
  const params = 3 * (d * hk + hk) + hk * d + d;
  const projections = 3 * (2 * t * d * hk + t * hk);
  const scores = heads * t * t * (2 * keyDim + 1 + 3); // q.k, 1/sqrt(k) scale, softmax
  const context = heads * t * t * 2 * keyDim;
  const output = 2 * t * hk * d + t * d;
  return { params, flops: projections + scores + context + output };
}

function transformer(layer: Extract<BaseLayer, { kind: 'transformer' }>, shape: number[]): LayerStep {
  if (shape.length !== 2) return fail(needsSequence(shape, 'a token sequence [tokens, features]'));
  const [t, d] = shape;
  const attention = attentionCost(layer.heads, transformerKeyDim(layer, d), t, d);
  const f = layer.ffUnits;
  const ffParams = d * f + f + f * d + d;
  const ffFlops = t * (2 * d * f + f) + activationFlops(layer.activation, t * f) + t * (2 * f * d + d);
  const norms = 2 * 2 * d;
  const flops = attention.flops + ffFlops + 2 * t * d + 2 * 5 * t * d;
  return done([t, d], attention.params + ffParams + norms + activationParams(layer.activation, [t, f]), flops);
}

function conv1d(layer: Extract<BaseLayer, { kind: 'conv1d' }>, shape: number[]): LayerStep {
  if (shape.length !== 2) return fail(needsSequence(shape));
  const [t, c] = shape;
  const k = layer.kernelSize;
  const ot = windowOut(t, k, layer.strides, layer.padding);
  if (ot < 1) return fail(`has a kernel of ${k} steps, more than its ${t} steps; use padding 'same' or a smaller kernel`);
  const out = [ot, layer.filters];
  const bias = layer.useBias ? layer.filters : 0;
  const params = k * c * layer.filters + bias + activationParams(layer.activation, out);
  return done(out, params, ot * (2 * k * c * layer.filters + bias) + activationFlops(layer.activation, product(out)));
}

function pool1d(layer: Extract<BaseLayer, { kind: 'maxPool1d' | 'avgPool1d' }>, shape: number[]): LayerStep {
  if (shape.length !== 2) return fail(needsSequence(shape));
  const [t, c] = shape;
  const p = layer.poolSize;
  if (p > t) return fail(`has a window of ${p} steps, more than its ${t} steps; use a smaller poolSize or remove it`);
  const out = [windowOut(t, p, layer.strides ?? p, 'valid'), c];
  return done(out, 0, p * product(out));
}

function recurrent(layer: Extract<BaseLayer, { kind: 'lstm' | 'gru' }>, shape: number[]): LayerStep {
  if (shape.length !== 2) return fail(needsSequence(shape));
  const [t, d] = shape;
  const u = layer.units;
  const dirs = layer.bidirectional ? 2 : 1;
  const { params, flops } = recurrentCost(layer.kind, u, t, d, layer.bidirectional ?? false);
  return done(layer.returnSequences ? [t, u * dirs] : [u * dirs], params, flops);
}

/** An LSTM/GRU of u units over t steps of d features, per direction summed (also used by main/compression/flops.ts). */
export function recurrentCost(cell: 'lstm' | 'gru', u: number, t: number, d: number, bidirectional: boolean): { params: number; flops: number } {
  const g = cell === 'lstm' ? 4 : 3;
  const dirs = bidirectional ? 2 : 1;
  const bias = cell === 'gru' ? 2 * g * u : g * u;
  return { params: dirs * (g * u * (d + u) + bias), flops: dirs * t * (2 * g * u * (d + u) + bias + 3 * g * u) };
}

/** Applies the rule of one non-residual layer to a per-sample input shape. */
export function stepLayer(layer: BaseLayer, shape: number[]): LayerStep {
  switch (layer.kind) {
    case 'dense':
      return dense(layer, shape);
    case 'conv2d':
      return conv2d(layer, shape);
    case 'maxPool2d':
    case 'avgPool2d':
      return pool(layer, shape);
    case 'globalAvgPool2d':
      if (shape.length !== 3) return fail(needsImage(shape));
      return done([shape[2]], 0, product(shape));
    case 'flatten':
      // On a vector it is the identity (the builder then adds no layer).
      return done([product(shape)], 0, 0);
    case 'dropout':
      return done([...shape], 0, 0);
    case 'batchNorm': {
      const features = shape[shape.length - 1];
      return done([...shape], 4 * features, 2 * product(shape), 2 * features);
    }
    case 'activation':
      return done([...shape], activationParams(layer.activation, shape), activationFlops(layer.activation, product(shape)));
    case 'reshape': {
      const want = product(layer.targetShape);
      const have = product(shape);
      if (want !== have) {
        return fail(
          `to ${fmtShape(layer.targetShape)} needs ${want} values but its input ${fmtShape(shape)} holds ${have}; ` +
            'make the product of targetShape equal the input size',
        );
      }
      return done([...layer.targetShape], 0, 0);
    }
    case 'attention':
      return attention(layer, shape);
    case 'embedding':
      return embedding(layer, shape);
    case 'positional':
      if (shape.length !== 2) return fail(needsSequence(shape, 'a token sequence [tokens, features]'));
      return done([...shape], layer.mode === 'learned' ? product(shape) : 0, product(shape));
    case 'layerNorm': {
      const features = shape[shape.length - 1];
      return done([...shape], 2 * features, 5 * product(shape));
    }
    case 'transformer':
      return transformer(layer, shape);
    case 'conv1d':
      return conv1d(layer, shape);
    case 'maxPool1d':
    case 'avgPool1d':
      return pool1d(layer, shape);
    case 'globalPool1d':
      if (shape.length !== 2) return fail(needsSequence(shape));
      return done([shape[1]], 0, layer.pool === 'first' ? 0 : product(shape));
    case 'lstm':
    case 'gru':
      return recurrent(layer, shape);
  }
}

/**
 * The stride of a 1x1 projection conv that maps an image of [h, w] onto [oh, ow]
 * (a 1x1 'valid' conv with stride s gives ceil(size / s)), or null when no single stride does.
 */
export function projectionStride(h: number, w: number, oh: number, ow: number): number | null {
  for (let s = 1; s <= Math.max(h, w); s++) {
    if (Math.ceil(h / s) === oh && Math.ceil(w / s) === ow) return s;
  }
  return null;
}

/**
 * The shortcut projection a residual block needs when its body changes the shape
 * from `from` to `to`: a dense (vectors, per token for sequences) or a strided 1x1
 * conv (images). Returns null cost when none is needed, or an error fragment.
 */
export function projectionCost(from: number[], to: number[]): { cost: LayerCost | null; stride: number } | { error: string } {
  if (from.length === to.length && from.every((d, i) => d === to[i])) return { cost: null, stride: 1 };
  const cannot = `cannot add its input ${fmtShape(from)} to its body's output ${fmtShape(to)}, and no projection on the shortcut can match them`;
  if (from.length !== to.length) {
    return { error: `${cannot}; the body must keep the rank (use flatten or reshape after the residual, not inside it)` };
  }
  const cin = from[from.length - 1];
  const cout = to[to.length - 1];
  if (from.length === 1) {
    return { cost: { outputShape: [...to], params: cin * cout + cout, trainable: cin * cout + cout, flops: 2 * cin * cout + cout }, stride: 1 };
  }
  if (from.length === 2) {
    if (from[0] !== to[0]) return { error: `${cannot}; the body must keep the number of tokens` };
    const flops = from[0] * (2 * cin * cout + cout);
    return { cost: { outputShape: [...to], params: cin * cout + cout, trainable: cin * cout + cout, flops }, stride: 1 };
  }
  const stride = projectionStride(from[0], from[1], to[0], to[1]);
  if (stride === null) {
    return { error: `${cannot}; use padding 'same' in the body so only strides change the height and width` };
  }
  const positions = to[0] * to[1];
  const params = cin * cout + cout;
  return { cost: { outputShape: [...to], params, trainable: params, flops: positions * (2 * cin * cout + cout) }, stride };
}
