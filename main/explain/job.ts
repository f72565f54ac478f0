/**
 * One explanation of a stored run, start to end, on the current thread's tfjs
 * backend (the explain worker calls it; never the engine's thread): load the
 * model and wrap it as a prediction function (tf-model.ts) whose outputs are
 * in the target's units, prepare the rows (job-data.ts), run the explainer the
 * settings name, and return the result in the units people read.
 */
import type { DatasetMeta, PreprocessRecipe } from '../api/schemas.ts';
import { fitRecipe } from '../data/preprocess.ts';
import { loadDatasetFiles } from '../data/store.ts';
import type { DatasetTensors } from '../data/types.ts';
import { loadModelFiles } from '../model/io.ts';
import type { StoredSplit } from '../train/artifacts.ts';
import { createExactShapley } from './shapley-exact.ts';
import { createGradientShap } from './gradient-shap.ts';
import { createIntegratedGradients } from './integrated-gradients.ts';
import { backgroundOf, BACKGROUND_SOURCE_ROWS, explainedRows, IMAGE_BACKGROUND_SOURCE_ROWS, playerValues, trainingSample, type ExplainData } from './job-data.ts';
import { createKernelShap } from './kernel-shap.ts';
import { createLimeImage } from './lime-image.ts';
import { createLimeTabular } from './lime-tabular.ts';
import { metricFor } from './metrics.ts';
import { createOcclusion } from './occlusion.ts';
import { createPermutationImportance } from './permutation.ts';
import { readFeatureMask, withFeatureMask } from './feature-mask.ts';
import { singletonGroups } from './feature-groups.ts';
import { explainTokens } from './sequence/token-job.ts';
import type { ExplainSettings, ExplanationResult, GlobalExplanationResult, LocalExplanationResult } from './request.ts';
import { methodNote, playersOf } from './settings.ts';
import { tfModelFunction } from './tf-model.ts';
import type { DifferentiableModel, LocalExplanation, RunControl } from './types.ts';

/** What the explain worker is sent: settings resolved by the engine, and where the run's files are. */
export type ExplainJobInput = {
  settings: ExplainSettings;
  /** The run's folder: model.json, weights.bin. */
  modelDir: string;
  /** The dataset's folder: x.f32, y.f32. */
  datasetDir: string;
  meta: DatasetMeta;
  recipe: PreprocessRecipe | null;
  split: StoredSplit;
};

/**
 * Regression models predict standardised targets; explanations are read in the
 * target's units, so predictions (and with them base and attributions, which
 * are linear in them) and gradients are mapped back: y = y'·scale + center.
 */
export function inTargetUnits(model: DifferentiableModel, recipe: PreprocessRecipe | null): DifferentiableModel {
  const t = recipe?.target;
  if (!t || (t.center === 0 && t.scale === 1)) return model;
  return {
    ...model,
    predict: async (x, n) => (await model.predict(x, n)).map((v) => v * t.scale + t.center),
    gradient: async (x, n, targets) => (await model.gradient(x, n, targets)).map((g) => g * t.scale),
  };
}

export async function runExplainJob(input: ExplainJobInput, control: RunControl): Promise<ExplanationResult> {
  const { settings, meta, recipe, split } = input;
  const data = loadDatasetFiles(input.datasetDir);
  const tfModel = await loadModelFiles(input.modelDir);
  try {
    const fn = tfModelFunction(tfModel);
    // Bagging members saw some features as 0: explained as they were trained and scored.
    const mask = readFeatureMask(input.modelDir, fn.features);
    const model = inTargetUnits(withFeatureMask(fn, mask), recipe);
    const rows = explainedRows(settings, split, data, meta.inputShape, recipe);
    // Text runs: token attributions on the embeddings (settings.ts lets only integrated-gradients through).
    if (recipe?.text) return await explainTokens(tfModel, settings, rows, meta, recipe, control);
    if (settings.method === 'permutation') return await permutation(model, settings, rows, input, control);
    return await local(model, settings, rows, { ...input, data }, control);
  } finally {
    tfModel.dispose();
  }
}

