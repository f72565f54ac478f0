/**
 * Value-axis range for a quality metric in the compression charts. ECharts'
 * own `scale` pads a flat series (every model at accuracy 1.0) to 0.4–1.6,
 * which suggests accuracies above 1; this pads a little and keeps fractions
 * inside [0, 1], on round ticks.
 */
const round = (x: number) => Number(x.toFixed(2));

export function metricRange(values: readonly number[]): { min?: number; max?: number; interval?: number } {
  const v = values.filter(Number.isFinite);
  if (v.length === 0) return {};
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  const pad = hi > lo ? (hi - lo) * 0.15 : Math.max(Math.abs(hi) * 0.05, 0.01);
  const fraction = lo >= 0 && hi <= 1;
  if (!fraction) return { min: round(Math.floor((lo - pad) * 20) / 20), max: round(Math.ceil((hi + pad) * 20) / 20) };
  // With both ends fixed ECharts may pick a 0.03 step: choose the step, then snap both ends to it.
  const span = hi + pad - (lo - pad);
  const interval = span <= 0.3 ? 0.05 : span <= 0.6 ? 0.1 : 0.2;
  const min = Math.max(0, Math.floor((lo - pad) / interval + 1e-9) * interval);
  const max = Math.min(1, Math.ceil((hi + pad) / interval - 1e-9) * interval);
  return { min: round(min), max: round(max), interval };
}
