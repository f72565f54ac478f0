/** Words many screens share, the shell (sidebar, language, shortcuts) and error lead-ins. */
export const common = {
  close: 'Close',
  cancel: 'Cancel',
  delete: 'Delete',
  open: 'Open',
  import: 'Import',
  importing: 'Importing…',
  exporting: 'Exporting…',
  starting: 'Starting…',
  cancelling: 'Cancelling…',
  refresh: 'Refresh',
  none: 'None',
  auto: 'auto',
  custom: 'Custom',
  detect: 'Detect',
  loading: 'Loading…',
  name: 'Name',
  dataset: 'Dataset',
  task: 'Task',
  status: 'Status',
  created: 'Created',
  epochs: 'Epochs',
  seed: 'Seed',
  backend: 'Backend',
  parameters: 'Parameters',
  metric: 'Metric',
  value: 'Value',
  run: 'Run',
  duration: 'Duration',
  step: 'Step',
  listSeparator: ', ',
  kb: '{{n}} KB',
  mb: '{{n}} MB',
};

export const app = {
  language: 'Language',
  skipToContent: 'Skip to content',
  mainNav: 'Main',
  shortcuts: 'Keyboard shortcuts',
  webConnection: 'Web · {{status}}',
  connection: { connecting: 'connecting', open: 'open', closed: 'closed' },
  desktop: 'Desktop',
  reconnecting: 'Reconnecting to the Modelbench engine…',
};

export const nav = {
  datasets: 'Datasets',
  newRun: 'New run',
  training: 'Training',
  history: 'History',
  studies: 'Studies',
  experiments: 'Experiments',
};

export const shortcuts = {
  title: 'Keyboard shortcuts',
  intro: 'Single keys work when the cursor is not in a text field. Every button, field and table row is reachable with Tab.',
  key: 'Key',
  action: 'Action',
  goTo: 'Go to {{screen}}',
  search: 'Focus the search or filter field of this screen',
  main: 'Move focus to the main content',
  help: 'Show this list',
  tab: 'Next / previous control',
  escape: 'Close this list or a dialog',
};

/** The engine's messages are English; other languages put a translated lead-in by error code before them. */
export const errors = {
  code: {
    invalid_argument: 'Invalid value',
    not_found: 'Not found',
    bad_data: 'Bad data',
    cannot_build: 'Cannot build the model',
    forbidden_path: 'Path not allowed',
    forbidden: 'Not allowed',
    conflict: 'Conflict',
    too_large: 'Too large',
    internal: 'Internal error',
    disconnected: 'Disconnected',
  },
  withDetail: '{{lead}}: {{detail}}',
  disconnected: 'Lost the connection to Modelbench; please retry.',
  uploadStopped: 'The upload stopped: lost the connection to Modelbench; please retry.',
  uploadRefused: 'The upload was refused (HTTP {{status}}{{detail}}).',
  uploadTooLarge: '{{file}} is {{size}}; the browser can import files up to {{limit}}. Import it on the machine that runs Modelbench instead: modelbench dataset import FILE',
};

/** Values the engine sends, shown as words. */
export const values = {
  status: {
    queued: 'queued',
    running: 'running',
    completed: 'completed',
    failed: 'failed',
    diverged: 'diverged',
    cancelled: 'cancelled',
    interrupted: 'interrupted',
    pruned: 'pruned',
    pending: 'pending',
    waiting: 'waiting',
    done: 'done',
    skipped: 'skipped',
    idle: 'idle',
    finished: 'finished',
    stopped: 'stopped',
    complete: 'complete',
  },
  trialState: { waiting: 'waiting', running: 'running', complete: 'complete', pruned: 'pruned', failed: 'failed' },
  direction: { minimize: 'minimize', maximize: 'maximize' },
  relation: {
    base: 'base',
    pruned: 'pruned',
    'fine-tuned': 'fine-tuned',
    distilled: 'distilled',
    transferred: 'transferred',
    shrunk: 'shrunk',
    'trained alongside': 'trained alongside',
    advised: 'advised',
  },
  distribution: { weights: 'weights', gradients: 'gradients', activations: 'activations' },
  task: { classification: 'classification', regression: 'regression' },
  source: { csv: 'csv', idx: 'idx', images: 'images', sample: 'sample', upload: 'upload' },
};

export const backend = {
  choice: { auto: 'Auto', tensorflow: 'TensorFlow (tfjs-node)', webgpu: 'WebGPU (GPU)', wasm: 'WebAssembly (CPU)', cpu: 'Plain JavaScript (slow)' },
  autoUsed: 'Auto ({{name}})',
  autoNote: 'The first that works: tensorflow, a hardware GPU (webgpu), wasm, cpu.',
  unavailable: '{{label}}: not available',
  on: '{{backend}} on {{adapter}}',
};
