/**
 * The study config as JSON: what to tune (a base run template plus a search
 * space whose param names say where each value goes), how (sampler, pruner),
 * for what (objectives) and how much (nTrials, workers). One zod schema; the
 * meaning (names, space, runner) is checked in validate.ts.
 *
 * Three kinds of study, told apart by their objectives:
 * - metric  objectives: every trial trains a model on `datasetId` from `base`;
 * - command objectives: every trial runs the user's `command`;
 * - value   objectives: nothing runs here; values come in through ask/tell.
 */
import { z } from 'zod';
import { BackendChoice, HyperParams, ModelSpec, type Task } from '../api/schemas.ts';
import {
  MAX_COMMAND_ARG_LENGTH, MAX_COMMAND_ARGS, MAX_COMMAND_CWD_LENGTH, MAX_COMMAND_ENV, MAX_COMMAND_ENV_NAME, MAX_COMMAND_TIMEOUT_MS, MAX_COMMAND_TOTAL_LENGTH,
} from '../limits.ts';

export const METRIC_OBJECTIVES = ['val_accuracy', 'val_f1', 'val_loss', 'val_mse', 'val_mae', 'val_r2', 'param_count', 'flops', 'latency_ms'] as const;
export type MetricObjective = (typeof METRIC_OBJECTIVES)[number];

/**
 * The metric objectives a dataset's task can report: the validation metrics the
 * trainer computes for it (main/train/metrics.ts: accuracy, f1 for classes; mse,
 * mae, r2 for targets; loss for both) and the size objectives of any model.
 */
export const TASK_OBJECTIVES: Record<Task, readonly MetricObjective[]> = {
  classification: ['val_accuracy', 'val_f1', 'val_loss', 'param_count', 'flops', 'latency_ms'],
  regression: ['val_loss', 'val_mse', 'val_mae', 'val_r2', 'param_count', 'flops', 'latency_ms'],
};
export const DIRECTIONS = ['minimize', 'maximize'] as const;
const direction = z.enum(DIRECTIONS);
const objectiveName = z.string().trim().min(1).max(100);

export const Objective = z.union([
  z.strictObject({ kind: z.literal('metric').default('metric'), metric: z.enum(METRIC_OBJECTIVES), direction: direction.optional() }),
  z.strictObject({ kind: z.literal('command'), name: objectiveName.optional(), direction }),
  z.strictObject({ kind: z.literal('value'), name: objectiveName.optional(), direction }),
]);
export type Objective = z.infer<typeof Objective>;

/** A string a program receives: NUL cannot cross into a spawned program (Node refuses it), so it is refused here. */
const programText = (max: number) => z.string().max(max).refine((v) => !v.includes('\0'), 'Must not contain a NUL character');

/**
 * The user's program for command objectives; exactly one of argv / shell.
 * Every part is bounded (main/limits.ts): counts, lengths, and argv (or the
 * shell line) plus the added environment together, so a spawn never fails on
 * the operating system's own argument limit.
 */
export const CommandSpec = z
  .strictObject({
    /** Spawned without a shell: argv[0] is the program. */
    argv: z.array(programText(MAX_COMMAND_ARG_LENGTH).min(1)).min(1).max(MAX_COMMAND_ARGS).optional(),
    /** Run as `sh -c SHELL` (pipes, globs, $VARS work; quote params yourself). */
    shell: programText(MAX_COMMAND_ARG_LENGTH).min(1).optional(),
    cwd: programText(MAX_COMMAND_CWD_LENGTH).min(1).optional(),
    /** Added to the inherited environment. */
    env: z
      .record(programText(MAX_COMMAND_ENV_NAME).min(1).refine((k) => !k.includes('='), "Must not contain '='"), programText(MAX_COMMAND_ARG_LENGTH))
      .refine((env) => Object.keys(env).length <= MAX_COMMAND_ENV, `At most ${MAX_COMMAND_ENV} variables allowed`)
      .optional(),
    timeoutMs: z.number().int().min(1).max(MAX_COMMAND_TIMEOUT_MS).default(3600 * 1000),
  })
  .refine((c) => (c.argv === undefined) !== (c.shell === undefined), 'command needs exactly one of argv or shell')
  .refine((c) => commandLength(c) <= MAX_COMMAND_TOTAL_LENGTH, {
    message: `The arguments (argv or shell) and env together must stay within ${MAX_COMMAND_TOTAL_LENGTH.toLocaleString('en-US')} characters (MAX_COMMAND_TOTAL_LENGTH)`,
  });

