/**
 * Dense: y = x·W + b over the last axis (any rank, like tfjs), then the fused
 * activation. MatMul broadcasts over leading axes, so one form serves [N, F]
 * and [N, T, F] alike.
 */
import { cannotExport, layerWeights, weight, type LayerConverter } from '../context.ts';
import { applyActivation } from './activations.ts';

export const dense: LayerConverter = (ctx, layer, [input]) => {
  const config = layer.getConfig();
  const weights = layerWeights(layer);
  const kernel = weight(layer, weights, 'kernel');
  const x = ctx.channelsLast(input);
  const features = x.shape[x.shape.length - 1];
  if (kernel.shape.length !== 2 || kernel.shape[0] !== features) throw cannotExport(layer, `has a kernel of shape [${kernel.shape}] for ${features} input features`);
  const units = kernel.shape[1];
  const w = ctx.graph.floats(`${layer.name}_kernel`, kernel.data, kernel.shape);
  let out = ctx.graph.node('MatMul', [x.name, w], `${layer.name}_matmul`);
  if (config.useBias !== false) {
    const b = ctx.graph.floats(`${layer.name}_bias`, weight(layer, weights, 'bias').data, [units]);
    out = ctx.graph.node('Add', [out, b], layer.name);
  }
  const value = { name: out, shape: [...x.shape.slice(0, -1), units], layout: 'nhwc' as const };
  return applyActivation(ctx, layer, value, String(config.activation ?? 'linear'));
};
