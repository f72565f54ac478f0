/**
 * Channel dependencies of a spec, for structured pruning. Pure (no tfjs).
 *
 * Walks the spec the way builder.ts builds it (same layer names) and tracks,
 * for the tensor between layers, which "channel group" its last axis is made
 * of. A group is a set of output channels that must be pruned together:
 *   - every dense / conv1d / conv2d starts a new group (its units / filters);
 *     so does an lstm / gru (its units; a bidirectional one's output is two
 *     blocks of them, forward then backward, like `repeat` after flatten);
 *   - a transformer block owns two groups inside it: its attention heads (each
 *     head its keyDim columns of Q, K, V and rows of the output projection) and
 *     its feed-forward units (ff1's outputs = ff2's input rows). Its model width
 *     (the residual stream) cannot change, nor can an embedding's; a layer norm
 *     normalises over all its features, so its input cannot lose any;
 *   - pooling, dropout, activations, batch norm and globalAvgPool2d pass the
 *     group through (batch norm and PReLU slice their per-channel weights);
 *   - flatten of [H, W, C] turns the axis into H*W blocks of the group
 *     (channels-last order: feature = position*C + c), so the next dense drops
 *     the matching row at every spatial position;
 *   - a residual add joins the body's output group with its shortcut's group
 *     (the projection's, or the block input's), so they are pruned JOINTLY with
 *     the summed importance (see ranking.ts combineImportance);
 *   - an attention layer's heads are a group like a transformer block's (the
 *     same weights, the same slicing); its input and output widths are fixed;
 *   - channels that cannot change (the network input, outputs of attention or
 *     reshape) make any group added to them unprunable, and a group feeding an
 *     attention or reshape layer is unprunable (their sizes are fixed).
 *
 * Every layer with weights gets a WeightPlan saying how to slice its weights
 * once each group's kept channels are known.
 */
import type { Layer, ModelSpec, ResidualLayer } from '../../api/schemas.ts';
import { product, projectionCost, stepLayer, transformerKeyDim, type BaseLayer } from '../../model/layer-math.ts';

/** The last axis of a tensor: `repeat` blocks of a group's channels. group null = channels that cannot change. */
export type ChannelMap = { group: number | null; repeat: number; source: string };

/**
 * A projection exists only because the body's output shape differs from the
 * block's input shape; when only the last axis differs (`sameSpatial`), pruning
 * both to the same width would make the builder drop the projection, changing
 * what the block computes. prune.ts keeps the widths apart.
 */
export type Shortcut = { input: ChannelMap; width: number; sameSpatial: boolean };

/** A layer whose output channels are a group. `path` locates it in the spec (null: the builder's residual projection). */
export type Producer = {
  layer: string;
  /** heads: an attention layer's or a transformer block's heads; ffUnits: a block's feed-forward units (path = the block's). */
  kind: 'dense' | 'conv1d' | 'conv2d' | 'projection' | 'heads' | 'ffUnits' | 'recurrent';
  path: number[] | null;
  shortcut?: Shortcut;
  /** heads: the width of each head, written into the pruned spec (its default, D / heads, would change). */
  keyDim?: number | null;
};

export type Group = { units: number; producers: Producer[]; bn: string[]; fixed: string | null };

export type WeightPlan =
  /** dense / conv2d / projection / head: kernel input axis follows `input`, output axis + bias follow group `output`. */
  | { layer: string; kind: 'kernel'; input: ChannelMap; output: number | null }
  /** batch norm, PReLU: every weight is per feature of `map` (last axis). */
  | { layer: string; kind: 'channel'; map: ChannelMap }
  /** an attention layer or a transformer block's attention: head h owns Q/K/V columns and output rows h*keyDim .. (h+1)*keyDim-1. */
  | { layer: string; kind: 'heads'; group: number; keyDim: number | null }
  /** lstm / gru: kernel rows follow `input`; each unit's columns in every gate, its recurrent row and bias follow `group`. */
  | { layer: string; kind: 'recurrent'; input: ChannelMap; group: number; gates: number }
  /** embedding, layer norm: copied unchanged. */
  | { layer: string; kind: 'copy' };

/** `block`: the transformer block a heads / ffUnits entry belongs to (naming the block selects both). */
export type SpecLayerInfo = { name: string; kind: string; units: number; group: number | null; reason?: string; block?: string };

