/**
 * How much each unit of a channel group matters, read from a model's current
 * weights: the L1 / L2 norm of the weights each producer gives the unit (the
 * rules are the pure functions of ranking.ts), or |gamma| of the batch norms
 * that follow ('bn'). Members of a residual-joined group are combined.
 */
import type * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../api/errors.ts';
import type { Producer, SpecGraph } from './graph.ts';
import { absValues, combineImportance, outputChannelNorms, unitNorms, type Criterion, type OwnedValues } from './ranking.ts';

export function layerOf(model: tf.LayersModel, name: string): tf.layers.Layer {
  try {
    return model.getLayer(name);
  } catch {
    throw new ApiError('invalid_argument', `The model does not match its spec: it has no layer named ${name}.`);
  }
}

/**
 * Attention weights (an attention layer's or a transformer block's) are Q, K, V (kernel [D, heads*keyDim],
 * bias) then the output projection (kernel [heads*keyDim, D], bias): head h owns
 * the columns h*keyDim.. of Q, K, V and the same rows of the output kernel.
 */
function headParts(weights: tf.Tensor[], heads: number): OwnedValues[] {
  const [query, , key, , value, , output] = weights;
  const [hk, d] = output.shape as [number, number];
  const keyDim = hk / heads;
  const byColumn = (i: number): number => Math.floor((i % hk) / keyDim);
  return [
    ...[query, key, value].map((w) => ({ values: w.dataSync(), owner: byColumn })),
    { values: output.dataSync(), owner: (i: number) => Math.floor(Math.floor(i / d) / keyDim) },
  ];
}

/** lstm / gru, per direction: kernel [D, G*units], recurrent kernel [units, G*units], bias; unit u owns column g*units + u of each gate g. */
function recurrentParts(weights: tf.Tensor[], units: number): OwnedValues[] {
  const owner = (i: number): number => i % units; // columns are gate-major, units the fastest axis
  return weights.filter((_, i) => i % 3 !== 2).map((w) => ({ values: w.dataSync(), owner })); // [kernel, recurrent, bias] per direction
}

/** The norm of each of `units` units' incoming weights in one producer. */
function producerNorms(model: tf.LayersModel, p: Producer, units: number, norm: 'l1' | 'l2'): number[] {
  // getWeights returns the live variables: read them, never dispose them.
  const weights = layerOf(model, p.layer).getWeights();
  if (p.kind === 'heads') return unitNorms(headParts(weights, units), units, norm);
  if (p.kind === 'recurrent') return unitNorms(recurrentParts(weights, units), units, norm);
  return outputChannelNorms(weights[0].dataSync(), units, norm);
}

/** Importance of each channel of the group rooted at `root`, from the model's current weights. */
export function groupImportance(model: tf.LayersModel, graph: SpecGraph, root: number, criterion: Criterion): number[] {
  const members = graph.members(root).map((g) => graph.groups[g]);
  const units = members[0].units;
  if (criterion === 'bn') {
    const gammas = members.flatMap((m) => m.bn).map((bn) => absValues(layerOf(model, bn).getWeights()[0].dataSync()));
    if (gammas.length > 0) return combineImportance(gammas);
    // No batch norm measures these channels: fall back to the kernels' L1 norm.
  }
  const norm = criterion === 'l2' ? 'l2' : 'l1';
  return combineImportance(members.flatMap((m) => m.producers).map((p) => producerNorms(model, p, units, norm)));
}
