/**
 * The model card: a Markdown page that travels with an exported model and says
 * what it was trained on, how, and how well it did. Pure: run + dataset in, text out.
 */
import type { DatasetMeta, ExportFormat, FinalMetrics, Layer, MetricValues, PreprocessRecipe, RunRecord } from '../api/schemas.ts';
import { exportedTarget } from './preprocessing.ts';

export type ModelCardInput = {
  run: RunRecord; meta: DatasetMeta; recipe: PreprocessRecipe | null; exportedAt: string;
  /** Default 'tfjs'. */
  format?: ExportFormat;
  /** ONNX: the preprocessing is inside the graph. */
  inGraph?: boolean;
};

export function renderModelCard({ run, meta, recipe, exportedAt, format = 'tfjs', inGraph = false }: ModelCardInput): string {
  const hp = run.config.hyperparams;
  const target = exportedTarget(recipe);
  const lines = [
    `# ${escapeMd(run.name)}`,
    '',
    `Exported from Modelbench on ${exportedAt}. Run \`${run.id}\`, status **${run.status}**.`,
    '',
    '## Dataset',
    '',
    table(['Field', 'Value'], [
      ['Name', meta.name],
      ['Id', meta.id],
      ['Source', meta.source],
      ['Task', meta.task],
      ['Samples', String(meta.numSamples)],
      ['Input shape', `[${meta.inputShape.join(', ')}]`],
      ['Label', meta.labelName],
      ...(meta.task === 'classification' ? [['Classes', meta.classes.join(', ')]] : []),
    ]),
    '',
    '## Model',
    '',
    run.config.spec.name ? `Spec: ${escapeMd(run.config.spec.name)}` : '',
    '',
    '```',
    ...describeLayers(run.config.spec.layers, ''),
    `head: dense(${meta.task === 'classification' ? `${meta.classes.length}, softmax` : '1, linear'})`,
    '```',
    '',
    `Parameters: ${run.paramCount.toLocaleString('en-US')}. FLOPs per sample (forward): ${run.flops.toLocaleString('en-US')}.`,
    '',
    '## Training',
    '',
    table(['Setting', 'Value'], [
      ['Optimizer', inline(hp.optimizer)],
      ['Learning-rate schedule', inline(hp.schedule)],
      ['Batch size', String(hp.batchSize)],
      ['Epochs (planned / done)', `${hp.epochs} / ${run.epochsDone}`],
      ['Early stopping', hp.earlyStopping ? inline(hp.earlyStopping) : 'off'],
      ['Gradient clipping', hp.gradientClip ? inline(hp.gradientClip) : 'off'],
      ['Preprocessing', recipe ? `${recipe.method} (per ${recipe.axis}), see preprocessing.json` : hp.preprocess],
      ...(meta.task === 'regression'
        ? [['Target scaling', target ? `standardize: the model predicts (y - ${fmt(target.center)}) / ${fmt(target.scale)}` : 'none']]
        : []),
      ['Augmentation', hp.augmentation ? inline(hp.augmentation) : 'none'],
      ['Split (validation / test)', `${hp.split.validation} / ${hp.split.test}${hp.split.stratify ? ', stratified' : ''}`],
      ['Seed', String(run.seed)],
      ['Backend', run.backend ?? 'unknown'],
      ['Created', run.createdAt],
      ['Duration', run.durationMs === null ? 'unknown' : `${(run.durationMs / 1000).toFixed(1)} s`],
    ]),
    '',
    '## Results',
    '',
    metricsTable(run.metrics),
    '',
    ...(target
      ? [`Regression metrics: mse, mae and r2 are in ${escapeMd(meta.labelName)}'s own units; \`loss\` is the mean squared error of the standardised target (mse / ${fmt(target.scale)}²), the quantity the model was trained on.`, '']
      : []),
    ...confusionSection(run.metrics, meta),
    '## Versions',
    '',
    table(['Component', 'Version'], Object.entries(run.versions).sort(([a], [b]) => a.localeCompare(b))),
    '',
    '## Files',
    '',
    ...filesSection(meta, target !== null, format, inGraph),
    '',
  ];
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}

function filesSection(meta: DatasetMeta, standardisedTarget: boolean, format: ExportFormat, inGraph: boolean): string[] {
  const model =
    format === 'onnx'
      ? '- `model.onnx`: ONNX model (opset 17) with the tfjs model\'s input and output (float32, batch first); run it with ONNX Runtime.'
      : '- `model.json`, `weights.bin`: TensorFlow.js Layers model; load with `tf.loadLayersModel(url)`.';
  if (inGraph) {
    return [model, `- The graph applies the preprocessing itself: feed raw inputs${standardisedTarget ? `; it outputs ${escapeMd(meta.labelName)} in its own units` : ''}. \`preprocessing.json\` records the recipe for reference and the class names.`];
  }
  return [
    model,
    '- `preprocessing.json`: apply `x\' = (x - center) / scale` to new inputs before predicting; class names for the outputs.',
    ...(standardisedTarget ? [`- The model outputs the standardised ${escapeMd(meta.labelName)}: a prediction is \`output * target.scale + target.center\` (\`target\` in preprocessing.json).`] : []),
  ];
}

/** One line per layer, residual bodies indented. */
export function describeLayers(layers: Layer[], indent: string): string[] {
  return layers.flatMap((layer) => {
    if (layer.kind === 'residual') {
      return [`${indent}residual(${layer.activation}) {`, ...describeLayers(layer.layers, `${indent}  `), `${indent}}`];
    }
    const { kind, ...rest } = layer;
    const args = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
    return [`${indent}${kind}(${args.join(', ')})`];
  });
}

export function metricsTable(metrics: FinalMetrics): string {
  const splits = (['train', 'val', 'test'] as const).filter((s) => metrics[s]);
  if (splits.length === 0) return 'No final metrics were recorded.';
  const names = [...new Set(splits.flatMap((s) => Object.keys(metrics[s] as MetricValues)))];
  const rows = names.map((n) => [n, ...splits.map((s) => formatNumber((metrics[s] as MetricValues)[n]))]);
  const best = metrics.bestEpoch === undefined ? '' : `\n\nBest epoch: ${metrics.bestEpoch}.`;
  return table(['Metric', ...splits], rows) + best;
}

export function confusionSection(metrics: FinalMetrics, meta: DatasetMeta): string[] {
  const m = metrics.confusion;
  if (!m || m.length === 0) return [];
  const label = (i: number) => escapeMd(meta.classes[i] ?? String(i));
  const split = metrics.test ? 'test' : 'validation';
  return [
    `### Confusion matrix (${split} split; rows = true class, columns = predicted)`,
    '',
    table(['', ...m.map((_, i) => label(i))], m.map((row, i) => [label(i), ...row.map(String)])),
    '',
  ];
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function fmt(value: number): string {
  return Number(value.toPrecision(6)).toString();
}

function formatNumber(value: number | undefined): string {
  if (value === undefined) return '';
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

function inline(value: unknown): string {
  return `\`${JSON.stringify(value)}\``;
}

export function escapeMd(text: string): string {
  return text.replace(/([\\`*_[\]#<>])/g, '\\$1');
}
