/**
 * Layers that only move values around or do nothing at inference: Flatten and
 * Reshape (in tfjs's channels-last order), Dropout (the identity), and the
 * frozen BatchNormalization of inference, (x − mean)·γ/√(var + ε) + β, in the
 * order tfjs computes it.
 */
import { cannotExport, layerWeights, weight, type LayerConverter } from '../context.ts';
import { int } from '../graph.ts';

const flatten: LayerConverter = (ctx, layer, [input]) => {
  const x = ctx.channelsLast(input);
  const dims = x.shape.slice(1);
  const size = dims.every((d) => d !== null) ? (dims as number[]).reduce((a, b) => a * b, 1) : null;
  return { name: ctx.graph.node('Flatten', [x.name], layer.name, { axis: int(1) }), shape: [x.shape[0], size], layout: 'nhwc' };
};

const reshape: LayerConverter = (ctx, layer, [input]) => {
  const x = ctx.channelsLast(input);
  const target = (layer.getConfig().targetShape as number[]).map(Number);
  // 0 keeps the batch dimension as it comes; tfjs's one -1 (inferred) means the same in ONNX.
  const shape = ctx.graph.int64s(`${layer.name}_shape`, [0, ...target]);
  const out = layer.outputShape as (number | null)[];
  return { name: ctx.graph.node('Reshape', [x.name, shape], layer.name), shape: [x.shape[0], ...out.slice(1)], layout: 'nhwc' };
};

/** Inference mode: dropout passes its input through unchanged. */
const identity: LayerConverter = (_ctx, _layer, [x]) => x;

const batchNormalization: LayerConverter = (ctx, layer, [x]) => {
  const config = layer.getConfig();
  const rank = x.shape.length;
  const axis = Number(Array.isArray(config.axis) ? NaN : (config.axis ?? -1));
  if (axis !== -1 && axis !== rank - 1) throw cannotExport(layer, `normalises axis ${String(config.axis)}; only the last (channel) axis exports`);
  const weights = layerWeights(layer);
  const mean = weight(layer, weights, 'moving_mean').data;
  const variance = weight(layer, weights, 'moving_variance').data;
  const epsilon = Number(config.epsilon ?? 1e-3);
  const gamma = config.scale === false ? null : weight(layer, weights, 'gamma').data;
  const beta = config.center === false ? null : weight(layer, weights, 'beta').data;
  const factor = Float64Array.from(variance, (v, c) => (gamma ? gamma[c] : 1) / Math.sqrt(v + epsilon));
  // Channel constants broadcast over the last axis, or over axis 1 of an NCHW tensor ([C, 1, 1]).
  const dims = x.layout === 'nchw' ? [mean.length, 1, 1] : [mean.length];
  let out = ctx.graph.node('Sub', [x.name, ctx.graph.floats(`${layer.name}_mean`, mean, dims)], `${layer.name}_centred`);
  out = ctx.graph.node('Mul', [out, ctx.graph.floats(`${layer.name}_factor`, factor, dims)], beta ? `${layer.name}_scaled` : layer.name);
  if (beta) out = ctx.graph.node('Add', [out, ctx.graph.floats(`${layer.name}_beta`, beta, dims)], layer.name);
  return { ...x, name: out };
};

export const shapeConverters: Record<string, LayerConverter> = {
  Flatten: flatten,
  Reshape: reshape,
  Dropout: identity,
  BatchNormalization: batchNormalization,
};
