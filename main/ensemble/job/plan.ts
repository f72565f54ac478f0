/**
 * From an ensembles.create request to what the job runs: the members' source
 * (existing runs, a study's best completed trials, or members trained on a
 * dataset), the shared dataset, data and split, and the method's options.
 * Everything a user can get wrong is refused here, with a clear message,
 * before anything is written: members from different datasets or splits,
 * fewer than two members, a study without completed trials, a method that
 * cannot use the given source, stacking with more folds than rows of a class,
 * a metric or meta-learner of the other task, text members whose tokenisers
 * cannot share one encoding.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredDataset } from '../../../db/store.ts';
import { ApiError } from '../../api/errors.ts';
import { HyperParams, RunConfig, type Task } from '../../api/schemas.ts';
import { loadDatasetFiles } from '../../data/store.ts';
import { splitIndices } from '../../data/split.ts';
import type { DatasetTensors } from '../../data/types.ts';
import { outputUnitsFor } from '../../model/builder.ts';
import { datasetInputKind, defaultPresetFor, followsPreset } from '../../data/input-kind.ts';
import { sharedTextOf } from '../../data/text/shared-encoding.ts';
import { readRecipeFile } from '../../train/artifacts.ts';
import { MODEL_PRESETS } from '../../model/presets.ts';
import { countModel } from '../../run/lifecycle.ts';
import { findDataset, type JobContext } from '../../run/context.ts';
import { ENSEMBLE_MAX_CANDIDATES } from '../../limits.ts';
import type { EnsembleMethod, MemberSource } from '../index.ts';
import { stratifiedFolds, kFolds } from '../math/folds.ts';
import { checkMetric } from '../math/scores.ts';
import { METHODS } from '../methods/index.ts';
import { checkSharedSplit } from '../predict.ts';
import type { EnsembleRequest } from '../requests.ts';

export type Candidate = { runId: string; name: string; config: RunConfig; dir: string };

export type EnsemblePlan = {
  request: EnsembleRequest;
  name: string;
  method: EnsembleMethod<never>;
  /** The method's options (methods/*.ts), from the request. */
  options: Record<string, unknown>;
  source: MemberSource;
  dataset: StoredDataset;
  task: Task;
  outputs: number;
  data: DatasetTensors;
  split: { train: Int32Array; val: Int32Array; test: Int32Array };
  candidates: Candidate[];
  /** The config trained members use (dataset source), with the split's seed. */
  memberConfig: RunConfig | null;
  memberCounts: { paramCount: number; flops: number } | null;
};

const DEFAULT_PRESET = 'mlp-small';

export async function resolvePlan(ctx: JobContext, request: EnsembleRequest): Promise<EnsemblePlan> {
  const method = METHODS[request.method];
  const given = (['runIds', 'studyId', 'datasetId'] as const).filter((k) => request[k] !== undefined);
  if (given.length !== 1) {
    throw new ApiError('invalid_argument', `give exactly one source of members: runIds, studyId or datasetId (got ${given.length ? given.join(' and ') : 'none'})`);
  }
  const source: MemberSource = given[0] === 'datasetId' ? 'dataset' : 'runs';
  if (!method.sources.includes(source)) {
    throw new ApiError('invalid_argument', `${request.method} trains its members: give datasetId and members (not ${given[0]})`);
  }
  const base = source === 'runs' ? await fromRuns(ctx, request) : await fromDataset(ctx, request);
  const task = base.dataset.task;
  const plan: EnsemblePlan = {
    request, method, source, task, outputs: outputUnitsFor(task, base.dataset.classes), options: optionsOf(request), ...base,
    name: request.name ?? defaultName(request, base.dataset, base.candidates.length, base.label),
  };
  checkMethod(plan);
  return plan;
}

type Base = Pick<EnsemblePlan, 'dataset' | 'data' | 'split' | 'candidates' | 'memberConfig' | 'memberCounts'> & { label?: string };

