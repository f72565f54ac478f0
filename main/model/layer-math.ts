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
  const t = product(shape) / d;
  const hk = layer.heads * layer.keyDim;
  const params = 3 * (d * hk + hk) + hk * d + d;
  const projections = 3 * (2 * t * d * hk + t * hk);
  const scores = layer.heads * t * t * (2 * layer.keyDim + 1 + 3); // q.k, 1/sqrt(k) scale, softmax
  const context = layer.heads * t * t * 2 * layer.keyDim;
  const output = 2 * t * hk * d + t * d;
  return done([...shape], params, projections + scores + context + output);
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
