/**
 * The ensemble rows of bench/sequences.ts: greedy selection (the engine's math/selection.ts,
 * Caruana et al.) over the bench's own runs of one dataset, chosen on validation predictions and
 * scored on test rows with the trainer's scorePredictions, as ensembles.create does. Members are
 * predicted from their saved folders through predict.ts (each through its own recipe), and text
 * members must give one encoding (shared-encoding.ts), as the merged model needs.
 */
import type { FinalMetrics, PreprocessRecipe, Task } from '../main/api/schemas.ts';
import { sharedTextOf } from '../main/data/text/shared-encoding.ts';
import type { DatasetTensors } from '../main/data/types.ts';
import { labelWidth, stackPredictions } from '../main/ensemble/math/predictions.ts';
import { gatherRows } from '../main/train/batches.ts';
import { selectEnsemble } from '../main/ensemble/math/selection.ts';
import type { EnsembleMetric } from '../main/ensemble/math/scores.ts';
import { averagePredictions } from '../main/ensemble/math/voting.ts';
import { disposeMembers, loadMember, predictMember } from '../main/ensemble/predict.ts';
import { scorePredictions } from '../main/train/evaluate.ts';

export type MemberPredictions = { name: string; recipe: PreprocessRecipe | null; val: Float32Array; test: Float32Array };

/** A trained run's predictions on the validation and test rows, read from its folder (before the bench removes it). */
export async function memberPredictions(name: string, dir: string, data: DatasetTensors, split: { val: Int32Array; test: Int32Array }): Promise<MemberPredictions> {
  const member = await loadMember(dir);
  try {
    return { name, recipe: member.recipe, val: predictMember(member, data, split.val), test: predictMember(member, data, split.test) };
  } finally {
    disposeMembers([member]);
  }
}

export type SelectionRow = { members: string[]; weights: number[]; val: Metrics; test: Metrics };
type Metrics = NonNullable<FinalMetrics['val']>;

export function selectionRow(members: MemberPredictions[], y: Float32Array, split: { val: Int32Array; test: Int32Array }, task: Task, outputs: number, metric: EnsembleMetric): SelectionRow {
  sharedTextOf(members.map((m) => ({ name: m.name, recipe: m.recipe })));
  const width = labelWidth(task, outputs);
  const numClasses = task === 'classification' ? outputs : 0;
  const val = stackPredictions(members.map((m) => m.val), outputs);
  const picked = selectEnsemble(val, gatherRows(y, width, split.val, 0, split.val.length), { metric });
  const weights = Array.from(picked.weights);
  const score = (set: ReturnType<typeof stackPredictions>, rows: Int32Array) =>
    scorePredictions(averagePredictions(set, weights), outputs, gatherRows(y, width, rows, 0, rows.length), task, numClasses).metrics;
  return { members: members.map((m) => m.name), weights, val: score(val, split.val), test: score(stackPredictions(members.map((m) => m.test), outputs), split.test) };
}