async function fromRuns(ctx: JobContext, request: EnsembleRequest): Promise<Base> {
  let ids = request.runIds ?? [];
  let label: string | undefined;
  if (request.studyId !== undefined) ({ ids, label } = await studyRuns(ctx, request.studyId, request.top));
  ids = [...new Set(ids)];
  if (ids.length < 2) throw new ApiError('invalid_argument', `an ensemble needs at least 2 members; got ${ids.length} distinct run${ids.length === 1 ? '' : 's'}`);
  const candidates: Candidate[] = [];
  for (const runId of ids) {
    const run = await ctx.store.runs.get(runId);
    if (!run) throw new ApiError('not_found', `No run with id '${runId}'.`);
    const dir = await ctx.store.runs.artifactDir(runId);
    if (run.status !== 'completed' || !dir || !existsSync(join(dir, 'model.json'))) {
      throw new ApiError('conflict', `Run '${run.name}' (${run.id}) is ${run.status} and has no saved model; ensemble members must be completed runs.`);
    }
    candidates.push({ runId, name: run.name, config: run.config, dir });
  }
  const first = candidates[0];
  const datasetOf = async (c: Candidate) => (await ctx.store.runs.get(c.runId))!.datasetId;
  const firstDataset = await datasetOf(first);
  for (const c of candidates.slice(1)) {
    const other = await datasetOf(c);
    if (other !== firstDataset) {
      const names = await Promise.all([firstDataset, other].map(async (d) => (await ctx.store.datasets.get(d))?.name ?? d));
      throw new ApiError('invalid_argument', `members from different datasets: '${first.name}' is on '${names[0]}', '${c.name}' on '${names[1]}'; an ensemble's members share one dataset, task and split`);
    }
  }
  const dataset = await findDataset(ctx, firstDataset);
  const shared = checkSharedSplit(candidates.map((c) => ({ name: `'${c.name}'`, dir: c.dir })));
  // Text members' tokenisers must give one encoding (or be mapped onto one): refused now, naming the members, not after predicting.
  if (dataset.info?.text) sharedTextOf(candidates.map((c) => ({ name: c.name, recipe: readRecipeFile(c.dir) })));
  const split = { train: Int32Array.from(shared.train), val: Int32Array.from(shared.val), test: Int32Array.from(shared.test) };
  return { dataset, data: loadDatasetFiles(dataset.dir), split, candidates, memberConfig: null, memberCounts: null, label };
}

/** A study's completed trials with runs, best first (by the first objective's direction), at most `top`. */
async function studyRuns(ctx: JobContext, studyId: string, top: number | undefined): Promise<{ ids: string[]; label: string }> {
  const study = await ctx.store.studies.get(studyId);
  if (!study) throw new ApiError('not_found', `No study with id '${studyId}'.`);
  const limit = top ?? ENSEMBLE_MAX_CANDIDATES;
  const page = await ctx.store.trials.list(studyId, {
    offset: 0, limit: ENSEMBLE_MAX_CANDIDATES, sort: 'value', order: study.directions[0] === 'maximize' ? 'desc' : 'asc', objective: 0, states: ['complete'],
  });
  const ids = page.items.filter((t) => t.runId !== null).slice(0, limit).map((t) => t.runId as string);
  if (ids.length === 0) throw new ApiError('invalid_argument', `study '${study.name}' has no completed trials with a trained model; run it first, or pick runs`);
  return { ids, label: `${study.name} top ${ids.length}` };
}

async function fromDataset(ctx: JobContext, request: EnsembleRequest): Promise<Base> {
  const dataset = await findDataset(ctx, request.datasetId as string);
  const members = request.members ?? 0;
  if (members < 2) throw new ApiError('invalid_argument', `an ensemble needs at least 2 members; give members ≥ 2 (got ${members})`);
  const preset = defaultMemberPreset(dataset);
  const hyperparams = request.hyperparams ?? HyperParams.parse(request.spec ? {} : preset.hyperparams);
  const config = RunConfig.parse({
    datasetId: dataset.id, spec: request.spec ?? preset.spec, seed: request.seed,
    hyperparams: request.epochs !== undefined ? { ...hyperparams, epochs: request.epochs } : hyperparams,
  });
  const memberCounts = countModel(config, dataset);
  const data = loadDatasetFiles(dataset.dir);
  // A series keeps its stored chronological split (parts), as its runs do.
  const split = splitIndices(data.y, dataset.task, config.hyperparams.split, config.seed, data.parts);
  if (split.train.length === 0 || split.val.length === 0) throw new ApiError('bad_data', `dataset '${dataset.name}' has too few rows to split into training and validation sets`);
  return { dataset, data, split, candidates: [], memberConfig: config, memberCounts };
}

