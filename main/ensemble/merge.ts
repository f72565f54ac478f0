/**
 * One tfjs Layers model from N members and their combiner, taking raw
 * features, so an ensemble exports like any run:
 *
 *   input ─┬─ m1_preprocess ─ m1_<member 1's layers> ─┐
 *          ├─ m2_preprocess ─ m2_<member 2's layers> ─┼─ ensemble_concat ─ combiner ─ output
 *          └─ …                                       ─┘
 *
 * - Each branch starts with the member's own recipe (and bagging's feature
 *   mask) as a frozen affine map (main/model/affine.ts, a BatchNormalization in
 *   inference form): y = γ·(x − center) with γ = mask/scale. A text ensemble
 *   takes the token ids of one shared encoding (main/data/text/shared-encoding.ts); a member whose
 *   tokeniser differs starts with a frozen TokenRemap to its own ids.
 * - The member's layers are cloned one by one (same class and config, names
 *   prefixed m<i>_, weights copied), so the graph is flat: no nested models and
 *   no duplicate weight names.
 * - A regression member trained on standardised targets ends in a frozen
 *   diagonal Dense (kernel = scale·I, bias = center, one unit per output):
 *   every branch speaks the target's units.
 * - The combiner is one Dense layer over the concatenated member outputs: a
 *   weighted average is the kernel [w_1·I; w_2·I; …] without bias (gradient
 *   boosting adds its initial value as the bias), and a stacking meta-model is
 *   its own dense stack (meta.ts), in the same member-major column order.
 *
 * Only standard layers, so the official tf.loadLayersModel loads the result
 * without custom classes, except the members' own custom layers (attention,
 * the sequence layers) and TokenRemap, registered by importing
 * main/model/layers/index.ts, as for run exports.
 */
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../api/errors.ts';
import type { Task } from '../api/schemas.ts';
import { frozenAffine } from '../model/affine.ts';
import { TokenRemap } from '../model/layers/token-remap.ts';
import { rowSize } from '../train/batches.ts';
import { normaliseWeights } from './math/weights.ts';
import type { MetaModel } from './math/meta.ts';
import { checkCompatible, memberTarget, type LoadedMember } from './predict.ts';

export type Combiner =
  /** output = Σ_i weights[i]·member_i + bias. Classification: weights ≥ 0 summing to 1, no bias (an average of probabilities). */
  | { kind: 'linear'; weights: ArrayLike<number>; bias?: ArrayLike<number> }
  /** A stacking meta-model over the member outputs side by side. */
  | { kind: 'meta'; model: MetaModel };

/** A weighted average (soft voting, selection, bagging, AdaBoost's α): weights normalised here. */
export function averageCombiner(weights: ArrayLike<number> | undefined, members: number): Combiner {
  return { kind: 'linear', weights: normaliseWeights(weights, members) };
}

type Sym = tf.SymbolicTensor;
type LayerEntry = { name: string; className: string; config: tf.serialization.ConfigDict; inboundNodes: [string, number, number, Record<string, unknown>?][][] };

/**
 * `remaps`: a text ensemble's per-member tables from the shared encoding's ids to the member's own
 * (main/data/text/shared-encoding.ts); null (or absent) where the member takes the input as it is.
 */
export function mergeMembers(members: LoadedMember[], combiner: Combiner, task: Task, remaps: (Float32Array | null)[] = []): tf.LayersModel {
  // One member is a valid result: greedy selection keeps its best member alone when no mixture beats it.
  checkCompatible(members);
  const { inputShape, outputs } = members[0];
  checkCombiner(combiner, members.length, outputs, task);

  const input = tf.input({ shape: inputShape, name: 'input' });
  const pending: (() => void)[] = []; // weights are set once every layer is built
  const branches = members.map((m, i) => {
    const prefix = `m${i + 1}_`;
    const x = preprocess(remap(input, remaps[i] ?? null, prefix, pending), m, prefix, pending);
    return toTargetUnits(cloneInto(m.model, x, prefix, pending), m, prefix, pending);
  });
  // Concatenate needs two inputs; one member's output is already the combiner's input.
  const joined = branches.length === 1 ? branches[0] : (tf.layers.concatenate({ name: 'ensemble_concat', axis: -1 }).apply(branches) as Sym);
  const output = combine(joined, combiner, members.length, outputs, pending);
  const model = tf.model({ inputs: input, outputs: output, name: 'modelbench_ensemble' });
  for (const set of pending) set();
  return model;
}

