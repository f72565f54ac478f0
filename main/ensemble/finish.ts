/**
 * From a method's build to a stored model's files and facts: the members the
 * model combines (combine.ts modelPlan) are merged into one tfjs graph saved
 * in the ensemble's folder, measured (size, FLOPs, latency with the one
 * measurer, the plan runs' short budget), and evaluated on the shared split's
 * validation and test rows with a run's metrics. Runs in the ensemble's
 * worker thread (thread/worker.ts); the job stores what it returns.
 */
import { mkdirSync, rmSync } from 'node:fs';
import type { FinalMetrics, PreprocessRecipe, Task } from '../api/schemas.ts';
import { textInputRecipe } from '../data/prepare.ts';
import { sharedTextOf } from '../data/text/shared-encoding.ts';
import type { ModelSize } from '../compression/types.ts';
import { modelSize } from '../compression/size.ts';
import { fitTargetScaling } from '../data/preprocess.ts';
import { saveModelFiles } from '../model/io.ts';
import { RUN_LATENCY } from '../train/plan-runtime.ts';
import { modelPlan, scoreEnsemble, storedCombiner, type Scored } from './combine.ts';
import type { EnsembleBuild } from './index.ts';
import { labelWidth, stackPredictions } from './math/predictions.ts';
import { gatherRows } from '../train/batches.ts';
import type { DatasetTensors } from '../data/types.ts';
import { mergeMembers } from './merge.ts';
import { predictMember, type LoadedMember } from './predict.ts';
import type { StoredCombiner } from './types.ts';

export type FinishInput = {
  build: EnsembleBuild;
  /** A member's loaded model (with its recipe and feature mask), by run id. */
  load(runId: string): Promise<LoadedMember>;
  task: Task;
  outputs: number;
  inputShape: number[];
  /** The dataset's stored values (texts too): each member prepares its inputs with its own recipe. */
  data: DatasetTensors;
  split: { train: Int32Array; val: Int32Array; test: Int32Array };
  /** The ensemble's folder: emptied, then the merged model.json + weights.bin. */
  dir: string;
};

export type FinishedModel = {
  /** The members the model combines, in its order. */
  combined: { position: number; runId: string; weight: number; featureMask: number[] | null }[];
  combiner: StoredCombiner;
  /** What the merged model's input is: null, raw features; a text ensemble's shared tokeniser (main/data/text/shared-encoding.ts). */
  recipe: PreprocessRecipe | null;
  metrics: FinalMetrics;
  diversity: Scored['diversity'];
  size: ModelSize;
};

export async function finishModel(input: FinishInput): Promise<FinishedModel> {
  const { build, task, outputs, split, data } = input;
  const { members: combined, combiner } = modelPlan(build);
  const loaded = await Promise.all(combined.map((m) => input.load(m.runId)));
  const predict = (rows: Int32Array) => stackPredictions(loaded.map((m) => predictMember(m, data, rows)), outputs);
  const width = labelWidth(task, outputs);
  const labels = (rows: Int32Array) => gatherRows(data.y, width, rows, 0, rows.length);
  const hasTest = split.test.length > 0;
  // Regression: the loss in units of the training targets' standard deviation, as members trained on standardised targets report it.
  const lossScale = task === 'regression' ? fitTargetScaling('standardize', data.y, split.train, width).scale : 1;
  const scored = scoreEnsemble(
    { val: predict(split.val), test: hasTest ? predict(split.test) : null },
    { val: labels(split.val), test: hasTest ? labels(split.test) : null },
    combiner, task, combined.map((m) => m.position), lossScale,
  );

  rmSync(input.dir, { recursive: true, force: true });
  mkdirSync(input.dir, { recursive: true });
  const text = sharedTextOf(loaded.map((m, i) => ({ name: `run ${combined[i].runId}`, recipe: m.recipe })));
  const model = mergeMembers(loaded, combiner, task, text?.remaps);
  let size: ModelSize;
  try {
    await saveModelFiles(model, input.dir);
    size = await modelSize(model, input.dir, { inputShape: input.inputShape, ...RUN_LATENCY });
  } finally {
    model.dispose();
  }
  return {
    combined: combined.map((m) => ({ position: m.position, runId: m.runId, weight: m.weight, featureMask: m.featureMask ? Array.from(m.featureMask) : null })),
    combiner: storedCombiner(combiner),
    recipe: text ? textInputRecipe(text.recipe) : null,
    metrics: scored.metrics,
    diversity: scored.diversity,
    size,
  };
}
