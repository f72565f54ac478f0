/**
 * Parameters and FLOPs of a built tfjs model, walked layer by layer. Needed for
 * models that no spec describes exactly: structurally pruned, warm-started with a
 * new head, or imported from another tool. Same convention as
 * main/model/layer-math.ts (multiply-add = 2, bias add = 1 per value, element-wise
 * ops 1 per value, softmax 3, batch norm 2, pooling poolSize² per output value),
 * and, like analyseSpec, the model's own output activation is not priced, so a
 * model built from a spec gets exactly analyseSpec's FLOPs.
 */
import type * as tf from '@tensorflow/tfjs';
import { attentionCost, recurrentCost } from '../model/layer-math.ts';

type Shape = (number | null)[];
const product = (s: Shape): number => s.reduce<number>((a, b) => a * (b ?? 1), 1);
/** Per-sample shape (drops the batch axis). */
const sample = (s: Shape): Shape => s.slice(1);

function firstShape(shape: Shape | Shape[]): Shape {
  return Array.isArray(shape[0]) ? (shape[0] as Shape) : (shape as Shape);
}

function activationFlops(activation: string | undefined, values: number): number {
  if (!activation || activation === 'linear') return 0;
  return activation === 'softmax' ? 3 * values : values;
}

/** Shapes of a layer's inputs (several for Add); an InputLayer has none. */
function inputShapes(layer: tf.layers.Layer): Shape[] {
  if (layer.getClassName() === 'InputLayer') return [];
  const input = layer.input as tf.SymbolicTensor | tf.SymbolicTensor[];
  return (Array.isArray(input) ? input : [input]).map((t) => t.shape);
}

type LayerConfig = Record<string, unknown> & { activation?: string; useBias?: boolean; units?: number; filters?: number };

/** The shape of a conv layer's kernel ([kh, kw, cin, f] or [k, cin, f]); ones where it has none. */
function kernelShape(layer: tf.layers.Layer, rank: number): number[] {
  const kernel = layer.weights.find((w) => /kernel/.test(w.originalName ?? w.name));
  return (kernel?.shape as number[] | undefined) ?? new Array<number>(rank).fill(1);
}

/** FLOPs of one layer for one sample; `priceActivation` is false for the model's output layer. */
export function layerFlops(layer: tf.layers.Layer, priceActivation = true): number {
  const kind = layer.getClassName();
  const config = layer.getConfig() as LayerConfig;
  const out = sample(firstShape(layer.outputShape as Shape | Shape[]));
  const inputs = inputShapes(layer);
  const input = sample(inputs[0] ?? []);
  const values = product(out);
  const act = priceActivation ? activationFlops(config.activation, values) : 0;
  switch (kind) {
    case 'Dense': {
      const inputs = (input[input.length - 1] ?? 1) as number;
      const units = config.units as number;
      const tokens = product(input.slice(0, -1));
      return tokens * (2 * inputs * units + (config.useBias ? units : 0)) + act;
    }
    case 'Conv2D': {
      const [kh, kw, cin, f] = kernelShape(layer, 4);
      const positions = ((out[0] ?? 1) as number) * ((out[1] ?? 1) as number);
      return positions * (2 * kh * kw * cin * f + (config.useBias ? f : 0)) + act;
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const pool = config.poolSize as number[] | number;
      const [ph, pw] = Array.isArray(pool) ? pool : [pool, pool];
      return ph * pw * values;
    }
    case 'GlobalAveragePooling2D':
      return product(input);
    case 'Conv1D': {
      const [k, cin, f] = kernelShape(layer, 3);
      return ((out[0] ?? 1) as number) * (2 * k * cin * f + (config.useBias ? f : 0)) + act;
    }
    case 'MaxPooling1D':
    case 'AveragePooling1D': {
      const pool = config.poolSize as number[] | number;
      return (Array.isArray(pool) ? pool[0] : pool) * values;
    }
    case 'GlobalPool1D':
      return config.pool === 'first' ? 0 : product(input);
    case 'TokenEmbedding':
    case 'PositionalEncoding':
      return values; // the lookup is free; the padding mask / the position add is one per value
    case 'LayerNorm':
      return 5 * values;
    case 'Recurrent': {
      const [t, d] = input as number[];
      return recurrentCost(config.cell as 'lstm' | 'gru', config.units as number, t, d, Boolean(config.bidirectional)).flops;
    }
    case 'BatchNormalization':
      return 2 * values;
    case 'Add':
      return values * Math.max(1, inputs.length - 1);
    case 'Activation':
      return activationFlops(config.activation, values);
    case 'ReLU':
    case 'LeakyReLU':
    case 'PReLU':
    case 'ELU':
      return values;
    case 'Softmax':
      return 3 * values;
    case 'MultiHeadSelfAttention': {
      const d = (input[input.length - 1] ?? 1) as number;
      return attentionCost(config.heads as number, config.keyDim as number, product(input) / d, d).flops;
    }
    default:
      return 0; // Input, Flatten, Dropout, Reshape: free
  }
}

export function modelFlops(model: tf.LayersModel): number {
  const outputs = new Set(model.outputLayers.map((l) => l.name));
  return model.layers.reduce((sum, layer) => sum + layerFlops(layer, !outputs.has(layer.name)), 0);
}

export function modelParams(model: tf.LayersModel): number {
  return model.countParams();
}
