/**
 * The architecture generator: reserved params (depth, units_i, activation,
 * dropout, batch_norm, layer_kind, conv_depth, filters_i, kernel_size, pool)
 * rebuild the layers of a base spec. Pure: same base + params → same spec.
 *
 * Sequence models (text, series) have their own reserved params, which edit the
 * base's layers in place instead of rebuilding them: blocks (how many
 * transformer blocks, copies of the base's first one), heads and ff_units (of
 * every block), model_dim, vocab_size and seq_len (the first embedding's dim,
 * vocabSize and maxLength), rnn_units (every lstm/gru). They need no depth.
 *
 *   specFromParams({ layers: [] }, { depth: 2, units_0: 64, units_1: 32, activation: 'tanh' })
 *   // → dense(64, tanh), dense(32, tanh)
 *
 * Where the generated blocks go: a spec is "feature extractor, then flatten /
 * global pool, then dense head". conv_depth replaces the part up to the base's
 * last flatten/globalAvgPool2d; depth replaces the part after it. So a tuned
 * MLP keeps a hand-written conv stack, and the other way round.
 *
 * A value a model cannot be built from (units 0, dropout 1, pool 'maxx') throws
 * ApiError('invalid_argument') naming the param: trials train exactly the params
 * stored with them. Studies check their bounds at creation (trial-config.ts).
 */
import { ApiError } from '../api/errors.ts';
import { ACTIVATIONS, type Activation, type Layer, type ModelSpec } from '../api/schemas.ts';
import type { Params, ParamValue } from '../tuner/types.ts';

export const ARCH_PARAM_RE = /^(depth|units|units_\d+|activation|dropout|batch_norm|layer_kind|conv_depth|filters|filters_\d+|kernel_size|pool)$/;
export const SEQUENCE_PARAM_RE = /^(blocks|heads|ff_units|model_dim|vocab_size|seq_len|rnn_units)$/;
export const isSequenceParam = (name: string): boolean => SEQUENCE_PARAM_RE.test(name);
export const isArchParam = (name: string): boolean => ARCH_PARAM_RE.test(name) || isSequenceParam(name);

const DEFAULT_UNITS = 64;
const DEFAULT_FILTERS = 32;
const DEFAULT_KERNEL = 3;
export const LAYER_KINDS = ['dense', 'residual'] as const;
export const POOLS = ['max', 'avg', 'none'] as const;

/** What values each architecture param takes; a value outside is refused, never clamped or rounded into place. */
type ArchRule = { integer?: boolean; min?: number; below?: number; choices?: readonly ParamValue[]; describe: string };
const count = (min: number, what: string): ArchRule => ({ integer: true, min, describe: `a whole number ≥ ${min} (${what})` });
const ARCH_RULES: Record<string, ArchRule> = {
  depth: count(0, 'hidden blocks'),
  conv_depth: count(0, 'conv blocks'),
  units: count(1, 'units per block'),
  filters: count(1, 'filters per conv block'),
  kernel_size: count(1, 'conv kernel size'),
  dropout: { min: 0, below: 1, describe: 'a rate in [0, 1)' },
  activation: { choices: ACTIVATIONS, describe: `one of ${ACTIVATIONS.join(', ')}` },
  layer_kind: { choices: LAYER_KINDS, describe: `one of ${LAYER_KINDS.join(', ')}` },
  pool: { choices: POOLS, describe: `one of ${POOLS.join(', ')}` },
  batch_norm: { choices: [true, false], describe: 'true or false' },
  blocks: count(0, 'transformer blocks'),
  heads: count(1, 'attention heads'),
  ff_units: count(1, 'feed-forward units per block'),
  model_dim: count(1, 'embedding width'),
  vocab_size: { integer: true, min: 8, describe: 'a whole number ≥ 8 (vocabulary size)' },
  seq_len: count(1, 'tokens kept per row'),
  rnn_units: count(1, 'units per recurrent layer'),
};
const ruleOf = (name: string): ArchRule | undefined => ARCH_RULES[name.replace(/_\d+$/, '')];

/** Whether an architecture param wants whole numbers (an int param, not a float one). */
export const archParamIsInteger = (name: string): boolean => ruleOf(name)?.integer === true;

/** Why `value` cannot be the value of architecture param `name`, or null when it can. */
export function archValueProblem(name: string, value: ParamValue): string | null {
  const rule = ruleOf(name);
  if (!rule) return null;
  const ok = rule.choices
    ? rule.choices.some((c) => c === value)
    : typeof value === 'number' && Number.isFinite(value) && (!rule.integer || Number.isInteger(value)) &&
      (rule.min === undefined || value >= rule.min) && (rule.below === undefined || value < rule.below);
  return ok ? null : `param '${name}': ${JSON.stringify(value)} cannot build a model; it must be ${rule.describe}`;
}

/** The value of an architecture param, checked; `fallback` when the trial has none. */
function value<T extends ParamValue>(params: Params, name: string, fallback: T): T {
  if (!Object.hasOwn(params, name)) return fallback;
  const v = params[name];
  const problem = archValueProblem(name, v);
  if (problem) throw new ApiError('invalid_argument', problem);
  return v as T;
}

