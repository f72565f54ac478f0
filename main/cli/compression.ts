/**
 * Compression commands: `prune`, `shrink`, `distill`, `finetune` start an
 * experiment and follow it to the end (one line per step; Ctrl-C cancels it,
 * and `modelbench experiments resume ID` continues it later);
 * `experiments [show ID | resume ID]` lists and inspects them.
 */
import type { ModelPreset } from '../api/contract.ts';
import type { ModelSpec } from '../api/schemas.ts';
import type { ExperimentDetail, ExperimentEvent, ExperimentStep } from '../compression/types.ts';
import type { Engine } from '../engine/engine.ts';
import { COMMON_HELP, createOutput, expectPositionals, fmt, formatTable, intOption, parseCommand, UsageError, withEngine, type CommandContext, type Output } from './common.ts';
import { readJsonFile } from './train.ts';

export const PRUNE_HELP = `Usage: modelbench prune RUN --target-sparsity S [--method magnitude|structured]
                       [--schedule oneshot|gradual] [--scope layer|global] [--epochs N] [--lr LR]
                       [--criterion l1|l2|bn] [--layers a,b]

Prunes a trained run and fine-tunes it, as an experiment (baseline → pruned).
  --target-sparsity  fraction in [0, 1): magnitude = share of kernel weights set to zero,
                     structured = share of units / filters removed per layer
  --method           magnitude (default) or structured
  --schedule         gradual (default; polynomial decay over the first 2/3 of the epochs) or oneshot
  --scope            layer (default; every kernel reaches the target) or global (one threshold)
  --epochs, --lr     fine-tuning epochs and learning rate (default: the run's)

${COMMON_HELP}`;

export const SHRINK_HELP = `Usage: modelbench shrink RUN [--tolerance T] [--max-candidates N] [--epochs N]

Searches for the smallest model whose validation accuracy (r2 for regression)
stays within T of the run's (default 0.01 = 1 point): proposes narrower layers,
fewer layers and cheaper layers, trains each candidate like the run.

${COMMON_HELP}`;

export const DISTILL_HELP = `Usage: modelbench distill --teacher RUN --student SPEC.json|PRESET [--temperature T] [--alpha A] [--epochs N] [--lr LR]

Trains the student alone and distilled from the teacher (same seed, split and
hyperparameters) and reports both. Loss = A·T²·KL(teacher‖student at T) + (1−A)·CE.
Defaults: T = 4, A = 0.7.

${COMMON_HELP}`;

export const FINETUNE_HELP = `Usage: modelbench finetune RUN|MODEL.json --dataset NAME [--freeze K] [--lr LR] [--epochs N] [--new-head] [--no-scratch]

Starts from a stored run's model (or an external tfjs Layers model.json), freezes
the first K layers, replaces the head when the classes differ, fine-tunes on the
dataset and compares with the same architecture trained from scratch.

${COMMON_HELP}`;

export const EXPERIMENTS_HELP = `Usage: modelbench experiments [show ID | resume ID | cancel ID]

Lists compression experiments, shows one with every step, or resumes one that
was interrupted or cancelled (finished steps are kept).

${COMMON_HELP}`;

const num = (value: string | undefined, flag: string): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`${flag} must be a number, got '${value}'.`);
  return n;
};

function helpOr(ctx: CommandContext, help: boolean, text: string): boolean {
  if (help) ctx.io.stdout(`${text}\n`);
  return help;
}

export async function pruneCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    method: { type: 'string' }, 'target-sparsity': { type: 'string' }, schedule: { type: 'string' }, scope: { type: 'string' },
    epochs: { type: 'string' }, lr: { type: 'string' }, criterion: { type: 'string' }, layers: { type: 'string' },
  });
  if (helpOr(ctx, values.help, PRUNE_HELP)) return 0;
  const [runId] = expectPositionals(positionals, ['RUN'], 'modelbench prune RUN --target-sparsity S');
  const sparsity = num(values['target-sparsity'], '--target-sparsity');
  if (sparsity === undefined) throw new UsageError('--target-sparsity is required, a fraction in [0, 1) such as 0.8.');
  if (!(sparsity >= 0 && sparsity < 1)) throw new UsageError(`--target-sparsity must be in [0, 1) (0.8 removes 80% of the weights), got ${sparsity}.`);
  const params = {
    runId, targetSparsity: sparsity,
    method: values.method as 'magnitude' | 'structured' | undefined, schedule: values.schedule as 'oneshot' | 'gradual' | undefined,
    scope: values.scope as 'layer' | 'global' | undefined, criterion: values.criterion as 'l1' | 'l2' | 'bn' | undefined,
    epochs: intOption(values.epochs, '--epochs', 1), learningRate: num(values.lr, '--lr'),
    layers: values.layers?.split(',').map((s) => s.trim()).filter(Boolean),
  };
  return follow(ctx, values.home, values.json, (engine) => engine.call('compression.prune', params));
}

