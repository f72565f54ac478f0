/**
 * Structured pruning: ranks each channel group (graph.ts) by its weights, builds
 * a smaller spec with buildModel, and copies the kept slices of every weight
 * from the original model. The pruned model computes exactly what the original
 * computes with the removed channels' contributions masked out at their
 * consumers (see the tests).
 */
import * as tf from '@tensorflow/tfjs';
import type { Layer, ModelSpec } from '../../api/schemas.ts';
import { ApiError } from '../../api/errors.ts';
import { analyseSpec } from '../../model/counts.ts';
import { buildModel } from '../../model/builder.ts';
import { analyseGraph, type ChannelMap, type Producer, type SpecGraph, type WeightPlan } from './graph.ts';
import { groupImportance, layerOf } from './importance.ts';
import { keepCount, selectKept } from './ranking.ts';
import { expandBlocks, expandKept } from './slicing.ts';
import type { ModelIo, PrunableLayer, RemovedEntry, StructuredOptions, StructuredPlan, StructuredResult } from './types.ts';

const CRITERIA = new Set(['l1', 'l2', 'bn']);

function checkOptions(opts: StructuredOptions): void {
  if (typeof opts?.ratio !== 'number' || !Number.isFinite(opts.ratio) || opts.ratio < 0 || opts.ratio >= 1) {
    throw new ApiError('invalid_argument', `The pruning ratio must be a number from 0 up to (not including) 1, got ${String(opts?.ratio)}.`);
  }
  if (!CRITERIA.has(opts.criterion)) {
    throw new ApiError('invalid_argument', `The pruning criterion must be 'l1', 'l2' or 'bn', got ${String(opts.criterion)}.`);
  }
  if (opts.layers !== undefined && (!Array.isArray(opts.layers) || opts.layers.some((n) => typeof n !== 'string'))) {
    throw new ApiError('invalid_argument', 'layers must be a list of layer names.');
  }
}

function graphFor(spec: ModelSpec, io: ModelIo): SpecGraph {
  const analysis = analyseSpec(spec, io.inputShape, io.outputUnits);
  if (!analysis.ok) throw new ApiError('cannot_build', `This model cannot be built: ${analysis.error}.`);
  return analyseGraph(spec, io.inputShape);
}

/** Layers with units, and for the unprunable ones why. Exact with inputShape, conservative without. */
export function prunableLayers(spec: ModelSpec, inputShape?: number[]): PrunableLayer[] {
  let graph: SpecGraph;
  try {
    graph = analyseGraph(spec, inputShape);
  } catch (err) {
    throw new ApiError('cannot_build', `This model cannot be built: ${(err as Error).message}.`);
  }
  return graph.layers.map((info) => {
    const out: PrunableLayer = { name: info.name, kind: info.kind, units: info.units };
    if (info.reason) out.reason = info.reason;
    if (info.group !== null) {
      const others = graph
        .members(info.group)
        .flatMap((g) => graph.groups[g].producers.map((p) => p.layer))
        .filter((n) => n !== info.name);
      if (others.length > 0) out.coupledWith = others;
    }
    return out;
  });
}

/** Roots of the groups to prune: all prunable ones, or those a requested layer belongs to. */
function selectRoots(graph: SpecGraph, names: string[] | undefined): Set<number> {
  const roots = new Set<number>();
  if (names === undefined) {
    graph.groups.forEach((_, g) => {
      if (graph.reason(g) === null) roots.add(graph.root(g));
    });
    return roots;
  }
  for (const name of names) {
    // A transformer block's name selects both its heads and its feed-forward units.
    const infos = graph.layers.filter((l) => l.name === name || l.block === name);
    if (infos.length === 0) {
      throw new ApiError(
        'invalid_argument',
        `Layer ${name} cannot be pruned: it is not a layer of this model with prunable units (structured pruning removes dense units, ` +
          'conv1d / conv2d filters, lstm / gru units, the heads of attention layers, and transformer heads and feed-forward units).',
        { layer: name },
      );
    }
    for (const info of infos) {
      if (info.reason || info.group === null) {
        throw new ApiError('invalid_argument', `Layer ${name} cannot be pruned: it ${info.reason ?? 'has no prunable units'}.`, { layer: name });
      }
      roots.add(graph.root(info.group));
    }
  }
  return roots;
}

/** Writes a producer's new unit count into the spec layer at its path. */
function setUnits(layers: Layer[], producer: Producer & { path: number[] }, units: number): void {
  const path = producer.path;
  let layer = layers[path[0]];
  for (const i of path.slice(1)) {
    if (layer.kind !== 'residual') throw new Error('bad layer path');
    layer = layer.layers[i];
  }
  if (layer.kind === 'dense' || layer.kind === 'lstm' || layer.kind === 'gru') layer.units = units;
  else if (layer.kind === 'conv1d' || layer.kind === 'conv2d') layer.filters = units;
  else if (layer.kind === 'transformer' && producer.kind === 'ffUnits') layer.ffUnits = units;
  else if (layer.kind === 'attention') layer.heads = units; // keyDim is in its spec, so it stays
  else if (layer.kind === 'transformer' && producer.kind === 'heads') {
    if (!producer.keyDim) throw new ApiError('internal', `Structured pruning does not know the key width of ${producer.layer}.`);
    if (units !== layer.heads) layer.keyDim = producer.keyDim; // its default (D / heads) would grow with fewer heads
    layer.heads = units;
  }
}

