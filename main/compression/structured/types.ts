/** Public types of structured pruning (see index.ts). */
import type * as tf from '@tensorflow/tfjs';
import type { ModelSpec, Task } from '../../api/schemas.ts';
import type { Criterion } from './ranking.ts';

export type StructuredOptions = {
  /** Fraction of units / filters removed from every pruned layer (or residual-joined group), 0 <= ratio < 1. */
  ratio: number;
  /** 'l1' / 'l2': norm of each unit's kernel weights; 'bn': |gamma| of the batch norm that follows (L1 where none does). */
  criterion: Criterion;
  /** Limit pruning to these layer names (see prunableLayers); naming one member of a residual-joined group prunes the group. */
  layers?: string[];
};

export type ModelIo = { inputShape: number[]; outputUnits: number; task: Task };

export type RemovedEntry = { layer: string; kept: number; total: number };

export type StructuredResult = { spec: ModelSpec; model: tf.LayersModel; removed: RemovedEntry[] };

export type PrunableLayer = {
  name: string;
  kind: string;
  units: number;
  /** Set when the layer cannot be pruned, in words (a sentence predicate: "feeds attention layer ..."). */
  reason?: string;
  /** Other layers whose channels a residual add ties to this one: they are pruned together. */
  coupledWith?: string[];
};

/** Which channels of each pruned layer survive (ascending indices into the original units). */
export type StructuredPlan = {
  spec: ModelSpec;
  removed: RemovedEntry[];
  kept: Record<string, number[]>;
};