export async function shrinkCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, { tolerance: { type: 'string' }, 'max-candidates': { type: 'string' }, epochs: { type: 'string' } });
  if (helpOr(ctx, values.help, SHRINK_HELP)) return 0;
  const [runId] = expectPositionals(positionals, ['RUN'], 'modelbench shrink RUN --tolerance T');
  const params = {
    runId, tolerance: num(values.tolerance, '--tolerance'), maxCandidates: intOption(values['max-candidates'], '--max-candidates', 1),
    epochs: intOption(values.epochs, '--epochs', 1),
  };
  return follow(ctx, values.home, values.json, (engine) => engine.call('compression.shrink', params));
}

export async function distillCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    teacher: { type: 'string' }, student: { type: 'string' }, temperature: { type: 'string' }, alpha: { type: 'string' },
    epochs: { type: 'string' }, lr: { type: 'string' },
  });
  if (helpOr(ctx, values.help, DISTILL_HELP)) return 0;
  expectPositionals(positionals, [], 'modelbench distill --teacher RUN --student SPEC.json|PRESET');
  if (!values.teacher || !values.student) throw new UsageError('--teacher RUN and --student SPEC.json|PRESET are required.');
  const fromFile = values.student.endsWith('.json') ? readJsonFile(values.student, '--student') : undefined;
  return follow(ctx, values.home, values.json, async (engine) => {
    const student = fromFile !== undefined ? specFrom(fromFile, values.student as string) : await presetSpec(engine, values.student as string);
    return engine.call('compression.distill', {
      teacherRunId: values.teacher as string, student, temperature: num(values.temperature, '--temperature'), alpha: num(values.alpha, '--alpha'),
      epochs: intOption(values.epochs, '--epochs', 1), learningRate: num(values.lr, '--lr'),
    });
  });
}

export async function finetuneCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    dataset: { type: 'string' }, freeze: { type: 'string' }, lr: { type: 'string' }, epochs: { type: 'string' },
    'new-head': { type: 'boolean' }, 'no-scratch': { type: 'boolean', default: false }, seed: { type: 'string' },
  });
  if (helpOr(ctx, values.help, FINETUNE_HELP)) return 0;
  const [source] = expectPositionals(positionals, ['RUN'], 'modelbench finetune RUN|MODEL.json --dataset NAME [--freeze K]');
  if (!values.dataset) throw new UsageError('--dataset NAME is required.');
  const external = source.endsWith('.json') || source.includes('/') || source.includes('\\');
  const params = {
    ...(external ? { modelPath: source } : { runId: source }), datasetId: values.dataset, freeze: intOption(values.freeze, '--freeze', 0),
    learningRate: num(values.lr, '--lr'), epochs: intOption(values.epochs, '--epochs', 1), newHead: values['new-head'],
    scratch: !values['no-scratch'], seed: intOption(values.seed, '--seed', 0),
  };
  return follow(ctx, values.home, values.json, (engine) => engine.call('compression.finetune', params));
}

export async function experimentsCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {});
  if (helpOr(ctx, values.help, EXPERIMENTS_HELP)) return 0;
  const [action, id, extra] = positionals;
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'. Usage: modelbench experiments [show ID | resume ID | cancel ID]`);
  const out = createOutput(ctx.io, values.json);
  if (action === undefined) {
    const list = await withEngine(ctx, values.home, (engine) => engine.call('experiments.list', {}));
    for (const e of list) out.record(e);
    if (list.length === 0) out.text('No experiments. Start one: modelbench prune RUN --target-sparsity 0.8');
    else out.text(formatTable(['ID', 'KIND', 'NAME', 'STATUS', 'STEPS', 'BEST', 'CREATED'], list.map((e) => [e.id, e.kind, e.name, e.status, String(e.stepCount), e.bestStep === null ? '-' : String(e.bestStep), e.createdAt.slice(0, 19).replace('T', ' ')])));
    return 0;
  }
  if (!id) throw new UsageError(`missing ID. Usage: modelbench experiments ${action} ID`);
  if (action === 'show') {
    const e = await withEngine(ctx, values.home, (engine) => engine.call('experiments.get', { experimentId: id }));
    out.result(e, () => describe(e));
    return 0;
  }
  if (action === 'resume') return follow(ctx, values.home, values.json, (engine) => engine.call('experiments.resume', { experimentId: id }));
  if (action === 'cancel') {
    const r = await withEngine(ctx, values.home, (engine) => engine.call('experiments.cancel', { experimentId: id }));
    out.result(r, () => (r.cancelled ? `Cancelling ${id}.` : `Experiment ${id} is not running in this process.`));
    return 0;
  }
  throw new UsageError(`unknown action '${action}'. Usage: modelbench experiments [show ID | resume ID | cancel ID]`);
}

