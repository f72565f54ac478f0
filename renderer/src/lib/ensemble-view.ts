/**
 * What the ensemble screens show, as pure functions: the builder's form → the
 * ensembles.create request (checked with the engine's own schema, errors on
 * their fields), and an ensemble → its member rows, member-vs-ensemble
 * figures and cost line. An ensemble is a model: its metrics have a run's
 * names, so the same headline metric and formatting apply.
 */
import { t } from '../i18n/index.ts';
import type { EnsembleDetail, EnsembleMemberView, EnsembleRecord, EnsembleRequestInput } from '../../../main/api/contract.ts';
import type { Task } from '../../../main/api/schemas.ts';
import type { EnsembleMethodName } from '../../../main/ensemble/types.ts';
import { EnsembleRequest } from '../../../main/ensemble/requests.ts';
import { fieldErrors, type FieldErrors } from './field-errors.ts';
import { formatCount, formatNumber } from './format.ts';

export type MemberSource = 'runs' | 'study' | 'dataset';

/** The methods, in menu order, with the member sources each can use; names and hints are ensemble.method.* in the catalogues. */
export const ENSEMBLE_METHOD_INFO: readonly { id: EnsembleMethodName; sources: readonly MemberSource[] }[] = [
  { id: 'voting', sources: ['runs', 'study', 'dataset'] },
  { id: 'selection', sources: ['runs', 'study', 'dataset'] },
  { id: 'bagging', sources: ['dataset'] },
  { id: 'boosting', sources: ['dataset'] },
  { id: 'stacking', sources: ['runs', 'study', 'dataset'] },
];

export const methodLabel = (method: EnsembleMethodName): string => t(`ensemble.method.${method}.label`);
export const methodHint = (method: EnsembleMethodName): string => t(`ensemble.method.${method}.hint`);

export type EnsembleForm = {
  method: EnsembleMethodName;
  source: MemberSource;
  name: string;
  runIds: string[];
  studyId: string;
  top: number | null;
  datasetId: string;
  members: number | null;
  presetId: string;
  epochs: number | null;
  seed: number | null;
  folds: number | null;
  meta: '' | 'logistic' | 'linear' | 'mlp';
  metric: '' | 'accuracy' | 'log_loss' | 'f1' | 'mse' | 'r2';
  size: number | null;
  featureFraction: number | null;
  voting: 'soft' | 'hard';
};

/** The form opened from a History selection (runs), a study ("ensemble the top trials") or blank (a dataset). */
export function defaultEnsembleForm(from: { runIds?: string[]; studyId?: string; datasetId?: string } = {}): EnsembleForm {
  const source: MemberSource = from.runIds?.length ? 'runs' : from.studyId ? 'study' : 'dataset';
  return {
    method: source === 'dataset' ? 'bagging' : 'selection', source, name: '', runIds: from.runIds ?? [], studyId: from.studyId ?? '', top: source === 'study' ? 10 : null,
    datasetId: from.datasetId ?? '', members: 5, presetId: 'mlp-small', epochs: null, seed: null, folds: 5, meta: '', metric: '', size: null, featureFraction: null, voting: 'soft',
  };
}

/** Whether a method can use a source; the builder offers only those. */
export const methodFits = (method: EnsembleMethodName, source: MemberSource): boolean =>
  ENSEMBLE_METHOD_INFO.find((m) => m.id === method)!.sources.includes(source);

type Model = { spec: unknown; hyperparams: unknown } | undefined;

/** The request the form describes, or its field errors (the engine's own schema; the engine checks the rest). */
export function ensembleRequest(form: EnsembleForm, model: Model): { ok: true; request: EnsembleRequestInput } | { ok: false; errors: FieldErrors } {
  const errors: Record<string, string> = {};
  if (!methodFits(form.method, form.source)) errors.method = t('ensemble.error.ownMembers', { method: form.method });
  if (form.source === 'runs' && form.runIds.length < 2) errors.runIds = t('ensemble.error.twoRuns');
  if (form.source === 'study' && !form.studyId) errors.studyId = t('ensemble.error.study');
  if (form.source === 'dataset' && !form.datasetId) errors.datasetId = t('ensemble.error.dataset');
  const opt = <T>(v: T | null | '', key: string) => (v === null || v === '' ? {} : { [key]: v });
  const request = {
    method: form.method,
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
    ...(form.source === 'runs' ? { runIds: form.runIds } : {}),
    ...(form.source === 'study' ? { studyId: form.studyId, ...opt(form.top, 'top') } : {}),
    ...(form.source === 'dataset' ? { datasetId: form.datasetId, ...opt(form.members, 'members'), ...opt(form.epochs, 'epochs'), ...(model ? { spec: model.spec, hyperparams: model.hyperparams } : {}) } : {}),
    ...opt(form.seed, 'seed'),
    ...(form.method === 'stacking' ? { ...opt(form.folds, 'folds'), ...opt(form.meta, 'meta') } : {}),
    ...(form.method === 'selection' ? { ...opt(form.metric, 'metric'), ...opt(form.size, 'size') } : {}),
    ...(form.method === 'bagging' ? opt(form.featureFraction, 'featureFraction') : {}),
    ...(form.method === 'voting' && form.voting === 'hard' ? { voting: 'hard' } : {}),
  } as EnsembleRequestInput;
  Object.assign(errors, Object.fromEntries(Object.entries(fieldErrors(EnsembleRequest, request)).filter(([k]) => !(k in errors))));
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, request };
}

