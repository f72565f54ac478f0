/**
 * The layer editor's model: defaults and field descriptions for every layer kind
 * in schemas.ts, and immutable edits addressed by a path into nested residual
 * blocks ([2, 0] = the first layer inside the residual block at index 2).
 */
import type { Activation, Layer, LayerKind } from '../../../main/api/schemas.ts';
import type { InputKind } from '../../../main/data/input-kind.ts';
import { MAX_SEQUENCE_LENGTH, MAX_VOCAB_SIZE } from '../../../main/limits.ts';
import { t, type MessageKey } from '../i18n/index.ts';

export const ACTIVATIONS: readonly Activation[] = ['linear', 'relu', 'leaky_relu', 'prelu', 'elu', 'sigmoid', 'tanh', 'softmax'];

/** Layers over sequences ([tokens] of ids, or [steps, features]): docs/model-spec.md "Sequences". */
const SEQUENCE_KINDS: readonly LayerKind[] = ['embedding', 'positional', 'transformer', 'layerNorm', 'conv1d', 'maxPool1d', 'avgPool1d', 'globalPool1d', 'lstm', 'gru'];

/** The layer kinds the editor offers, in menu order (names: layers.kind.* in the catalogues). */
export const LAYER_KINDS: readonly LayerKind[] = [
  'dense', 'conv2d', 'maxPool2d', 'avgPool2d', 'globalAvgPool2d', 'flatten', 'dropout', 'batchNorm', 'activation', 'reshape', 'attention', 'residual',
  ...SEQUENCE_KINDS,
];

/**
 * The add-layer menu for a dataset: the sequence layers first for text and series (a
 * series holds numbers, not token ids, so its menu ends with the embedding), else the
 * usual order. Every kind stays on offer: a spec is not tied to one dataset.
 */
export function layerKindsFor(inputKind: InputKind | 'any'): LayerKind[] {
  if (inputKind !== 'text' && inputKind !== 'series') return [...LAYER_KINDS];
  const first = inputKind === 'text' ? SEQUENCE_KINDS : SEQUENCE_KINDS.filter((k) => k !== 'embedding');
  return [...first, ...LAYER_KINDS.filter((k) => !first.includes(k))];
}

/**
 * The starting network for a dataset until the user edits it: an MLP for tabular
 * data, a small CNN for images ('same' padding keeps it valid from 8x8 digits to
 * 28x28 MNIST and beyond). Text and series forms start from their first preset
 * (main/data/input-kind.ts); these small networks stand in while the presets load.
 */
export function defaultLayersFor(inputKind: InputKind | 'any'): Layer[] {
  const dense = (units: number): Layer => ({ kind: 'dense', units, activation: 'relu', useBias: true });
  if (inputKind === 'image') {
    return [
      { kind: 'conv2d', filters: 16, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true },
      { kind: 'maxPool2d', poolSize: 2 },
      { kind: 'conv2d', filters: 32, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true },
      { kind: 'maxPool2d', poolSize: 2 },
      { kind: 'flatten' },
      dense(64),
    ];
  }
  if (inputKind === 'text') return [defaultLayer('embedding'), defaultLayer('globalPool1d'), dense(32)];
  if (inputKind === 'series') return [{ kind: 'flatten' }, dense(32)];
  return [dense(32), dense(16)];
}

export function layerLabel(kind: LayerKind): string {
  return LAYER_KINDS.includes(kind) ? t(`layers.kind.${kind}` as MessageKey) : kind;
}

export function defaultLayer(kind: LayerKind): Layer {
  switch (kind) {
    case 'dense': return { kind, units: 32, activation: 'relu', useBias: true };
    case 'conv2d': return { kind, filters: 16, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true };
    case 'maxPool2d':
    case 'avgPool2d': return { kind, poolSize: 2 };
    case 'globalAvgPool2d':
    case 'flatten': return { kind };
    case 'dropout': return { kind, rate: 0.2 };
    case 'batchNorm': return { kind, momentum: 0.99 };
    case 'activation': return { kind, activation: 'relu' };
    case 'reshape': return { kind, targetShape: [1] };
    case 'attention': return { kind, heads: 2, keyDim: 16, dropout: 0 };
    case 'embedding': return { kind, vocabSize: 8000, dim: 64 };
    case 'positional': return { kind, mode: 'sinusoidal' };
    case 'layerNorm': return { kind, epsilon: 1e-5 };
    case 'transformer': return { kind, heads: 4, ffUnits: 128, dropout: 0.1, norm: 'pre', activation: 'relu' };
    case 'conv1d': return { kind, filters: 32, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true };
    case 'maxPool1d':
    case 'avgPool1d': return { kind, poolSize: 2 };
    case 'globalPool1d': return { kind, pool: 'avg' };
    case 'lstm':
    case 'gru': return { kind, units: 64, bidirectional: false, returnSequences: false };
    case 'residual': return { kind, activation: 'relu', layers: [{ kind: 'dense', units: 32, activation: 'relu', useBias: true }] };
  }
}