type Decided = { graph: SpecGraph; keptByRoot: Map<number, number[]>; plan: StructuredPlan };

/** Width of the last axis described by `map` once every group root has its new channel count. */
function widthAfter(graph: SpecGraph, counts: Map<number, number>, map: ChannelMap, original: number): number {
  if (map.group === null) return original;
  const root = graph.root(map.group);
  return map.repeat * (counts.get(root) ?? graph.groups[root].units);
}

/**
 * Keeps one more channel where pruning would give a residual body the width
 * of its block's input: the builder would then drop the projection (it only
 * adds one when shapes differ) and the block would compute something else.
 * Only ever raises counts, so it ends.
 */
function separateProjections(graph: SpecGraph, counts: Map<number, number>): void {
  const projections = graph.groups.flatMap((g, id) => g.producers.filter((p) => p.shortcut?.sameSpatial).map((p) => ({ id, shortcut: p.shortcut! })));
  for (let changed = true; changed; ) {
    changed = false;
    for (const { id, shortcut } of projections) {
      const body = graph.root(id);
      const bodyWidth = counts.get(body) ?? graph.groups[body].units;
      if (widthAfter(graph, counts, shortcut.input, shortcut.width) !== bodyWidth) continue;
      const input = shortcut.input.group === null ? null : graph.root(shortcut.input.group);
      if (counts.has(body) && bodyWidth < graph.groups[body].units) counts.set(body, bodyWidth + 1);
      else if (input !== null && counts.has(input) && counts.get(input)! < graph.groups[input].units) counts.set(input, counts.get(input)! + 1);
      else throw new ApiError('internal', `Structured pruning cannot keep the projection ${graph.groups[id].producers[0].layer}.`);
      changed = true;
    }
  }
}

function decide(model: tf.LayersModel, spec: ModelSpec, io: ModelIo, opts: StructuredOptions): Decided {
  checkOptions(opts);
  const graph = graphFor(spec, io);
  const roots = [...selectRoots(graph, opts.layers)].sort((a, b) => a - b);
  const counts = new Map(roots.map((r) => [r, keepCount(graph.groups[r].units, opts.ratio)] as const));
  separateProjections(graph, counts);
  const keptByRoot = new Map<number, number[]>();
  for (const root of roots) {
    const total = graph.groups[root].units;
    const keep = counts.get(root)!;
    keptByRoot.set(root, keep === total ? Array.from({ length: total }, (_, i) => i) : selectKept(groupImportance(model, graph, root, opts.criterion), keep));
  }
  // Report and resize in build order (group ids follow it).
  const newSpec = structuredClone(spec);
  const removed: RemovedEntry[] = [];
  const kept: Record<string, number[]> = {};
  graph.groups.forEach((group, id) => {
    const indices = keptByRoot.get(graph.root(id));
    if (!indices) return;
    for (const p of group.producers) {
      if (p.path) setUnits(newSpec.layers, { ...p, path: p.path }, indices.length);
      removed.push({ layer: p.layer, kept: indices.length, total: group.units });
      kept[p.layer] = indices;
    }
  });
  return { graph, keptByRoot, plan: { spec: newSpec, removed, kept } };
}

/** Which channels would survive, without building anything (the tests mask the original with it). */
export function planStructuredPrune(model: tf.LayersModel, spec: ModelSpec, io: ModelIo, opts: StructuredOptions): StructuredPlan {
  return decide(model, spec, io, opts).plan;
}

/** Feature indices to keep along an axis described by `map`, or null when it keeps them all. */
function indicesFor(d: Decided, map: ChannelMap): number[] | null {
  if (map.group === null) return null;
  const kept = d.keptByRoot.get(d.graph.root(map.group));
  const units = d.graph.groups[map.group].units;
  if (!kept || kept.length === units) return null;
  return expandKept(kept, units, map.repeat);
}

/**
 * Gathers `indices` along `axis`, or returns `t` itself (then the caller must not dispose it).
 * The result is copied into a tensor of its own: the wasm backend's gather returns a reshaped
 * view whose buffer keeps the rank-4 shape it was computed in, and its fused matmul then
 * refuses that buffer as a dense layer's bias ("only supports rank-1 bias").
 */