export type SpecGraph = {
  groups: Group[];
  /** Union-find root of a group: groups joined by a residual add share one. */
  root: (g: number) => number;
  /** Why the group (after joins) cannot be pruned, or null. */
  reason: (g: number) => string | null;
  /** Group ids sharing this root, ascending. */
  members: (g: number) => number[];
  plans: WeightPlan[];
  /** Layers (and transformer parts) with units or fixed widths, in build order. */
  layers: SpecLayerInfo[];
};

/**
 * Between layers: the channel map plus the per-sample shape. Without an input
 * shape (prunableLayers called on a bare spec) shape is null and only the
 * channel count / rank are tracked where the spec alone tells them.
 */
type State = { map: ChannelMap; shape: number[] | null; channels: number | null; rank: number | null };

type Ctx = {
  groups: Group[];
  parent: number[];
  plans: WeightPlan[];
  layers: SpecLayerInfo[];
};

function find(ctx: Ctx, g: number): number {
  while (ctx.parent[g] !== g) {
    ctx.parent[g] = ctx.parent[ctx.parent[g]];
    g = ctx.parent[g];
  }
  return g;
}

function newGroup(ctx: Ctx, units: number, producer: Producer): number {
  ctx.groups.push({ units, producers: [producer], bn: [], fixed: null });
  ctx.parent.push(ctx.groups.length - 1);
  return ctx.groups.length - 1;
}

/** Marks the group behind `map` unprunable; the first reason found is kept. */
function fix(ctx: Ctx, map: ChannelMap, reason: string): void {
  if (map.group !== null) ctx.groups[map.group].fixed ??= reason;
}

/** A residual add: both sides must keep exactly the same channels. */
function couple(ctx: Ctx, a: ChannelMap, b: ChannelMap, where: string): void {
  if (a.group === b.group && a.repeat === b.repeat) return;
  if (a.group === null || b.group === null) {
    const fixedSide = a.group === null ? a : b;
    fix(ctx, a.group === null ? b : a, `is added in ${where} to ${fixedSide.source}, whose channels cannot change`);
    return;
  }
  if (a.repeat !== 1 || b.repeat !== 1) {
    // Joining a flattened group with another would need a per-position map; rare, so refused.
    const reason = `is added in ${where} to flattened features`;
    fix(ctx, a, reason);
    fix(ctx, b, reason);
    return;
  }
  const ra = find(ctx, a.group);
  const rb = find(ctx, b.group);
  if (ra !== rb) ctx.parent[Math.max(ra, rb)] = Math.min(ra, rb);
}

/** Shape after a non-residual layer; null mode tracks only the channel count and rank. */
function advance(layer: BaseLayer, s: State, name: string): Pick<State, 'shape' | 'channels' | 'rank'> {
  if (s.shape) {
    const step = stepLayer(layer, s.shape);
    if (!step.ok) throw new Error(`${name} ${step.error}`);
    const shape = step.cost.outputShape;
    return { shape, channels: shape[shape.length - 1], rank: shape.length };
  }
  switch (layer.kind) {
    case 'dense':
      return { shape: null, channels: layer.units, rank: s.rank };
    case 'conv2d':
      return { shape: null, channels: layer.filters, rank: 3 };
    case 'conv1d':
      return { shape: null, channels: layer.filters, rank: 2 };
    case 'embedding':
      return { shape: null, channels: layer.dim, rank: 2 };
    case 'lstm':
    case 'gru':
      return { shape: null, channels: layer.units * (layer.bidirectional ? 2 : 1), rank: layer.returnSequences ? 2 : 1 };
    case 'globalAvgPool2d':
    case 'globalPool1d':
      return { shape: null, channels: s.channels, rank: 1 };
    case 'flatten':
      return { shape: null, channels: s.rank === 1 ? s.channels : null, rank: 1 };
    case 'reshape':
      return { shape: null, channels: layer.targetShape[layer.targetShape.length - 1], rank: layer.targetShape.length };
    default:
      return { shape: null, channels: s.channels, rank: s.rank };
  }
}

