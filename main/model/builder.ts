/**
 * Spec -> tf.LayersModel through the functional API. analyseSpec runs first, so
 * a spec that cannot build fails with its human message (ApiError 'cannot_build')
 * before tfjs sees it, and the counts shown in the UI match the built model.
 *
 * Determinism: every initialiser gets a seed derived from the run seed and the
 * layer's name, so the same seed builds the same weights (dropout masks are not
 * seeded: see the dropout case).
 *
 * Layer names are readable and unique: `<kind>_<position>` at the top level
 * (`dense_1`, `conv2d_2`), `res<position>_<kind>_<position>` inside a residual
 * block (`res3_conv2d_1`), plus `res3_proj`, `res3_add`, `<name>_<activation>`
 * for separate activation layers, and `head` for the output layer. A transformer
 * block `transformer_3` is made of `transformer_3_attn`, `_ln1`, `_add1`, `_ff1`,
 * `_ff2`, `_ln2`, `_add2` (and `_drop1`, `_drop2`); an embedding adds `<name>_mask`.
 *
 * Padding masks: an embedding also derives the padding mask of its ids (a
 * PaddingMask layer on the same input), and every later layer that must ignore
 * padding (attention, transformer, lstm/gru, globalPool1d) takes it as a second
 * input. A layer that changes the steps (pooling, strided or 'valid' conv1d,
 * a recurrent layer's final state) ends the mask: later layers see every step.
 */
import * as tf from '@tensorflow/tfjs';
import type { Activation, Layer, ModelSpec, Regularizer, Task } from '../api/schemas.ts';
import { ApiError } from '../api/errors.ts';
import { deriveSeed } from '../util/rng.ts';
import { analyseSpec, outputUnitsFor } from './counts.ts';
import { projectionStride, transformerKeyDim } from './layer-math.ts';
import { MultiHeadSelfAttention } from './layers/attention.ts';
import { conv2d } from './layers/conv2d.ts';
import { GlobalPool1D } from './layers/global-pool1d.ts';
import { PositionalEncoding } from './layers/positional.ts';
import { LayerNorm } from './layers/layer-norm.ts';
import { MaskSteps } from './layers/mask-steps.ts';
import { Recurrent } from './layers/recurrent.ts';
import { PaddingMask, TokenEmbedding } from './layers/token-embedding.ts';

type Sym = tf.SymbolicTensor;
/** `mask`: the padding mask [batch, T] of the current sequence, while the steps still match the embedded tokens. */
type Ctx = { seed: number; mask: Sym | null };

// Lives in the tfjs-free counts.ts so callers that only price specs need not load tfjs.
export { outputUnitsFor };

const RELU_FAMILY = new Set<Activation>(['relu', 'leaky_relu', 'prelu', 'elu']);

/** He init keeps relu-family activations' variance; Glorot suits the symmetric ones. */
function kernelInit(activation: Activation, ctx: Ctx, name: string): ReturnType<typeof tf.initializers.heNormal> {
  const seed = deriveSeed(ctx.seed, `init:${name}`);
  return RELU_FAMILY.has(activation) ? tf.initializers.heNormal({ seed }) : tf.initializers.glorotUniform({ seed });
}

function regularizer(r: Regularizer | undefined): ReturnType<typeof tf.regularizers.l1l2> | undefined {
  if (!r || (r.l1 === 0 && r.l2 === 0)) return undefined;
  return tf.regularizers.l1l2({ l1: r.l1, l2: r.l2 });
}

/** Activations tfjs can fuse into a dense/conv layer; the others get their own layer. */
function fused(activation: Activation): 'linear' | 'relu' | 'elu' | 'sigmoid' | 'tanh' | 'softmax' {
  return activation === 'leaky_relu' || activation === 'prelu' ? 'linear' : activation;
}

const apply = (layer: tf.layers.Layer, x: Sym | Sym[]): Sym => layer.apply(x) as Sym;

/** Applies a standalone activation; prelu shares its alpha over all but the last axis (one per feature/channel). */
function activate(x: Sym, activation: Activation, name: string): Sym {
  if (activation === 'linear') return x;
  if (activation === 'leaky_relu') return apply(tf.layers.leakyReLU({ name }), x);
  if (activation === 'prelu') {
    const rank = x.shape.length - 1; // without the batch axis
    const sharedAxes = rank > 1 ? Array.from({ length: rank - 1 }, (_, i) => i + 1) : undefined;
    return apply(tf.layers.prelu({ name, sharedAxes }), x);
  }
  return apply(tf.layers.activation({ activation, name }), x);
}

/** The separate activation after a dense/conv whose activation tfjs cannot fuse. */
function afterFused(x: Sym, activation: Activation, name: string): Sym {
  return fused(activation) === activation ? x : activate(x, activation, `${name}_${activation}`);
}

