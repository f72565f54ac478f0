/**
 * Compression commands: `prune`, `shrink`, `distill`, `finetune` start an
 * experiment and follow it to the end (one line per step; Ctrl-C cancels it,
 * and `modelbench experiments resume ID` continues it later);
 * `experiments [show ID | resume ID]` lists and inspects them.
 */
import { DistillRequest, FinetuneRequest, PruneRequest, ShrinkRequest } from '../compression/requests.ts';
import type { ExperimentDetail, ExperimentEvent, ExperimentStep } from '../compression/types.ts';
import type { Engine } from '../engine/engine.ts';
import { COMMON_HELP, createOutput, expectPositionals, fmt, formatTable, parseCommand, schemaDefault, UsageError, withEngine, type CommandContext, type Output } from './common.ts';
import { deleteCommand } from './delete.ts';
import { followJob } from './follow.ts';
import { modelFileOf, presetModel } from './model-arg.ts';
import { parseInteger, parseNumber } from './numbers.ts';

const prune = PruneRequest.shape;
const shrink = ShrinkRequest.shape;
const distill = DistillRequest.shape;
const finetune = FinetuneRequest.shape;

export const PRUNE_HELP = `Usage: modelbench prune RUN --target-sparsity S [--method magnitude|structured]
                       [--schedule oneshot|gradual] [--scope layer|global] [--epochs N] [--lr LR]
                       [--criterion l1|l2|bn] [--layers a,b]

Prunes a trained run and fine-tunes it, as an experiment (baseline → pruned).
  --target-sparsity  fraction in [0, 1): magnitude = share of kernel weights set to zero,
                     structured = share of units / filters removed per layer
  --method           magnitude or structured (default ${schemaDefault(prune.method)})
  --schedule         gradual (polynomial decay over the first 2/3 of the epochs) or oneshot
                     (default ${schemaDefault(prune.schedule)})
  --scope            layer (every kernel reaches the target) or global (one threshold)
                     (default ${schemaDefault(prune.scope)})
  --criterion        structured only: how units are ranked, l1, l2 or bn (default ${schemaDefault(prune.criterion)})
  --layers           only these layers (model layer names, comma-separated)
  --epochs, --lr     fine-tuning epochs and learning rate (default: the run's)

${COMMON_HELP}`;

export const SHRINK_HELP = `Usage: modelbench shrink RUN [--tolerance T] [--max-candidates N] [--epochs N]

Searches for the smallest model whose validation accuracy (r2 for regression)
stays within T of the run's (default ${schemaDefault(shrink.tolerance)}): proposes narrower layers,
fewer layers and cheaper layers, trains each candidate like the run.
  --max-candidates   candidates trained at most (default ${schemaDefault(shrink.maxCandidates)})
  --epochs           epochs per candidate (default: the run's)

${COMMON_HELP}`;

export const DISTILL_HELP = `Usage: modelbench distill --teacher RUN --student SPEC.json|PRESET [--temperature T] [--alpha A] [--epochs N] [--lr LR]

Trains the student alone and distilled from the teacher (same seed, split and
hyperparameters) and reports both. Loss = A·T²·KL(teacher‖student at T) + (1−A)·CE.
Defaults: T = ${schemaDefault(distill.temperature)}, A = ${schemaDefault(distill.alpha)} (see docs/compression-api.md).
The student is a model spec file (docs/model-spec.md) or a preset id (modelbench presets).

${COMMON_HELP}`;

export const FINETUNE_HELP = `Usage: modelbench finetune RUN|MODEL.json --dataset NAME [--freeze K] [--lr LR] [--epochs N] [--new-head] [--no-scratch] [--seed S]

Starts from a stored run's model (or an external tfjs Layers model.json), freezes
the first K layers (default ${schemaDefault(finetune.freeze)}), replaces the head when the classes differ
(--new-head always replaces it), fine-tunes on the dataset and compares with the
same architecture trained from scratch (--no-scratch skips that).

${COMMON_HELP}`;

export const EXPERIMENTS_HELP = `Usage: modelbench experiments [show ID | resume ID | cancel ID]
       modelbench experiments delete ID... [--yes]

Lists compression experiments, shows one with every step, or resumes one that
was interrupted or cancelled (finished steps are kept). delete removes the
experiment's record and steps (their runs stay; see modelbench runs delete);
without --yes it only prints what it would delete.

${COMMON_HELP}`;

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
  if (values['target-sparsity'] === undefined) throw new UsageError('--target-sparsity is required, a fraction in [0, 1) such as 0.8.');
  const sparsity = parseNumber(values['target-sparsity'], '--target-sparsity', { min: 0, lessThan: 1 });
  const params = {
    runId, targetSparsity: sparsity,
    method: values.method as 'magnitude' | 'structured' | undefined, schedule: values.schedule as 'oneshot' | 'gradual' | undefined,
    scope: values.scope as 'layer' | 'global' | undefined, criterion: values.criterion as 'l1' | 'l2' | 'bn' | undefined,
    epochs: parseInteger(values.epochs, '--epochs', { min: 1 }), learningRate: parseNumber(values.lr, '--lr'),
    layers: values.layers?.split(',').map((s) => s.trim()).filter(Boolean),
  };
  return follow(ctx, values.home, values.json, (engine) => engine.call('compression.prune', params));
}

