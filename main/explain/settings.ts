/**
 * From an explain request to the settings that run (pure, checked before any
 * job starts): which explainer ('shap' → exact or KernelSHAP or GradientSHAP,
 * 'lime' → tables or images), which rows of which split, which output, which
 * options, each default filled in. Requests that cannot work are refused here
 * with what to do instead; the settings' hash decides when a stored result is
 * reused.
 */
import { createHash } from 'node:crypto';
import { ApiError } from '../api/errors.ts';
import type { Task } from '../api/schemas.ts';
import { MAX_EXACT_PLAYERS, MAX_EXPLAIN_IMAGE_ROWS, MAX_EXPLAIN_ROWS } from '../limits.ts';
import { groupOneHot, pixelGroups, type FeatureGroups } from './feature-groups.ts';
import { metricFor } from './metrics.ts';
import { SHAP_NOTES } from './notes.ts';
import type { ExplainMethod, ExplainOptions, ExplainRequest, ExplainSettings, ResolvedMethod } from './request.ts';
import { timeStepGroups } from './sequence/series-groups.ts';
import { checkExactPlayers } from './shapley-exact.ts';
import { checkImageShape } from './target.ts';

/** What the settings depend on besides the request: the run's data and split. */
export type RunFacts = {
  runName: string;
  task: Task;
  inputShape: number[];
  featureNames: string[];
  classes: string[];
  splitSizes: { val: number; test: number };
  /** Sequence datasets: text (players are token positions) or series (players are time steps). */
  sequence?: 'text' | 'series';
};

/** Rows explained when the request names none. */
export const DEFAULT_TABLE_ROWS = 100;
export const DEFAULT_IMAGE_ROWS = 4;
/** k-means background centres when the request names none. */
export const DEFAULT_BACKGROUND = 20;

const isImage = (inputShape: readonly number[]) => inputShape.length === 3;

/** The players of a model's explanation: one-hot blocks grouped back into their column for tables, pixels for images. */
export function playersOf(facts: Pick<RunFacts, 'inputShape' | 'featureNames' | 'sequence'>): FeatureGroups {
  const [H, W, C] = facts.inputShape;
  if (facts.sequence === 'series') return timeStepGroups(facts.inputShape[0], facts.inputShape[1]);
  if (facts.sequence === 'text') return { names: Array.from({ length: H }, (_, t) => `token ${t + 1}`), columns: Array.from({ length: H }, (_, t) => [t]) };
  if (isImage(facts.inputShape)) return pixelGroups(H, W, C);
  const F = facts.inputShape.reduce((a, b) => a * b, 1);
  return groupOneHot(Array.from({ length: F }, (_, j) => facts.featureNames[j] ?? `x${j}`));
}

const TABLE_ONLY: ResolvedMethod[] = ['permutation', 'exact-shapley', 'kernel-shap', 'lime'];
const WITH_BACKGROUND: ResolvedMethod[] = ['exact-shapley', 'kernel-shap', 'gradient-shap'];
const OPTIONS_OF: Record<ResolvedMethod, (keyof ExplainOptions)[]> = {
  permutation: ['repeats', 'metric', 'seed'],
  'exact-shapley': [],
  'kernel-shap': ['samples', 'seed'],
  'integrated-gradients': ['steps'],
  'gradient-shap': ['samples', 'seed'],
  lime: ['samples', 'maxFeatures', 'seed'],
  'lime-image': ['samples', 'segments', 'maxFeatures', 'seed'],
  occlusion: ['window'],
};

/** What 'shap' and 'lime' mean for this model; every other method is itself. */
export function resolveMethod(method: ExplainMethod, facts: Pick<RunFacts, 'inputShape' | 'featureNames'>): ResolvedMethod {
  const image = isImage(facts.inputShape);
  if (method === 'shap') return image ? 'gradient-shap' : playersOf(facts).names.length <= MAX_EXACT_PLAYERS ? 'exact-shapley' : 'kernel-shap';
  if (method === 'lime') return image ? 'lime-image' : 'lime';
  return method;
}

/** Why another explainer ran than the one asked for, in words (null when it is the one asked for). */
export function methodNote(settings: Pick<ExplainSettings, 'method' | 'requested'>, players: number): string | null {
  if (settings.requested !== 'shap') return null;
  const method = settings.method === 'exact-shapley' || settings.method === 'kernel-shap' ? settings.method : 'gradient-shap';
  return SHAP_NOTES[method].replaceAll('{{players}}', String(players)).replaceAll('{{limit}}', String(MAX_EXACT_PLAYERS));
}

function checkMethodFits(method: ResolvedMethod, requested: ExplainMethod, facts: RunFacts): void {
  // Token ids are not quantities: they cannot be shifted, averaged or perturbed, only embedded.
  if (facts.sequence === 'text' && method !== 'integrated-gradients') {
    throw new ApiError('invalid_argument', `${requested} cannot explain a text model (its inputs are token ids); use integrated-gradients: token attributions on the embeddings`);
  }
  if (method === 'occlusion') checkImageShape(facts.inputShape, 'occlusion');
  if (isImage(facts.inputShape) && TABLE_ONLY.includes(method)) {
    throw new ApiError(
      'invalid_argument',
      `${requested} explains tables, but this model takes images of shape [${facts.inputShape.join(', ')}]; use integrated-gradients, gradient-shap, occlusion or lime (over segments)`,
    );
  }
  if (method === 'exact-shapley') checkExactPlayers(playersOf(facts).names.length);
}

