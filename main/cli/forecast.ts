/**
 * `modelbench forecast RUN|ENSEMBLE`: a forecasting run's (or ensemble's) forecasts over windows of its
 * validation or test split: each window's error, truth and prediction, the
 * split's error per horizon step, and its best and worst windows. Reads only.
 * With --json the last line is the API's answer (runs.forecast or ensembles.forecast, main/forecast/types.ts).
 */
import { FORECAST_PICKS, type ForecastPick } from '../forecast/request.ts';
import type { ForecastResult, ForecastWindow, RankedWindow } from '../forecast/types.ts';
import { EXPLAIN_SPLITS, type ExplainSplit } from '../explain/request.ts';
import { MAX_FORECAST_WINDOWS } from '../limits.ts';
import { COMMON_HELP, createOutput, expectPositionals, fmt, formatTable, parseCommand, UsageError, withEngine, type CommandContext } from './common.ts';
import { parseInteger, parseNumberList } from './numbers.ts';

export const FORECAST_HELP = `Usage: modelbench forecast RUN|ENSEMBLE [--split val|test] [--windows 0,5,9 | --count N --pick spread|best|worst]

History, truth and prediction of a forecasting run (a series imported with a
target and a horizon), or of an ensemble of such runs (an id from
'modelbench ensembles'), over windows of its validation or test split (default
test), in the target's units: each window's mean absolute error (MAE), truth and
prediction, the split's MAE per horizon step, and its best and worst windows.
Windows are numbered from 0 in time order within the split; without --windows,
--count of them (default 10, at most ${MAX_FORECAST_WINDOWS}) spread over the split, or the best
or worst by error.

${COMMON_HELP}`;

/** The first values of a horizon, enough to compare truth and prediction at a glance. */
const SHOWN_STEPS = 6;
const values = (v: number[]) => v.slice(0, SHOWN_STEPS).map((x) => fmt(x, 2)).join(' ') + (v.length > SHOWN_STEPS ? ' …' : '');
const ranked = (ws: RankedWindow[]) => ws.map((w) => `${w.index} (${fmt(w.mae, 3)})`).join(', ');
const forecastSteps = (w: ForecastWindow) => `${w.step + w.history.length}-${w.step + w.history.length + w.truth.length - 1}`;

export function describeForecast(r: ForecastResult): string {
  const split = r.split === 'val' ? 'validation' : 'test';
  const lines = [
    `${r.source.kind === 'run' ? 'Run' : 'Ensemble'} ${r.source.id}, ${split} split: ${r.total} windows of ${r.lookback} steps read, ${r.horizon} forecast ('${r.target}'). MAE over the split: ${fmt(r.mae, 4)}`,
    `MAE by step ahead: ${r.maeByStep.map((m, h) => `t+${h + 1} ${fmt(m, 3)}`).join('  ')}`,
    formatTable(
      ['WINDOW', 'SERIES', 'FORECAST STEPS', 'MAE', 'TRUTH', 'PREDICTION'],
      r.windows.map((w) => [String(w.index), w.series || '-', forecastSteps(w), fmt(w.mae, 3), values(w.truth), values(w.prediction)]),
    ),
    `Best windows: ${ranked(r.best)}`,
    `Worst windows: ${ranked(r.worst)}`,
  ];
  return lines.join('\n');
}

export async function forecastCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values: v, positionals } = parseCommand(args, { split: { type: 'string' }, windows: { type: 'string' }, count: { type: 'string' }, pick: { type: 'string' } });
  if (v.help) {
    ctx.io.stdout(`${FORECAST_HELP}\n`);
    return 0;
  }
  const [id] = expectPositionals(positionals, ['RUN'], 'modelbench forecast RUN|ENSEMBLE');
  if (v.split !== undefined && !(EXPLAIN_SPLITS as readonly string[]).includes(v.split)) throw new UsageError(`--split must be val or test, got '${v.split}'.`);
  if (v.pick !== undefined && !(FORECAST_PICKS as readonly string[]).includes(v.pick)) throw new UsageError(`--pick must be one of ${FORECAST_PICKS.join(', ')}, got '${v.pick}'.`);
  if (v.windows !== undefined && (v.count !== undefined || v.pick !== undefined)) throw new UsageError('give --windows, or --count and --pick, not both.');
  const request = {
    split: v.split as ExplainSplit | undefined,
    windows: v.windows === undefined ? undefined : parseNumberList(v.windows, '--windows', { min: 0 }, true),
    count: parseInteger(v.count, '--count', { min: 1, max: MAX_FORECAST_WINDOWS }),
    pick: v.pick as ForecastPick | undefined,
  };
  // Ensemble ids are 'ens_…' (main/util/ids.ts); anything else is a run's.
  const ensemble = id.startsWith('ens_');
  const result = await withEngine(ctx, v.home, (engine) => (ensemble ? engine.call('ensembles.forecast', { ensembleId: id, ...request }) : engine.call('runs.forecast', { runId: id, ...request })), { readOnly: true });
  createOutput(ctx.io, v.json).result(result, () => describeForecast(result));
  return 0;
}
