/**
 * Our MultiHeadSelfAttention (main/model/layers/attention.ts) as standard ops,
 * step for step as its call() computes it:
 *
 *   tokens  = reshape(x, [N, T, D])                        T = product of the per-sample dims but the last
 *   Q, K, V = tokens·W + b → [N, T, h, k] → [N, h, T, k]   (MatMul, Add, Reshape, Transpose)
 *   A       = softmax((Q·Kᵀ) · 1/√k)                        (MatMul, Mul, Softmax over keys)
 *   out     = (A·V → [N, T, h·k])·Wo + bo → x's shape
 * With a padding mask as second input, −1e9 is added to the padded keys' scores first.
 */
import { cannotExport, layerWeights, staticDims, weight, type ConvertContext, type LayerConverter, type LayerWeights, type Value } from '../context.ts';
import { int, ints } from '../graph.ts';
import type * as tf from '@tensorflow/tfjs';
import { MASKED } from '../../../model/layers/masks.ts';

function project(ctx: ConvertContext, layer: tf.layers.Layer, weights: LayerWeights, x: string, which: string, shape: number[]): string {
  const kernel = weight(layer, weights, `${which}_kernel`);
  const bias = weight(layer, weights, `${which}_bias`);
  const w = ctx.graph.floats(`${layer.name}_${which}_kernel`, kernel.data, kernel.shape);
  const b = ctx.graph.floats(`${layer.name}_${which}_bias`, bias.data, bias.shape);
  const product = ctx.graph.node('MatMul', [x, w], `${layer.name}_${which}_matmul`);
  const projected = ctx.graph.node('Add', [product, b], `${layer.name}_${which}`);
  return ctx.graph.node('Reshape', [projected, ctx.graph.int64s(`${layer.name}_${which}_heads`, shape)], `${layer.name}_${which}_split`);
}

const attention: LayerConverter = (ctx, layer, [input, mask]) => {
  const config = layer.getConfig();
  const heads = Number(config.heads);
  const keyDim = Number(config.keyDim);
  const x: Value = ctx.channelsLast(input);
  const dims = staticDims(layer, x.shape);
  if (dims.length < 2 || dims.length > 3) throw cannotExport(layer, `needs [batch, tokens, features] or [batch, H, W, C], got rank ${x.shape.length}`);
  const d = dims[dims.length - 1];
  const tokens = dims.slice(0, -1).reduce((a, b) => a * b, 1);
  const weights = layerWeights(layer);
  const g = ctx.graph;
  const seq = g.node('Reshape', [x.name, g.int64s(`${layer.name}_tokens_shape`, [0, tokens, d])], `${layer.name}_tokens`);

  const toHeads = (which: string) => {
    const split = project(ctx, layer, weights, seq, which, [0, tokens, heads, keyDim]);
    return g.node('Transpose', [split], `${layer.name}_${which}_by_head`, { perm: ints([0, 2, 1, 3]) });
  };
  const q = toHeads('query');
  const k = toHeads('key');
  const v = toHeads('value');
  const kT = g.node('Transpose', [k], `${layer.name}_key_t`, { perm: ints([0, 1, 3, 2]) });
  const raw = g.node('MatMul', [q, kT], `${layer.name}_scores_raw`);
  let scores = g.node('Mul', [raw, g.floats(`${layer.name}_scale`, [1 / Math.sqrt(keyDim)], [])], `${layer.name}_scores`);
  if (mask) {
    // Padded keys: −1e9 added to their scores, [N, 1, 1, T] over every head and query, as the layer does.
    const padded = g.node('Sub', [g.floats(`${layer.name}_one`, [1], []), mask.name], `${layer.name}_padded`);
    const penalty = g.node('Mul', [padded, g.floats(`${layer.name}_masked`, [MASKED], [])], `${layer.name}_penalty`);
    const shaped = g.node('Reshape', [penalty, g.int64s(`${layer.name}_penalty_shape`, [-1, 1, 1, tokens])], `${layer.name}_penalty_4d`);
    scores = g.node('Add', [scores, shaped], `${layer.name}_scores_masked`);
  }
  const attn = g.node('Softmax', [scores], `${layer.name}_weights`, { axis: int(-1) });
  const context = g.node('MatMul', [attn, v], `${layer.name}_context`);
  const merged = g.node('Transpose', [context], `${layer.name}_context_t`, { perm: ints([0, 2, 1, 3]) });
  const flat = g.node('Reshape', [merged, g.int64s(`${layer.name}_context_shape`, [0, tokens, heads * keyDim])], `${layer.name}_context_flat`);

  const outKernel = weight(layer, weights, 'output_kernel');
  const outBias = weight(layer, weights, 'output_bias');
  if (outKernel.shape[1] !== d) throw cannotExport(layer, `projects back to ${outKernel.shape[1]} features instead of ${d}`);
  const product = g.node('MatMul', [flat, g.floats(`${layer.name}_output_kernel`, outKernel.data, outKernel.shape)], `${layer.name}_output_matmul`);
  const out = g.node('Add', [product, g.floats(`${layer.name}_output_bias`, outBias.data, outBias.shape)], `${layer.name}_output`);
  const restored = g.node('Reshape', [out, g.int64s(`${layer.name}_restore_shape`, [0, ...dims])], layer.name);
  return { name: restored, shape: x.shape, layout: 'nhwc' };
};

export const attentionConverters: Record<string, LayerConverter> = { MultiHeadSelfAttention: attention };
