/**
 * The tfjs side of the diagnostics (the rest of main/diagnose is pure): per-layer
 * weights, activations and loss gradients of a tf.LayersModel on a fixed probe
 * batch, once per epoch. One forward and one backward pass through a model that
 * also outputs every tracked layer's activations; the activations are kept out
 * of the gradient tape's tidy, read back, then disposed with everything else.
 *
 * The probe runs in inference mode (dropout off, batch norm on its moving
 * statistics) so that two epochs differ only by what training changed. Tracked
 * layers: every layer with trainable weights and every activation layer.
 */
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../api/errors.ts';
import { lossFor, type LossKind } from '../train/step.ts';
import { summarise } from './summary.ts';
import type { EpochDiagnostics, LayerDiagnostics } from './types.ts';
import { deadFraction, l2Norm, saturatedFraction, updateRatio } from './units.ts';

export type ProbeBatch = { x: Float32Array; y: Float32Array; n: number };

export type DiagnosticsProbe = {
  /** Diagnostics of the model as it is now; call once per epoch, after the epoch's updates. */
  measure(epoch: number): EpochDiagnostics;
  dispose(): void;
};

const ACTIVATION_CLASSES: Record<string, string | null> = { Activation: null, ReLU: 'relu', LeakyReLU: 'leaky_relu', PReLU: 'prelu', ELU: 'elu', Softmax: 'softmax' };

function activationOf(layer: tf.layers.Layer): string | null {
  const fixed = ACTIVATION_CLASSES[layer.getClassName()];
  if (fixed) return fixed;
  const a = (layer.getConfig() as { activation?: unknown }).activation;
  return typeof a === 'string' ? a : null;
}

const variablesOf = (layer: tf.layers.Layer): tf.Variable[] => layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);

export function createDiagnosticsProbe(model: tf.LayersModel, batch: ProbeBatch, loss: LossKind): DiagnosticsProbe {
  const inputShape = model.inputs[0].shape.slice(1) as number[];
  const size = inputShape.reduce((a, b) => a * b, 1);
  if (batch.n < 1 || batch.x.length !== batch.n * size || batch.y.length !== batch.n) {
    throw new ApiError('invalid_argument', `the probe batch needs ${batch.n} rows of ${size} values and ${batch.n} labels`);
  }
  const tracked = model.layers.filter((l) => l.getClassName() !== 'InputLayer' && (l.trainableWeights.length > 0 || l.getClassName() in ACTIVATION_CLASSES));
  const outputs = tracked.map((l) => l.output as tf.SymbolicTensor);
  let headIndex = outputs.indexOf(model.outputs[0]);
  if (headIndex < 0) headIndex = outputs.push(model.outputs[0]) - 1;
  const probeModel = tf.model({ inputs: model.inputs, outputs });
  const xs = tf.tensor(batch.x, [batch.n, ...inputShape]);
  const ys = loss === 'mse' ? tf.tensor2d(batch.y, [batch.n, 1]) : tf.tensor1d(batch.y);
  let previous: Float32Array[][] | null = null;

  return {
    measure(epoch) {
      const variables = tracked.map(variablesOf);
      let kept: tf.Tensor[] = [];
      const { value, grads } = tf.variableGrads(() => {
        const out = probeModel.apply(xs, { training: false });
        kept = (Array.isArray(out) ? out : [out]).map((t) => tf.keep(t as tf.Tensor));
        const base = lossFor(loss, ys, kept[headIndex]);
        const regularisation = model.calculateLosses();
        return (regularisation.length ? tf.addN([base, ...regularisation]) : base) as tf.Scalar;
      }, variables.flat());
      try {
        const weights = variables.map((vs) => vs.map((v) => v.dataSync().slice() as Float32Array));
        const layers: LayerDiagnostics[] = tracked.map((layer, k) => {
          const gradients = variables[k].map((v) => (grads[v.name]?.dataSync() as Float32Array | undefined) ?? new Float32Array(v.size));
          const acts = kept[k].dataSync() as Float32Array;
          const units = kept[k].shape[kept[k].shape.length - 1] ?? 1;
          const activation = activationOf(layer);
          const hasWeights = weights[k].length > 0;
          return {
            layer: layer.name,
            className: layer.getClassName(),
            activation,
            units,
            params: weights[k].reduce((s, w) => s + w.length, 0),
            weights: hasWeights ? summarise(concat(weights[k])) : null,
            gradients: hasWeights ? summarise(concat(gradients)) : null,
            activations: summarise(acts),
            weightNorm: hasWeights ? l2Norm(weights[k]) : null,
            gradNorm: hasWeights ? l2Norm(gradients) : null,
            updateRatio: hasWeights ? updateRatio(previous?.[k] ?? null, weights[k]) : null,
            deadFraction: activation === 'relu' ? deadFraction(acts, units) : null,
            saturatedFraction: activation === 'sigmoid' || activation === 'tanh' ? saturatedFraction(acts, units, activation) : null,
          };
        });
        previous = weights;
        const gradNorm = Math.sqrt(layers.reduce((s, l) => s + (l.gradNorm ?? 0) ** 2, 0));
        return { epoch, loss: value.dataSync()[0], gradNorm, layers };
      } finally {
        tf.dispose([value, ...Object.values(grads), ...kept]);
      }
    },
    dispose() {
      tf.dispose([xs, ys]);
    },
  };
}

function concat(arrays: Float32Array[]): Float32Array {
  if (arrays.length === 1) return arrays[0];
  const out = new Float32Array(arrays.reduce((s, a) => s + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}
