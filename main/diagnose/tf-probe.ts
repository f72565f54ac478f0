/**
 * The tfjs side of the diagnostics (the rest of main/diagnose is pure): per-layer
 * weights, activations and loss gradients of a tf.LayersModel on a fixed probe
 * batch, once per epoch: one forward and one backward pass (probe-pass.ts:
 * the dense-stack fast path for an MLP, else the tape), read back and
 * summarised.
 *
 * The probe runs in inference mode (dropout off, batch norm on its moving
 * statistics) so that two epochs differ only by what training changed. Tracked
 * layers: every layer with trainable weights and every activation layer.
 */
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../api/errors.ts';
import type { LossKind } from '../train/step.ts';
import { createProbePass, type ProbePassOptions } from './probe-pass.ts';
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

export function createDiagnosticsProbe(model: tf.LayersModel, batch: ProbeBatch, loss: LossKind, options: ProbePassOptions = {}): DiagnosticsProbe {
  const inputShape = model.inputs[0].shape.slice(1) as number[];
  const size = inputShape.reduce((a, b) => a * b, 1);
  if (batch.n < 1 || batch.x.length !== batch.n * size || batch.y.length !== batch.n) {
    throw new ApiError('invalid_argument', `the probe batch needs ${batch.n} rows of ${size} values and ${batch.n} labels`);
  }
  const tracked = model.layers.filter((l) => l.getClassName() !== 'InputLayer' && (l.trainableWeights.length > 0 || l.getClassName() in ACTIVATION_CLASSES));
  // Units (dense) or channels (conv): the last axis of the layer's output.
  const units = tracked.map((l) => (l.output as tf.SymbolicTensor).shape.at(-1) ?? 1);
  const pass = createProbePass(model, tracked, loss, options);
  const xs = tf.tensor(batch.x, [batch.n, ...inputShape]);
  const ys = loss === 'mse' ? tf.tensor2d(batch.y, [batch.n, 1]) : tf.tensor1d(batch.y);
  let previous: Float32Array[][] | null = null;

  return {
    measure(epoch) {
      const raw = pass(xs, ys);
      const layers: LayerDiagnostics[] = tracked.map((layer, k) => {
        const weights = raw.weights[k];
        const gradients = raw.gradients[k];
        const acts = raw.activations[k];
        const activation = activationOf(layer);
        const hasWeights = weights.length > 0;
        return {
          layer: layer.name,
          className: layer.getClassName(),
          activation,
          units: units[k],
          params: weights.reduce((s, w) => s + w.length, 0),
          weights: hasWeights ? summarise(concat(weights)) : null,
          gradients: hasWeights ? summarise(concat(gradients)) : null,
          activations: summarise(acts),
          weightNorm: hasWeights ? l2Norm(weights) : null,
          gradNorm: hasWeights ? l2Norm(gradients) : null,
          updateRatio: hasWeights ? updateRatio(previous?.[k] ?? null, weights) : null,
          deadFraction: activation === 'relu' ? deadFraction(acts, units[k]) : null,
          saturatedFraction: activation === 'sigmoid' || activation === 'tanh' ? saturatedFraction(acts, units[k], activation) : null,
        };
      });
      previous = raw.weights;
      const gradNorm = Math.sqrt(layers.reduce((s, l) => s + (l.gradNorm ?? 0) ** 2, 0));
      return { epoch, loss: raw.loss, gradNorm, layers };
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
