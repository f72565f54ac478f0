/** The model export panel and bundles (.mbz). */
import { BUNDLE_WARNING_TEXT } from '../../../../main/bundle/warnings.ts';

export const exportPanel = {
  exportedTo: 'Exported to',
  format: 'Format',
  describeOnnx: 'model.onnx (ONNX opset 17), preprocessing recipe and a model card',
  describeOnnxRaw: 'model.onnx (ONNX opset 17) taking raw features, preprocessing recipe and a model card',
  describeTfjs: 'model.json + weights, preprocessing recipe and a model card',
  preprocessingHint: 'The ONNX graph scales raw inputs itself (and, for regression, gives the target in its own units)',
  preprocessingInGraph: 'preprocessing in the graph',
  exportModel: 'Export model',
  exportBest: 'Export best model',
  trialExportedTo: 'Trial #{{trial}} exported to',
};

export const bundle = {
  withData: 'include the dataset',
  bundling: 'Bundling…',
  export: 'Export bundle (.mbz)',
  exportHint: 'records, metrics and models, to import into another data folder',
  importChoose: 'Import a bundle (.mbz)…',
  importPlaceholder: 'Bundle on the host machine, e.g. exports/run_….mbz',
  importFile: 'Bundle file',
  import: 'Import bundle',
  importWhere: 'a path inside the data folder or a --data-dir folder',
  importWhereHome: 'a path inside the data folder ({{home}}) or a --data-dir folder',
  remapped: 'Ids already taken here were renamed (every reference follows):',
  section: {
    studies_one: '{{n}} study',
    studies_other: '{{n}} studies',
    experiments_one: '{{n}} experiment',
    experiments_other: '{{n}} experiments',
    ensembles_one: '{{n}} ensemble',
    ensembles_other: '{{n}} ensembles',
    runs_one: '{{n}} run',
    runs_other: '{{n}} runs',
    metricPoints_one: '{{n}} metric point',
    metricPoints_other: '{{n}} metric points',
  },
  exportSummary: '{{parts}}; dataset described, not included ({{size}}).',
  exportSummaryWithData: '{{parts}}; dataset included ({{size}}).',
  /** The engine's bundle import warnings by key (main/bundle/warnings.ts), parameters as {{placeholders}}. */
  warning: BUNDLE_WARNING_TEXT,
  importSummary: "Imported {{kind}} '{{name}}' as {{id}}: {{parts}}; dataset {{datasets}}.",
  datasetAdded: '{{name}} added',
  datasetHere: '{{name}} already here',
  kind: { run: 'run', study: 'study', experiment: 'experiment', ensemble: 'ensemble' },
};