/** Starts (or resumes) an experiment and prints its steps as they finish; exit 0 completed, 130 cancelled, 1 otherwise. */
async function follow(ctx: CommandContext, home: string | undefined, json: boolean, start: (engine: Engine) => Promise<{ experimentId: string }>): Promise<number> {
  const out = createOutput(ctx.io, json);
  const detail = await withEngine(ctx, home, async (engine) => {
    let id: string | undefined;
    const early: ExperimentEvent[] = [];
    const onEvent = (e: ExperimentEvent) => print(e, out);
    const unsubscribe = engine.subscribe((name, payload) => {
      if (name !== 'experiment.event') return;
      const e = payload as ExperimentEvent;
      if (id === undefined) early.push(e);
      else if (e.experimentId === id) onEvent(e);
    });
    let stopSignals = () => {};
    try {
      id = (await start(engine)).experimentId;
      const experimentId = id;
      for (const e of early.filter((x) => x.experimentId === experimentId)) onEvent(e);
      stopSignals = ctx.onInterrupt(() => {
        out.warn(`Cancelling experiment ${experimentId}… finished steps are kept; resume with: modelbench experiments resume ${experimentId}`);
        void engine.call('experiments.cancel', { experimentId }).catch(() => {});
        return true;
      });
      for (;;) {
        const e = await engine.call('experiments.get', { experimentId });
        if (e.status !== 'running') return e;
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      stopSignals();
      unsubscribe();
    }
  });
  out.result(detail, () => describe(detail));
  if (detail.status === 'completed') return 0;
  if (detail.status === 'cancelled') return 130;
  ctx.io.stderr(`modelbench: error: experiment ${detail.id} ${detail.status}${detail.error ? `: ${detail.error}` : ''}\n`);
  return 1;
}

function print(e: ExperimentEvent, out: Output): void {
  out.record(e);
  if (e.type === 'experiment-started') out.text(`Experiment ${e.experimentId} (${e.kind}) started`);
  else if (e.type === 'step-started') out.text(`step ${e.step} ${e.label}: ${e.runId ? `training run ${e.runId}…` : 'measuring…'}`);
  else if (e.type === 'step-finished') out.text(`step ${e.step.step} ${e.step.label}: ${e.step.status}${e.step.error ? ` (${e.step.error})` : ''}  ${stepSummary(e.step)}`);
}

function stepSummary(s: ExperimentStep): string {
  const val = s.metrics.val ?? {};
  const parts = [`val acc ${fmt(val.accuracy)}`];
  if (s.size) parts.push(`params ${s.size.paramCount.toLocaleString('en-US')}`, `flops ${s.size.flops.toLocaleString('en-US')}`, `gzip ${s.size.gzipBytes.toLocaleString('en-US')} B`);
  if (s.size?.latency) parts.push(`latency ${s.size.latency.medianMs.toFixed(2)} ms`);
  if (s.sparsity && s.sparsity.sparsity > 0) parts.push(`sparsity ${(s.sparsity.sparsity * 100).toFixed(1)}%`);
  return parts.join('  ');
}

export function describe(e: ExperimentDetail): string {
  const rows = e.steps.map((s) => {
    const metric = s.metrics.val?.accuracy ?? s.metrics.val?.r2;
    return [
      String(s.step), s.kind, s.label, s.status, s.runId ?? '-', fmt(metric), s.size ? s.size.paramCount.toLocaleString('en-US') : '-',
      s.size ? s.size.flops.toLocaleString('en-US') : '-', s.size ? String(s.size.bytes) : '-', s.size ? String(s.size.gzipBytes) : '-',
      s.size?.latency ? s.size.latency.medianMs.toFixed(2) : '-', s.sparsity ? `${(s.sparsity.sparsity * 100).toFixed(1)}%` : '-',
      s.accepted === undefined ? '' : s.accepted ? 'yes' : 'no',
    ];
  });
  const lines = [
    `Experiment ${e.id} '${e.name}' (${e.kind}): ${e.status}${e.error ? ` (${e.error})` : ''}`,
    formatTable(['STEP', 'KIND', 'LABEL', 'STATUS', 'RUN', 'VAL', 'PARAMS', 'FLOPS', 'BYTES', 'GZIP', 'LAT MS', 'SPARSITY', 'OK'], rows),
  ];
  if (e.bestStep !== null) lines.push(`Best step: ${e.bestStep}`);
  const latency = e.steps.find((s) => s.size?.latency)?.size?.latency;
  if (latency) lines.push(`Latency: median of ${latency.repeats} batches of ${latency.batch} on ${latency.backend}.`);
  if (e.status !== 'completed' && e.status !== 'running') lines.push(`Resume with: modelbench experiments resume ${e.id}`);
  return lines.join('\n');
}

function specFrom(value: unknown, path: string): ModelSpec {
  const obj = value as { spec?: ModelSpec; layers?: unknown };
  if (obj && typeof obj === 'object' && obj.spec) return obj.spec;
  if (obj && typeof obj === 'object' && Array.isArray(obj.layers)) return obj as ModelSpec;
  throw new UsageError(`--student: ${path} holds no model spec ({"layers": [...]}).`);
}

async function presetSpec(engine: Engine, id: string): Promise<ModelSpec> {
  const presets: ModelPreset[] = await engine.call('models.presets', {});
  const preset = presets.find((p) => p.id === id);
  if (!preset) throw new UsageError(`--student: no preset '${id}' (and not a .json file). Presets: ${presets.map((p) => p.id).join(', ')}.`);
  return preset.spec;
}