function checkOptions(method: ResolvedMethod, req: ExplainRequest): void {
  const allowed = OPTIONS_OF[method];
  for (const key of Object.keys(req.options) as (keyof ExplainOptions)[]) {
    if (req.options[key] !== undefined && !allowed.includes(key)) {
      const users = (Object.keys(OPTIONS_OF) as ResolvedMethod[]).filter((m) => OPTIONS_OF[m].includes(key));
      throw new ApiError('invalid_argument', `option '${key}' does not apply to ${method} (it applies to ${users.join(', ')})`);
    }
  }
  if (req.background !== undefined && !WITH_BACKGROUND.includes(method)) {
    throw new ApiError('invalid_argument', `background applies to the SHAP methods (${WITH_BACKGROUND.join(', ')}), not to ${method}`);
  }
}

/** LIME's surrogate keeps at most as many players as the table has: columns, a one-hot block counting once (a series': every value). */
function checkLimeFeatures(method: ResolvedMethod, req: ExplainRequest, facts: RunFacts): void {
  const K = req.options.maxFeatures;
  if (method !== 'lime' || K === undefined) return;
  const players = facts.sequence === 'series' ? facts.inputShape.reduce((a, b) => a * b, 1) : playersOf(facts).names.length;
  if (K > players) {
    throw new ApiError('invalid_argument', `maxFeatures is at most ${players} here: the run's inputs are ${players} features${facts.sequence === 'series' ? '' : ' (a one-hot encoded column counts once)'}, got ${K}`);
  }
}

function resolveTarget(method: ResolvedMethod, req: ExplainRequest, facts: RunFacts): 'predicted' | number {
  if (req.class === undefined) return 'predicted';
  if (method === 'permutation') throw new ApiError('invalid_argument', 'class applies to the local methods; permutation importance scores the model on all classes at once');
  if (facts.task !== 'classification') throw new ApiError('invalid_argument', `class applies to classification; run '${facts.runName}' is a regression, with one output`);
  if (req.class >= facts.classes.length) {
    const names = facts.classes.map((c, i) => `${i} ${c}`).join(', ');
    throw new ApiError('invalid_argument', `class ${req.class} is out of range: the run's dataset has ${facts.classes.length} classes (${names})`, {
      classes: facts.classes.length,
    });
  }
  return req.class;
}

function resolveRows(method: ResolvedMethod, req: ExplainRequest, facts: RunFacts): { first: number; count: number } {
  const size = facts.splitSizes[req.split];
  const splitName = req.split === 'val' ? 'validation' : 'test';
  if (size === 0) throw new ApiError('invalid_argument', `run '${facts.runName}' has no ${splitName} rows (its split holds none out); use split val`);
  if (req.row !== undefined) {
    if (method === 'permutation') throw new ApiError('invalid_argument', 'permutation importance scores many rows; give rows (a count), not row');
    if (req.row >= size) {
      throw new ApiError('invalid_argument', `row ${req.row} is out of range: the ${splitName} split of run '${facts.runName}' has ${size} rows (0..${size - 1})`, { rows: size });
    }
    return { first: req.row, count: 1 };
  }
  const image = isImage(facts.inputShape);
  if (image && req.rows !== undefined && req.rows > MAX_EXPLAIN_IMAGE_ROWS) {
    throw new ApiError('invalid_argument', `rows is at most ${MAX_EXPLAIN_IMAGE_ROWS} for images (MAX_EXPLAIN_IMAGE_ROWS: each keeps its image and a value per pixel), got ${req.rows}`);
  }
  const fallback = method === 'permutation' ? MAX_EXPLAIN_ROWS : image ? DEFAULT_IMAGE_ROWS : DEFAULT_TABLE_ROWS;
  const count = Math.min(req.rows ?? fallback, size);
  if (method === 'permutation' && count < 2) throw new ApiError('invalid_argument', `permutation importance needs at least 2 rows; the ${splitName} split has ${size}`);
  return { first: 0, count };
}

/** Every default filled in, or ApiError('invalid_argument') saying what to ask instead. */
export function resolveExplainSettings(req: ExplainRequest, facts: RunFacts): ExplainSettings {
  const method = resolveMethod(req.method, facts);
  checkMethodFits(method, req.method, facts);
  checkOptions(method, req);
  checkLimeFeatures(method, req, facts);
  const target = resolveTarget(method, req, facts);
  const { first, count } = resolveRows(method, req, facts);
  const options: ExplainOptions = { ...req.options };
  if (OPTIONS_OF[method].includes('seed')) options.seed ??= 0;
  if (method === 'permutation') {
    options.metric = metricFor(facts.task, req.options.metric).name as ExplainOptions['metric'];
    options.repeats ??= 5;
  }
  return {
    method,
    requested: req.method,
    split: req.split,
    first,
    count,
    target,
    background: WITH_BACKGROUND.includes(method) ? (req.background ?? DEFAULT_BACKGROUND) : 0,
    options,
  };
}

/** JSON with keys sorted at every level: equal settings, equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The hash stored with an explanation. The explainers are deterministic for
 * given settings (seeded), so a completed one with the same key is the answer.
 * `version` changes when what an explainer computes changes, so old results are not reused.
 */
export const SETTINGS_VERSION = 1;
export function settingsKey(settings: ExplainSettings): string {
  return createHash('sha256').update(canonical({ v: SETTINGS_VERSION, ...settings })).digest('hex').slice(0, 32);
}
