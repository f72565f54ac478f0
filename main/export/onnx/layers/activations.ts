/**
 * Activations, as a layer's fused `activation` (Dense, Conv2D) and as layers
 * of their own (Activation, LeakyReLU, PReLU, ELU, ReLU, Softmax). Elementwise
 * ones keep the tensor's layout; softmax runs over tfjs's last axis.
 */
import type * as tf from '@tensorflow/tfjs';
import { cannotExport, layerWeights, weight, type ConvertContext, type LayerConverter, type Value } from '../context.ts';
import { float, int } from '../graph.ts';

/** tfjs activation name → ONNX op (elementwise, default attributes match tfjs). */
const ELEMENTWISE: Record<string, string> = { relu: 'Relu', sigmoid: 'Sigmoid', tanh: 'Tanh', elu: 'Elu' };

/** Applies a tfjs activation by name (`linear` is nothing). */
export function applyActivation(ctx: ConvertContext, layer: tf.layers.Layer, v: Value, activation: string): Value {
  if (activation === 'linear' || activation === undefined) return v;
  const op = ELEMENTWISE[activation];
  if (op) return { ...v, name: ctx.graph.node(op, [v.name], `${layer.name}_${activation}`) };
  if (activation === 'softmax') return softmax(ctx, layer, v, -1);
  throw cannotExport(layer, `uses the activation '${activation}', which the ONNX export does not support (relu, leaky_relu, prelu, elu, sigmoid, tanh, softmax, linear)`);
}

function softmax(ctx: ConvertContext, layer: tf.layers.Layer, v: Value, axis: number): Value {
  const last = ctx.channelsLast(v);
  return { ...last, name: ctx.graph.node('Softmax', [last.name], `${layer.name}_softmax`, { axis: int(axis) }) };
}

const activation: LayerConverter = (ctx, layer, [x]) => applyActivation(ctx, layer, x, String(layer.getConfig().activation));

const leakyRelu: LayerConverter = (ctx, layer, [x]) => {
  const alpha = Number(layer.getConfig().alpha ?? 0.3);
  return { ...x, name: ctx.graph.node('LeakyRelu', [x.name], layer.name, { alpha: float(alpha) }) };
};

const elu: LayerConverter = (ctx, layer, [x]) => {
  const alpha = Number(layer.getConfig().alpha ?? 1);
  return { ...x, name: ctx.graph.node('Elu', [x.name], layer.name, { alpha: float(alpha) }) };
};

const relu: LayerConverter = (ctx, layer, [x]) => {
  const max = layer.getConfig().maxValue;
  if (max === null || max === undefined) return { ...x, name: ctx.graph.node('Relu', [x.name], layer.name) };
  const low = ctx.graph.floats(`${layer.name}_min`, [0], []);
  const high = ctx.graph.floats(`${layer.name}_max`, [Number(max)], []);
  return { ...x, name: ctx.graph.node('Clip', [x.name, low, high], layer.name) };
};

const softmaxLayer: LayerConverter = (ctx, layer, [x]) => {
  const axis = layer.getConfig().axis;
  if (Array.isArray(axis)) throw cannotExport(layer, 'normalises over several axes');
  return softmax(ctx, layer, x, Number(axis ?? -1));
};

/**
 * PReLU: one alpha per position of the per-sample shape, 1 along the shared
 * axes ([1, 1, C] for images). ONNX's PRelu broadcasts the slope the same way;
 * an NCHW tensor gets the slope permuted to [C, 1, 1].
 */
const prelu: LayerConverter = (ctx, layer, [x]) => {
  const alpha = weight(layer, layerWeights(layer), 'alpha');
  if (x.layout === 'nchw' && alpha.shape.length === 3) {
    const [h, w, c] = alpha.shape;
    const data = new Float32Array(alpha.data.length);
    for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) for (let k = 0; k < c; k++) data[(k * h + i) * w + j] = alpha.data[(i * w + j) * c + k];
    const slope = ctx.graph.floats(`${layer.name}_alpha`, data, [c, h, w]);
    return { ...x, name: ctx.graph.node('PRelu', [x.name, slope], layer.name) };
  }
  const slope = ctx.graph.floats(`${layer.name}_alpha`, alpha.data, alpha.shape);
  return { ...x, name: ctx.graph.node('PRelu', [x.name, slope], layer.name) };
};

export const activationConverters: Record<string, LayerConverter> = {
  Activation: activation,
  LeakyReLU: leakyRelu,
  ELU: elu,
  ReLU: relu,
  Softmax: softmaxLayer,
  PReLU: prelu,
};
