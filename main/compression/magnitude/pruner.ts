/**
 * Magnitude pruning on a live tfjs model: picks the kernels to prune, keeps a
 * 0/1 mask tensor per kernel, recomputes the masks when the schedule asks for
 * more sparsity (once per epoch), and enforces them after every optimiser step
 * by multiplying each kernel by its mask. Multiplying after the step (rather than
 * masking gradients) also cancels what momentum or Adam's running averages would
 * push into a pruned weight, so masked weights are exactly zero whenever the
 * model is evaluated or saved.
 *
 * Only dense and conv2d kernels are pruned: biases, batch-norm and attention
 * weights are few and sensitive, and zeros in them save nothing on disk.
 */
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../api/errors.ts';
import type { LayerSparsity, MagnitudePruningPlan, SparsityReport } from '../types.ts';
import { globalMasks, layerMasks, zeroCount } from './masks.ts';
import { scheduleSettled, sparsityAt } from './schedule.ts';

const PRUNABLE = new Set(['Dense', 'Conv2D']);

type LayerVar = { name: string; originalName: string; shape: number[]; read(): tf.Tensor; write(t: tf.Tensor): unknown };
type Target = { layer: string; kernel: LayerVar; mask: tf.Tensor | null };

function kernelOf(layer: tf.layers.Layer): LayerVar | undefined {
  return (layer.weights as unknown as LayerVar[]).find((w) => /(^|\/)kernel(_\d+)?$/.test(w.originalName ?? w.name));
}

/** The prunable kernels of a model, or of the named layers (refusing kinds that cannot be pruned). */
export function prunableKernels(model: tf.LayersModel, names?: string[]): { layer: string; kernel: LayerVar }[] {
  if (names && names.length > 0) {
    return names.map((name) => {
      const layer = model.layers.find((l) => l.name === name);
      if (!layer) throw new ApiError('invalid_argument', `The model has no layer named '${name}'. Layers: ${model.layers.map((l) => l.name).join(', ')}.`);
      const kind = layer.getClassName();
      const kernel = kernelOf(layer);
      if (!PRUNABLE.has(kind) || !kernel) {
        throw new ApiError('invalid_argument', `Layer '${name}' is a ${kind} layer; magnitude pruning can only prune dense and conv2d kernels.`);
      }
      return { layer: name, kernel };
    });
  }
  const all = model.layers.filter((l) => PRUNABLE.has(l.getClassName())).map((l) => ({ layer: l.name, kernel: kernelOf(l) }));
  const found = all.filter((t): t is { layer: string; kernel: LayerVar } => t.kernel !== undefined);
  if (found.length === 0) throw new ApiError('invalid_argument', 'This model has no dense or conv2d layer, so there is nothing magnitude pruning can prune.');
  return found;
}

function report(targets: { layer: string; kernel: LayerVar }[]): SparsityReport {
  const layers: LayerSparsity[] = targets.map(({ layer, kernel }) => {
    const values = kernel.read().dataSync();
    const zeros = zeroCount(values);
    return { layer, zeros, total: values.length, sparsity: values.length ? zeros / values.length : 0 };
  });
  const zeros = layers.reduce((a, l) => a + l.zeros, 0);
  const total = layers.reduce((a, l) => a + l.total, 0);
  return { sparsity: total ? zeros / total : 0, zeros, total, layers };
}

/** Exact zeros in every dense/conv2d kernel of any model (pruned or not). */
export function sparsityOf(model: tf.LayersModel): SparsityReport | null {
  const targets = model.layers
    .filter((l) => PRUNABLE.has(l.getClassName()))
    .map((l) => ({ layer: l.name, kernel: kernelOf(l) }))
    .filter((t): t is { layer: string; kernel: LayerVar } => t.kernel !== undefined);
  return targets.length ? report(targets) : null;
}

export type Pruner = {
  /** Call at the start of each (0-based) epoch: recomputes the masks when the scheduled sparsity grows. */
  beginEpoch(epoch: number): void;
  /** Call after every optimiser step: re-zeroes the pruned weights. */
  enforce(): void;
  /** Whether the masks have reached their final sparsity (best-weight tracking starts then). */
  settled(epoch: number): boolean;
  report(): SparsityReport;
  dispose(): void;
};

export function createPruner(model: tf.LayersModel, plan: MagnitudePruningPlan, epochs: number): Pruner {
  if (!(plan.targetSparsity >= 0 && plan.targetSparsity < 1)) {
    throw new ApiError('invalid_argument', `The target sparsity must be in [0, 1), got ${plan.targetSparsity}.`);
  }
  const targets: Target[] = prunableKernels(model, plan.layers).map((t) => ({ ...t, mask: null }));
  let current = -1;

  function recompute(sparsity: number): void {
    const values = targets.map((t) => t.kernel.read().dataSync() as Float32Array);
    const masks = plan.scope === 'global' ? globalMasks(values, sparsity) : layerMasks(values, sparsity);
    targets.forEach((t, i) => {
      t.mask?.dispose();
      t.mask = tf.tensor(masks[i] as Float32Array, t.kernel.shape);
    });
    current = sparsity;
  }

  const enforce = (): void => {
    for (const t of targets) {
      if (!t.mask) continue;
      const masked = tf.tidy(() => tf.mul(t.kernel.read(), t.mask as tf.Tensor));
      t.kernel.write(masked);
      masked.dispose();
    }
  };

  return {
    beginEpoch(epoch) {
      const s = sparsityAt(plan, epoch, epochs);
      if (s > current) {
        recompute(s);
        enforce();
      }
    },
    enforce,
    settled: (epoch) => scheduleSettled(plan, epoch, epochs),
    report: () => report(targets),
    dispose() {
      for (const t of targets) t.mask?.dispose();
    },
  };
}
