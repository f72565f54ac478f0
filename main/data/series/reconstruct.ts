/**
 * A windowed series back as a line, for the dataset screen: the first value
 * column (the target, when forecasting) of every step that some window holds,
 * from the stored windows and SeriesInfo alone (the windows are re-derived by
 * windows.ts, the same function the import used). Steps no window holds (at the
 * split boundaries, or between strided windows) are null, so a plot shows gaps
 * rather than invented values.
 */
import type { SeriesInfo } from '../../api/schemas.ts';
import { seriesWindows } from './windows.ts';

export type SeriesLine = { id: string; start: string; end: string; values: (number | null)[]; valStart: number; testStart: number; firstTestWindow: number | null };

export function seriesLines(info: SeriesInfo, x: Float32Array, y: Float32Array, maxSeries: number): SeriesLine[] {
  const V = info.valueColumns.length;
  const forecast = info.horizon > 0;
  let w = 0;
  const out: SeriesLine[] = [];
  for (const s of info.series) {
    const windows = seriesWindows(s.length, { valStart: s.valStart, testStart: s.testStart }, info.lookback, info.horizon, info.stride);
    if (out.length < maxSeries) {
      const values: (number | null)[] = new Array(s.length).fill(null);
      let firstTestWindow: number | null = null;
      windows.forEach(({ start, part }, k) => {
        const row = w + k;
        for (let l = 0; l < info.lookback; l++) values[start + l] = x[(row * info.lookback + l) * V];
        if (forecast) for (let h = 0; h < info.horizon; h++) values[start + info.lookback + h] = y[row * info.horizon + h];
        if (part === 2 && firstTestWindow === null) firstTestWindow = start;
      });
      out.push({ id: s.id, start: s.start, end: s.end, values, valStart: s.valStart, testStart: s.testStart, firstTestWindow });
    }
    w += windows.length;
  }
  return out;
}
