/**
 * Windows over one series and its chronological split (pure maths, no I/O).
 *
 * A series of `length` steps is cut at two boundaries into train [0, valStart),
 * validation [valStart, testStart) and test [testStart, length). A window is
 * `lookback` input steps followed by `horizon` target steps; it belongs to the
 * part that holds all of its steps, and windows that would straddle a boundary
 * are not made, so nothing of a later part reaches an earlier one. Within each
 * part windows start every `stride` steps from the part's start.
 */
import { ApiError } from '../../api/errors.ts';

/** The import option a too-short series is refused on (details.field): the lookback the user chose. */
const LOOKBACK = { field: 'series.lookback' };

export type SplitPoints = { valStart: number; testStart: number };
export type Window = { start: number; part: 0 | 1 | 2 };

/** Boundaries from fractions: the last `test` share of steps is test, the `validation` share before it validation. */
export function splitPoints(length: number, validation: number, test: number): SplitPoints {
  const testStart = length - Math.round(length * test);
  const valStart = testStart - Math.round(length * validation);
  return { valStart, testStart };
}

export function seriesWindows(length: number, points: SplitPoints, lookback: number, horizon: number, stride: number): Window[] {
  const span = lookback + horizon;
  const parts: [number, number][] = [[0, points.valStart], [points.valStart, points.testStart], [points.testStart, length]];
  const out: Window[] = [];
  parts.forEach(([from, to], part) => {
    for (let start = from; start + span <= to; start += stride) out.push({ start, part: part as 0 | 1 | 2 });
  });
  return out;
}

/** Refuses a series too short for one window in each part it is asked to have, saying by how much. `name`: 'the series' or "series 'id'". */
export function checkSeriesLength(name: string, length: number, points: SplitPoints, lookback: number, horizon: number): void {
  const span = lookback + horizon;
  const parts: [string, number][] = [
    ['training', points.valStart],
    ['validation', points.testStart - points.valStart],
    ['test', length - points.testStart],
  ];
  if (length < span) {
    throw new ApiError('bad_data', `${name} has ${length} steps, fewer than one window of lookback ${lookback} + horizon ${horizon} = ${span}; use a shorter lookback or a longer series`, LOOKBACK);
  }
  for (const [part, steps] of parts) {
    if (part === 'test' && steps === 0) continue;
    if (steps < span) {
      throw new ApiError(
        'bad_data',
        `${name}: its ${part} part has ${steps} steps, fewer than one window of lookback ${lookback} + horizon ${horizon} = ${span} ` +
          `(windows never cross a split); use a shorter lookback, ${part === 'training' ? 'smaller validation and test shares' : `a larger ${part} share`}, or a longer series`,
        LOOKBACK,
      );
    }
  }
}

/** Where each stored window (dataset row) sits: its series (index into SeriesInfo.series) and its first step there. */
export type WindowPlace = { series: number; start: number };

/**
 * Every window of a windowed dataset in stored order (series by series, as the
 * import wrote them): rows are re-derived from the series' lengths and split
 * points by seriesWindows, the function the import used, so nothing is stored twice.
 */
export function windowPlaces(info: { series: { length: number; valStart: number; testStart: number }[]; lookback: number; horizon: number; stride: number }): WindowPlace[] {
  const out: WindowPlace[] = [];
  info.series.forEach((s, series) => {
    for (const { start } of seriesWindows(s.length, s, info.lookback, info.horizon, info.stride)) out.push({ series, start });
  });
  return out;
}