function walkLayer(ctx: Ctx, layer: Layer, s: State, name: string, path: number[]): State {
  if (layer.kind === 'residual') return walkResidual(ctx, layer, s, name, path);
  const next = advance(layer, s, name);
  let map = s.map;
  switch (layer.kind) {
    case 'dense':
    case 'conv1d':
    case 'conv2d': {
      const units = layer.kind === 'dense' ? layer.units : layer.filters;
      const g = newGroup(ctx, units, { layer: name, kind: layer.kind, path });
      ctx.plans.push({ layer: name, kind: 'kernel', input: s.map, output: g });
      map = { group: g, repeat: 1, source: name };
      if (layer.activation === 'prelu') ctx.plans.push({ layer: `${name}_prelu`, kind: 'channel', map });
      ctx.layers.push({ name, kind: layer.kind, units, group: g });
      break;
    }
    case 'batchNorm':
      ctx.plans.push({ layer: name, kind: 'channel', map });
      // Only a per-channel norm (not one over flattened features) measures a channel's scale.
      if (map.group !== null && map.repeat === 1) ctx.groups[map.group].bn.push(name);
      break;
    case 'activation':
      if (layer.activation === 'prelu') ctx.plans.push({ layer: name, kind: 'channel', map });
      break;
    case 'flatten': {
      // The builder adds no layer on a vector, and flattening one changes nothing.
      if (s.rank !== 1) {
        const positions = s.shape ? product(s.shape.slice(0, -1)) : -1; // -1: unknown, more than one
        map = { ...map, repeat: positions < 0 || map.repeat < 0 ? -1 : map.repeat * positions };
      }
      break;
    }
    case 'reshape':
      fix(ctx, map, `feeds ${name}, whose target shape fixes its size`);
      map = { group: null, repeat: 1, source: `the output of ${name}` };
      break;
    case 'attention': {
      // Its heads are a group, as in a transformer block (same weights, same slicing). Its
      // output has its input's shape (layers/attention.ts reshapes to it), so its input and
      // output widths could only shrink together, as one group reaching through the layer
      // (Q/K/V rows and output-projection columns); like a transformer's model width, they stay.
      fix(ctx, map, `feeds attention layer ${name}, whose input width cannot change`);
      const heads = newGroup(ctx, layer.heads, { layer: name, kind: 'heads', path, keyDim: layer.keyDim });
      ctx.plans.push({ layer: name, kind: 'heads', group: heads, keyDim: layer.keyDim });
      ctx.layers.push({ name, kind: 'heads', units: layer.heads, group: heads });
      map = { group: null, repeat: 1, source: `the output of attention layer ${name}` };
      break;
    }
    case 'embedding': {
      const reason = 'an embedding keeps its width (every later layer of the sequence reads it)';
      ctx.plans.push({ layer: name, kind: 'copy' });
      ctx.layers.push({ name, kind: 'embedding', units: layer.dim, group: null, reason });
      map = { group: null, repeat: 1, source: `the output of embedding layer ${name}` };
      break;
    }
    case 'positional':
      // Learned positions hold one weight per feature (the last axis); sinusoids hold none.
      ctx.plans.push({ layer: name, kind: 'channel', map });
      break;
    case 'layerNorm':
      fix(ctx, map, `feeds layer norm ${name}, which normalises over all its input features`);
      ctx.plans.push({ layer: name, kind: 'copy' });
      map = { group: null, repeat: 1, source: `the output of layer norm ${name}` };
      break;
    case 'transformer':
      map = walkTransformer(ctx, layer, s, name, path);
      break;
    case 'lstm':
    case 'gru': {
      const g = newGroup(ctx, layer.units, { layer: name, kind: 'recurrent', path });
      ctx.plans.push({ layer: name, kind: 'recurrent', input: s.map, group: g, gates: layer.kind === 'lstm' ? 4 : 3 });
      ctx.layers.push({ name, kind: layer.kind, units: layer.units, group: g });
      map = { group: g, repeat: layer.bidirectional ? 2 : 1, source: name };
      break;
    }
    default:
      // Pooling (1-D and 2-D), dropout and non-PReLU activations act per channel and own no weights.
      break;
  }
  return { map, ...next };
}

/**
 * A transformer block (builder.ts buildTransformer): the residual stream keeps its
 * width D, so the block's input group is fixed; its heads and its feed-forward
 * units are two groups of its own.
 */