function gatherAxis(t: tf.Tensor, indices: number[] | null, axis: number): tf.Tensor {
  if (indices === null) return t;
  const gathered = tf.tidy(() => tf.gather(t, tf.tensor1d(indices, 'int32'), axis));
  try {
    return tf.tensor(gathered.dataSync(), gathered.shape, gathered.dtype);
  } finally {
    gathered.dispose();
  }
}

function slicedWeights(d: Decided, plan: WeightPlan, weights: tf.Tensor[], created: tf.Tensor[]): tf.Tensor[] {
  const track = (t: tf.Tensor, from: tf.Tensor): tf.Tensor => {
    if (t !== from) created.push(t);
    return t;
  };
  if (plan.kind === 'copy') return weights;
  if (plan.kind === 'heads') return headWeights(d, plan, weights, track);
  if (plan.kind === 'recurrent') return recurrentWeights(d, plan, weights, track);
  if (plan.kind === 'channel') {
    const idx = indicesFor(d, plan.map);
    return weights.map((w) => track(gatherAxis(w, idx, w.rank - 1), w));
  }
  const inIdx = indicesFor(d, plan.input);
  const outIdx = plan.output === null ? null : indicesFor(d, { group: plan.output, repeat: 1, source: plan.layer });
  const [kernel, bias] = weights;
  // dense kernel [in, out], conv kernel [kh, kw, in, out]: input axis rank-2, output axis rank-1.
  const rows = track(gatherAxis(kernel, inIdx, kernel.rank - 2), kernel);
  const out = [track(gatherAxis(rows, outIdx, kernel.rank - 1), rows)];
  if (bias) out.push(track(gatherAxis(bias, outIdx, 0), bias));
  return out;
}

type Track = (t: tf.Tensor, from: tf.Tensor) => tf.Tensor;

/** Q, K, V: the kept heads' columns (kernel and bias); output projection: their rows. */
function headWeights(d: Decided, plan: Extract<WeightPlan, { kind: 'heads' }>, weights: tf.Tensor[], track: Track): tf.Tensor[] {
  const kept = indicesFor(d, { group: plan.group, repeat: 1, source: plan.layer });
  if (kept === null) return weights;
  if (!plan.keyDim) throw new ApiError('internal', `Structured pruning does not know the key width of ${plan.layer}.`);
  const columns = expandBlocks(kept, plan.keyDim);
  // [query kernel, bias, key kernel, bias, value kernel, bias, output kernel, output bias]
  return weights.map((w, i) => (i === 7 ? w : track(gatherAxis(w, columns, i === 6 ? 0 : w.rank - 1), w)));
}

/** Per direction [kernel, recurrent kernel, bias]: kernel rows follow the input; the kept units' columns in every gate, and their recurrent rows. */
function recurrentWeights(d: Decided, plan: Extract<WeightPlan, { kind: 'recurrent' }>, weights: tf.Tensor[], track: Track): tf.Tensor[] {
  const inIdx = indicesFor(d, plan.input);
  const kept = indicesFor(d, { group: plan.group, repeat: 1, source: plan.layer });
  const columns = kept === null ? null : expandKept(kept, d.graph.groups[plan.group].units, plan.gates); // gate-major
  return weights.map((w, i) => {
    const rows = i % 3 === 2 ? w : track(gatherAxis(w, i % 3 === 0 ? inIdx : kept, 0), w);
    return track(gatherAxis(rows, columns, w.rank - 1), rows); // GRU bias [2, G*units]: the last axis too
  });
}

/** Copies the kept slice of every weight from `from` into the freshly built `to`. */
function copyWeights(d: Decided, from: tf.LayersModel, to: tf.LayersModel): void {
  const planned = new Set(d.graph.plans.map((p) => p.layer));
  for (const layer of to.layers) {
    if (layer.weights.length > 0 && !planned.has(layer.name)) {
      throw new ApiError('internal', `Structured pruning does not know how to slice the weights of layer ${layer.name}.`);
    }
  }
  for (const plan of d.graph.plans) {
    const created: tf.Tensor[] = [];
    try {
      const weights = slicedWeights(d, plan, layerOf(from, plan.layer).getWeights(), created);
      layerOf(to, plan.layer).setWeights(weights);
    } finally {
      tf.dispose(created);
    }
  }
}

/**
 * Removes `opts.ratio` of the units / filters of every prunable layer (or of
 * `opts.layers`) and returns the smaller spec and a new model holding the kept
 * weights. The original model is left untouched; the new one is not compiled.
 */
export function structuredPrune(model: tf.LayersModel, spec: ModelSpec, io: ModelIo, opts: StructuredOptions): StructuredResult {
  const d = decide(model, spec, io, opts);
  const pruned = buildModel(d.plan.spec, io, 0); // seed irrelevant: every weight is overwritten
  try {
    copyWeights(d, model, pruned);
  } catch (err) {
    pruned.dispose();
    throw err;
  }
  return { spec: d.plan.spec, model: pruned, removed: d.plan.removed };
}
