/**
 * Attention maps of one row: for every multi-head self-attention layer (inside
 * transformer blocks or on its own), each head's weights [queries × keys] as
 * the layer computes them in inference mode, padding masked. Rows and columns
 * past the row's real tokens are dropped, so a map is tokens × tokens.
 */
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../api/errors.ts';
import { MultiHeadSelfAttention } from '../../model/layers/attention.ts';
import { runGraph } from './run-graph.ts';

export type AttentionMap = { layer: string; heads: number[][][] };

export function attentionMaps(model: tf.LayersModel, row: Float32Array, tokens?: number): AttentionMap[] {
  const layers = model.layers.filter((l): l is MultiHeadSelfAttention => l instanceof MultiHeadSelfAttention);
  if (layers.length === 0) throw new ApiError('invalid_argument', 'this model has no attention layer to draw');
  const shape = model.inputs[0].shape.slice(1) as number[];
  return tf.tidy(() => {
    const { inputsOf } = runGraph(model, tf.tensor(row, [1, ...shape]), { keepInputsOf: (l) => l instanceof MultiHeadSelfAttention });
    return layers.map((layer) => {
      const inputs = inputsOf.get(layer.name);
      if (!inputs) throw new ApiError('internal', `attention layer ${layer.name} was not reached`);
      const weights = layer.attentionWeights(inputs.length === 1 ? inputs[0] : inputs).arraySync() as number[][][][];
      const n = Math.min(tokens ?? Infinity, weights[0][0].length);
      return { layer: layer.name, heads: weights[0].map((head) => head.slice(0, n).map((q) => q.slice(0, n))) };
    });
  });
}