/** Index just past the base's last flatten / global pool, or 0 when it has none. */
function splitPoint(layers: readonly Layer[]): number {
  for (let i = layers.length - 1; i >= 0; i--) if (layers[i].kind === 'flatten' || layers[i].kind === 'globalAvgPool2d') return i + 1;
  return 0;
}

function denseBlocks(params: Params, activation: Activation): Layer[] {
  const depth = value<number>(params, 'depth', 0);
  const kind = value<(typeof LAYER_KINDS)[number]>(params, 'layer_kind', 'dense');
  const dropout = value<number>(params, 'dropout', 0);
  const batchNorm = value<boolean>(params, 'batch_norm', false);
  const units = value<number>(params, 'units', DEFAULT_UNITS);
  const out: Layer[] = [];
  for (let i = 0; i < depth; i++) {
    const body: Layer[] = [{ kind: 'dense', units: value<number>(params, `units_${i}`, units), activation, useBias: true }];
    if (batchNorm) body.push({ kind: 'batchNorm', momentum: 0.99 });
    if (kind === 'residual') out.push({ kind: 'residual', layers: body, activation });
    else out.push(...body);
    if (dropout > 0) out.push({ kind: 'dropout', rate: dropout });
  }
  return out;
}

function convBlocks(params: Params, activation: Activation): Layer[] {
  const depth = value<number>(params, 'conv_depth', 0);
  const kernelSize = value<number>(params, 'kernel_size', DEFAULT_KERNEL);
  const poolParam = value<(typeof POOLS)[number]>(params, 'pool', 'max');
  const pool = poolParam === 'avg' ? 'avgPool2d' : poolParam === 'none' ? null : 'maxPool2d';
  const batchNorm = value<boolean>(params, 'batch_norm', false);
  const filters = value<number>(params, 'filters', DEFAULT_FILTERS);
  const out: Layer[] = [];
  for (let i = 0; i < depth; i++) {
    out.push({ kind: 'conv2d', filters: value<number>(params, `filters_${i}`, filters), kernelSize, strides: 1, padding: 'same', activation, useBias: true });
    if (batchNorm) out.push({ kind: 'batchNorm', momentum: 0.99 });
    if (pool) out.push({ kind: pool, poolSize: 2 });
  }
  out.push({ kind: 'flatten' });
  return out;
}

const DEFAULT_BLOCK: Layer = { kind: 'transformer', heads: 4, ffUnits: 128, dropout: 0.1, norm: 'pre', activation: 'relu' };

/** The sequence params applied to a copy of the layers (top level; residual bodies are left as they are). */
function sequenceEdits(layers: Layer[], params: Params): Layer[] {
  let out = layers;
  if (Object.hasOwn(params, 'blocks')) {
    const n = value<number>(params, 'blocks', 0);
    const first = out.findIndex((l) => l.kind === 'transformer');
    const template = first >= 0 ? out[first] : DEFAULT_BLOCK;
    // Without blocks in the base, new ones go after the embedding and positional layers.
    const at = first >= 0 ? first : out.reduce((k, l, i) => (l.kind === 'embedding' || l.kind === 'positional' ? i + 1 : k), 0);
    const rest = out.filter((l) => l.kind !== 'transformer');
    const before = out.slice(0, at).filter((l) => l.kind !== 'transformer').length;
    out = [...rest.slice(0, before), ...Array.from({ length: n }, () => structuredClone(template)), ...rest.slice(before)];
  }
  const embeddingAt = out.findIndex((l) => l.kind === 'embedding');
  return out.map((l, i) => {
    if (l.kind === 'transformer') {
      return { ...l, heads: value<number>(params, 'heads', l.heads), ffUnits: value<number>(params, 'ff_units', l.ffUnits) };
    }
    if (l.kind === 'embedding' && i === embeddingAt) {
      const maxLength = value<number>(params, 'seq_len', l.maxLength ?? 0);
      return { ...l, dim: value<number>(params, 'model_dim', l.dim), vocabSize: value<number>(params, 'vocab_size', l.vocabSize), ...(maxLength > 0 ? { maxLength } : {}) };
    }
    if (l.kind === 'lstm' || l.kind === 'gru') return { ...l, units: value<number>(params, 'rnn_units', l.units) };
    return l;
  });
}

/** The base spec with its layers rebuilt from the architecture params present (others are ignored). */
export function specFromParams(base: ModelSpec, params: Params): ModelSpec {
  const hasDepth = Object.hasOwn(params, 'depth');
  const hasConv = Object.hasOwn(params, 'conv_depth');
  const sequence = Object.keys(params).some(isSequenceParam);
  if (!hasDepth && !hasConv) return sequence ? { ...structuredClone(base), layers: sequenceEdits(structuredClone(base.layers), params) } : structuredClone(base);
  const activation = value<Activation>(params, 'activation', 'relu');
  const layers = structuredClone(base.layers);
  const cut = splitPoint(layers);
  const front = hasConv ? convBlocks(params, activation) : layers.slice(0, cut);
  const back = hasDepth ? denseBlocks(params, activation) : layers.slice(cut);
  const rebuilt = [...front, ...back];
  return { ...structuredClone(base), layers: sequence ? sequenceEdits(rebuilt, params) : rebuilt };
}
