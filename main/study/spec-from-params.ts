/**
 * The architecture generator: reserved params (depth, units_i, activation,
 * dropout, batch_norm, layer_kind, conv_depth, filters_i, kernel_size, pool)
 * rebuild the layers of a base spec. Pure: same base + params → same spec.
 *
 *   specFromParams({ layers: [] }, { depth: 2, units_0: 64, units_1: 32, activation: 'tanh' })
 *   // → dense(64, tanh), dense(32, tanh)
 *
 * Where the generated blocks go: a spec is "feature extractor, then flatten /
 * global pool, then dense head". conv_depth replaces the part up to the base's
 * last flatten/globalAvgPool2d; depth replaces the part after it. So a tuned
 * MLP keeps a hand-written conv stack, and the other way round.
 */
import type { Activation, Layer, ModelSpec } from '../api/schemas.ts';
import type { Params, ParamValue } from '../tuner/types.ts';

export const ARCH_PARAM_RE = /^(depth|units|units_\d+|activation|dropout|batch_norm|layer_kind|conv_depth|filters|filters_\d+|kernel_size|pool)$/;
export const isArchParam = (name: string): boolean => ARCH_PARAM_RE.test(name);

const DEFAULT_UNITS = 64;
const DEFAULT_FILTERS = 32;

function num(v: ParamValue | undefined, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** Index just past the base's last flatten / global pool, or 0 when it has none. */
function splitPoint(layers: readonly Layer[]): number {
  for (let i = layers.length - 1; i >= 0; i--) if (layers[i].kind === 'flatten' || layers[i].kind === 'globalAvgPool2d') return i + 1;
  return 0;
}

function denseBlocks(params: Params, activation: Activation): Layer[] {
  const depth = Math.max(0, Math.round(num(params.depth, 0)));
  const kind = params.layer_kind === 'residual' ? 'residual' : 'dense';
  const dropout = num(params.dropout, 0);
  const out: Layer[] = [];
  for (let i = 0; i < depth; i++) {
    const units = Math.max(1, Math.round(num(params[`units_${i}`], num(params.units, DEFAULT_UNITS))));
    const body: Layer[] = [{ kind: 'dense', units, activation, useBias: true }];
    if (params.batch_norm === true) body.push({ kind: 'batchNorm', momentum: 0.99 });
    if (kind === 'residual') out.push({ kind: 'residual', layers: body, activation });
    else out.push(...body);
    if (dropout > 0) out.push({ kind: 'dropout', rate: Math.min(dropout, 0.95) });
  }
  return out;
}

function convBlocks(params: Params, activation: Activation): Layer[] {
  const depth = Math.max(0, Math.round(num(params.conv_depth, 0)));
  const kernelSize = Math.max(1, Math.round(num(params.kernel_size, 3)));
  const pool = params.pool === 'avg' ? 'avgPool2d' : params.pool === 'none' ? null : 'maxPool2d';
  const out: Layer[] = [];
  for (let i = 0; i < depth; i++) {
    const filters = Math.max(1, Math.round(num(params[`filters_${i}`], num(params.filters, DEFAULT_FILTERS))));
    out.push({ kind: 'conv2d', filters, kernelSize, strides: 1, padding: 'same', activation, useBias: true });
    if (params.batch_norm === true) out.push({ kind: 'batchNorm', momentum: 0.99 });
    if (pool) out.push({ kind: pool, poolSize: 2 });
  }
  out.push({ kind: 'flatten' });
  return out;
}

/** The base spec with its layers rebuilt from the architecture params present (others are ignored). */
export function specFromParams(base: ModelSpec, params: Params): ModelSpec {
  const hasDepth = Object.hasOwn(params, 'depth');
  const hasConv = Object.hasOwn(params, 'conv_depth');
  if (!hasDepth && !hasConv) return structuredClone(base);
  const activation = (typeof params.activation === 'string' ? params.activation : 'relu') as Activation;
  const layers = structuredClone(base.layers);
  const cut = splitPoint(layers);
  const front = hasConv ? convBlocks(params, activation) : layers.slice(0, cut);
  const back = hasDepth ? denseBlocks(params, activation) : layers.slice(cut);
  return { ...structuredClone(base), layers: [...front, ...back] };
}
