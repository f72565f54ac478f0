/**
 * The experiment builder's form → the engine request it sends, and the form's
 * field errors: what the browser must decide (a list that does not parse,
 * student JSON that is not JSON) and the request checked with the engine's own
 * schemas (ranges), both on the field they are about. Model compatibility
 * (layer names, shapes) is the engine's to judge after Start.
 */
import { t } from '../i18n/index.ts';
import { DISTILL_DEFAULTS } from '../../../main/compression/defaults.ts';
import { DistillRequest, FinetuneRequest, PruneRequest, ShrinkRequest } from '../../../main/compression/requests.ts';
import type { Params } from '../../../main/api/contract.ts';
import type { Layer, ModelSpec } from '../../../main/api/schemas.ts';
import { fieldErrors, type FieldErrors } from './field-errors.ts';

/** The compression methods the builder offers, in order; their names and hints are builder.method.* in the catalogues. */
export const BUILDER_METHODS = ['magnitude', 'structured', 'shrink', 'distill', 'finetune'] as const;
export type BuilderMethod = (typeof BUILDER_METHODS)[number];

export type BuilderForm = {
  method: BuilderMethod;
  name: string;
  /** One target, or several separated by commas: one experiment each (a sparsity sweep). */
  sparsity: string;
  schedule: 'oneshot' | 'gradual';
  scope: 'layer' | 'global';
  ratio: number | null;
  criterion: 'l1' | 'l2' | 'bn';
  /** Pruning only: layer names (comma-separated) to limit pruning to; empty = every prunable layer. */
  layers: string;
  epochs: number | null;
  learningRate: number | null;
  tolerance: number | null;
  maxCandidates: number | null;
  /** 'scale:0.5', 'preset:<id>' or 'json'. */
  student: string;
  studentJson: string;
  temperature: number | null;
  alpha: number | null;
  datasetId: string;
  freeze: number | null;
  newHead: 'auto' | 'yes' | 'no';
  scratch: boolean;
};

export function defaultForm(datasetId = ''): BuilderForm {
  return {
    method: 'magnitude', name: '', sparsity: '0.5', schedule: 'gradual', scope: 'layer', ratio: 0.5, criterion: 'l1', layers: '',
    epochs: null, learningRate: null, tolerance: 0.01, maxCandidates: 6, student: 'scale:0.5', studentJson: '',
    temperature: DISTILL_DEFAULTS.temperature, alpha: DISTILL_DEFAULTS.alpha, datasetId, freeze: 0, newHead: 'auto', scratch: true,
  };
}

export type Planned =
  | { method: 'compression.prune'; params: Params<'compression.prune'> }
  | { method: 'compression.shrink'; params: Params<'compression.shrink'> }
  | { method: 'compression.distill'; params: Params<'compression.distill'> }
  | { method: 'compression.finetune'; params: Params<'compression.finetune'> };

/** `field`: the form field the problem is in ('' when none is). */
export type PlanResult = { ok: true; requests: Planned[] } | { ok: false; field: keyof BuilderForm | ''; error: string };

/** A number input's value: empty (null/NaN) means "leave it to the engine's default". */
const num = (v: number | null | undefined): number | undefined => (v == null || Number.isNaN(v) ? undefined : v);

/** "0.5, 0.7 0.9" → [0.5, 0.7, 0.9]; anything that is not a number is reported, not dropped. */
export function parseTargets(text: string): number[] | string {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) return t('builder.error.enterSparsity');
  const values = parts.map(Number);
  const bad = parts.find((_, i) => !Number.isFinite(values[i]));
  if (bad !== undefined) return t('builder.error.notNumber', { value: bad });
  return [...new Set(values)];
}

/** "dense_1, conv2d_2" → names; empty → undefined (the engine's default: every prunable layer). */
export function parseLayers(text: string): string[] | undefined {
  const names = text.split(/[\s,;]+/).filter(Boolean);
  return names.length ? [...new Set(names)] : undefined;
}

/** The teacher's layers with every dense/conv width scaled (at least 1): the quickest sensible student. */
export function scaleSpec(spec: ModelSpec, factor: number): ModelSpec {
  const scale = (n: number) => Math.max(1, Math.round(n * factor));
  const layer = (l: Layer): Layer => {
    if (l.kind === 'dense') return { ...l, units: scale(l.units) };
    if (l.kind === 'conv2d') return { ...l, filters: scale(l.filters) };
    if (l.kind === 'residual') return { ...l, layers: l.layers.map(layer) };
    return l;
  };
  return { name: `${spec.name ?? 'model'} × ${factor}`, layers: spec.layers.map(layer) };
}

