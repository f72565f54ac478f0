/**
 * Concrete config changes for the advisor's findings (pure): each builder reads
 * the run config and returns the patches of one change, or null when it does
 * not apply (already clipped, no layer to change...). Layer names come from the
 * builder (main/model/builder.ts), which names layers after their place in the
 * spec, so a diagnosed layer maps back to the spec entry that made it.
 */
import { ACTIVATIONS, type Activation, type Layer } from '../../api/schemas.ts';
import type { ConfigPatch, RunConfigView, SuggestedChange } from './types.ts';

const ACTIVATION_SUFFIX = new RegExp(`^(.*_\\d+)_(${[...ACTIVATIONS].sort((a, b) => b.length - a.length).join('|')})$`);
/**
 * The parts one spec entry builds besides itself: a transformer block's attention, norms, sums,
 * feed-forward and dropouts ('transformer_3_ff1', its separate activation 'transformer_3_ff1_gelu'),
 * an embedding's padding mask, a conv1d's zeroed padding ('conv1d_2_pad').
 */
const PART_SUFFIX = new RegExp(`^(.*_\\d+)_(?:attn|ln[12]|add[12]|ff[12]|drop[12]|mask|pad)(?:_(?:${[...ACTIVATIONS].join('|')}))?$`);
const BLOCK_PART = new RegExp(`^(proj|add|${ACTIVATIONS.join('|')})$`);

/**
 * The spec path ('spec.layers.2', 'spec.layers.2.layers.0') of a built layer, or
 * null for the head and names the builder does not make. A separate activation
 * layer ('dense_1_leaky_relu') maps to the layer it follows; a residual block's
 * projection, sum and activation ('res3_proj', 'res3_relu') to the block; the
 * parts of a transformer block or an embedding (PART_SUFFIX) to that entry.
 */
export function specPathOf(layerName: string): string | null {
  const owner = PART_SUFFIX.exec(layerName) ?? ACTIVATION_SUFFIX.exec(layerName);
  let rest = owner ? owner[1] : layerName;
  let path = 'spec.layers';
  // A top-level block prefixes its layers 'res<i>_'; a block inside it 'residual_<j>_'.
  let block = /^res(\d+)(?:_(.*))?$/.exec(rest);
  while (block) {
    path += `.${Number(block[1]) - 1}`;
    rest = block[2] ?? '';
    if (!rest || BLOCK_PART.test(rest)) return path;
    path += '.layers';
    block = /^residual_(\d+)_(.+)$/.exec(rest);
  }
  const leaf = /^([A-Za-z0-9]+)_(\d+)$/.exec(rest);
  return leaf ? `${path}.${Number(leaf[2]) - 1}` : null;
}

/** The spec layer at a path from specPathOf. */
export function layerAt(config: RunConfigView, path: string): Layer | undefined {
  let cur: unknown = config;
  for (const part of path.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[part];
  return cur as Layer | undefined;
}

const round = (v: number): number => Number(v.toPrecision(3));

export function scaleLearningRate(config: RunConfigView, factor: number): SuggestedChange {
  const lr = config.hyperparams.optimizer.learningRate;
  const next = round(lr * factor);
  return { summary: `learning rate ${lr} → ${next}`, patches: [{ path: 'hyperparams.optimizer.learningRate', value: next }] };
}

export function clipGradients(config: RunConfigView): SuggestedChange | null {
  if (config.hyperparams.gradientClip) return null;
  return { summary: 'clip gradients to a global norm of 1', patches: [{ path: 'hyperparams.gradientClip', value: { kind: 'norm', maxNorm: 1 } }] };
}

/** Sets the activation of the spec layers behind `layerNames` (dense, conv, activation layers and residual blocks). */
export function setActivation(config: RunConfigView, layerNames: readonly string[], to: Activation): SuggestedChange | null {
  const patches: ConfigPatch[] = [];
  const seen = new Set<string>();
  for (const name of layerNames) {
    const path = specPathOf(name);
    if (!path || seen.has(path)) continue;
    seen.add(path);
    const layer = layerAt(config, path);
    if (layer && 'activation' in layer && layer.activation !== to) patches.push({ path: `${path}.activation`, value: to });
  }
  if (!patches.length) return null;
  return { summary: `${to} activation in ${patches.map((p) => p.path.replace(/\.activation$/, '')).join(', ')}`, patches };
}

/** Inserts `layer` after every top-level dense/conv layer not already followed by one of its kind. */
export function insertAfterWeighted(config: RunConfigView, layer: Layer, summary: string): SuggestedChange | null {
  const layers = config.spec.layers;
  const out: Layer[] = [];
  let added = 0;
  layers.forEach((l, i) => {
    out.push(l);
    if ((l.kind === 'dense' || l.kind === 'conv2d') && layers[i + 1]?.kind !== layer.kind) {
      out.push(structuredClone(layer));
      added++;
    }
  });
  return added ? { summary, patches: [{ path: 'spec.layers', value: out }] } : null;
}

/** Doubles the units / filters of every top-level dense and conv layer; a network with none gets a hidden layer. */
export function widen(config: RunConfigView): SuggestedChange {
  const patches: ConfigPatch[] = [];
  config.spec.layers.forEach((l, i) => {
    if (l.kind === 'dense') patches.push({ path: `spec.layers.${i}.units`, value: l.units * 2 });
    if (l.kind === 'conv2d') patches.push({ path: `spec.layers.${i}.filters`, value: l.filters * 2 });
  });
  if (patches.length) return { summary: 'double the width of every dense and conv layer', patches };
  const hidden: Layer = { kind: 'dense', units: 64, activation: 'relu', useBias: true };
  return { summary: 'add a hidden dense layer of 64 ReLU units', patches: [{ path: 'spec.layers', value: [hidden, ...config.spec.layers] }] };
}

export function earlyStopping(config: RunConfigView): SuggestedChange | null {
  if (config.hyperparams.earlyStopping) return null;
  return {
    summary: 'stop early on validation loss (patience 5) and keep the best weights',
    patches: [{ path: 'hyperparams.earlyStopping', value: { monitor: 'val_loss', patience: 5, minDelta: 0, restoreBestWeights: true } }],
  };
}

export function standardiseInputs(config: RunConfigView): SuggestedChange | null {
  if (config.hyperparams.preprocess !== 'none') return null;
  return { summary: 'standardise the inputs', patches: [{ path: 'hyperparams.preprocess', value: 'standardize' }] };
}

/** The first change that applies. */
export const firstOf = (...changes: (SuggestedChange | null)[]): SuggestedChange | null => changes.find((c) => c !== null) ?? null;