function walkTransformer(ctx: Ctx, layer: Extract<Layer, { kind: 'transformer' }>, s: State, name: string, path: number[]): ChannelMap {
  fix(ctx, s.map, `feeds transformer block ${name}, whose model width cannot change`);
  const width = s.shape ? s.shape[s.shape.length - 1] : s.channels;
  const keyDim = layer.keyDim ?? (width === null ? null : transformerKeyDim(layer, width));
  const stream: ChannelMap = { group: null, repeat: 1, source: `the residual stream of ${name}` };
  const attn = `${name}_attn`;
  const heads = newGroup(ctx, layer.heads, { layer: attn, kind: 'heads', path, keyDim });
  ctx.plans.push({ layer: `${name}_ln1`, kind: 'copy' }, { layer: attn, kind: 'heads', group: heads, keyDim }, { layer: `${name}_ln2`, kind: 'copy' });
  ctx.layers.push({ name: attn, kind: 'heads', units: layer.heads, group: heads, block: name });
  const ff1 = `${name}_ff1`;
  const ff = newGroup(ctx, layer.ffUnits, { layer: ff1, kind: 'ffUnits', path });
  const hidden: ChannelMap = { group: ff, repeat: 1, source: ff1 };
  ctx.plans.push({ layer: ff1, kind: 'kernel', input: stream, output: ff });
  if (layer.activation === 'prelu') ctx.plans.push({ layer: `${ff1}_prelu`, kind: 'channel', map: hidden });
  ctx.plans.push({ layer: `${name}_ff2`, kind: 'kernel', input: hidden, output: null });
  ctx.layers.push({ name: ff1, kind: 'ffUnits', units: layer.ffUnits, group: ff, block: name });
  return { group: null, repeat: 1, source: `the output of transformer block ${name}` };
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function walkResidual(ctx: Ctx, layer: ResidualLayer, s: State, name: string, path: number[]): State {
  const prefix = name.replace(/^residual_/, 'res'); // builder.ts buildResidual
  const body = walkLayers(ctx, layer.layers, s, `${prefix}_`, path);
  let projection: boolean;
  if (s.shape && body.shape) {
    if ('error' in projectionCost(s.shape, body.shape)) throw new Error(`${name} cannot add its shortcut`);
    projection = !sameShape(s.shape, body.shape);
  } else {
    // Without shapes only a known channel change proves a projection; otherwise assume the
    // input is added unchanged, which can only couple more groups (never prune wrongly).
    projection = s.channels !== null && body.channels !== null && s.channels !== body.channels;
  }
  let added = s.map;
  if (projection) {
    const projName = `${prefix}_proj`;
    const sameSpatial = !!s.shape && !!body.shape && sameShape(s.shape.slice(0, -1), body.shape.slice(0, -1));
    const shortcut: Shortcut = { input: s.map, width: s.channels ?? 0, sameSpatial };
    const g = newGroup(ctx, body.channels ?? 0, { layer: projName, kind: 'projection', path: null, shortcut });
    ctx.plans.push({ layer: projName, kind: 'kernel', input: s.map, output: g });
    added = { group: g, repeat: 1, source: projName };
  }
  couple(ctx, added, body.map, `${prefix}_add`);
  if (layer.activation === 'prelu') ctx.plans.push({ layer: `${prefix}_prelu`, kind: 'channel', map: body.map });
  return body;
}

function walkLayers(ctx: Ctx, layers: Layer[], s: State, prefix: string, path: number[]): State {
  let state = s;
  layers.forEach((layer, i) => {
    state = walkLayer(ctx, layer, state, `${prefix}${layer.kind}_${i + 1}`, [...path, i]);
  });
  return state;
}

/**
 * The channel-group graph of `spec`. With `inputShape` every decision is exact
 * (flatten positions, whether a residual block has a projection); without it
 * the answer is conservative. Throws a plain Error for a spec that cannot build;
 * callers run analyseSpec first for the human message.
 */
export function analyseGraph(spec: ModelSpec, inputShape?: number[]): SpecGraph {
  const ctx: Ctx = { groups: [], parent: [], plans: [], layers: [] };
  const shape = inputShape ? [...inputShape] : null;
  const input: State = {
    map: { group: null, repeat: 1, source: 'the network input' },
    shape,
    channels: shape ? shape[shape.length - 1] : null,
    rank: shape ? shape.length : null,
  };
  const out = walkLayers(ctx, spec.layers, input, '', []);
  // The head keeps its outputs; only its input rows follow the last group.
  ctx.plans.push({ layer: 'head', kind: 'kernel', input: out.map, output: null });

  const root = (g: number): number => find(ctx, g);
  const members = (g: number): number[] => {
    const r = root(g);
    return ctx.groups.map((_, i) => i).filter((i) => root(i) === r);
  };
  const reason = (g: number): string | null => {
    for (const m of members(g)) if (ctx.groups[m].fixed) return ctx.groups[m].fixed;
    return null;
  };
  for (const info of ctx.layers) {
    if (info.group === null) continue;
    const own = ctx.groups[info.group].fixed;
    const culprit = members(info.group).find((m) => ctx.groups[m].fixed !== null);
    if (own) info.reason = own;
    else if (culprit !== undefined) {
      const other = ctx.groups[culprit];
      info.reason = `shares its channels through a residual add with ${other.producers[0].layer}, which ${other.fixed}`;
    }
  }
  return { groups: ctx.groups, root, reason, members, plans: ctx.plans, layers: ctx.layers };
}
