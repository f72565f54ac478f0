/**
 * `modelbench train`: starts a run through the engine and follows it until it
 * ends, printing one line per epoch. Ctrl-C cancels the run (the worker stops
 * cleanly, the run is stored as cancelled); a second Ctrl-C exits at once.
 */
import { BACKEND_CHOICES, BackendChoice, HyperParams, RunConfig, type DatasetMeta, type HyperParamsInput, type MetricValues, type ModelSpec, type RunConfigInput, type RunEvent, type RunRecord } from '../api/schemas.ts';
import type { Engine } from '../engine/engine.ts';
import { backendText } from './backend-text.ts';
import { COMMON_HELP, createOutput, expectPositionals, fmt, parseCommand, schemaDefault, UsageError, withEngine, type CommandContext, type Output } from './common.ts';
import { followJob } from './follow.ts';
import { modelFileOf, presetFor, presetModel, type ModelChoice } from './model-arg.ts';
import { parseInteger } from './numbers.ts';
import { readJsonFile } from './read-json.ts';

export const TRAIN_HELP = `Usage: modelbench train --dataset NAME_OR_ID [--model SPEC.json|PRESET_ID] [--config HP.json]
                       [--epochs N] [--seed S] [--name N] [--backend B]

Trains one model and prints a line per epoch. With --json, prints each event as
a JSON line; the last line is the run (id, status, final metrics).
Exit code: 0 completed, 1 failed or diverged, 130 cancelled (Ctrl-C).

  --dataset  dataset id or name (see: modelbench dataset list)
  --model    a JSON file with a model spec ({"layers": [...]}, see docs/model-spec.md)
             or a preset id (see: modelbench presets);
             default: the first preset that fits the dataset
  --config   a JSON file with hyperparameters (optimizer, schedule, batchSize,
             epochs, earlyStopping, ...; see docs/hyperparams.md); its fields
             replace the preset's
  --epochs   number of epochs (overrides --config)
  --seed     random seed (default ${schemaDefault(RunConfig.shape.seed)})
  --name     run name
  --backend  where it trains: ${BACKEND_CHOICES.join(', ')} (default auto: the first that
             works of tensorflow, a hardware GPU (webgpu), wasm, cpu). A named backend
             is used even when it is a software GPU, and the run fails, saying why,
             when it cannot start; it wins over MODELBENCH_BACKEND

${COMMON_HELP}`;

const TERMINAL = new Set(['completed', 'failed', 'diverged', 'cancelled', 'pruned', 'interrupted']);
/** Used when the engine offers no preset for the dataset's input kind. */
const FALLBACK_SPEC: ModelSpec = { name: 'mlp', layers: [{ kind: 'dense', units: 64, activation: 'relu', useBias: true }] };

export async function trainCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    dataset: { type: 'string' },
    model: { type: 'string' },
    config: { type: 'string' },
    epochs: { type: 'string' },
    seed: { type: 'string' },
    name: { type: 'string' },
    backend: { type: 'string' },
  });
  if (values.help) {
    ctx.io.stdout(`${TRAIN_HELP}\n`);
    return 0;
  }
  expectPositionals(positionals, [], 'modelbench train --dataset NAME_OR_ID ...');
  if (!values.dataset) throw new UsageError('--dataset is required. Usage: modelbench train --dataset NAME_OR_ID [--model ...]');
  const epochs = parseInteger(values.epochs, '--epochs', { min: 1 });
  const seed = parseInteger(values.seed, '--seed', { min: 0 });
  const backend = parseBackend(values.backend);
  // Files are read before the engine starts, so a typo fails fast.
  const modelFile = modelFileOf(values.model, '--model');
  const hpFile = values.config !== undefined ? readJsonFile(values.config, '--config', HyperParams) : undefined;
  const out = createOutput(ctx.io, values.json);

  const run = await withEngine(ctx, values.home, async (engine) => {
    const dataset = await engine.call('datasets.get', { id: values.dataset as string });
    const base = modelFile ?? (await defaultModel(engine, dataset, values.model));
    const hyperparams: HyperParamsInput = { ...base.hyperparams, ...hpFile, ...(epochs !== undefined ? { epochs } : {}) };
    const config: RunConfigInput = { datasetId: dataset.id, spec: base.spec, hyperparams, seed, name: values.name, ...(backend ? { backend } : {}) };
    return followRun(ctx, engine, config, out);
  });

  out.result(run, () => summary(run));
  if (run.status === 'completed') return 0;
  if (run.status === 'cancelled') return 130;
  ctx.io.stderr(`modelbench: error: run ${run.id} ${run.status}${run.error ? `: ${run.error}` : ''}\n`);
  return 1;
}

