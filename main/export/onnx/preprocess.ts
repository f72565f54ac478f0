/**
 * The run's preprocessing folded into the graph (`--with-preprocessing`), so
 * the ONNX model takes raw features and gives the target in its own units:
 *
 *   input:  x' = (x − center) / scale      per feature (tabular: the whole per-sample shape) or per channel (images)
 *   output: y  = y' · scale + center       the regression target's inverse transform
 *
 * The same arithmetic as main/data/preprocess.ts (applyRecipe, unscaleTargets).
 */
import { ApiError } from '../../api/errors.ts';
import type { PreprocessRecipe, TargetScaling } from '../../api/schemas.ts';
import type { Value } from './context.ts';
import type { GraphBuilder } from './graph.ts';

export function foldInputRecipe(graph: GraphBuilder, x: Value, recipe: PreprocessRecipe, inputShape: number[]): Value {
  if (recipe.method === 'none') return x;
  const size = inputShape.reduce((a, b) => a * b, 1);
  // Per feature: one constant per position of the per-sample shape; per channel: one per channel, broadcast over H and W.
  const dims = recipe.axis === 'channel' ? [inputShape[inputShape.length - 1]] : inputShape;
  const expected = recipe.axis === 'channel' ? dims[0] : size;
  if (recipe.center.length !== expected || recipe.scale.length !== expected) {
    throw new ApiError('bad_data', `The preprocessing recipe has ${recipe.center.length} entries but the input [${inputShape.join(', ')}] needs ${expected} (per ${recipe.axis}).`);
  }
  const centred = graph.node('Sub', [x.name, graph.floats('preprocess_center', recipe.center, dims)], 'preprocess_centred');
  return { ...x, name: graph.node('Div', [centred, graph.floats('preprocess_scale', recipe.scale, dims)], 'preprocessed') };
}

export function foldTargetScaling(graph: GraphBuilder, y: Value, target: TargetScaling): Value {
  const scaled = graph.node('Mul', [y.name, graph.floats('target_scale', [target.scale], [])], 'target_scaled');
  return { ...y, name: graph.node('Add', [scaled, graph.floats('target_center', [target.center], [])], 'target_units') };
}