/** The members the model combines (fold models and members of weight 0 are trained or offered, not combined). */
export const combinedMembers = (e: Pick<EnsembleDetail, 'members'>): EnsembleMemberView[] => e.members.filter((m) => m.role !== 'fold' && m.weight > 0);

/** The metric a table leads with: accuracy for classification, R² for regression. */
export const headlineMetric = (task: Task | null): 'accuracy' | 'r2' => (task === 'regression' ? 'r2' : 'accuracy');

export function memberLabel(m: EnsembleMemberView): string {
  const base = m.runName ?? (m.runId ? m.runId : t('ensemble.deletedRun'));
  if (m.role === 'fold') return t('ensemble.fold', { name: base, n: (m.fold ?? 0) + 1 });
  if (m.stage !== null) return t('ensemble.stage', { name: base, n: m.stage + 1 });
  return base;
}

export type MemberRow = { position: number; runId: string | null; label: string; role: string; weight: number; val: number | null; test: number | null; valLoss: number | null };

/** The members table: combined members first (by weight), then the rest (folds, unselected candidates). */
export function memberRows(e: EnsembleDetail): MemberRow[] {
  const key = headlineMetric(e.task);
  const row = (m: EnsembleMemberView): MemberRow => ({
    position: m.position, runId: m.runId, label: memberLabel(m), role: m.role, weight: m.weight,
    val: m.metrics?.val?.[key] ?? null, test: m.metrics?.test?.[key] ?? null, valLoss: m.metrics?.val?.loss ?? null,
  });
  const combined = combinedMembers(e).map(row).sort((a, b) => b.weight - a.weight || a.position - b.position);
  const others = e.members.filter((m) => !(m.role !== 'fold' && m.weight > 0)).map(row);
  return [...combined, ...others];
}

export type Comparison = { metric: string; ensemble: { val: number | null; test: number | null }; best: { val: number | null; test: number | null; label: string }; mean: { val: number | null; test: number | null } };

/** The ensemble against its best member (by validation, the one a user would pick) and its average member. */
export function memberVsEnsemble(e: EnsembleDetail): Comparison {
  const metric = headlineMetric(e.task);
  const rows = memberRows(e).filter((r) => r.role !== 'fold' && r.val !== null);
  const best = rows.reduce<MemberRow | null>((a, r) => (a === null || (r.val as number) > (a.val as number) ? r : a), null);
  const mean = (k: 'val' | 'test') => {
    const xs = rows.map((r) => r[k]).filter((v): v is number => v !== null);
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
  };
  return {
    metric,
    ensemble: { val: e.metrics.val?.[metric] ?? null, test: e.metrics.test?.[metric] ?? null },
    best: { val: best?.val ?? null, test: best?.test ?? null, label: best?.label ?? '—' },
    mean: { val: mean('val'), test: mean('test') },
  };
}

/**
 * The confirmation a run's delete asks, naming the ensembles it leaves (ensembles.list with
 * memberRunId: the first page, `total` counts them all), as the CLI's delete plan does.
 */
export function runDeleteConfirmation(runName: string, ensembles: { total: number; items: readonly { name: string }[] }): string {
  const confirm = t('ensemble.runDelete.confirm', { name: runName });
  if (ensembles.total === 0) return confirm;
  const shown = ensembles.items.map((e) => `“${e.name}”`).join(', ');
  const names = ensembles.total > ensembles.items.length ? t('ensemble.runDelete.more', { names: shown, n: ensembles.total - ensembles.items.length }) : shown;
  return `${confirm}\n\n${t('ensemble.runDelete.leaves', { count: ensembles.total, names })}`;
}

/** Parameters, FLOPs, bytes and latency in one line. */
export function costLine(e: Pick<EnsembleRecord, 'size' | 'paramCount' | 'flops'>): string {
  const s = e.size;
  if (!s) return t('ensemble.cost.params', { n: formatCount(e.paramCount) });
  const parts = [t('ensemble.cost.params', { n: formatCount(s.paramCount) }), t('ensemble.cost.flops', { n: formatCount(s.flops) }), t('ensemble.cost.bytes', { n: formatCount(s.bytes) })];
  if (s.latency) parts.push(t('ensemble.cost.latency', { ms: formatNumber(s.latency.medianMs), batch: s.latency.batch, backend: s.latency.backend }));
  return parts.join(' · ');
}
