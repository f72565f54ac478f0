/**
 * Forecast errors (pure): absolute errors of predictions against the truth,
 * both [windows × horizon] in the target's units, summed per window and per
 * horizon step; the windows ranked by error; and which windows to draw.
 */
export type ForecastErrors = {
  /** Mean absolute error of each window over its horizon. */
  byWindow: Float64Array;
  /** Mean absolute error of each horizon step over all windows. */
  byStep: Float64Array;
  overall: number;
};

export function forecastErrors(truth: ArrayLike<number>, prediction: ArrayLike<number>, horizon: number): ForecastErrors {
  const n = truth.length / horizon;
  const byWindow = new Float64Array(n);
  const byStep = new Float64Array(horizon);
  let total = 0;
  for (let w = 0; w < n; w++) {
    let sum = 0;
    for (let h = 0; h < horizon; h++) {
      const e = Math.abs(prediction[w * horizon + h] - truth[w * horizon + h]);
      sum += e;
      byStep[h] += e;
    }
    byWindow[w] = sum / horizon;
    total += sum;
  }
  for (let h = 0; h < horizon; h++) byStep[h] = n > 0 ? byStep[h] / n : NaN;
  return { byWindow, byStep, overall: n > 0 ? total / (n * horizon) : NaN };
}

/** Window positions by error, smallest first; ties keep time order. */
export function windowsByError(byWindow: Float64Array): number[] {
  return Array.from(byWindow.keys()).sort((a, b) => byWindow[a] - byWindow[b] || a - b);
}

/** `count` positions spread evenly over `total` windows, first and last included. */
export function spreadWindows(total: number, count: number): number[] {
  const k = Math.min(count, total);
  if (k <= 1) return k === 1 ? [0] : [];
  return Array.from({ length: k }, (_, i) => Math.round((i * (total - 1)) / (k - 1)));
}