function checkCombiner(combiner: Combiner, members: number, outputs: number, task: Task): void {
  if (combiner.kind === 'linear') {
    const { weights, bias } = combiner;
    if (weights.length !== members) throw new ApiError('invalid_argument', `${weights.length} weights for ${members} members`);
    if (!Array.from(weights).every(Number.isFinite)) throw new ApiError('invalid_argument', 'member weights must be finite');
    if (bias !== undefined && (bias.length !== outputs || !Array.from(bias).every(Number.isFinite))) {
      throw new ApiError('invalid_argument', `the combiner bias needs ${outputs} finite values`);
    }
    if (task === 'classification') {
      const sum = Array.from(weights).reduce((a, b) => a + b, 0);
      if (bias !== undefined || Array.from(weights).some((w) => w < 0) || Math.abs(sum - 1) > 1e-6) {
        throw new ApiError('invalid_argument', 'a classification ensemble averages probabilities: weights ≥ 0 summing to 1 and no bias (averageCombiner normalises them)');
      }
    }
    return;
  }
  const layers = combiner.model.layers;
  if (layers.length === 0) throw new ApiError('invalid_argument', 'the meta-model has no layers');
  let width = members * outputs;
  layers.forEach((l, i) => {
    if (l.inputs !== width || l.kernel.length !== l.inputs * l.units || l.bias.length !== l.units) {
      throw new ApiError('invalid_argument', `meta-layer ${i + 1} has ${l.inputs}×${l.units} weights but receives ${width} inputs`);
    }
    width = l.units;
  });
  const last = layers[layers.length - 1];
  const wanted = task === 'classification' ? 'softmax' : 'linear';
  if (last.units !== outputs || last.activation !== wanted) {
    throw new ApiError('invalid_argument', `the meta-model must end in ${outputs} ${wanted} units for ${task}, it ends in ${last.units} ${last.activation}`);
  }
}

/** A text member whose tokeniser differs from the shared one reads the shared ids through its table. */
function remap(input: Sym, table: Float32Array | null, prefix: string, pending: (() => void)[]): Sym {
  if (!table) return input;
  const layer = new TokenRemap({ size: table.length, name: `${prefix}token_remap` });
  const out = layer.apply(input) as Sym;
  pending.push(() => setFresh(layer, () => [tf.tensor1d(table)]));
  return out;
}

/** The member's recipe and feature mask as a frozen affine map (identity when there is neither). */
function preprocess(input: Sym, member: LoadedMember, prefix: string, pending: (() => void)[]): Sym {
  const { recipe, featureMask, inputShape } = member;
  const scaled = recipe !== null && recipe.method !== 'none' ? recipe : null;
  if (!scaled && !featureMask) return input;
  const perChannel = scaled !== null && scaled.axis === 'channel';
  const groups = perChannel ? inputShape[inputShape.length - 1] : rowSize(inputShape);
  const center = scaled ? scaled.center : new Array<number>(groups).fill(0);
  const scale = scaled ? scaled.scale : new Array<number>(groups).fill(1);
  if (center.length !== groups) throw new ApiError('invalid_argument', `the recipe of ${prefix.slice(0, -1)} has ${center.length} entries but its inputs need ${groups}`);
  const gamma = Float32Array.from(center, (_, g) => (featureMask && featureMask[g] === 0 ? 0 : 1 / scale[g]));
  return frozenAffine(input, inputShape, { mean: center, gamma, beta: new Float32Array(groups), perChannel }, `${prefix}preprocess`, pending);
}

