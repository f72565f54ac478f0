/**
 * The sequence layers (main/model/layers) as standard ops, step for step as
 * their call() computes them:
 *
 *   TokenEmbedding  ids → (first maxLength) → int64 → ids < 0 or ≥ vocab become [UNK] → Gather → × (id ≠ 0)
 *   PaddingMask     ids → (first maxLength) → int64 → float(id ≠ 0)
 *   TokenRemap      ids → int64 → outside the table become [UNK] → Gather(table)
 *   PositionalEncoding  x + table (the learned weights, or the same sinusoids)
 *   LayerNorm (ours), LayerNormalization (tfjs's)  ONNX LayerNormalization over the last axis
 *   MaskSteps       x × mask[..., None]
 *   GlobalPool1D    masked mean (ReduceSum / max(count, 1)), masked max (x − 1e9·(1 − m)), or step 0
 *   Conv1D, MaxPooling1D, AveragePooling1D  on [N, C, T] between two transposes, 'same' as explicit pads
 */
import type * as tf from '@tensorflow/tfjs';
import { cannotExport, layerWeights, staticDims, weight, type ConvertContext, type LayerConverter, type Value } from '../context.ts';
import { float, int, ints } from '../graph.ts';
import { sinusoidalTable } from '../../../model/layers/positional.ts';
import { UNKNOWN_ID } from '../../../model/layers/token-embedding.ts';
import { MASKED } from '../../../model/layers/masks.ts';
import { applyActivation } from './activations.ts';

const seq = (name: string, shape: (number | null)[]): Value => ({ name, shape, layout: 'nhwc' });

/** The ids a TokenEmbedding / PaddingMask sees: cut to maxLength, as int64 (Cast truncates like tfjs' int32 cast). */
function ids(ctx: ConvertContext, layer: tf.layers.Layer, x: Value): { name: string; steps: number } {
  const [t] = staticDims(layer, x.shape);
  const maxLength = layer.getConfig().maxLength as number | null;
  const g = ctx.graph;
  let input = x.name;
  let steps = t;
  if (maxLength !== null && maxLength !== undefined && maxLength < t) {
    input = g.node('Slice', [x.name, g.int64s(`${layer.name}_from`, [0]), g.int64s(`${layer.name}_to`, [maxLength]), g.int64s(`${layer.name}_axis`, [1])], `${layer.name}_cut`);
    steps = maxLength;
  }
  return { name: g.node('Cast', [input], `${layer.name}_ids`, { to: int(7) }), steps };
}

function notPadding(ctx: ConvertContext, layer: tf.layers.Layer, idsName: string): string {
  const g = ctx.graph;
  const pad = g.node('Equal', [idsName, g.int64s(`${layer.name}_pad_id`, [0])], `${layer.name}_is_pad`);
  return g.node('Cast', [g.node('Not', [pad], `${layer.name}_is_token`)], `${layer.name}_keep`, { to: int(1) });
}

const unsqueezeLast = (ctx: ConvertContext, hint: string, name: string) => ctx.graph.node('Unsqueeze', [name, ctx.graph.int64s(`${hint}_axes`, [-1])], hint);

/** Ids at or past `size` and negative ones become [UNK], as tokenIds and TokenRemap do. */
function safeIds(ctx: ConvertContext, layer: tf.layers.Layer, raw: string, size: number): string {
  const g = ctx.graph;
  const tooBig = g.node('GreaterOrEqual', [raw, g.int64s(`${layer.name}_vocab`, [size])], `${layer.name}_past_vocab`);
  const negative = g.node('Less', [raw, g.int64s(`${layer.name}_zero`, [0])], `${layer.name}_negative`);
  const outside = g.node('Or', [tooBig, negative], `${layer.name}_outside`);
  return g.node('Where', [outside, g.int64s(`${layer.name}_unknown`, [UNKNOWN_ID]), raw], `${layer.name}_safe_ids`);
}

const tokenEmbedding: LayerConverter = (ctx, layer, [input]) => {
  const g = ctx.graph;
  const config = layer.getConfig();
  const table = weight(layer, layerWeights(layer), 'embeddings');
  const { name: raw, steps } = ids(ctx, layer, input);
  const safe = safeIds(ctx, layer, raw, Number(config.vocabSize));
  const vectors = g.node('Gather', [g.floats(`${layer.name}_table`, table.data, table.shape), safe], `${layer.name}_vectors`, { axis: int(0) });
  const keep = unsqueezeLast(ctx, `${layer.name}_keep3`, notPadding(ctx, layer, raw));
  return seq(g.node('Mul', [vectors, keep], layer.name), [input.shape[0], steps, table.shape[1]]);
};

