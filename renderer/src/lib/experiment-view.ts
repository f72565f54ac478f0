/**
 * Turns experiment records (contract types) into what the experiment charts and
 * tables draw. Pure, so the screens stay thin and the mapping is unit-tested.
 */
import { hasMessage, t, tValue, type MessageKey } from '../i18n/index.ts';
import { parseStepLabel } from '../../../main/compression/step-label.ts';
import type { LayerKind } from '../../../main/api/schemas.ts';
import { engineText, templateVars } from './engine-text.ts';
import { formatInteger, formatNumber } from './format.ts';
import { layerLabel } from './layers.ts';
import type { ExperimentDetail, ExperimentStep } from '../../../main/api/contract.ts';
import type { SparsityCurve } from '../charts/sparsity-accuracy.ts';
import type { TradeoffPoint } from '../charts/compression-tradeoff.ts';
import type { LineageEdge, LineageNode } from '../charts/lineage-graph.ts';

/** The metric experiments are judged by: what the shrink search protects (accuracy, else r2), else any validation metric. */
export function primaryMetric(steps: readonly ExperimentStep[]): string | null {
  const names = new Set(steps.flatMap((s) => Object.keys(s.metrics.val ?? {})));
  for (const m of ['accuracy', 'r2']) if (names.has(m)) return m;
  return [...names].filter((n) => n !== 'loss').sort()[0] ?? (names.has('loss') ? 'loss' : null);
}

