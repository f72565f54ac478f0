/**
 * Layers that join tensors: Add (residual blocks), Average and Concatenate
 * (merged ensembles). Elementwise joins bring every input to the first one's
 * layout, so a residual add inside a conv section stays channels-first;
 * Concatenate works on tfjs's axes and so on channels-last tensors.
 */
import { cannotExport, type LayerConverter } from '../context.ts';
import { int } from '../graph.ts';

function elementwise(op: 'Sum' | 'Mean'): LayerConverter {
  return (ctx, layer, inputs) => {
    if (inputs.length < 2) throw cannotExport(layer, `joins ${inputs.length} tensor(s)`);
    const layout = inputs[0].layout;
    const names = inputs.map((v) => ctx.inLayout(v, layout).name);
    return { name: ctx.graph.node(op, names, layer.name), shape: inputs[0].shape, layout };
  };
}

const concatenate: LayerConverter = (ctx, layer, inputs) => {
  const values = inputs.map((v) => ctx.channelsLast(v));
  const rank = values[0].shape.length;
  const axis = Number(layer.getConfig().axis ?? -1);
  const positive = axis < 0 ? rank + axis : axis;
  if (positive <= 0 || positive >= rank) throw cannotExport(layer, `concatenates along axis ${axis} of rank-${rank} tensors`);
  const sizes = values.map((v) => v.shape[positive]);
  const joined = sizes.every((s) => s !== null) ? (sizes as number[]).reduce((a, b) => a + b, 0) : null;
  const shape = values[0].shape.map((d, i) => (i === positive ? joined : d));
  return { name: ctx.graph.node('Concat', values.map((v) => v.name), layer.name, { axis: int(positive) }), shape, layout: 'nhwc' };
};

export const mergeConverters: Record<string, LayerConverter> = {
  Add: elementwise('Sum'),
  Average: elementwise('Mean'),
  Concatenate: concatenate,
};