function buildLayer(layer: Layer, input: Sym, name: string, ctx: Ctx): Sym {
  let x = input;
  switch (layer.kind) {
    case 'dense': {
      const dense = tf.layers.dense({
        name,
        units: layer.units,
        activation: fused(layer.activation),
        useBias: layer.useBias,
        kernelInitializer: kernelInit(layer.activation, ctx, name),
        kernelRegularizer: regularizer(layer.regularizer),
      });
      return afterFused(apply(dense, x), layer.activation, name);
    }
    case 'conv2d':
      return afterFused(apply(conv2d(convArgs(layer, name, ctx)), x), layer.activation, name);
    case 'maxPool2d':
    case 'avgPool2d': {
      const args = { name, poolSize: layer.poolSize, strides: layer.strides ?? layer.poolSize, padding: 'valid' as const };
      return apply(layer.kind === 'maxPool2d' ? tf.layers.maxPooling2d(args) : tf.layers.averagePooling2d(args), x);
    }
    case 'globalAvgPool2d':
      return apply(tf.layers.globalAveragePooling2d({ name }), x);
    case 'flatten':
      // tf.layers.flatten refuses vectors; flattening a vector changes nothing.
      return x.shape.length <= 2 ? x : apply(tf.layers.flatten({ name }), x);
    case 'dropout':
      // No seed on purpose: tfjs re-seeds its generator on every call, so a fixed
      // seed would drop the same units at every step. Masks are therefore not replayable.
      return apply(tf.layers.dropout({ name, rate: layer.rate }), x);
    case 'batchNorm':
      return apply(tf.layers.batchNormalization({ name, momentum: layer.momentum }), x);
    case 'activation':
      return activate(x, layer.activation, name);
    case 'reshape':
      return apply(tf.layers.reshape({ name, targetShape: layer.targetShape }), x);
    case 'attention': {
      const seed = deriveSeed(ctx.seed, `init:${name}`);
      return withMask(new MultiHeadSelfAttention({ name, heads: layer.heads, keyDim: layer.keyDim, dropout: layer.dropout, seed }), x, ctx);
    }
    case 'residual':
      return buildResidual(layer, x, name, ctx);
    case 'embedding': {
      const seed = deriveSeed(ctx.seed, `init:${name}`);
      ctx.mask = apply(new PaddingMask({ name: `${name}_mask`, maxLength: layer.maxLength }), x);
      return apply(new TokenEmbedding({ name, vocabSize: layer.vocabSize, dim: layer.dim, maxLength: layer.maxLength, seed }), x);
    }
    case 'positional':
      return apply(new PositionalEncoding({ name, mode: layer.mode, seed: deriveSeed(ctx.seed, `init:${name}`) }), x);
    case 'layerNorm':
      return apply(new LayerNorm({ name, epsilon: layer.epsilon }), x);
    case 'transformer':
      return buildTransformer(layer, x, name, ctx);
    case 'conv1d': {
      x = zeroPadding(x, name, ctx);
      const conv = tf.layers.conv1d(convArgs(layer, name, ctx));
      if (layer.strides !== 1 || layer.padding !== 'same') ctx.mask = null;
      return afterFused(apply(conv, x), layer.activation, name);
    }
    case 'maxPool1d':
    case 'avgPool1d': {
      x = zeroPadding(x, name, ctx);
      ctx.mask = null;
      const args = { name, poolSize: layer.poolSize, strides: layer.strides ?? layer.poolSize, padding: 'valid' as const };
      return apply(layer.kind === 'maxPool1d' ? tf.layers.maxPooling1d(args) : tf.layers.averagePooling1d(args), x);
    }
    case 'globalPool1d': {
      const out = withMask(new GlobalPool1D({ name, pool: layer.pool }), x, ctx);
      ctx.mask = null;
      return out;
    }
    case 'lstm':
    case 'gru': {
      const seed = deriveSeed(ctx.seed, `init:${name}`);
      const rnn = new Recurrent({ name, cell: layer.kind, units: layer.units, bidirectional: layer.bidirectional, returnSequences: layer.returnSequences, seed });
      const out = withMask(rnn, x, ctx);
      if (!layer.returnSequences) ctx.mask = null;
      return out;
    }
  }
}

/** The arguments of a 1-D or 2-D convolution from its spec layer (same fields in both). */
function convArgs(layer: Extract<Layer, { kind: 'conv1d' | 'conv2d' }>, name: string, ctx: Ctx) {
  return {
    name,
    filters: layer.filters,
    kernelSize: layer.kernelSize,
    strides: layer.strides,
    padding: layer.padding,
    activation: fused(layer.activation),
    useBias: layer.useBias,
    kernelInitializer: kernelInit(layer.activation, ctx, name),
    kernelRegularizer: regularizer(layer.regularizer),
  };
}

/** Padded steps set to zero before a layer that mixes neighbours without knowing the mask. */
function zeroPadding(x: Sym, name: string, ctx: Ctx): Sym {
  return ctx.mask ? apply(new MaskSteps({ name: `${name}_pad` }), [x, ctx.mask]) : x;
}