async function followRun(ctx: CommandContext, engine: Engine, config: RunConfigInput, out: Output): Promise<RunRecord> {
  let finishedPrinted = false;
  const { final } = await followJob(ctx, engine, {
    event: 'run.event',
    idOf: (e) => e.runId,
    start: async () => (await engine.call('runs.start', config)).runId,
    print: (event) => {
      // The worker and the engine each report 'finished'; print it once.
      if (event.type === 'finished' && finishedPrinted) return;
      if (event.type === 'finished') finishedPrinted = true;
      printEvent(event, out);
    },
    check: async (runId) => {
      const run = await engine.call('runs.get', { runId });
      return TERMINAL.has(run.status) ? run : undefined;
    },
    cancel: (runId) => engine.call('runs.cancel', { runId }),
    cancelNotice: (runId) => `Cancelling run ${runId}… (Ctrl-C again to quit at once)`,
  });
  return final;
}

function printEvent(event: RunEvent, out: Output): void {
  // Batches are too many for a terminal or a log (epochs carry the metrics); diagnostics are for `modelbench diagnose`.
  if (event.type === 'batch' || event.type === 'diagnostics') return;
  out.record(event);
  if (event.type === 'started') {
    out.text(`Run ${event.runId} started on ${backendText(event.backend, event.adapter)}: ${event.epochs} epochs, ${event.paramCount.toLocaleString('en-US')} parameters`);
  } else if (event.type === 'epoch') {
    const width = String(event.epochs).length;
    // Events number epochs from 1.
    out.text(
      `epoch ${String(event.epoch).padStart(width)}/${event.epochs}  ${metrics(event.train)}  | val ${metrics(event.val)}` +
        `  lr ${event.learningRate.toPrecision(3)}  ${seconds(event.elapsedMs)} (eta ${seconds(event.etaMs)})`,
    );
  } else if (event.type === 'finished') {
    out.text(`Run ${event.runId} ${event.status}${event.error ? `: ${event.error}` : ''}`);
  }
}

/** --backend: one of BACKEND_CHOICES; 'auto' (or none) leaves the choice to the engine. */
function parseBackend(value: string | undefined): BackendChoice | undefined {
  if (value === undefined) return undefined;
  const choice = BackendChoice.safeParse(value);
  if (!choice.success) throw new UsageError(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, got '${value}'.`);
  return choice.data === 'auto' ? undefined : choice.data;
}

function metrics(values: MetricValues): string {
  return Object.entries(values).map(([k, v]) => `${k} ${fmt(v)}`).join('  ');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function summary(run: RunRecord): string {
  const lines = [`Run ${run.id} '${run.name}': ${run.status} after ${run.epochsDone} epoch(s)`];
  for (const split of ['train', 'val', 'test'] as const) {
    const m = run.metrics[split];
    if (m) lines.push(`  ${split.padEnd(5)} ${metrics(m)}`);
  }
  return lines.join('\n');
}

async function defaultModel(engine: Engine, dataset: DatasetMeta, presetId: string | undefined): Promise<ModelChoice> {
  if (presetId !== undefined) return presetModel(engine, presetId, '--model');
  const preset = presetFor(await engine.call('models.presets', {}), dataset);
  return preset ? { spec: preset.spec, hyperparams: preset.hyperparams } : { spec: FALLBACK_SPEC, hyperparams: {} };
}
