/**
 * `modelbench train`: starts a run through the engine and follows it until it
 * ends, printing one line per epoch. Ctrl-C cancels the run (the worker stops
 * cleanly, the run is stored as cancelled); a second Ctrl-C exits at once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ModelPreset } from '../api/contract.ts';
import type { DatasetMeta, HyperParamsInput, MetricValues, ModelSpec, RunConfigInput, RunEvent, RunRecord } from '../api/schemas.ts';
import type { Engine } from '../engine/engine.ts';
import { COMMON_HELP, createOutput, expectPositionals, fmt, intOption, parseCommand, UsageError, withEngine, type CommandContext, type Output } from './common.ts';

export const TRAIN_HELP = `Usage: modelbench train --dataset NAME_OR_ID [--model SPEC.json|PRESET_ID] [--config HP.json]
                       [--epochs N] [--seed S] [--name N]

Trains one model and prints a line per epoch. With --json, prints each event as
a JSON line; the last line is the run (id, status, final metrics).
Exit code: 0 completed, 1 failed or diverged, 130 cancelled (Ctrl-C).

  --dataset  dataset id or name (see: modelbench dataset list)
  --model    a JSON file with a model spec ({"layers": [...]}) or a preset id;
             default: the first preset that fits the dataset
  --config   a JSON file with hyperparameters (optimizer, batchSize, epochs, ...)
  --epochs   number of epochs (overrides --config)
  --seed     random seed (default 42)
  --name     run name

${COMMON_HELP}`;

const TERMINAL = new Set(['completed', 'failed', 'diverged', 'cancelled', 'interrupted']);
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
  });
  if (values.help) {
    ctx.io.stdout(`${TRAIN_HELP}\n`);
    return 0;
  }
  expectPositionals(positionals, [], 'modelbench train --dataset NAME_OR_ID ...');
  if (!values.dataset) throw new UsageError('--dataset is required. Usage: modelbench train --dataset NAME_OR_ID [--model ...]');
  const epochs = intOption(values.epochs, '--epochs', 1);
  const seed = intOption(values.seed, '--seed', 0);
  // Files are read before the engine starts, so a typo fails fast.
  const modelFile = values.model !== undefined && looksLikeFile(values.model) ? readJsonFile(values.model, '--model') : undefined;
  const hpFile = values.config !== undefined ? (readJsonFile(values.config, '--config') as HyperParamsInput) : undefined;
  const out = createOutput(ctx.io, values.json);

  const run = await withEngine(ctx, values.home, async (engine) => {
    const dataset = await engine.call('datasets.get', { id: values.dataset as string });
    const base = modelFile !== undefined ? fromModelFile(modelFile, values.model as string) : await fromPreset(engine, dataset, values.model);
    const hyperparams: HyperParamsInput = { ...base.hyperparams, ...hpFile, ...(epochs !== undefined ? { epochs } : {}) };
    const config: RunConfigInput = { datasetId: dataset.id, spec: base.spec, hyperparams, seed, name: values.name };
    return followRun(ctx, engine, config, out);
  });

  out.result(run, () => summary(run));
  if (run.status === 'completed') return 0;
  if (run.status === 'cancelled') return 130;
  ctx.io.stderr(`modelbench: error: run ${run.id} ${run.status}${run.error ? `: ${run.error}` : ''}\n`);
  return 1;
}

async function followRun(ctx: CommandContext, engine: Engine, config: RunConfigInput, out: Output): Promise<RunRecord> {
  let runId: string | undefined;
  const early: RunEvent[] = [];
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  let checkSoon = () => {};
  let finishedPrinted = false;
  const handle = (event: RunEvent) => {
    // The worker and the engine each report 'finished'; print it once.
    if (event.type === 'finished' && finishedPrinted) return;
    if (event.type === 'finished') finishedPrinted = true;
    printEvent(event, out);
    // The worker's 'finished' can arrive before the engine has stored the result: confirm from the store.
    if (event.type === 'finished') checkSoon();
  };
  // Subscribe before starting: the first events can arrive before runs.start returns.
  const unsubscribe = engine.subscribe((name, payload) => {
    if (name !== 'run.event') return;
    const event = payload as RunEvent;
    if (runId === undefined) early.push(event);
    else if (event.runId === runId) handle(event);
  });
  let stopSignals = () => {};
  let poll: NodeJS.Timeout | undefined;
  try {
    runId = (await engine.call('runs.start', config)).runId;
    const id = runId;
    for (const event of early.filter((e) => e.runId === id)) handle(event);
    let cancelling = false;
    stopSignals = ctx.onInterrupt(() => {
      if (cancelling) return false; // second Ctrl-C: let main exit now
      cancelling = true;
      out.warn(`Cancelling run ${id}… (Ctrl-C again to quit at once)`);
      void engine.call('runs.cancel', { runId: id }).catch(() => finish());
      return true;
    });
    // The stored status is the truth; events only make us look sooner.
    const check = () => void engine.call('runs.get', { runId: id }).then((r) => TERMINAL.has(r.status) && finish(), () => {});
    checkSoon = () => setTimeout(check, 20);
    poll = setInterval(check, 500);
    await done;
    return await engine.call('runs.get', { runId: id });
  } finally {
    clearInterval(poll);
    stopSignals();
    unsubscribe();
  }
}

function printEvent(event: RunEvent, out: Output): void {
  if (event.type === 'batch') return; // too many for a terminal or a log; epochs carry the metrics
  out.record(event);
  if (event.type === 'started') {
    out.text(`Run ${event.runId} started on ${event.backend}: ${event.epochs} epochs, ${event.paramCount.toLocaleString('en-US')} parameters`);
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

function looksLikeFile(value: string): boolean {
  return value.endsWith('.json') || value.includes('/') || value.includes('\\') || existsSync(value);
}

export function readJsonFile(path: string, flag: string): unknown {
  const full = resolve(path);
  if (!existsSync(full)) throw new Error(`${flag}: no such file: ${path}`);
  const text = readFileSync(full, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${flag}: ${path} is not valid JSON (${(error as Error).message})`);
  }
}

/** A spec file holds a spec ({layers}), or a preset/run-config-like object with spec (+ hyperparams). */
function fromModelFile(value: unknown, path: string): { spec: ModelSpec; hyperparams: HyperParamsInput } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`--model: ${path} must hold a JSON object with "layers".`);
  const obj = value as { spec?: unknown; hyperparams?: HyperParamsInput; layers?: unknown };
  if (obj.spec !== undefined) return { spec: obj.spec as ModelSpec, hyperparams: obj.hyperparams ?? {} };
  if (!Array.isArray(obj.layers)) throw new Error(`--model: ${path} has no "layers" array; a model spec looks like {"layers": [{"kind": "dense", "units": 32}]}.`);
  return { spec: value as ModelSpec, hyperparams: {} };
}

async function fromPreset(engine: Engine, dataset: DatasetMeta, presetId: string | undefined): Promise<{ spec: ModelSpec; hyperparams: HyperParamsInput }> {
  const presets: ModelPreset[] = await engine.call('models.presets', {});
  if (presetId !== undefined) {
    const preset = presets.find((p) => p.id === presetId);
    if (!preset) throw new UsageError(`--model: no preset '${presetId}' and no such file. Presets: ${presets.map((p) => p.id).join(', ') || 'none'}.`);
    return { spec: preset.spec, hyperparams: preset.hyperparams };
  }
  const kind = dataset.inputShape.length === 3 ? 'image' : 'tabular';
  const preset = presets.find((p) => p.inputKind === kind) ?? presets.find((p) => p.inputKind === 'any');
  return preset ? { spec: preset.spec, hyperparams: preset.hyperparams } : { spec: FALLBACK_SPEC, hyperparams: {} };
}