async function permutation(model: DifferentiableModel, settings: ExplainSettings, data: ExplainData, input: ExplainJobInput, control: RunControl): Promise<GlobalExplanationResult> {
  const metric = metricFor(input.meta.task, settings.options.metric);
  const groups = playersOf({ ...input.meta, sequence: input.meta.info?.series ? 'series' : undefined });
  const out = await createPermutationImportance(model).importance(
    { ...data.rows, y: data.labels },
    { ...control, metric, groups, repeats: settings.options.repeats, seed: settings.options.seed },
  );
  return {
    kind: 'global', method: 'permutation', metric: out.metric, baseline: out.baseline, higherIsBetter: metric.higherIsBetter,
    importances: out.importances.map(({ feature, mean, std }) => ({ feature, mean, std })), repeats: out.repeats, rows: data.rows.n, task: input.meta.task,
  };
}

async function local(
  model: DifferentiableModel,
  settings: ExplainSettings,
  data: ExplainData,
  input: ExplainJobInput & { data: DatasetTensors },
  control: RunControl,
): Promise<LocalExplanationResult> {
  const { meta, recipe, split } = input;
  const image = meta.inputShape.length === 3;
  const groups = playersOf({ ...meta, sequence: meta.info?.series ? 'series' : undefined });
  const F = model.features;
  // LIME's multi-column players are one-hot blocks (categories); a series' time steps stay columns there.
  const limeGroups = meta.info?.series ? singletonGroups(F, meta.featureNames) : groups;
  const seed = settings.options.seed ?? 0;
  const sample = () => trainingSample(split, input.data, meta.inputShape, recipe, image ? IMAGE_BACKGROUND_SOURCE_ROWS : BACKGROUND_SOURCE_ROWS, seed);
  const background = () => backgroundOf(sample(), F, settings.background, seed);
  const o = settings.options;
  const run = { ...control, target: settings.target, seed };
  let explanation: LocalExplanation;
  switch (settings.method) {
    case 'exact-shapley':
      explanation = await createExactShapley(model, { background: background(), groups }).attribute(data.rows, run);
      break;
    case 'kernel-shap':
      explanation = await createKernelShap(model, { background: background(), groups, samples: o.samples }).attribute(data.rows, run);
      break;
    case 'gradient-shap':
      explanation = await createGradientShap(model, { background: background(), groups, samples: o.samples }).attribute(data.rows, run);
      break;
    case 'integrated-gradients':
      explanation = await createIntegratedGradients(model, { groups, steps: o.steps }).attribute(data.rows, run);
      break;
    case 'lime': {
      // Numeric columns are perturbed in standardised units (a standardize recipe of the model's inputs: ≈ identity when
      // the run standardises), one-hot blocks by drawing categories at their frequency in the same training rows.
      const rows = sample();
      const scaling = fitRecipe('standardize', rows.x, meta.inputShape, Int32Array.from({ length: rows.n }, (_, i) => i));
      explanation = await createLimeTabular(model, { scaling, groups: limeGroups, categoryRows: rows, samples: o.samples, maxFeatures: o.maxFeatures }).attribute(data.rows, run);
      break;
    }
    case 'lime-image':
      explanation = await createLimeImage(model, { samples: o.samples, maxFeatures: o.maxFeatures, segmentation: o.segments ? { segments: o.segments } : undefined }).attribute(data.rows, run);
      break;
    case 'occlusion':
      explanation = await createOcclusion(model, o.window ? { window: [o.window, o.window] } : {}).attribute(data.rows, run);
      break;
    default:
      throw new Error(`no local explainer '${settings.method}'`);
  }
  const playerGroups = settings.method === 'lime' ? limeGroups : groups;
  const values = image ? null : playerValues(data.raw, data.rows.n, F, playerGroups);
  return {
    kind: 'local',
    method: settings.method,
    note: methodNote(settings, groups.names.length),
    features: explanation.players,
    inputShape: meta.inputShape,
    task: meta.task,
    classes: meta.classes,
    rows: explanation.rows.map((r, i) => ({
      index: settings.first + i,
      target: r.target,
      prediction: r.prediction,
      base: r.base,
      attributions: r.attributions,
      additivityGap: r.additivityGap,
      label: data.labels[i],
      ...(values ? { values: values[i] } : { image: Array.from(data.raw.subarray(i * F, (i + 1) * F)) }),
      ...(r.segments ? { segments: r.segments } : {}),
    })),
    details: explanation.details,
  };
}