/** `label`: the field's name in the catalogues (layers.field.*). */
export type FieldSpec =
  | { key: string; label: MessageKey; type: 'int'; min: number; max?: number; optional?: boolean }
  | { key: string; label: MessageKey; type: 'number'; min: number; max?: number; step: number }
  | { key: string; label: MessageKey; type: 'bool' }
  | { key: string; label: MessageKey; type: 'select'; options: readonly string[] }
  | { key: string; label: MessageKey; type: 'shape' };

const activation: FieldSpec = { key: 'activation', label: 'layers.field.activation', type: 'select', options: ACTIVATIONS };
const useBias: FieldSpec = { key: 'useBias', label: 'layers.field.useBias', type: 'bool' };
const dropout: FieldSpec = { key: 'dropout', label: 'layers.field.dropout', type: 'number', min: 0, max: 0.99, step: 0.05 };
const heads: FieldSpec = { key: 'heads', label: 'layers.field.heads', type: 'int', min: 1, max: 64 };
/** Convolutions, 2-D and 1-D alike. */
const convFields: FieldSpec[] = [
  { key: 'filters', label: 'layers.field.filters', type: 'int', min: 1, max: 4096 },
  { key: 'kernelSize', label: 'layers.field.kernelSize', type: 'int', min: 1, max: 31 },
  { key: 'strides', label: 'layers.field.strides', type: 'int', min: 1, max: 16 },
  { key: 'padding', label: 'layers.field.padding', type: 'select', options: ['valid', 'same'] },
  activation,
  useBias,
];
/** Pooling windows, 2-D and 1-D alike (an empty stride is the pool size). */
const poolFields: FieldSpec[] = [
  { key: 'poolSize', label: 'layers.field.poolSize', type: 'int', min: 1, max: 16 },
  { key: 'strides', label: 'layers.field.strides', type: 'int', min: 1, max: 16, optional: true },
];

/** The editable fields of a layer kind (nested `layers` of residual blocks are edited as a list). */
export function layerFields(kind: LayerKind): FieldSpec[] {
  switch (kind) {
    case 'dense': return [{ key: 'units', label: 'layers.field.units', type: 'int', min: 1, max: 65536 }, activation, useBias];
    case 'conv2d':
    case 'conv1d': return convFields;
    case 'maxPool2d':
    case 'avgPool2d':
    case 'maxPool1d':
    case 'avgPool1d': return poolFields;
    case 'dropout': return [{ key: 'rate', label: 'layers.field.rate', type: 'number', min: 0, max: 0.99, step: 0.05 }];
    case 'batchNorm': return [{ key: 'momentum', label: 'layers.field.momentum', type: 'number', min: 0.01, max: 0.999, step: 0.01 }];
    case 'activation': return [activation];
    case 'reshape': return [{ key: 'targetShape', label: 'layers.field.targetShape', type: 'shape' }];
    case 'attention': return [heads, { key: 'keyDim', label: 'layers.field.keyDim', type: 'int', min: 1, max: 1024 }, dropout];
    case 'residual': return [activation];
    case 'embedding':
      return [
        { key: 'vocabSize', label: 'layers.field.vocabSize', type: 'int', min: 8, max: MAX_VOCAB_SIZE },
        { key: 'dim', label: 'layers.field.dim', type: 'int', min: 1, max: 4096 },
        { key: 'maxLength', label: 'layers.field.maxLength', type: 'int', min: 1, max: MAX_SEQUENCE_LENGTH, optional: true },
      ];
    case 'positional': return [{ key: 'mode', label: 'layers.field.mode', type: 'select', options: ['sinusoidal', 'learned'] }];
    case 'layerNorm': return [{ key: 'epsilon', label: 'layers.field.epsilon', type: 'number', min: 1e-12, max: 0.1, step: 1e-6 }];
    case 'transformer':
      return [
        heads,
        { key: 'keyDim', label: 'layers.field.keyDim', type: 'int', min: 1, max: 1024, optional: true },
        { key: 'ffUnits', label: 'layers.field.ffUnits', type: 'int', min: 1, max: 65536 },
        dropout,
        { key: 'norm', label: 'layers.field.norm', type: 'select', options: ['pre', 'post'] },
        activation,
      ];
    case 'globalPool1d': return [{ key: 'pool', label: 'layers.field.pool', type: 'select', options: ['avg', 'max', 'first'] }];
    case 'lstm':
    case 'gru':
      return [
        { key: 'units', label: 'layers.field.units', type: 'int', min: 1, max: 65536 },
        { key: 'bidirectional', label: 'layers.field.bidirectional', type: 'bool' },
        { key: 'returnSequences', label: 'layers.field.returnSequences', type: 'bool' },
      ];
    case 'globalAvgPool2d':
    case 'flatten': return [];
  }
}

/** Parses "28, 28, 1" / "28x28x1" into a shape, or null when it is not a list of positive integers. */
export function parseShape(text: string): number[] | null {
  const parts = text.split(/[\s,x×]+/).filter(Boolean);
  if (!parts.length) return null;
  const dims = parts.map(Number);
  return dims.every((d) => Number.isInteger(d) && d > 0) ? dims : null;
}

