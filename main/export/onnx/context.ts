/**
 * What every layer converter shares: the graph being built, the tensors
 * flowing through it and their data layout.
 *
 * tfjs is channels-last (NHWC); ONNX's Conv, pooling and friends are
 * channels-first (NCHW). A rank-4 tensor therefore carries its layout, and a
 * converter asks for the one it needs: a conv section transposes once on the
 * way in and stays NCHW through its activations, pools, batch norms and
 * residual adds; the first layer that needs tfjs's order (flatten, dense,
 * reshape, attention, concatenate, the graph's output) transposes back.
 * Transposes are memoised, so two readers of one tensor share one.
 */
import type * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../api/errors.ts';
import type { GraphBuilder } from './graph.ts';
import { ints } from './graph.ts';

export type Layout = 'nhwc' | 'nchw';

/** A tensor of the graph: its ONNX name, its shape as tfjs sees it (batch first, channels last) and how it is stored. */
export type Value = { name: string; shape: (number | null)[]; layout: Layout };

export type LayerWeights = Map<string, { shape: number[]; data: Float32Array }>;

export type LayerConverter = (ctx: ConvertContext, layer: tf.layers.Layer, inputs: Value[]) => Value;

export class ConvertContext {
  readonly graph: GraphBuilder;
  private readonly transposed = new Map<string, Value>();

  constructor(graph: GraphBuilder) {
    this.graph = graph;
  }

  /** The tensor in tfjs's channels-last order (a no-op for anything but NCHW rank-4 tensors). */
  channelsLast(v: Value): Value {
    return v.layout === 'nhwc' ? v : this.transpose(v, 'nhwc', [0, 2, 3, 1]);
  }

  /** The rank-4 tensor in ONNX's channels-first order, for Conv and pooling. */
  channelsFirst(v: Value): Value {
    return v.layout === 'nchw' ? v : this.transpose(v, 'nchw', [0, 3, 1, 2]);
  }

  /** `v` in `layout` (rank-4 only; other ranks have one layout). */
  inLayout(v: Value, layout: Layout): Value {
    if (v.shape.length !== 4) return v;
    return layout === 'nchw' ? this.channelsFirst(v) : this.channelsLast(v);
  }

  private transpose(v: Value, layout: Layout, perm: number[]): Value {
    const key = `${v.name}->${layout}`;
    const known = this.transposed.get(key);
    if (known) return known;
    const out: Value = { name: this.graph.node('Transpose', [v.name], `${v.name}_${layout}`, { perm: ints(perm) }), shape: v.shape, layout };
    this.transposed.set(key, out);
    return out;
  }
}

/** The error for a layer that has no ONNX form (or not one we can vouch for). */
export function cannotExport(layer: tf.layers.Layer, why: string): ApiError {
  return new ApiError('cannot_build', `Cannot export to ONNX: layer '${layer.name}' (${layer.getClassName()}) ${why}.`);
}

/** The layer's weights by their own name ('kernel', 'bias', 'query_kernel'…), read from the trained variables. */
export function layerWeights(layer: tf.layers.Layer): LayerWeights {
  const out: LayerWeights = new Map();
  for (const w of layer.weights) {
    const short = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
    out.set(short, { shape: w.shape as number[], data: w.read().dataSync() as Float32Array });
  }
  return out;
}

/** A weight the converter cannot do without. */
export function weight(layer: tf.layers.Layer, weights: LayerWeights, name: string): { shape: number[]; data: Float32Array } {
  const w = weights.get(name);
  if (!w) throw cannotExport(layer, `has no '${name}' weight`);
  return w;
}

/** Static size of a shape's known dimensions after the batch; null when one is unknown. */
export function staticDims(layer: tf.layers.Layer, shape: (number | null)[]): number[] {
  const dims = shape.slice(1);
  if (dims.some((d) => d === null)) throw cannotExport(layer, `has an input of unknown size [${shape.map((d) => d ?? '?').join(', ')}]; ONNX export needs fixed per-sample shapes`);
  return dims as number[];
}
