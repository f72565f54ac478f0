/**
 * Baseline vs result, side by side: metrics, size, latency and the ratios that
 * say whether compressing paid off. Pure rows; the screen only renders them.
 */
import type { ExperimentStep } from '../../../main/api/contract.ts';
import { formatCount, formatNumber } from './format.ts';

export type CompareRow = {
  key: string;
  label: string;
  baseline: string;
  result: string;
  /** Human reading of the change (e.g. "−0.8 pt", "4.0× smaller", "1.9× faster"). */
  change: string;
  /** Whether the change is good news, bad news or neither, for colouring. */
  tone: 'good' | 'bad' | 'neutral';
};

const LOWER_IS_BETTER = new Set(['loss', 'mse', 'mae', 'rmse']);

export function formatBytes(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toPrecision(3)} ms`;
}

/** before / after as "N× smaller|faster"; null when either side is unknown. */
export function ratio(before: number | null | undefined, after: number | null | undefined): number | null {
  if (before == null || after == null || !Number.isFinite(before) || !Number.isFinite(after) || after <= 0) return null;
  return before / after;
}

/** Timing one small model for a second still jitters by several percent: smaller changes are not news. */
const LATENCY_NOISE = 0.15;

function ratioRow(key: string, label: string, b: number | null | undefined, r: number | null | undefined, fmt: (n: number | null | undefined) => string, word: [string, string], noise = 0.005): CompareRow {
  const q = ratio(b, r);
  let change = '—';
  let tone: CompareRow['tone'] = 'neutral';
  if (q !== null) {
    if (Math.abs(q - 1) < noise) change = noise > 0.005 ? '≈ same' : 'same';
    else if (q > 1) { change = `${q.toFixed(2)}× ${word[0]}`; tone = 'good'; }
    else { change = `${(1 / q).toFixed(2)}× ${word[1]}`; tone = 'bad'; }
  }
  return { key, label, baseline: fmt(b), result: fmt(r), change, tone };
}

export function compareSteps(baseline: ExperimentStep, result: ExperimentStep): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const split of ['val', 'test'] as const) {
    const names = new Set([...Object.keys(baseline.metrics[split] ?? {}), ...Object.keys(result.metrics[split] ?? {})]);
    for (const name of [...names].sort()) {
      const b = baseline.metrics[split]?.[name];
      const r = result.metrics[split]?.[name];
      let change = '—';
      let tone: CompareRow['tone'] = 'neutral';
      if (b != null && r != null && Number.isFinite(b) && Number.isFinite(r)) {
        const d = r - b;
        // Accuracy-like metrics read best in points; losses as plain differences.
        const pts = ['accuracy', 'f1', 'precision', 'recall', 'r2'].includes(name);
        change = pts ? `${d >= 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(1)} pt` : `${d >= 0 ? '+' : '−'}${formatNumber(Math.abs(d))}`;
        const better = LOWER_IS_BETTER.has(name) ? d < 0 : d > 0;
        tone = Math.abs(d) < 1e-9 ? 'neutral' : better ? 'good' : 'bad';
      }
      rows.push({ key: `${split}.${name}`, label: `${split} ${name}`, baseline: formatNumber(b), result: formatNumber(r), change, tone });
    }
  }
  const bs = baseline.size;
  const rs = result.size;
  rows.push(ratioRow('params', 'parameters', bs?.paramCount, rs?.paramCount, formatCount, ['smaller', 'larger']));
  rows.push(ratioRow('nonZero', 'non-zero parameters', bs?.nonZeroParams, rs?.nonZeroParams, formatCount, ['fewer', 'more']));
  rows.push(ratioRow('flops', 'FLOPs', bs?.flops, rs?.flops, formatCount, ['fewer', 'more']));
  rows.push(ratioRow('bytes', 'on disk', bs?.bytes, rs?.bytes, formatBytes, ['smaller', 'larger']));
  rows.push(ratioRow('gzip', 'weights, gzipped', bs?.gzipBytes, rs?.gzipBytes, formatBytes, ['smaller', 'larger']));
  rows.push(latencyRow(bs?.latency, rs?.latency));
  rows.push({
    key: 'sparsity', label: 'sparsity',
    baseline: pct(baseline.sparsity?.sparsity), result: pct(result.sparsity?.sparsity), change: '—', tone: 'neutral',
  });
  return rows;
}

type StepLatency = NonNullable<ExperimentStep['size']>['latency'];

/**
 * The latency row. Steps measured against the baseline (timed alternately, in pairs)
 * show the engine's verdict with its 95% interval; older steps fall back to the ratio
 * of two separate medians, with a wide noise band.
 */
function latencyRow(b: StepLatency | undefined, r: StepLatency | undefined): CompareRow {
  const c = r?.comparison;
  if (!c) return ratioRow('latency', 'latency (speed-up)', b?.medianMs, r?.medianMs, formatMs, ['faster', 'slower'], LATENCY_NOISE);
  const x = (v: number) => (1 / v).toFixed(2);
  const row = { key: 'latency', label: 'latency (timed alternately with the baseline)', baseline: formatMs(c.baselineMedianMs), result: formatMs(r?.medianMs) };
  if (c.verdict === 'faster') return { ...row, change: `${x(c.ratio)}× faster (${x(c.high)}–${x(c.low)}×)`, tone: 'good' };
  if (c.verdict === 'slower') return { ...row, change: `${(c.ratio).toFixed(2)}× slower (${c.low.toFixed(2)}–${c.high.toFixed(2)}×)`, tone: 'bad' };
  return { ...row, change: 'no measurable change', tone: 'neutral' };
}

/**
 * Said plainly under the comparison of a magnitude-pruned model: its zeros sit in dense
 * kernels, which every backend multiplies in full, so it is smaller to ship, not faster.
 */
export function sparsityNote(baseline: ExperimentStep, result: ExperimentStep): string | null {
  const zeros = result.sparsity?.sparsity ?? 0;
  const sameShape = baseline.size != null && result.size != null && baseline.size.paramCount === result.size.paramCount;
  if (zeros <= 0 || !sameShape) return null;
  return 'Magnitude pruning sets weights to zero but keeps the kernels dense: it saves size (compare the gzipped weights), not time. ' +
    'Structured pruning removes whole units and filters, which is what makes a model faster.';
}

export function pct(v: number | null | undefined): string {
  return v == null || !Number.isFinite(v) ? '—' : `${Math.round(v * 1000) / 10}%`;
}
