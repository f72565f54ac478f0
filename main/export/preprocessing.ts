/**
 * preprocessing.json: everything a user needs to turn a new raw input into what
 * the exported model expects, and its outputs back into labels. It also marks
 * the folder as a Modelbench export, so a later export may replace it.
 */
import type { DatasetMeta, ExportFormat, PreprocessRecipe, RunRecord, TargetScaling } from '../api/schemas.ts';

export const EXPORT_FORMAT = 'modelbench-export';
export const EXPORT_FORMAT_VERSION = 1;

export type PreprocessingFile = {
  format: typeof EXPORT_FORMAT;
  formatVersion: number;
  runId: string;
  runName: string;
  dataset: { id: string; name: string; source: DatasetMeta['source'] };
  task: DatasetMeta['task'];
  /** Per-sample shape the model takes (batch dimension excluded). */
  inputShape: number[];
  /** Input columns in order, after one-hot encoding (tabular data). */
  featureNames: string[];
  labelName: string;
  /** Output index i is class classes[i] (classification). */
  classes: string[];
  /** Input scaling; null: feed inputs as they are. Its `target`, when present, is the same as the top-level `target`. */
  recipe: PreprocessRecipe | null;
  /** Regression: the model outputs y' = (y - center) / scale; map a prediction back with y = y' * scale + center. null: outputs are in the target's units. */
  target: TargetScaling | null;
  /** The model file: 'tfjs' (model.json + weights.bin) or 'onnx' (model.onnx). Absent in exports before ONNX: tfjs. */
  modelFormat: ExportFormat;
  /** true: recipe and target are already applied inside the ONNX graph (raw features in, target units out); do not apply them again. */
  preprocessingInGraph: boolean;
  howToUse: string[];
};

export type PreprocessingOptions = { format: ExportFormat; inGraph: boolean };

export function buildPreprocessing(
  run: RunRecord, meta: DatasetMeta, recipe: PreprocessRecipe | null, options: PreprocessingOptions = { format: 'tfjs', inGraph: false },
): PreprocessingFile {
  // A text run's recipe carries its tokeniser: it always travels, even with the identity scaling.
  const usable = recipe && (recipe.method !== 'none' || recipe.target || recipe.text) ? recipe : null;
  const target = exportedTarget(recipe);
  const inGraph = options.inGraph;
  return {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    runId: run.id,
    runName: run.name,
    dataset: { id: meta.id, name: meta.name, source: meta.source },
    task: meta.task,
    inputShape: meta.inputShape,
    featureNames: meta.featureNames,
    labelName: meta.labelName,
    classes: meta.classes,
    recipe: usable,
    target,
    modelFormat: options.format,
    preprocessingInGraph: inGraph,
    howToUse: [
      ...(usable?.text ? textHowTo(usable) : []),
      `Shape each input as [batch, ${meta.inputShape.join(', ')}] float32${meta.featureNames.length ? ', columns in featureNames order' : ''}.`,
      inGraph
        ? 'The ONNX graph applies the scaling itself: feed raw inputs (recipe is for reference only).'
        : usable && usable.method !== 'none'
          ? `Apply x' = (x - center[i]) / scale[i], where i is the ${usable.axis === 'channel' ? 'channel (last axis)' : 'feature index'}.`
          : 'No scaling: feed inputs as they are.',
      meta.task === 'classification'
        ? 'The output is one probability per class; argmax i means classes[i].'
        : target && !inGraph
          ? `The output is the standardised ${meta.labelName}: the prediction is output * target.scale + target.center.`
          : `The output is the predicted ${meta.labelName}.`,
    ],
  };
}

/** How to turn texts into the model's token ids with recipe.text (the same steps as main/data/text). */
export function textHowTo(recipe: PreprocessRecipe): string[] {
  const text = recipe.text as NonNullable<PreprocessRecipe['text']>;
  const o = text.tokenizer.options;
  return [
    `Texts: normalise each text (${o.normalize === 'nfkc' ? 'Unicode NFKC' : 'no Unicode normalisation'}${o.stripAccents ? ', accents stripped' : ''}${o.lowercase ? ', lower-cased' : ''}), split it into words (runs of letters, marks and digits; every other visible character alone), ` +
      (text.tokenizer.kind === 'bpe'
        ? 'then split each word into characters plus "</w>" and apply recipe.text.tokenizer.merges in order (lowest rank first); '
        : '') +
      'map each token to its index in recipe.text.tokenizer.vocab ([UNK] = 1 when absent).',
    `Row layout: one bin token per numeric column (recipe.text.numeric: id numericBase + column·bins + number of edges ≤ value), then the text columns ${JSON.stringify(text.textColumns)} separated by [SEP] = 2, each cut to a fair share, then [PAD] = 0 up to ${text.maxLength} ids.`,
  ];
}

/** The target transform a user must undo, or null when the outputs are already in the target's units. */
export function exportedTarget(recipe: PreprocessRecipe | null): TargetScaling | null {
  const t = recipe?.target;
  return t && t.method !== 'none' ? t : null;
}

export function isExportMarker(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === EXPORT_FORMAT;
}