export function studentSpec(form: BuilderForm, teacher: ModelSpec, presets: readonly { id: string; spec: ModelSpec }[]): ModelSpec | string {
  if (form.student.startsWith('scale:')) return scaleSpec(teacher, Number(form.student.slice(6)));
  if (form.student.startsWith('preset:')) {
    const p = presets.find((x) => x.id === form.student.slice(7));
    return p ? p.spec : t('builder.error.presetGone');
  }
  try {
    const spec = JSON.parse(form.studentJson) as unknown;
    if (!spec || typeof spec !== 'object' || !Array.isArray((spec as ModelSpec).layers)) return t('builder.error.notSpec');
    return spec as ModelSpec;
  } catch (e) {
    return t('builder.error.badJson', { message: (e as Error).message });
  }
}

export function planRequests(form: BuilderForm, runId: string, teacher: ModelSpec, presets: readonly { id: string; spec: ModelSpec }[] = []): PlanResult {
  const name = form.name.trim() || undefined;
  const epochs = num(form.epochs);
  const learningRate = num(form.learningRate);
  const layers = parseLayers(form.layers);
  switch (form.method) {
    case 'magnitude': {
      const targets = parseTargets(form.sparsity);
      if (typeof targets === 'string') return { ok: false, field: 'sparsity', error: targets };
      const requests = targets.map((t): Planned => ({
        method: 'compression.prune',
        params: {
          runId, method: 'magnitude', targetSparsity: t, schedule: form.schedule, scope: form.scope, layers, epochs, learningRate,
          // A sweep gets one experiment per target: name each so the list tells them apart.
          name: name && targets.length > 1 ? `${name} (${t})` : name,
        },
      }));
      return { ok: true, requests };
    }
    case 'structured':
      return { ok: true, requests: [{ method: 'compression.prune', params: { runId, method: 'structured', targetSparsity: num(form.ratio) ?? NaN, criterion: form.criterion, layers, epochs, learningRate, name } }] };
    case 'shrink':
      return { ok: true, requests: [{ method: 'compression.shrink', params: { runId, tolerance: num(form.tolerance), maxCandidates: num(form.maxCandidates), epochs, name } }] };
    case 'distill': {
      const student = studentSpec(form, teacher, presets);
      if (typeof student === 'string') return { ok: false, field: form.student === 'json' ? 'studentJson' : 'student', error: student };
      return { ok: true, requests: [{ method: 'compression.distill', params: { teacherRunId: runId, student, temperature: num(form.temperature), alpha: num(form.alpha), epochs, learningRate, name } }] };
    }
    case 'finetune': {
      if (!form.datasetId) return { ok: false, field: 'datasetId', error: t('builder.error.chooseDataset') };
      const newHead = form.newHead === 'auto' ? undefined : form.newHead === 'yes';
      return { ok: true, requests: [{ method: 'compression.finetune', params: { runId, datasetId: form.datasetId, freeze: num(form.freeze), newHead, learningRate, epochs, scratch: form.scratch, name } }] };
    }
  }
}

const SCHEMAS = {
  'compression.prune': PruneRequest,
  'compression.shrink': ShrinkRequest,
  'compression.distill': DistillRequest,
  'compression.finetune': FinetuneRequest,
} as const;

/** Request parameters that are form fields of the same name. */
const SAME_NAME = new Set<string>(['name', 'epochs', 'learningRate', 'tolerance', 'maxCandidates', 'temperature', 'alpha', 'freeze', 'datasetId', 'layers']);

/**
 * The form's problems keyed by form field ('sparsity', 'epochs', …; '' for one
 * no field shows): empty when Start may send the requests. In a sweep, a target
 * out of range is named in the message.
 */
export function builderErrors(form: BuilderForm, runId: string, teacher: ModelSpec, presets: readonly { id: string; spec: ModelSpec }[] = []): FieldErrors {
  const plan = planRequests(form, runId, teacher, presets);
  if (!plan.ok) return { [plan.field]: plan.error };
  const out: Record<string, string> = {};
  for (const r of plan.requests) {
    for (const [path, message] of Object.entries(fieldErrors(SCHEMAS[r.method], r.params))) {
      const head = path.split('.')[0];
      let field = '';
      if (head === 'targetSparsity') field = form.method === 'structured' ? 'ratio' : 'sparsity';
      else if (head === 'student') field = form.student === 'json' ? 'studentJson' : 'student';
      else if (SAME_NAME.has(head)) field = head;
      const sweep = field === 'sparsity' && plan.requests.length > 1 && r.method === 'compression.prune';
      if (!(field in out)) out[field] = sweep ? `${r.params.targetSparsity}: ${message.charAt(0).toLowerCase()}${message.slice(1)}` : message;
    }
  }
  return out;
}
