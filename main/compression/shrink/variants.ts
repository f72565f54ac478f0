/**
 * Smaller variants of a model spec (pure: specs in, specs out, priced with
 * analyseSpec, no tfjs). Four moves, as in manual architecture slimming:
 *  - width: every dense/conv layer, recurrent layer, transformer feed-forward and
 *    token embedding scaled by a factor (units/filters/dim, at least 1);
 *  - vocabulary: a text model's embedding table (its vocabSize, which is also the
 *    size of the vocabulary the run's tokeniser keeps) scaled by a factor, at least 8:
 *    most of a small text model's parameters are there;
 *  - remove: drop one layer (a dense, conv, residual block, attention, transformer
 *    or recurrent layer, or a conv2d together with the pooling right after it);
 *  - swap: flatten → globalAvgPool2d before a dense (the flatten-dense pair is
 *    usually most of a CNN's parameters), kernels larger than 3 → 3.
 * Variants that cannot build for the input shape, or are not smaller in
 * parameters than the spec they come from, are dropped.
 */
import type { Layer, ModelSpec } from '../../api/schemas.ts';
import { analyseSpec } from '../../model/counts.ts';
import { formatStepLabel } from '../step-label.ts';

export type Variant = { label: string; spec: ModelSpec; params: number; flops: number };

export const WIDTH_FACTORS = [0.75, 0.5, 0.25];

export const VOCABULARY_FACTORS = [0.5, 0.25];
const MIN_VOCABULARY = 8; // the schema's least vocabSize

function scaleLayer(layer: Layer, f: number): Layer {
  const scaled = (n: number) => Math.max(1, Math.round(n * f));
  switch (layer.kind) {
    case 'dense':
    case 'lstm':
    case 'gru':
      return { ...layer, units: scaled(layer.units) };
    case 'conv2d':
    case 'conv1d':
      return { ...layer, filters: scaled(layer.filters) };
    // The model width of the blocks after it; their keyDim (when not given) follows it.
    case 'embedding':
      return { ...layer, dim: scaled(layer.dim) };
    case 'transformer':
      return { ...layer, ffUnits: scaled(layer.ffUnits) };
    case 'residual':
      return { ...layer, layers: layer.layers.map((l) => scaleLayer(l, f)) };
    default:
      return layer;
  }
}

function vocabularies(layers: Layer[]): { label: string; layers: Layer[] }[] {
  const first = layers.findIndex((l) => l.kind === 'embedding');
  const embedding = layers[first];
  if (!embedding || embedding.kind !== 'embedding') return [];
  return VOCABULARY_FACTORS.map((f) => ({
    label: formatStepLabel({ key: 'vocabulary', params: { factor: f } }),
    layers: layers.map((l, i) => (i === first ? { ...embedding, vocabSize: Math.max(MIN_VOCABULARY, Math.round(embedding.vocabSize * f)) } : l)),
  }));
}

const REMOVABLE = new Set<Layer['kind']>(['dense', 'conv2d', 'residual', 'attention', 'transformer', 'conv1d', 'lstm', 'gru']);
const POOLS = new Set<Layer['kind']>(['maxPool2d', 'avgPool2d']);

function removals(layers: Layer[]): { label: string; layers: Layer[] }[] {
  const out: { label: string; layers: Layer[] }[] = [];
  layers.forEach((layer, i) => {
    if (!REMOVABLE.has(layer.kind)) return;
    out.push({ label: formatStepLabel({ key: 'removeLayer', params: { layer: i + 1, kind: layer.kind } }), layers: layers.filter((_, j) => j !== i) });
    const next = layers[i + 1];
    if (layer.kind === 'conv2d' && next && POOLS.has(next.kind)) {
      out.push({ label: formatStepLabel({ key: 'removeConvPool', params: { layer: i + 1, next: i + 2, pool: next.kind as 'maxPool2d' | 'avgPool2d' } }), layers: layers.filter((_, j) => j !== i && j !== i + 1) });
    }
  });
  return out;
}

function swaps(layers: Layer[]): { label: string; layers: Layer[] }[] {
  const out: { label: string; layers: Layer[] }[] = [];
  layers.forEach((layer, i) => {
    if (layer.kind === 'flatten' && layers.slice(i + 1).some((l) => l.kind === 'dense')) {
      out.push({ label: formatStepLabel({ key: 'swapFlatten', params: { layer: i + 1 } }), layers: layers.map((l, j) => (j === i ? { kind: 'globalAvgPool2d' as const } : l)) });
    }
    if (layer.kind === 'conv2d' && layer.kernelSize > 3) {
      out.push({ label: formatStepLabel({ key: 'swapKernel', params: { layer: i + 1, kernel: layer.kernelSize } }), layers: layers.map((l, j) => (j === i ? { ...layer, kernelSize: 3 } : l)) });
    }
  });
  return out;
}

/** A stable identity for a spec (the name is not part of the architecture). */
export function specKey(spec: ModelSpec): string {
  return JSON.stringify(spec.layers);
}

export function proposeVariants(spec: ModelSpec, inputShape: number[], outputUnits: number): Variant[] {
  const base = analyseSpec(spec, inputShape, outputUnits);
  if (!base.ok) return [];
  const moves = [
    ...WIDTH_FACTORS.map((f) => ({ label: formatStepLabel({ key: 'width', params: { factor: f } }), layers: spec.layers.map((l) => scaleLayer(l, f)) })),
    ...vocabularies(spec.layers),
    ...removals(spec.layers),
    ...swaps(spec.layers),
  ];
  const seen = new Set<string>([specKey(spec)]);
  const out: Variant[] = [];
  for (const move of moves) {
    const candidate: ModelSpec = { ...spec, layers: move.layers };
    const key = specKey(candidate);
    if (seen.has(key)) continue;
    seen.add(key);
    const count = analyseSpec(candidate, inputShape, outputUnits);
    if (!count.ok || count.paramCount >= base.paramCount) continue;
    out.push({ label: move.label, spec: candidate, params: count.paramCount, flops: count.flops });
  }
  return out.sort((a, b) => a.params - b.params || a.flops - b.flops);
}