export type LayerPath = readonly number[];

/** Applies `edit` to the list that holds the layer at `parent` (root list when parent is empty). */
function editList(layers: readonly Layer[], parent: LayerPath, edit: (list: Layer[]) => Layer[]): Layer[] {
  if (parent.length === 0) return edit([...layers]);
  const [head, ...rest] = parent;
  const block = layers[head];
  if (!block || block.kind !== 'residual') throw new Error(`No residual block at ${parent.join('.')}`);
  const copy = [...layers];
  copy[head] = { ...block, layers: editList(block.layers, rest, edit) };
  return copy;
}

export function getAt(layers: readonly Layer[], path: LayerPath): Layer | undefined {
  let list: readonly Layer[] = layers;
  let found: Layer | undefined;
  for (const i of path) {
    found = list[i];
    if (!found) return undefined;
    list = found.kind === 'residual' ? found.layers : [];
  }
  return found;
}

export function replaceAt(layers: readonly Layer[], path: LayerPath, layer: Layer): Layer[] {
  const i = path[path.length - 1];
  return editList(layers, path.slice(0, -1), (list) => {
    list[i] = layer;
    return list;
  });
}

export function setField(layers: readonly Layer[], path: LayerPath, key: string, value: unknown): Layer[] {
  const current = getAt(layers, path);
  if (!current) return [...layers];
  const next = { ...current } as Record<string, unknown>;
  if (value === undefined) delete next[key];
  else next[key] = value;
  return replaceAt(layers, path, next as Layer);
}

export function insertAt(layers: readonly Layer[], parent: LayerPath, index: number, layer: Layer): Layer[] {
  return editList(layers, parent, (list) => {
    list.splice(Math.max(0, Math.min(index, list.length)), 0, layer);
    return list;
  });
}

/** Removes a layer; a residual block keeps at least one layer (the schema requires it). */
export function removeAt(layers: readonly Layer[], path: LayerPath): Layer[] {
  const i = path[path.length - 1];
  return editList(layers, path.slice(0, -1), (list) => (path.length > 1 && list.length <= 1 ? list : list.filter((_, j) => j !== i)));
}

export function moveAt(layers: readonly Layer[], path: LayerPath, delta: -1 | 1): Layer[] {
  const i = path[path.length - 1];
  return editList(layers, path.slice(0, -1), (list) => {
    const j = i + delta;
    if (j < 0 || j >= list.length) return list;
    [list[i], list[j]] = [list[j], list[i]];
    return list;
  });
}

/** One-line summary of a layer for collapsed rows and lists. */
export function describeLayer(layer: Layer): string {
  switch (layer.kind) {
    case 'dense': return t('layers.describe.dense', { count: layer.units, activation: layer.activation ?? 'relu' });
    case 'conv2d': return t('layers.describe.conv2d', { filters: layer.filters, kernel: layer.kernelSize ?? 3, stride: layer.strides ?? 1, padding: layer.padding ?? 'valid' });
    case 'maxPool2d':
    case 'avgPool2d': return `${layer.poolSize ?? 2}²`;
    case 'dropout': return t('layers.describe.dropout', { rate: layer.rate });
    case 'activation': return layer.activation;
    case 'reshape': return `[${layer.targetShape.join(', ')}]`;
    case 'attention': return t('layers.describe.attention', { count: layer.heads ?? 2, keyDim: layer.keyDim ?? 16 });
    case 'residual': return t('layers.describe.residual', { count: layer.layers.length, activation: layer.activation });
    case 'embedding':
      return layer.maxLength === undefined
        ? t('layers.describe.embedding', { vocab: layer.vocabSize ?? 8000, dim: layer.dim ?? 64 })
        : t('layers.describe.embeddingCut', { vocab: layer.vocabSize ?? 8000, dim: layer.dim ?? 64, count: layer.maxLength });
    case 'positional': return t(`layers.describe.positional.${layer.mode ?? 'sinusoidal'}`);
    case 'layerNorm': return t('layers.describe.layerNorm', { epsilon: layer.epsilon ?? 1e-5 });
    case 'transformer': return t('layers.describe.transformer', { count: layer.heads ?? 4, ff: layer.ffUnits ?? 128, norm: layer.norm ?? 'pre' });
    case 'conv1d': return t('layers.describe.conv1d', { filters: layer.filters, kernel: layer.kernelSize ?? 3, stride: layer.strides ?? 1, padding: layer.padding ?? 'same' });
    case 'maxPool1d':
    case 'avgPool1d': return t('layers.describe.pool1d', { size: layer.poolSize ?? 2 });
    case 'globalPool1d': return t(`layers.describe.globalPool1d.${layer.pool ?? 'avg'}`);
    case 'lstm':
    case 'gru':
      return t(layer.bidirectional ? 'layers.describe.recurrentBi' : 'layers.describe.recurrent', { count: layer.units ?? 64 })
        + (layer.returnSequences ? t('layers.describe.sequences') : '');
    case 'batchNorm':
    case 'globalAvgPool2d':
    case 'flatten': return '';
  }
}
