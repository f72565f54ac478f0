/**
 * From a training trial's params to the RunConfig it trains, and the check at
 * study creation (studies.create, studies.update, `modelbench tune`) that the
 * study fits its dataset: the objectives are metrics the task reports, every
 * architecture param's bounds are values a model can be built from, and the
 * param sets at the edges of the space (plus a few random ones) give run
 * configs that validate and models that build on the dataset's input. A space
 * that can produce an unbuildable model is refused before any training, never
 * clamped into one that trains something other than its stored params.
 */
import { ApiError, describeZodError } from '../api/errors.ts';
import { RunConfig, type DatasetMeta } from '../api/schemas.ts';
import { outputUnitsFor } from '../model/builder.ts';
import { analyseSpec } from '../model/counts.ts';
import { contains, fromUnit, intTop, type ParamDef } from '../tuner/distributions.ts';
import { randomParams } from '../tuner/samplers/random.ts';
import { sampleStaged } from '../tuner/samplers/staged.ts';
import type { Space } from '../tuner/space.ts';
import type { Params, ParamValue } from '../tuner/types.ts';
import { createRng, deriveSeed } from '../util/rng.ts';
import { TASK_OBJECTIVES, type StudyConfig } from './config.ts';
import { configFromParams } from './params-to-config.ts';
import { archParamIsInteger, archValueProblem, isArchParam } from './spec-from-params.ts';

const invalid = (message: string): never => {
  throw new ApiError('invalid_argument', message);
};

/** Every trial trains with the study's seed: one data split and comparable runs, only the params differ. */
export function trialRunConfig(config: StudyConfig, datasetId: string, params: Params, name: string): RunConfig {
  const { spec, hyperparams } = configFromParams({ spec: config.base?.spec ?? { layers: [] }, hyperparams: config.base?.hyperparams }, params);
  const backend = config.backend ? { backend: config.backend } : {};
  const parsed = RunConfig.safeParse({ datasetId, spec, hyperparams, seed: config.seed, name, ...backend });
  if (!parsed.success) {
    throw new ApiError('invalid_argument', `params ${JSON.stringify(params)} give an invalid run config: ${describeZodError(parsed.error)}`);
  }
  return parsed.data;
}

/** Objectives (and the early-stopping monitor) must be metrics the dataset's task reports. */
export function checkObjectives(config: StudyConfig, dataset: DatasetMeta): void {
  const reported: readonly string[] = TASK_OBJECTIVES[dataset.task];
  for (const o of config.objectives) {
    if (o.kind === 'metric' && !reported.includes(o.metric)) {
      invalid(`objective '${o.metric}' is not reported for ${dataset.task} ('${dataset.name}'); a ${dataset.task} study can use: ${reported.join(', ')}`);
    }
  }
}

/** The values of a param a probe tries: a numeric param's bounds, every choice, the fixed value. */
export function edgeValues(def: ParamDef): ParamValue[] {
  if (def.kind === 'float') return [def.low, def.high];
  if (def.kind === 'int') return [def.low, intTop(def)];
  return def.kind === 'categorical' ? [...def.choices] : [def.value];
}

/** A value in the middle of a param's domain: the baseline the probes vary one param from. */
const middle = (def: ParamDef): ParamValue => (def.kind === 'float' || def.kind === 'int' ? fromUnit(def, 0.5) : edgeValues(def)[0]);

/** Values of a conditional param's ancestors that switch it on (units_2 needs depth > 2). */
function activating(space: Space, def: ParamDef): Map<string, ParamValue> {
  const forced = new Map<string, ParamValue>();
  for (let cur = def; cur.when; ) {
    const c = cur.when;
    const parent = space.params.find((p) => p.name === c.param) as ParamDef;
    const wanted = c.op === 'eq' ? [c.value as ParamValue] : c.op === 'in' ? (c.value as readonly ParamValue[]) : [edgeValues(parent).at(-1) as ParamValue];
    forced.set(parent.name, wanted.find((v) => contains(parent, v)) ?? wanted[0]);
    cur = parent;
  }
  return forced;
}