/** TokenRemap: ids → table[ids] (the table's values are ids too, kept float32 as ids travel). */
const tokenRemap: LayerConverter = (ctx, layer, [input]) => {
  const g = ctx.graph;
  const table = weight(layer, layerWeights(layer), 'table');
  const raw = g.node('Cast', [input.name], `${layer.name}_ids`, { to: int(7) });
  const safe = safeIds(ctx, layer, raw, table.shape[0]);
  return seq(g.node('Gather', [g.floats(`${layer.name}_table`, table.data, table.shape), safe], layer.name, { axis: int(0) }), input.shape);
};

const paddingMask: LayerConverter = (ctx, layer, [input]) => {
  const { name, steps } = ids(ctx, layer, input);
  return seq(notPadding(ctx, layer, name), [input.shape[0], steps]);
};

const positional: LayerConverter = (ctx, layer, [input]) => {
  const [t, d] = staticDims(layer, input.shape);
  const learned = layer.getConfig().mode === 'learned';
  const table = learned ? weight(layer, layerWeights(layer), 'positions').data : sinusoidalTable(t, d);
  return seq(ctx.graph.node('Add', [input.name, ctx.graph.floats(`${layer.name}_table`, table, [t, d])], layer.name), input.shape);
};

const layerNorm: LayerConverter = (ctx, layer, [input]) => {
  const config = layer.getConfig();
  const axis = Array.isArray(config.axis) ? (config.axis.length === 1 ? Number(config.axis[0]) : NaN) : Number(config.axis ?? -1);
  const rank = input.shape.length;
  if (axis !== -1 && axis !== rank - 1) throw cannotExport(layer, `normalises axis ${String(config.axis)}; only the last axis exports`);
  const x = ctx.channelsLast(input);
  const d = x.shape[rank - 1] as number;
  const weights = layerWeights(layer);
  const gamma = config.scale === false ? new Float32Array(d).fill(1) : weight(layer, weights, 'gamma').data;
  const beta = config.center === false ? new Float32Array(d) : weight(layer, weights, 'beta').data;
  const g = ctx.graph;
  const out = g.node('LayerNormalization', [x.name, g.floats(`${layer.name}_gamma`, gamma), g.floats(`${layer.name}_beta`, beta)], layer.name, {
    axis: int(-1),
    epsilon: float(Number(config.epsilon ?? 1e-3)),
  });
  return { ...x, name: out };
};

const maskSteps: LayerConverter = (ctx, layer, [x, mask]) => {
  if (!mask) return x;
  return seq(ctx.graph.node('Mul', [x.name, unsqueezeLast(ctx, `${layer.name}_mask3`, mask.name)], layer.name), x.shape);
};

const globalPool1d: LayerConverter = (ctx, layer, [x, mask]) => {
  const g = ctx.graph;
  const pool = String(layer.getConfig().pool);
  const out = [x.shape[0], x.shape[2]];
  if (pool === 'first') {
    const first = g.node('Gather', [x.name, g.int64s(`${layer.name}_first`, [0])], `${layer.name}_step0`, { axis: int(1) });
    return seq(g.node('Squeeze', [first, g.int64s(`${layer.name}_squeeze`, [1])], layer.name), out);
  }
  if (!mask) return seq(g.node(pool === 'avg' ? 'ReduceMean' : 'ReduceMax', [x.name], layer.name, { axes: ints([1]), keepdims: int(0) }), out);
  const m = unsqueezeLast(ctx, `${layer.name}_mask3`, mask.name);
  if (pool === 'avg') {
    const axes = g.int64s(`${layer.name}_axes`, [1]);
    const total = g.node('ReduceSum', [g.node('Mul', [x.name, m], `${layer.name}_kept`), axes], `${layer.name}_sum`, { keepdims: int(0) });
    const count = g.node('ReduceSum', [m, axes], `${layer.name}_count`, { keepdims: int(0) });
    const safe = g.node('Max', [count, g.floats(`${layer.name}_one`, [1], [])], `${layer.name}_count_safe`);
    return seq(g.node('Div', [total, safe], layer.name), out);
  }
  const penalty = g.node('Mul', [g.node('Sub', [g.floats(`${layer.name}_one`, [1], []), m], `${layer.name}_padded`), g.floats(`${layer.name}_masked`, [MASKED], [])], `${layer.name}_penalty`);
  return seq(g.node('ReduceMax', [g.node('Add', [x.name, penalty], `${layer.name}_shifted`)], layer.name, { axes: ints([1]), keepdims: int(0) }), out);
};