export async function shrinkCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, { tolerance: { type: 'string' }, 'max-candidates': { type: 'string' }, epochs: { type: 'string' } });
  if (helpOr(ctx, values.help, SHRINK_HELP)) return 0;
  const [runId] = expectPositionals(positionals, ['RUN'], 'modelbench shrink RUN --tolerance T');
  const params = {
    runId, tolerance: parseNumber(values.tolerance, '--tolerance'), maxCandidates: parseInteger(values['max-candidates'], '--max-candidates', { min: 1 }),
    epochs: parseInteger(values.epochs, '--epochs', { min: 1 }),
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
  const fromFile = modelFileOf(values.student, '--student');
  const numbers = {
    temperature: parseNumber(values.temperature, '--temperature'), alpha: parseNumber(values.alpha, '--alpha'),
    epochs: parseInteger(values.epochs, '--epochs', { min: 1 }), learningRate: parseNumber(values.lr, '--lr'),
  };
  return follow(ctx, values.home, values.json, async (engine) => {
    const student = (fromFile ?? (await presetModel(engine, values.student as string, '--student'))).spec;
    return engine.call('compression.distill', { teacherRunId: values.teacher as string, student, ...numbers });
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
    ...(external ? { modelPath: source } : { runId: source }), datasetId: values.dataset, freeze: parseInteger(values.freeze, '--freeze', { min: 0 }),
    learningRate: parseNumber(values.lr, '--lr'), epochs: parseInteger(values.epochs, '--epochs', { min: 1 }), newHead: values['new-head'],
    scratch: !values['no-scratch'], seed: parseInteger(values.seed, '--seed', { min: 0 }),
  };
  return follow(ctx, values.home, values.json, (engine) => engine.call('compression.finetune', params));
}

export async function experimentsCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, { yes: { type: 'boolean', default: false } });
  if (helpOr(ctx, values.help, EXPERIMENTS_HELP)) return 0;
  if (positionals[0] === 'delete') return deleteCommand(ctx, 'experiment', positionals.slice(1), values);
  const [action, id, extra] = positionals;
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'. Usage: modelbench experiments [show ID | resume ID | cancel ID | delete ID...]`);
  const out = createOutput(ctx.io, values.json);
  if (action === undefined) {
    const list = await withEngine(ctx, values.home, (engine) => engine.call('experiments.list', {}), { readOnly: true });
    for (const e of list) out.record(e);
    if (list.length === 0) out.text('No experiments. Start one: modelbench prune RUN --target-sparsity 0.8');
    else out.text(formatTable(['ID', 'KIND', 'NAME', 'STATUS', 'STEPS', 'BEST', 'CREATED'], list.map((e) => [e.id, e.kind, e.name, e.status, String(e.stepCount), e.bestStep === null ? '-' : String(e.bestStep), e.createdAt.slice(0, 19).replace('T', ' ')])));
    return 0;
  }
  if (!id) throw new UsageError(`missing ID. Usage: modelbench experiments ${action} ID`);
  if (action === 'show') {
    const e = await withEngine(ctx, values.home, (engine) => engine.call('experiments.get', { experimentId: id }), { readOnly: true });
    out.result(e, () => describe(e));
    return 0;
  }
  if (action === 'resume') return follow(ctx, values.home, values.json, (engine) => engine.call('experiments.resume', { experimentId: id }));
  if (action === 'cancel') {
    const r = await withEngine(ctx, values.home, (engine) => engine.call('experiments.cancel', { experimentId: id }));
    out.result(r, () => (r.cancelled ? `Cancelling ${id}.` : `Experiment ${id} is not running in this process.`));
    return 0;
  }
  throw new UsageError(`unknown action '${action}'. Usage: modelbench experiments [show ID | resume ID | cancel ID | delete ID...]`);
}

/** Starts (or resumes) an experiment and prints its steps as they finish; exit 0 completed, 130 cancelled, 1 otherwise. */
async function follow(ctx: CommandContext, home: string | undefined, json: boolean, start: (engine: Engine) => Promise<{ experimentId: string }>): Promise<number> {
  const out = createOutput(ctx.io, json);
  const { final: detail } = await withEngine(ctx, home, (engine) =>
    followJob(ctx, engine, {
      event: 'experiment.event',
      idOf: (e) => e.experimentId,
      start: async () => (await start(engine)).experimentId,
      print: (e) => print(e, out),
      check: async (experimentId) => {
        const e = await engine.call('experiments.get', { experimentId });
        return e.status === 'running' ? undefined : e;
      },
      cancel: (experimentId) => engine.call('experiments.cancel', { experimentId }),
      cancelNotice: (id) => `Cancelling experiment ${id}… finished steps are kept; resume with: modelbench experiments resume ${id} (Ctrl-C again to quit at once)`,
    }),
  );
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
