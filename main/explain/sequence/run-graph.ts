/**
 * Runs a tfjs model's graph layer by layer (inference mode), optionally
 * replacing one layer's output with a given tensor, and keeping what any layer
 * received: how token attributions feed interpolated embeddings through the
 * rest of a text model (the padding mask still comes from the real ids), and
 * how attention maps read each attention layer's inputs. tfjs's own execution
 * cannot start inside a model (a LayersModel's inputs must be input layers).
 * Call inside tf.tidy (or tf.grad): every tensor made here is the caller's.
 */
import * as tf from '@tensorflow/tfjs';

export type GraphRun = { output: tf.Tensor; inputsOf: Map<string, tf.Tensor[]> };

export function runGraph(model: tf.LayersModel, input: tf.Tensor, opts: { replace?: Map<string, tf.Tensor>; keepInputsOf?: (layer: tf.layers.Layer) => boolean } = {}): GraphRun {
  const values = new Map<number, tf.Tensor>([[model.inputs[0].id, input]]);
  const inputsOf = new Map<string, tf.Tensor[]>();
  // model.layers is in topological order (tfjs sorts a functional model's layers by depth).
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    for (const node of layer.inboundNodes) {
      const ins = node.inputTensors.map((t) => values.get(t.id));
      if (ins.some((t) => t === undefined)) continue; // a node of another model sharing the layer
      const args = ins as tf.Tensor[];
      if (opts.keepInputsOf?.(layer)) inputsOf.set(layer.name, args);
      const out = opts.replace?.get(layer.name) ?? (layer.apply(args.length === 1 ? args[0] : args, { training: false }) as tf.Tensor);
      node.outputTensors.forEach((t) => values.set(t.id, out));
    }
  }
  const output = values.get(model.outputs[0].id);
  if (!output) throw new Error('the model graph did not reach its output');
  return { output, inputsOf };
}