/** The layer on [x, mask] while a padding mask applies, else on x. */
function withMask(layer: tf.layers.Layer, x: Sym, ctx: Ctx): Sym {
  return apply(layer, ctx.mask ? [x, ctx.mask] : x);
}

/** Pre-norm: x + attn(ln(x)), then + ff(ln(·)). Post-norm: ln(x + attn(x)), then ln(· + ff(·)). */
function buildTransformer(layer: Extract<Layer, { kind: 'transformer' }>, x: Sym, name: string, ctx: Ctx): Sym {
  const width = x.shape[x.shape.length - 1] as number;
  const norm = (input: Sym, suffix: string) => apply(new LayerNorm({ name: `${name}_${suffix}`, epsilon: 1e-5 }), input);
  const drop = (input: Sym, suffix: string) => (layer.dropout > 0 ? apply(tf.layers.dropout({ name: `${name}_${suffix}`, rate: layer.dropout }), input) : input);
  const attention = new MultiHeadSelfAttention({
    name: `${name}_attn`,
    heads: layer.heads,
    keyDim: transformerKeyDim(layer, width),
    dropout: 0,
    seed: deriveSeed(ctx.seed, `init:${name}_attn`),
  });
  const ff = (input: Sym) => {
    const inner = tf.layers.dense({ name: `${name}_ff1`, units: layer.ffUnits, activation: fused(layer.activation), kernelInitializer: kernelInit(layer.activation, ctx, `${name}_ff1`) });
    const hidden = afterFused(apply(inner, input), layer.activation, `${name}_ff1`);
    return apply(tf.layers.dense({ name: `${name}_ff2`, units: width, kernelInitializer: kernelInit('linear', ctx, `${name}_ff2`) }), hidden);
  };
  const add = (a: Sym, b: Sym, suffix: string) => apply(tf.layers.add({ name: `${name}_${suffix}` }), [a, b]);
  if (layer.norm === 'pre') {
    const h = add(x, drop(withMask(attention, norm(x, 'ln1'), ctx), 'drop1'), 'add1');
    return add(h, drop(ff(norm(h, 'ln2')), 'drop2'), 'add2');
  }
  const h = norm(add(x, drop(withMask(attention, x, ctx), 'drop1'), 'add1'), 'ln1');
  return norm(add(h, drop(ff(h), 'drop2'), 'add2'), 'ln2');
}

function buildResidual(layer: Extract<Layer, { kind: 'residual' }>, x: Sym, name: string, ctx: Ctx): Sym {
  const prefix = name.replace(/^residual_/, 'res');
  const body = buildLayers(layer.layers, x, `${prefix}_`, ctx);
  const from = x.shape.slice(1) as number[];
  const to = body.shape.slice(1) as number[];
  let shortcut = x;
  if (from.join(',') !== to.join(',')) {
    // analyseSpec has already checked that a projection can fix the shape.
    const projName = `${prefix}_proj`;
    const kernelInitializer = kernelInit('linear', ctx, projName);
    const channels = to[to.length - 1];
    const projection =
      from.length === 3
        ? conv2d({
            name: projName,
            filters: channels,
            kernelSize: 1,
            strides: projectionStride(from[0], from[1], to[0], to[1]) ?? 1,
            padding: 'valid',
            kernelInitializer,
          })
        : tf.layers.dense({ name: projName, units: channels, kernelInitializer });
    shortcut = apply(projection, x);
  }
  const sum = apply(tf.layers.add({ name: `${prefix}_add` }), [body, shortcut]);
  return activate(sum, layer.activation, `${prefix}_${layer.activation}`);
}

function buildLayers(layers: Layer[], x: Sym, prefix: string, ctx: Ctx): Sym {
  let out = x;
  layers.forEach((layer, i) => {
    out = buildLayer(layer, out, `${prefix}${layer.kind}_${i + 1}`, ctx);
  });
  return out;
}

export function buildModel(
  spec: ModelSpec,
  io: { inputShape: number[]; outputUnits: number; task: Task },
  seed: number,
): tf.LayersModel {
  const analysis = analyseSpec(spec, io.inputShape, io.outputUnits);
  if (!analysis.ok) throw new ApiError('cannot_build', `This model cannot be built: ${analysis.error}.`);
  const ctx: Ctx = { seed, mask: null };
  const input = tf.input({ shape: io.inputShape, name: 'input' });
  const body = buildLayers(spec.layers, input, '', ctx);
  const head = tf.layers.dense({
    name: 'head',
    units: io.outputUnits,
    activation: io.task === 'classification' ? 'softmax' : 'linear',
    kernelInitializer: kernelInit('linear', ctx, 'head'),
  });
  return tf.model({ inputs: input, outputs: apply(head, body), name: 'modelbench' });
}