/** Rebuilds the member's graph on `input`, layer by layer, with prefixed names and the member's weights. */
function cloneInto(model: tf.LayersModel, input: Sym, prefix: string, pending: (() => void)[]): Sym {
  const config = model.getConfig() as unknown as { layers: LayerEntry[]; inputLayers: [string, number, number][]; outputLayers: [string, number, number][] };
  if (config.inputLayers.length !== 1 || config.outputLayers.length !== 1) {
    throw new ApiError('cannot_build', 'ensemble members must have one input and one output');
  }
  const outputsOf = new Map<string, Sym[]>([[config.inputLayers[0][0], [input]]]);
  const classes = tf.serialization.SerializationMap.getMap().classNameMap;
  for (const entry of config.layers) {
    if (entry.className === 'InputLayer') continue;
    if (entry.inboundNodes.length !== 1) throw new ApiError('cannot_build', `layer ${entry.name} is used ${entry.inboundNodes.length} times; members with shared layers cannot be merged`);
    const registered = classes[entry.className];
    if (!registered) throw new ApiError('cannot_build', `layer class ${entry.className} of ${entry.name} is not registered with tfjs`);
    const [cls, fromConfig] = registered;
    const layer = fromConfig(cls, { ...entry.config, name: `${prefix}${entry.name}` }) as unknown as tf.layers.Layer;
    const node = entry.inboundNodes[0];
    const inputs = node.map(([name, , tensorIndex]) => {
      const produced = outputsOf.get(name)?.[tensorIndex];
      if (!produced) throw new ApiError('cannot_build', `layer ${entry.name} reads ${name}, which is not built yet`);
      return produced;
    });
    const kwargs = node[0]?.[3] ?? {};
    const out = layer.apply(inputs.length === 1 ? inputs[0] : inputs, kwargs) as Sym | Sym[];
    outputsOf.set(entry.name, Array.isArray(out) ? out : [out]);
    const weights = model.getLayer(entry.name).getWeights();
    if (weights.length > 0) pending.push(() => layer.setWeights(weights));
  }
  const [outName, , outIndex] = config.outputLayers[0];
  return outputsOf.get(outName)![outIndex];
}

/** A regression member trained on standardised targets: y = output·scale + center per output (a forecast has one per step), as one frozen diagonal Dense (predict.ts does the same). */
function toTargetUnits(output: Sym, member: LoadedMember, prefix: string, pending: (() => void)[]): Sym {
  const target = memberTarget(member);
  if (!target) return output;
  const units = member.outputs;
  const dense = tf.layers.dense({ name: `${prefix}target_units`, units, useBias: true, activation: 'linear', trainable: false });
  const out = dense.apply(output) as Sym;
  const kernel = new Float32Array(units * units);
  for (let k = 0; k < units; k++) kernel[k * units + k] = target.scale;
  pending.push(() => setFresh(dense, () => [tf.tensor2d(kernel, [units, units]), tf.fill([units], target.center)]));
  return out;
}

function combine(joined: Sym, combiner: Combiner, members: number, outputs: number, pending: (() => void)[]): Sym {
  if (combiner.kind === 'linear') {
    const useBias = combiner.bias !== undefined;
    const dense = tf.layers.dense({ name: 'ensemble_combine', units: outputs, useBias, activation: 'linear' });
    const out = dense.apply(joined) as Sym;
    const kernel = new Float32Array(members * outputs * outputs);
    for (let m = 0; m < members; m++) for (let k = 0; k < outputs; k++) kernel[(m * outputs + k) * outputs + k] = combiner.weights[m];
    pending.push(() => setFresh(dense, () => [tf.tensor2d(kernel, [members * outputs, outputs]), ...(useBias ? [tf.tensor1d(Array.from(combiner.bias!))] : [])]));
    return out;
  }
  let x = joined;
  combiner.model.layers.forEach((l, i) => {
    const dense = tf.layers.dense({ name: `meta_dense_${i + 1}`, units: l.units, activation: l.activation, useBias: true });
    x = dense.apply(x) as Sym;
    pending.push(() => setFresh(dense, () => [tf.tensor2d(l.kernel, [l.inputs, l.units]), tf.tensor1d(l.bias)]));
  });
  return x;
}

/** Sets a layer's weights from new tensors and frees them (the layer's variables keep the data). */
function setFresh(layer: tf.layers.Layer, make: () => tf.Tensor[]): void {
  const tensors = make();
  layer.setWeights(tensors);
  tf.dispose(tensors);
}
