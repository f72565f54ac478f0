/**
 * The meaning of a study config, beyond its zod shape: the space (validateSpace),
 * param names (where each value goes), objectives of one kind, the runner they
 * need, and whether the sampler and pruner accept their options. Everything a
 * user can get wrong comes back as one ApiError('invalid_argument') that names it.
 */
import { ApiError, describeZodError } from '../api/errors.ts';
import { ask } from '../tuner/ask.ts';
import { createPruner, prunerConfigSchema, type PrunerConfig } from '../tuner/pruners/index.ts';
import { createSampler, type SamplerName } from '../tuner/samplers/index.ts';
import { SpaceError, validateSpace, type Space } from '../tuner/space.ts';
import type { Pruner, Sampler } from '../tuner/types.ts';
import { objectiveInfo, StudyConfig, type StudyKind } from './config.ts';
import { badParamName } from './params-to-config.ts';
import { isArchParam, isSequenceParam } from './spec-from-params.ts';
import type { ObjectiveInfo } from './types.ts';

export type ValidStudy = {
  config: StudyConfig;
  kind: StudyKind;
  space: Space;
  objectives: ObjectiveInfo[];
  sampler: { name: SamplerName; options: Record<string, unknown> };
  pruner: PrunerConfig;
  warnings: string[];
};

const invalid = (message: string): never => {
  throw new ApiError('invalid_argument', message);
};

export function studyKind(config: StudyConfig): StudyKind {
  const kinds = new Set(config.objectives.map((o) => o.kind));
  if (kinds.size > 1) invalid(`objectives must all be of one kind (metric, command or value); got ${[...kinds].join(' and ')}`);
  const kind = [...kinds][0];
  return kind === 'metric' ? 'train' : kind === 'command' ? 'command' : 'external';
}

export function parseSpace(json: unknown): Space {
  try {
    return validateSpace(json);
  } catch (error) {
    if (error instanceof SpaceError) return invalid(error.message);
    throw error;
  }
}

export function samplerOf(config: StudyConfig): { name: SamplerName; options: Record<string, unknown> } {
  return typeof config.sampler === 'string' ? { name: config.sampler, options: {} } : { name: config.sampler.kind, options: config.sampler.options };
}

/** The study's pruner setting in the tuner's format ('none' → nop, 'asha' → successive-halving, hyperband's maxResource from epochs). */
export function prunerOf(config: StudyConfig): PrunerConfig {
  const raw: Record<string, unknown> = typeof config.pruner === 'string' ? { kind: config.pruner } : { ...config.pruner };
  if (raw.kind === 'none') raw.kind = 'nop';
  if (raw.kind === 'asha') raw.kind = 'successive-halving';
  if (raw.kind === 'hyperband' && raw.maxResource === undefined) {
    const epochs = config.base?.hyperparams?.epochs;
    if (epochs === undefined) invalid("pruner 'hyperband' needs maxResource (the last step, e.g. the number of epochs)");
    raw.maxResource = epochs;
  }
  const parsed = prunerConfigSchema.safeParse(raw);
  if (!parsed.success) invalid(`invalid pruner: ${describeZodError(parsed.error, 'options')}`);
  return parsed.data as PrunerConfig;
}

/** The sampler with its options checked (main/tuner/samplers/options.ts): ApiError('invalid_argument') naming a bad option. */
export function buildSampler(s: { name: SamplerName; options: Record<string, unknown> }): Sampler {
  return createSampler(s.name, s.options);
}

export function buildPruner(p: PrunerConfig): Pruner {
  try {
    return createPruner(p);
  } catch (error) {
    return invalid(`pruner '${p.kind}': ${(error as Error).message}`);
  }
}

function checkTrainNames(space: Space): void {
  const names = space.params.map((d) => d.name);
  for (const n of names) {
    const why = badParamName(n);
    if (why) invalid(why);
  }
  // Sequence params (blocks, heads, vocab_size…) edit the base's layers in place: they need no depth.
  const generator = names.filter((n) => isArchParam(n) && !isSequenceParam(n) && n !== 'depth' && n !== 'conv_depth');
  if (generator.length && !names.includes('depth') && !names.includes('conv_depth'))
    invalid(`architecture params (${generator.join(', ')}) need 'depth' or 'conv_depth' in the space (a fixed one is fine) to rebuild the layers`);
}

/** Validates a whole study config (raw JSON or already parsed); throws ApiError('invalid_argument'). */
export function validateStudy(input: unknown): ValidStudy {
  const parsed = StudyConfig.safeParse(input);
  if (!parsed.success) invalid(`invalid study config: ${describeZodError(parsed.error)}`);
  const config = parsed.data as StudyConfig;
  const kind = studyKind(config);
  const space = parseSpace(config.space);
  const objectives = objectiveInfo(config.objectives);
  const warnings: string[] = [];
  const names = objectives.map((o) => o.name);
  if (new Set(names).size !== names.length) invalid(`objectives must be distinct; got ${names.join(', ')}`);
  if (kind === 'train') {
    if (!config.datasetId) invalid('a study with metric objectives needs datasetId (the dataset every trial trains on)');
    checkTrainNames(space);
  } else if (config.base || config.datasetId) {
    warnings.push(`datasetId/base are ignored: ${kind === 'command' ? 'command' : 'value'} objectives train nothing here`);
  }
  if (kind === 'command' && !config.command) invalid("command objectives need 'command': { argv: [...] } or { shell: '...' }");
  if (kind !== 'command' && config.command) invalid("'command' is only used with objectives of kind 'command'");
  const sampler = samplerOf(config);
  const pruner = prunerOf(config);
  buildPruner(pruner);
  // One dry ask on an empty history surfaces a sampler that cannot work on this space (e.g. grid over a float).
  try {
    ask(space, buildSampler(sampler), [], { seed: config.seed, directions: objectives.map((o) => o.direction) });
  } catch (error) {
    if (error instanceof ApiError) throw error;
    invalid(`sampler '${sampler.name}' cannot sample this space: ${(error as Error).message}`);
  }
  if (pruner.kind !== 'nop' && kind === 'train' && ['param_count', 'flops', 'latency_ms'].includes(names[0]))
    warnings.push(`pruning uses the first objective's per-epoch values, but '${names[0]}' has none: no trial will be pruned`);
  return { config, kind, space, objectives, sampler, pruner, warnings };
}
