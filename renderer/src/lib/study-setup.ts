/** The study setup form to a StudyConfig, plus reading the engine's validation errors back onto it. */
import { t } from '../i18n/index.ts';
import { StudyConfig, type StudyConfigInput, type METRIC_OBJECTIVES, type SAMPLER_NAMES, type PRUNER_NAMES } from '../../../main/study/config.ts';
import type { HyperParams, Layer } from '../../../main/api/schemas.ts';
import { fieldErrors, hasErrors, type FieldErrors } from './field-errors.ts';
import { rowsToSpace, type ParamRow } from './study-space.ts';
import type { Direction } from './study-types.ts';

export type MetricName = (typeof METRIC_OBJECTIVES)[number];
export type SamplerName = (typeof SAMPLER_NAMES)[number];
export type PrunerName = (typeof PRUNER_NAMES)[number];

// The UI's order and labels of the engine's lists; `satisfies` keeps them in step with main/study/config.ts.
export const METRICS = ['val_accuracy', 'val_f1', 'val_loss', 'val_mse', 'val_mae', 'val_r2', 'param_count', 'flops', 'latency_ms'] as const satisfies readonly MetricName[];
/** Sampler and pruner names for people: studySetup.sampler.* and studySetup.pruner.* in the catalogues. */
export const SAMPLERS = ['tpe', 'random', 'grid', 'gp', 'genetic', 'nsga2'] as const satisfies readonly SamplerName[];
export const PRUNERS = ['none', 'median', 'percentile', 'successive-halving', 'hyperband'] as const satisfies readonly PrunerName[];

export const defaultDirection = (m: MetricName): Direction => (m === 'val_accuracy' || m === 'val_f1' || m === 'val_r2' ? 'maximize' : 'minimize');

export type ObjectiveRow = { metric: MetricName; direction: Direction };
/** A command objective instead of training: each trial runs `shell` (params in MB_PARAM_<NAME>), its last line is the value. */
export type CommandChoice = { shell: string; direction: Direction };
export type SetupForm = {
  name: string;
  datasetId: string | undefined;
  layers: Layer[];
  hyperparams: HyperParams;
  rows: ParamRow[];
  sampler: SamplerName;
  pruner: PrunerName;
  objectives: ObjectiveRow[];
  nTrials: number;
  workers: number;
  seed: number;
  /** Set when each trial runs the user's program instead of training (needs the host's opt-in). */
  command?: CommandChoice | null;
};

export type SetupResult = { config: StudyConfigInput | null; rowErrors: Map<number, string[]>; formErrors: string[]; fieldErrors: FieldErrors };

export function buildStudyConfig(f: SetupForm): SetupResult {
  const { space, errors } = rowsToSpace(f.rows);
  const formErrors = [...(errors.get('') ?? [])];
  const rowErrors = new Map([...errors].filter((e): e is [number, string[]] => e[0] !== ''));
  if (f.command) {
    if (!f.command.shell.trim()) formErrors.push(t('studySetup.error.command'));
  } else {
    if (!f.datasetId) formErrors.push(t('studySetup.error.dataset'));
    if (!f.objectives.length) formErrors.push(t('studySetup.error.objective'));
    if (new Set(f.objectives.map((o) => o.metric)).size !== f.objectives.length) formErrors.push(t('studySetup.error.objectiveOnce'));
  }
  const fields = setupFieldErrors(f);
  if (formErrors.length || rowErrors.size || hasErrors(fields)) return { config: null, rowErrors, formErrors, fieldErrors: fields };
  const search = { space, sampler: f.sampler, pruner: f.pruner, nTrials: f.nTrials, workers: f.workers, seed: f.seed };
  if (f.command) {
    const config: StudyConfigInput = {
      ...(f.name.trim() ? { name: f.name.trim() } : {}),
      ...search,
      objectives: [{ kind: 'command', direction: f.command.direction }],
      command: { shell: f.command.shell.trim() },
    };
    return { config, rowErrors, formErrors, fieldErrors: fields };
  }
  return {
    config: {
      ...(f.name.trim() ? { name: f.name.trim() } : {}),
      datasetId: f.datasetId,
      base: { spec: { layers: f.layers }, hyperparams: f.hyperparams },
      space,
      sampler: f.sampler,
      pruner: f.pruner,
      objectives: f.objectives.map((o) => ({ kind: 'metric' as const, metric: o.metric, direction: o.direction })),
      nTrials: f.nTrials,
      workers: f.workers,
      seed: f.seed,
    },
    rowErrors,
    formErrors,
    fieldErrors: fields,
  };
}

/**
 * The search settings and the base model checked with the engine's study schema,
 * keyed by config path ('nTrials', 'base.hyperparams.epochs', 'base.spec.layers.0.units').
 */
export function setupFieldErrors(f: SetupForm): FieldErrors {
  const search = fieldErrors(StudyConfig.pick({ nTrials: true, workers: true, seed: true, name: true }), {
    nTrials: f.nTrials, workers: f.workers, seed: f.seed, ...(f.name.trim() ? { name: f.name.trim() } : {}),
  });
  if (f.command) return search;
  const base = fieldErrors(StudyConfig.shape.base, { spec: { layers: f.layers }, hyperparams: f.hyperparams });
  return { ...search, ...Object.fromEntries(Object.entries(base).map(([k, v]) => [`base.${k}`, v])) };
}

/**
 * The param an engine validation message is about, to highlight its row:
 * "param 'units_2': …", or a run-config path such as "…invalid run config:
 * hyperparams.batchSize: Too small…" when that path is a param in the form.
 */
export function paramOfError(message: string, names: readonly string[]): string | null {
  const quoted = /param '([^']+)'/.exec(message)?.[1];
  if (quoted) return quoted;
  for (const m of message.matchAll(/([A-Za-z_][\w.\-/]*):\s/g)) if (names.includes(m[1])) return m[1];
  return null;
}
