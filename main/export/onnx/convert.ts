/**
 * A trained tfjs Layers model → an ONNX model (opset 17), from the model's own
 * layers and weights rather than from a spec: warm-started, pruned, distilled
 * and merged-ensemble models convert like freshly built ones.
 *
 * The walk starts at the model's outputs and follows each symbolic tensor to
 * the layer call that produced it, so functional and sequential models, and
 * residual or ensemble branches, all take the same path. The ONNX graph keeps
 * the tfjs names: the input layer's name for the input, the output layers'
 * names for the outputs, each [batch, ...] float32.
 */
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../api/errors.ts';
import type { PreprocessRecipe, TargetScaling } from '../../api/schemas.ts';
import { cannotExport, ConvertContext, type Value } from './context.ts';
import { GraphBuilder } from './graph.ts';
import { LAYER_CONVERTERS } from './layers/index.ts';
import { foldInputRecipe, foldTargetScaling } from './preprocess.ts';
import { encodeModel } from './proto.ts';

export type OnnxOptions = {
  /** Fold this input scaling into the graph: the ONNX model then takes raw features. */
  recipe?: PreprocessRecipe | null;
  /** Fold the regression target's inverse transform onto the outputs: predictions in the target's units. */
  target?: TargetScaling | null;
  producerVersion?: string;
  docString?: string;
  /** Key/value pairs stored in the model (metadata_props), e.g. the run id and class names. */
  metadata?: Record<string, string>;
};

type Symbolic = tf.SymbolicTensor;

export function layersModelToOnnx(model: tf.LayersModel, options: OnnxOptions = {}): Uint8Array {
  const graph = new GraphBuilder();
  const ctx = new ConvertContext(graph);
  if (model.inputs.length !== 1) throw new ApiError('cannot_build', `Cannot export to ONNX: the model has ${model.inputs.length} inputs; the export handles one.`);
  const input = model.inputs[0];
  const inputShape = input.shape.slice(1);
  if (inputShape.some((d) => d === null)) throw new ApiError('cannot_build', `Cannot export to ONNX: the input shape [${input.shape.map((d) => d ?? '?').join(', ')}] is not fixed.`);
  const inputName = input.sourceLayer.name;
  graph.claim(inputName);
  graph.inputs.push({ name: inputName, dims: ['batch', ...(inputShape as number[])] });

  const outputNames = model.outputs.map((o) => o.sourceLayer.name);
  for (const name of outputNames) {
    if (!graph.claim(name)) throw new ApiError('cannot_build', `Cannot export to ONNX: two inputs or outputs are named '${name}'.`);
  }

  let start: Value = { name: inputName, shape: input.shape, layout: 'nhwc' };
  if (options.recipe) start = foldInputRecipe(graph, start, options.recipe, inputShape as number[]);
  const values = new Map<number, Value>([[input.id, start]]);

  model.outputs.forEach((output, i) => {
    let value = ctx.channelsLast(valueOf(ctx, output, values));
    if (options.target) value = foldTargetScaling(graph, value, options.target);
    graph.nodeTo('Identity', [value.name], outputNames[i]);
    graph.outputs.push({ name: outputNames[i], dims: ['batch', ...output.shape.slice(1).map((d) => d ?? `${outputNames[i]}_dim`)] });
  });

  return encodeModel(graph, {
    producerVersion: options.producerVersion ?? '',
    graphName: model.name,
    docString: options.docString ?? '',
    metadata: options.metadata ?? {},
  });
}

/** The graph value of a symbolic tensor, converting the layers that produce it first (memoised by tensor id). */
function valueOf(ctx: ConvertContext, tensor: Symbolic, values: Map<number, Value>): Value {
  const known = values.get(tensor.id);
  if (known) return known;
  const layer = tensor.sourceLayer as tf.layers.Layer;
  if (layer.getClassName() === 'InputLayer') throw cannotExport(layer, 'is a second input; the export handles one');
  if (layer instanceof tf.LayersModel) throw cannotExport(layer, 'is a model nested inside the model; flatten it first');
  const node = layer.inboundNodes[tensor.nodeIndex];
  if (tensor.tensorIndex !== 0 || node.outputTensors.length !== 1) throw cannotExport(layer, 'has several outputs');
  const convert = LAYER_CONVERTERS[layer.getClassName()];
  if (!convert) {
    throw cannotExport(layer, `is not a layer kind the ONNX export knows (it converts ${Object.keys(LAYER_CONVERTERS).sort().join(', ')})`);
  }
  const inputs = node.inputTensors.map((t) => valueOf(ctx, t, values));
  const value = convert(ctx, layer, inputs);
  values.set(tensor.id, value);
  return value;
}
