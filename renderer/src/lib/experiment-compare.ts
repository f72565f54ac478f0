/**
 * Baseline vs result, side by side: metrics, size, latency and the ratios that
 * say whether compressing paid off. Pure rows; the screen only renders them.
 */
import type { ExperimentStep } from '../../../main/api/contract.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import { formatCount, formatFixed, formatNumber, formatPercent } from './format.ts';
import { splitMetricName } from './metric-names.ts';

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
  if (n < 1024 * 1024) return `${formatFixed(n / 1024, 1)} KB`;
  return `${formatFixed(n / 1024 / 1024, 2)} MB`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  // Three significant digits keep trailing zeros (2.00 ms), which Intl's grouping-free digits equal in every UI language.
  return ms < 1 ? `${formatFixed(ms * 1000, 0)} µs` : `${ms.toPrecision(3)} ms`;
}

/** before / after as "N× smaller|faster"; null when either side is unknown. */
export function ratio(before: number | null | undefined, after: number | null | undefined): number | null {
  if (before == null || after == null || !Number.isFinite(before) || !Number.isFinite(after) || after <= 0) return null;
  return before / after;
}

/** Timing one small model for a second still jitters by several percent: smaller changes are not news. */
const LATENCY_NOISE = 0.15;

/** `word`: the change's words when the ratio is above and below one (stepCompare.word.*). */
type Word = 'smaller' | 'larger' | 'fewer' | 'more' | 'faster' | 'slower';

function ratioRow(key: string, label: MessageKey, b: number | null | undefined, r: number | null | undefined, fmt: (n: number | null | undefined) => string, word: [Word, Word], noise = 0.005): CompareRow {
  const q = ratio(b, r);
  let change = '—';
  let tone: CompareRow['tone'] = 'neutral';
  if (q !== null) {
    if (Math.abs(q - 1) < noise) change = t(noise > 0.005 ? 'stepCompare.aboutSame' : 'stepCompare.same');
    else if (q > 1) { change = t('stepCompare.times', { x: formatFixed(q, 2), word: t(`stepCompare.word.${word[0]}`) }); tone = 'good'; }
    else { change = t('stepCompare.times', { x: formatFixed(1 / q, 2), word: t(`stepCompare.word.${word[1]}`) }); tone = 'bad'; }
  }
  return { key, label: t(label), baseline: fmt(b), result: fmt(r), change, tone };
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
        change = pts ? t('stepCompare.points', { sign: d >= 0 ? '+' : '−', n: formatFixed(Math.abs(d * 100), 1) }) : `${d >= 0 ? '+' : '−'}${formatNumber(Math.abs(d))}`;
        const better = LOWER_IS_BETTER.has(name) ? d < 0 : d > 0;
        tone = Math.abs(d) < 1e-9 ? 'neutral' : better ? 'good' : 'bad';
      }
      rows.push({ key: `${split}.${name}`, label: splitMetricName(split, name), baseline: formatNumber(b), result: formatNumber(r), change, tone });
    }
  }
  const bs = baseline.size;
  const rs = result.size;
  rows.push(ratioRow('params', 'stepCompare.params', bs?.paramCount, rs?.paramCount, formatCount, ['smaller', 'larger']));
  rows.push(ratioRow('nonZero', 'stepCompare.nonZero', bs?.nonZeroParams, rs?.nonZeroParams, formatCount, ['fewer', 'more']));
  rows.push(ratioRow('flops', 'stepCompare.flops', bs?.flops, rs?.flops, formatCount, ['fewer', 'more']));
  rows.push(ratioRow('bytes', 'stepCompare.bytes', bs?.bytes, rs?.bytes, formatBytes, ['smaller', 'larger']));
  rows.push(ratioRow('gzip', 'stepCompare.gzip', bs?.gzipBytes, rs?.gzipBytes, formatBytes, ['smaller', 'larger']));
  rows.push(latencyRow(bs?.latency, rs?.latency));
  rows.push({
    key: 'sparsity', label: t('stepCompare.sparsity'),
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
  if (!c) return ratioRow('latency', 'stepCompare.latencyRatio', b?.medianMs, r?.medianMs, formatMs, ['faster', 'slower'], LATENCY_NOISE);
  const x = (v: number) => formatFixed(1 / v, 2);
  const row = { key: 'latency', label: t('stepCompare.latencyPaired'), baseline: formatMs(c.baselineMedianMs), result: formatMs(r?.medianMs) };
  if (c.verdict === 'faster') return { ...row, change: t('stepCompare.timesRange', { x: x(c.ratio), word: t('stepCompare.word.faster'), low: x(c.high), high: x(c.low) }), tone: 'good' };
  if (c.verdict === 'slower') return { ...row, change: t('stepCompare.timesRange', { x: formatFixed(c.ratio, 2), word: t('stepCompare.word.slower'), low: formatFixed(c.low, 2), high: formatFixed(c.high, 2) }), tone: 'bad' };
  return { ...row, change: t('stepCompare.noChange'), tone: 'neutral' };
}

/**
 * Said plainly under the comparison of a magnitude-pruned model: its zeros sit in dense
 * kernels, which every backend multiplies in full, so it is smaller to ship, not faster.
 */
export function sparsityNote(baseline: ExperimentStep, result: ExperimentStep): string | null {
  const zeros = result.sparsity?.sparsity ?? 0;
  const sameShape = baseline.size != null && result.size != null && baseline.size.paramCount === result.size.paramCount;
  if (zeros <= 0 || !sameShape) return null;
  return t('stepCompare.sparsityNote');
}

export function pct(v: number | null | undefined): string {
  return formatPercent(v);
}
