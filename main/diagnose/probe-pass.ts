/**
 * One forward and backward pass of the diagnostics probe (tf-probe.ts) on its
 * fixed batch, in inference mode, as raw arrays per tracked layer: the
 * weights, their loss gradients and the layer's output. Two ways, equal in
 * their numbers:
 * - a plain Dense stack on wasm (an MLP) goes through the training step's own
 *   fast path (main/backend/dense-stack.ts): the same products in the same
 *   order as the tape, without the engine. Its epochs train there, so the tape
 *   and gradient code of tfjs would otherwise run only for the probe: a
 *   one-time warm-up of tens of milliseconds per worker and ~2 ms per probe,
 *   which on a 25 ms epoch is most of the diagnostics' cost;
 * - any other model: a model that also outputs every tracked layer, under
 *   tf.variableGrads (built on first use, reused every epoch).
 */
import * as tf from '@tensorflow/tfjs';
import { canComputeDenseStack, denseStackGradients, planDenseStack, type DenseStackPlan } from '../backend/dense-stack.ts';
import { lossFor, type LossKind } from '../train/step.ts';

/**
 * Per tracked layer (in the order given): trainable weights and their gradients
 * (empty without weights), and the output. The weights are copies the caller
 * may keep; the rest is valid until the next pass.
 */
export type ProbeArrays = { loss: number; weights: Float32Array[][]; gradients: Float32Array[][]; activations: Float32Array[] };

export type ProbePass = (xs: tf.Tensor, ys: tf.Tensor) => ProbeArrays;

const variablesOf = (layer: tf.layers.Layer): tf.Variable[] => layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
/** A copy: the weights are kept until the next epoch's update ratio (dataSync hands out the cpu backend's own array). */
const copy = (t: tf.Tensor) => t.dataSync().slice() as Float32Array;
/** For a tensor disposed right after: no backend writes into an array it handed out. */
const read = (t: tf.Tensor) => t.dataSync() as Float32Array;

/** `denseStack: false` keeps a Dense stack on the tape pass (as createTrainStep's option: for the tests that compare the two). */
export type ProbePassOptions = { denseStack?: boolean };

/** The dense-stack pass when the model is one and the batch can take it now, else the tape pass. */
export function createProbePass(model: tf.LayersModel, tracked: tf.layers.Layer[], loss: LossKind, options: ProbePassOptions = {}): ProbePass {
  const plan = options.denseStack === false ? null : planDenseStack(model, loss);
  // A dense stack's tracked layers are its Dense layers, one for one (no activation layers in a plan).
  const dense = plan && plan.layers.length === tracked.length ? densePass(plan) : null;
  let tape: ProbePass | null = null;
  return (xs, ys) => {
    if (dense && canComputeDenseStack(plan, xs, ys)) return dense(xs, ys);
    tape ??= tapePass(model, tracked, loss);
    return tape(xs, ys);
  };
}

function densePass(plan: DenseStackPlan): ProbePass {
  return (xs, ys) => {
    const activations: Float32Array[] = [];
    const loss = denseStackGradients(plan, xs, ys, undefined, activations);
    return {
      loss,
      weights: plan.layers.map((l) => (l.bias ? [copy(l.kernel), copy(l.bias)] : [copy(l.kernel)])),
      gradients: plan.layers.map((l) => (l.biasGrad ? [l.kernelGrad, l.biasGrad] : [l.kernelGrad])),
      activations,
    };
  };
}

function tapePass(model: tf.LayersModel, tracked: tf.layers.Layer[], loss: LossKind): ProbePass {
  const outputs = tracked.map((l) => l.output as tf.SymbolicTensor);
  let headIndex = outputs.indexOf(model.outputs[0]);
  if (headIndex < 0) headIndex = outputs.push(model.outputs[0]) - 1;
  // Shares the model's layers and weights; never disposed (that would dispose them).
  const probeModel = tf.model({ inputs: model.inputs, outputs });
  return (xs, ys) => {
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
      return {
        loss: value.dataSync()[0],
        weights: variables.map((vs) => vs.map(copy)),
        gradients: variables.map((vs) => vs.map((v) => (grads[v.name] ? read(grads[v.name]) : new Float32Array(v.size)))),
        activations: tracked.map((_, k) => read(kept[k])),
      };
    } finally {
      tf.dispose([value, ...Object.values(grads), ...kept]);
    }
  };
}
