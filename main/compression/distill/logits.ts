/**
 * Logits of a model whose head ends in softmax. Our builder fuses the softmax
 * into the 'head' dense layer, so the logits are that layer's affine part:
 * z = features · W + b, where features is the head's input. We get features from
 * a sub-model that shares the layers (no copy of any weight) and redo the affine
 * part by hand, so gradients reach W and b as usual.
 *
 * For models whose output is not a softmax dense layer (e.g. an imported model
 * ending in a separate Softmax layer) the fallback is log(p): softmax is
 * invariant to adding a constant, so softmax(log p / T) is exactly the softened
 * distribution; only probabilities below the 1e-7 clip lose their gradient.
 */
import * as tf from '@tensorflow/tfjs';

export type LogitsFn = (x: tf.Tensor, training: boolean) => tf.Tensor;

type Weighted = { originalName?: string; name: string; read(): tf.Tensor };

export function logitsFn(model: tf.LayersModel): LogitsFn {
  const head = model.outputLayers[0] as tf.layers.Layer;
  const config = head.getConfig() as { activation?: string; useBias?: boolean };
  if (head.getClassName() === 'Dense' && config.activation === 'softmax') {
    // Never dispose this container: its layers belong to `model`.
    const features = tf.model({ inputs: model.inputs, outputs: head.input as tf.SymbolicTensor });
    const weights = head.weights as unknown as Weighted[];
    const kernel = weights.find((w) => /kernel/.test(w.originalName ?? w.name)) as Weighted;
    const bias = weights.find((w) => /bias/.test(w.originalName ?? w.name));
    return (x, training) => {
      const f = features.apply(x, { training }) as tf.Tensor;
      const z = tf.matMul(f, kernel.read());
      return bias ? tf.add(z, bias.read()) : z;
    };
  }
  return (x, training) => tf.log(tf.clipByValue(model.apply(x, { training }) as tf.Tensor, 1e-7, 1));
}