const one = (v: unknown): number => Number(Array.isArray(v) ? v[0] : v);

/** The pads [before, after] and output length of one window along the steps, as tfjs computes them. */
function pads1d(padding: string, t: number, k: number, s: number): { pads: number[]; out: number } {
  if (padding === 'valid') return { pads: [0, 0], out: Math.floor((t - k) / s) + 1 };
  const out = Math.ceil(t / s);
  const total = Math.max((out - 1) * s + k - t, 0);
  return { pads: [Math.floor(total / 2), total - Math.floor(total / 2)], out };
}

const channelsFirst1d = (ctx: ConvertContext, layer: tf.layers.Layer, x: Value) => ctx.graph.node('Transpose', [x.name], `${layer.name}_nct`, { perm: ints([0, 2, 1]) });
const channelsLast1d = (ctx: ConvertContext, name: string, hint: string) => ctx.graph.node('Transpose', [name], hint, { perm: ints([0, 2, 1]) });

const conv1d: LayerConverter = (ctx, layer, [input]) => {
  const config = layer.getConfig();
  if (one(config.dilationRate ?? 1) !== 1) throw cannotExport(layer, 'uses dilation; only dilation 1 exports');
  const [t] = staticDims(layer, input.shape);
  const weights = layerWeights(layer);
  const kernel = weight(layer, weights, 'kernel'); // [k, Cin, F]
  const [k, cin, f] = kernel.shape;
  const w = new Float32Array(f * cin * k); // ONNX [F, Cin, k]
  for (let a = 0; a < k; a++) for (let c = 0; c < cin; c++) for (let o = 0; o < f; o++) w[(o * cin + c) * k + a] = kernel.data[(a * cin + c) * f + o];
  const s = one(config.strides ?? 1);
  const { pads, out } = pads1d(String(config.padding), t, k, s);
  const g = ctx.graph;
  const inputs = [channelsFirst1d(ctx, layer, input), g.floats(`${layer.name}_kernel`, w, [f, cin, k])];
  if (config.useBias !== false) inputs.push(g.floats(`${layer.name}_bias`, weight(layer, weights, 'bias').data, [f]));
  const conv = g.node('Conv', inputs, `${layer.name}_conv`, { kernel_shape: ints([k]), strides: ints([s]), pads: ints(pads) });
  const value = seq(channelsLast1d(ctx, conv, layer.name), [input.shape[0], out, f]);
  return applyActivation(ctx, layer, value, String(config.activation ?? 'linear'));
};

const pool1d = (op: 'MaxPool' | 'AveragePool'): LayerConverter => (ctx, layer, [input]) => {
  const config = layer.getConfig();
  const [t, c] = staticDims(layer, input.shape);
  const k = one(config.poolSize);
  const s = one(config.strides ?? k);
  const { pads, out } = pads1d(String(config.padding), t, k, s);
  const pooled = ctx.graph.node(op, [channelsFirst1d(ctx, layer, input)], `${layer.name}_pool`, {
    kernel_shape: ints([k]),
    strides: ints([s]),
    pads: ints(pads),
    ...(op === 'AveragePool' ? { count_include_pad: int(0) } : {}),
  });
  return seq(channelsLast1d(ctx, pooled, layer.name), [input.shape[0], out, c]);
};

export const sequenceConverters: Record<string, LayerConverter> = {
  TokenEmbedding: tokenEmbedding,
  TokenRemap: tokenRemap,
  PaddingMask: paddingMask,
  PositionalEncoding: positional,
  LayerNormalization: layerNorm,
  LayerNorm: layerNorm,
  MaskSteps: maskSteps,
  GlobalPool1D: globalPool1d,
  Conv1D: conv1d,
  MaxPooling1D: pool1d('MaxPool'),
  AveragePooling1D: pool1d('AveragePool'),
};