/** Characters a command puts on the program's argument list and environment (name=value and a terminator each). */
function commandLength(c: { argv?: string[]; shell?: string; env?: Record<string, string> }): number {
  let n = (c.shell?.length ?? 0) + (c.argv ?? []).reduce((sum, a) => sum + a.length + 1, 0);
  for (const [k, v] of Object.entries(c.env ?? {})) n += k.length + v.length + 2;
  return n;
}
export type CommandSpec = z.infer<typeof CommandSpec>;

/** Same list as main/tuner/samplers SAMPLER_NAMES (a test checks): kept here so the renderer's bundle does not pull in the samplers. */
export const SAMPLER_NAMES = ['random', 'grid', 'tpe', 'gp', 'genetic', 'nsga2'] as const;
export const PRUNER_NAMES = ['none', 'median', 'percentile', 'successive-halving', 'asha', 'hyperband'] as const;
/** A name, or { kind, ...options } as main/tuner/pruners takes them ('none' = never prune, 'asha' = 'successive-halving'). */
export const PrunerSetting = z.union([
  z.enum(PRUNER_NAMES),
  z.looseObject({ kind: z.enum(PRUNER_NAMES) }),
]);
export const SamplerSetting = z.union([
  z.enum(SAMPLER_NAMES),
  z.strictObject({ kind: z.enum(SAMPLER_NAMES), options: z.record(z.string(), z.unknown()).default({}) }),
]);

export const StudyConfig = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  /** Dataset id or name; required for metric objectives. */
  datasetId: z.string().min(1).max(200).optional(),
  /** The run template trials start from; params overwrite parts of it. */
  base: z
    .strictObject({ spec: ModelSpec.default({ layers: [] }), hyperparams: HyperParams.optional() })
    .optional(),
  /** main/tuner/space.ts format: { params: { NAME: { kind, ... } } }. */
  space: z.strictObject({ params: z.record(z.string(), z.unknown()) }),
  sampler: SamplerSetting.default('tpe'),
  pruner: PrunerSetting.default('none'),
  objectives: z.array(Objective).min(1).max(8),
  command: CommandSpec.optional(),
  nTrials: z.number().int().min(1).max(100000).default(20),
  /** Trials trained at the same time; default: the number of cores. */
  workers: z.number().int().min(1).max(256).optional(),
  /** Where every trial trains (RunConfig.backend); default 'auto'. */
  backend: BackendChoice.optional(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
  /** Batch rows and repeats for latency_ms (median over repeats, after one warm-up). */
  latency: z.strictObject({ batchSize: z.number().int().min(1).max(4096).default(32), repeats: z.number().int().min(1).max(200).default(15) }).optional(),
});
export type StudyConfig = z.infer<typeof StudyConfig>;
export type StudyConfigInput = z.input<typeof StudyConfig>;

export type StudyKind = 'train' | 'command' | 'external';

export const defaultDirection = (metric: MetricObjective): 'minimize' | 'maximize' =>
  metric === 'val_accuracy' || metric === 'val_f1' || metric === 'val_r2' ? 'maximize' : 'minimize';

/** Display name and direction of each objective. */
export function objectiveInfo(objectives: readonly Objective[]): { name: string; direction: 'minimize' | 'maximize' }[] {
  return objectives.map((o, i) =>
    o.kind === 'metric'
      ? { name: o.metric, direction: o.direction ?? defaultDirection(o.metric) }
      : { name: o.name ?? (objectives.length === 1 ? 'value' : `value_${i}`), direction: o.direction },
  );
}
