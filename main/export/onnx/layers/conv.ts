/**
 * Conv2D, max/average pooling and global average pooling. Conv and pooling
 * run channels-first (ONNX's only layout for them); tfjs's 'same' padding is
 * written out as explicit pads (TensorFlow puts the odd pixel after), computed
 * from the static shapes, so no runtime has to agree on SAME_UPPER.
 */
import type * as tf from '@tensorflow/tfjs';
import { cannotExport, layerWeights, staticDims, weight, type LayerConverter, type Value } from '../context.ts';
import { int, ints } from '../graph.ts';
import { applyActivation } from './activations.ts';

const pair = (v: unknown, fallback: number): [number, number] => {
  if (v === undefined || v === null) return [fallback, fallback];
  if (Array.isArray(v)) return [Number(v[0]), Number(v[v.length > 1 ? 1 : 0])];
  return [Number(v), Number(v)];
};

/** The ONNX pads [top, left, bottom, right] and output size of one window over a static input. */
export function windowPads(
  padding: string, input: [number, number], kernel: [number, number], strides: [number, number], dilation: [number, number] = [1, 1],
): { pads: number[]; output: [number, number] } {
  if (padding === 'valid') {
    const out = (i: number) => Math.floor((input[i] - ((kernel[i] - 1) * dilation[i] + 1)) / strides[i]) + 1;
    return { pads: [0, 0, 0, 0], output: [out(0), out(1)] };
  }
  const before: number[] = [];
  const after: number[] = [];
  const output: number[] = [];
  for (const i of [0, 1]) {
    const out = Math.ceil(input[i] / strides[i]);
    const total = Math.max((out - 1) * strides[i] + (kernel[i] - 1) * dilation[i] + 1 - input[i], 0);
    before.push(Math.floor(total / 2));
    after.push(total - Math.floor(total / 2));
    output.push(out);
  }
  return { pads: [...before, ...after], output: [output[0], output[1]] };
}

function channelsLastOnly(layer: tf.layers.Layer, config: tf.serialization.ConfigDict): void {
  if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast') throw cannotExport(layer, `uses dataFormat '${String(config.dataFormat)}'; only channelsLast models export`);
  if (config.padding !== 'valid' && config.padding !== 'same') throw cannotExport(layer, `uses padding '${String(config.padding)}'`);
}

function spatial(layer: tf.layers.Layer, x: Value): [number, number, number] {
  if (x.shape.length !== 4) throw cannotExport(layer, `expects an image tensor [batch, H, W, C], got rank ${x.shape.length}`);
  const [h, w, c] = staticDims(layer, x.shape);
  return [h, w, c];
}

const conv2d: LayerConverter = (ctx, layer, [input]) => {
  const config = layer.getConfig();
  channelsLastOnly(layer, config);
  const [h, w, c] = spatial(layer, input);
  const weights = layerWeights(layer);
  const kernel = weight(layer, weights, 'kernel');
  const [kh, kw, kc, filters] = kernel.shape;
  if (kc !== c) throw cannotExport(layer, `has a kernel for ${kc} channels but receives ${c}`);
  const strides = pair(config.strides, 1);
  const dilation = pair(config.dilationRate, 1);
  const { pads, output } = windowPads(String(config.padding), [h, w], [kh, kw], strides, dilation);
  // tfjs [kh, kw, in, out] → ONNX [out, in, kh, kw].
  const oihw = new Float32Array(kernel.data.length);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let ci = 0; ci < c; ci++)
        for (let o = 0; o < filters; o++) oihw[((o * c + ci) * kh + i) * kw + j] = kernel.data[((i * kw + j) * c + ci) * filters + o];
  const inputs = [ctx.channelsFirst(input).name, ctx.graph.floats(`${layer.name}_kernel`, oihw, [filters, c, kh, kw])];
  if (config.useBias !== false) inputs.push(ctx.graph.floats(`${layer.name}_bias`, weight(layer, weights, 'bias').data, [filters]));
  const name = ctx.graph.node('Conv', inputs, layer.name, {
    kernel_shape: ints([kh, kw]), strides: ints(strides), dilations: ints(dilation), pads: ints(pads), group: int(1),
  });
  const value: Value = { name, shape: [input.shape[0], output[0], output[1], filters], layout: 'nchw' };
  return applyActivation(ctx, layer, value, String(config.activation ?? 'linear'));
};

function pooling(op: 'MaxPool' | 'AveragePool'): LayerConverter {
  return (ctx, layer, [input]) => {
    const config = layer.getConfig();
    channelsLastOnly(layer, config);
    const [h, w, c] = spatial(layer, input);
    const size = pair(config.poolSize, 2);
    const strides = pair(config.strides, size[0]);
    const { pads, output } = windowPads(String(config.padding), [h, w], size, strides);
    // count_include_pad = 0 (the default): padded pixels do not count, as in tfjs's 'same' average pooling.
    const name = ctx.graph.node(op, [ctx.channelsFirst(input).name], layer.name, { kernel_shape: ints(size), strides: ints(strides), pads: ints(pads) });
    return { name, shape: [input.shape[0], output[0], output[1], c], layout: 'nchw' };
  };
}

/** The mean over H and W, on whichever layout the tensor has (no transpose needed). */
const globalAveragePooling2d: LayerConverter = (ctx, layer, [input]) => {
  const config = layer.getConfig();
  if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast') throw cannotExport(layer, `uses dataFormat '${String(config.dataFormat)}'`);
  const [, , c] = spatial(layer, input);
  const axes = input.layout === 'nchw' ? [2, 3] : [1, 2];
  const name = ctx.graph.node('ReduceMean', [input.name], layer.name, { axes: ints(axes), keepdims: int(0) });
  return { name, shape: [input.shape[0], c], layout: 'nhwc' };
};

export const convConverters: Record<string, LayerConverter> = {
  Conv2D: conv2d,
  MaxPooling2D: pooling('MaxPool'),
  AveragePooling2D: pooling('AveragePool'),
  GlobalAveragePooling2D: globalAveragePooling2d,
};