/** Architecture params' whole domains, without the data: int params for counts, every bound and choice allowed. */
export function checkArchDomains(space: Space): void {
  for (const def of space.params) {
    if (!isArchParam(def.name)) continue;
    if (def.kind === 'float' && archParamIsInteger(def.name)) invalid(`param '${def.name}' counts something: make it kind 'int', not 'float'`);
    for (const v of edgeValues(def)) {
      const problem = archValueProblem(def.name, v);
      if (problem) invalid(`${problem}; change the bounds or choices of '${def.name}'`);
    }
  }
}

type Probe = { params: Params; blame: string | null };

/** Baseline, then each param at each edge value with the others at the baseline, then all low / all high, then random sets. */
function probes(space: Space, config: StudyConfig, samples: number): Probe[] {
  const pick = (choose: (def: ParamDef) => ParamValue) => sampleStaged(space, (group) => Object.fromEntries(group.map((d) => [d.name, choose(d)])));
  const out: Probe[] = [{ params: pick(middle), blame: null }];
  for (const def of space.params) {
    const forced = activating(space, def);
    for (const v of edgeValues(def)) {
      const params = pick((d) => (d === def ? v : forced.has(d.name) ? (forced.get(d.name) as ParamValue) : middle(d)));
      if (Object.hasOwn(params, def.name)) out.push({ params, blame: `param '${def.name}': value ${JSON.stringify(v)}` });
    }
  }
  out.push({ params: pick((d) => edgeValues(d)[0]), blame: null }, { params: pick((d) => edgeValues(d).at(-1) as ParamValue), blame: null });
  const rng = createRng(deriveSeed(config.seed, 'study.check'));
  for (let i = 0; i < samples; i++) out.push({ params: randomParams(space, rng), blame: null });
  return out;
}

function probeProblem(config: StudyConfig, dataset: DatasetMeta, params: Params): string | null {
  let run: RunConfig;
  try {
    run = trialRunConfig(config, dataset.id, params, 'check');
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return error.message.replace(/^params .* give /, 'gives ');
  }
  const monitor = run.hyperparams.earlyStopping?.monitor;
  const reported: readonly string[] = TASK_OBJECTIVES[dataset.task];
  if (monitor && !reported.includes(monitor)) return `gives early stopping on '${monitor}', which ${dataset.task} does not report (it reports ${reported.filter((m) => m.startsWith('val_')).join(', ')})`;
  if (run.spec.layers.length === 0 && dataset.inputShape.length > 1) return `gives a model with no layers for image input ${JSON.stringify(dataset.inputShape)}; add a flatten layer or conv_depth`;
  const kernel = params.kernel_size;
  if (dataset.inputShape.length === 3 && typeof kernel === 'number' && kernel > Math.min(dataset.inputShape[0], dataset.inputShape[1])) {
    return `gives a ${kernel}x${kernel} conv kernel, larger than the ${dataset.inputShape[0]}x${dataset.inputShape[1]} input`;
  }
  const count = analyseSpec(run.spec, dataset.inputShape, outputUnitsFor(dataset.task, dataset.classes));
  return count.ok ? null : `gives a model that cannot be built on '${dataset.name}' (input ${JSON.stringify(dataset.inputShape)}): ${count.error}`;
}

/** Throws ApiError('invalid_argument') naming the objective, the param and the value that do not fit the dataset. */
export function checkTrialConfigs(config: StudyConfig, space: Space, dataset: DatasetMeta, samples = 8): void {
  checkObjectives(config, dataset);
  checkArchDomains(space);
  for (const probe of probes(space, config, samples)) {
    const problem = probeProblem(config, dataset, probe.params);
    if (problem === null) continue;
    invalid(probe.blame
      ? `${probe.blame} ${problem}; narrow its bounds (params ${JSON.stringify(probe.params)})`
      : `params ${JSON.stringify(probe.params)} ${problem}`);
  }
}