function optionsOf(r: EnsembleRequest): Record<string, unknown> {
  const pick = <K extends keyof EnsembleRequest>(...keys: K[]) => Object.fromEntries(keys.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
  switch (r.method) {
    case 'voting':
      return pick('members', 'weights', 'voting');
    case 'selection':
      return pick('members', 'metric', 'size', 'initTopK', 'bags', 'bagFraction');
    case 'bagging':
      return pick('members', 'bootstrapFraction', 'featureFraction');
    case 'boosting':
      return pick('members', 'learningRate', 'patience');
    case 'stacking':
      return pick('members', 'folds', 'meta');
  }
}

/** The model trained members use when the request gives none: mlp-small for tables and images, the first preset made for texts or series. */
function defaultMemberPreset(dataset: StoredDataset) {
  const kind = datasetInputKind(dataset);
  const preset = followsPreset(kind) ? defaultPresetFor(MODEL_PRESETS, kind) : MODEL_PRESETS.find((p) => p.id === DEFAULT_PRESET);
  if (!preset) throw new ApiError('internal', `no preset fits a ${kind} dataset`);
  return preset;
}

/** Method options that depend on the data: refused now, not after members trained. */
function checkMethod(plan: EnsemblePlan): void {
  const r = plan.request;
  const count = plan.candidates.length || (r.members ?? 0);
  if (r.weights && r.weights.length !== count) throw new ApiError('invalid_argument', `${r.weights.length} weights for ${count} members; give one weight per member`);
  if (r.weights && !r.weights.some((w) => w > 0)) throw new ApiError('invalid_argument', 'all member weights are 0; at least one needs a positive weight');
  if (r.metric) checkMetric(r.metric, plan.task);
  if (r.initTopK !== undefined && r.initTopK > Math.min(r.size ?? 25, count)) {
    throw new ApiError('invalid_argument', `initTopK ${r.initTopK} is more than the selection size (${r.size ?? 25}) or the ${count} members`);
  }
  const kind = datasetInputKind(plan.dataset);
  if (r.method === 'bagging' && r.featureFraction !== undefined && r.featureFraction < 1 && kind !== 'tabular') {
    throw new ApiError('invalid_argument', `random feature subsets apply to tabular data, not to ${kind === 'image' ? 'images' : kind === 'text' ? 'token sequences' : 'time series windows'}; leave featureFraction at 1`);
  }
  if (r.method === 'stacking') {
    const meta = r.meta;
    if (meta === 'logistic' && plan.task !== 'classification') throw new ApiError('invalid_argument', 'the logistic meta-learner is for classification; use linear (or mlp) for regression');
    if (meta === 'linear' && plan.task !== 'regression') throw new ApiError('invalid_argument', 'the linear meta-learner is for regression; use logistic (or mlp) for classification');
    const labels = Float32Array.from(plan.split.train, (row) => plan.data.y[row]);
    // The same folds the method will cut: too many for a class is refused here, naming the class.
    if (plan.task === 'classification') stratifiedFolds(labels, r.folds, r.seed, plan.dataset.classes);
    else kFolds(labels.length, r.folds, r.seed);
  }
}

function defaultName(r: EnsembleRequest, dataset: StoredDataset, candidates: number, label: string | undefined): string {
  if (label) return `${r.method} · ${label}`;
  if (candidates > 0) return `${r.method} of ${candidates} runs on ${dataset.name}`;
  return `${r.method} ×${r.members} on ${dataset.name}`;
}