export function stepValue(step: ExperimentStep, metric: string | null): number | null {
  if (!metric) return null;
  const v = step.metrics.val?.[metric] ?? step.metrics.test?.[metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export const isDone = (s: ExperimentStep) => s.status === 'completed';

/** A step's label in the UI's language, by its kind and parameters (main/compression/step-label.ts); unknown labels as they are. */
export function stepLabel(label: string): string {
  return engineText(label, parseStepLabel, (p) => t(`experimentDetail.stepLabel.${p.key}`, templateVars(p.params, stepParam)));
}

const COUNTED = new Set(['layer', 'next', 'kernel', 'freeze']);

function stepParam(name: string, value: number | string): string {
  if (typeof value === 'number') return COUNTED.has(name) ? formatInteger(value) : formatNumber(value);
  if (name === 'kind' || name === 'pool') return layerLabel(value as LayerKind);
  return tValue('experimentDetail.stepWord', value);
}

export function tradeoffPoints(detail: ExperimentDetail, metric: string | null): TradeoffPoint[] {
  return detail.steps.filter(isDone).map((s) => ({
    id: String(s.step),
    label: `#${s.step} ${stepLabel(s.label)}`,
    value: stepValue(s, metric),
    params: s.size?.paramCount ?? null,
    nonZeroParams: s.size?.nonZeroParams ?? null,
    flops: s.size?.flops ?? null,
    latencyMs: s.size?.latency?.medianMs ?? null,
    baseline: s.kind === 'baseline',
  }));
}

/**
 * Trade-off points over several experiments on the same base (a sparsity sweep):
 * every model once, keyed by its run, so the shared baseline is not drawn twice.
 */
export function tradeoffPointsAcross(experiments: readonly ExperimentDetail[], metric: string | null): TradeoffPoint[] {
  const byRun = new Map<string, TradeoffPoint>();
  for (const e of experiments) {
    for (const s of e.steps.filter(isDone)) {
      const key = s.runId ?? `${e.id}#${s.step}`;
      if (byRun.has(key)) continue;
      const [p] = tradeoffPoints({ ...e, steps: [s] }, metric);
      byRun.set(key, { ...p, id: key, label: stepLabel(s.label) });
    }
  }
  return [...byRun.values()];
}

/**
 * Fraction of the baseline's weights a step removed: the measured sparsity of a
 * magnitude-pruned model, or for structured pruning (which deletes units rather
 * than zeroing them) the parameters gone relative to the baseline.
 */
export function stepSparsity(step: ExperimentStep, baseline: ExperimentStep | undefined): number | null {
  if (step.kind === 'baseline') return step.sparsity?.sparsity ?? 0;
  if (step.sparsity && step.sparsity.sparsity > 0) return step.sparsity.sparsity;
  const before = baseline?.size?.paramCount;
  const after = step.size?.nonZeroParams ?? step.size?.paramCount;
  if (before && after != null && before > 0) return Math.max(0, 1 - after / before);
  return step.sparsity?.sparsity ?? null;
}

export function pruneMethod(e: ExperimentDetail): string {
  const m = e.config.method;
  return typeof m === 'string' ? m : 'magnitude';
}

/**
 * One curve per pruning method over every prune experiment of the same base
 * run: each experiment contributes its pruned point, and the shared baseline
 * is drawn once at its own sparsity (≈ 0).
 */
export function sparsityCurves(experiments: readonly ExperimentDetail[], currentId: string | null, metric: string | null): SparsityCurve[] {
  const curves = new Map<string, Map<string, SparsityCurve['points'][number]>>();
  for (const e of experiments) {
    if (e.kind !== 'prune') continue;
    const method = pruneMethod(e);
    const points = curves.get(method) ?? new Map();
    curves.set(method, points);
    const baseline = e.steps.find((s) => s.kind === 'baseline' && isDone(s));
    for (const s of e.steps.filter(isDone)) {
      const sparsity = stepSparsity(s, baseline);
      const value = stepValue(s, metric);
      if (sparsity === null || value === null) continue;
      // The baseline run appears in every experiment of this base: one point per run.
      const key = s.runId ?? `${e.id}#${s.step}`;
      const current = e.id === currentId && s.kind !== 'baseline';
      const prev = points.get(key);
      points.set(key, { sparsity, value, label: s.kind === 'baseline' ? t('stepCompare.baseline') : stepLabel(s.label), current: current || prev?.current });
    }
  }
  return [...curves.entries()].filter(([, pts]) => pts.size > 0).map(([method, pts]) => ({ name: hasMessage(`experimentDetail.curve.${method}`) ? t(`experimentDetail.curve.${method}` as MessageKey) : method, points: [...pts.values()] }));
}

/** runs.relation of a step's run, read from the step kind (and the transfer label, which says fine-tuned vs transferred). */
export function stepRelation(step: ExperimentStep): string | null {
  switch (step.kind) {
    case 'baseline': return null;
    case 'pruned': return 'pruned';
    case 'distilled': return 'distilled';
    case 'candidate': return 'shrunk';
    case 'transferred': return parseStepLabel(step.label)?.key === 'fineTuned' ? 'fine-tuned' : 'transferred';
    // Trained from scratch for comparison: related to the base, not derived from its weights.
    default: return 'trained alongside';
  }
}

export type Lineage = { nodes: LineageNode[]; edges: LineageEdge[] };

/**
 * Runs and derivations across experiments. A run can be the result of one
 * experiment and the base of the next, which is how chains (prune → fine-tune →
 * distill) appear. Only the part connected to `focusRunIds` is kept when given.
 */
export function experimentLineage(
  experiments: readonly ExperimentDetail[],
  names: Readonly<Record<string, string>>,
  opts: { metric?: string | null; focusRunIds?: readonly string[]; currentRunIds?: readonly string[] } = {},
): Lineage {
  const nodes = new Map<string, LineageNode>();
  const edges = new Map<string, LineageEdge>();
  const current = new Set(opts.currentRunIds ?? []);
  const addNode = (runId: string, step: ExperimentStep) => {
    const value = stepValue(step, opts.metric ?? null);
    const prev = nodes.get(runId);
    nodes.set(runId, { id: runId, label: names[runId] ?? prev?.label ?? step.label, value: prev?.value ?? value, current: current.has(runId) });
  };
  // Oldest first, so a chain's nodes are added in the order they were made.
  for (const e of [...experiments].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const base = e.steps.find((s) => s.kind === 'baseline' && s.runId);
    if (base?.runId) addNode(base.runId, base);
    for (const s of e.steps) {
      if (!s.runId || s.kind === 'baseline' || s.status !== 'completed') continue;
      addNode(s.runId, s);
      const relation = stepRelation(s);
      const from = base?.runId ?? e.baseRunId;
      if (relation && from) edges.set(`${from}>${s.runId}`, { from, to: s.runId, relation });
    }
  }
  // Derived runs are named '<parent> · <what was done>': in the graph the parent is the node to the left.
  const shown = new Map([...nodes].map(([id, n]) => [id, n.label]));
  for (const e of edges.values()) {
    const child = nodes.get(e.to);
    const prefix = `${shown.get(e.from)} · `;
    if (child && child.label.startsWith(prefix) && child.label.length > prefix.length) nodes.set(e.to, { ...child, label: child.label.slice(prefix.length) });
  }
  const all = { nodes: [...nodes.values()], edges: [...edges.values()] };
  return opts.focusRunIds?.length ? connected(all, opts.focusRunIds) : all;
}

/** Only the given runs and the derivations between them: one experiment's own part of a family. */
export function restrictLineage(g: Lineage, runIds: readonly string[]): Lineage {
  const keep = new Set(runIds);
  return { nodes: g.nodes.filter((n) => keep.has(n.id)), edges: g.edges.filter((e) => keep.has(e.from) && keep.has(e.to)) };
}

function connected(g: Lineage, seeds: readonly string[]): Lineage {
  const adj = new Map<string, string[]>();
  for (const e of g.edges) {
    adj.set(e.from, [...(adj.get(e.from) ?? []), e.to]);
    adj.set(e.to, [...(adj.get(e.to) ?? []), e.from]);
  }
  const seen = new Set<string>();
  const queue = seeds.filter((s) => g.nodes.some((n) => n.id === s));
  while (queue.length) {
    const id = queue.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(adj.get(id) ?? []));
  }
  return { nodes: g.nodes.filter((n) => seen.has(n.id)), edges: g.edges.filter((e) => seen.has(e.from) && seen.has(e.to)) };
}

/** Every run id an experiment touched (its base and its steps' runs). */
export function experimentRunIds(e: ExperimentDetail): string[] {
  const ids = new Set<string>();
  if (e.baseRunId) ids.add(e.baseRunId);
  for (const s of e.steps) if (s.runId) ids.add(s.runId);
  return [...ids];
}
