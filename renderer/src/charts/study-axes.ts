/** Helpers shared by the study charts: which params get an axis and how values sit on it. */
import { t } from '../i18n/index.ts';
import { formatInteger } from '../lib/format.ts';
import type { ParamAxis, ParamValue, TrialPoint } from '../lib/study-types.ts';

/** Fixed params never vary, so they get no axis. */
export const variableParams = (axes: readonly ParamAxis[]): Exclude<ParamAxis, { kind: 'fixed' }>[] =>
  axes.filter((a): a is Exclude<ParamAxis, { kind: 'fixed' }> => a.kind !== 'fixed');

/** Axis label for a param: the last part of a dotted run path (hyperparams.optimizer.learningRate → learningRate). */
export const shortName = (name: string): string => name.split('.').pop() || name;

export const choiceLabel = (v: ParamValue): string => (v === null ? 'null' : String(v));

/** The objective value a chart plots for a trial, or undefined when it has none yet. */
export function objectiveOf(t: TrialPoint, objective = 0): number | undefined {
  const v = t.values?.[objective];
  return t.state === 'complete' && typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * Keeps at most `max` trials: the `best` best by objective (a quarter of `max`
 * unless given; the very best always among them) plus an even spread of the
 * rest, in the input order. Scores are computed once, so 10,000 trials cost a
 * single sort of numbers.
 */
export function sampleTrials(trials: readonly TrialPoint[], max: number, minimize: boolean, objective = 0, best = Math.floor(max / 4)): TrialPoint[] {
  if (trials.length <= max) return trials.slice();
  if (max <= 0) return [];
  // Trials without a value rank last in either direction.
  const score = trials.map((t) => {
    const v = objectiveOf(t, objective);
    return v === undefined ? Infinity : minimize ? v : -v;
  });
  const order = Array.from(trials.keys()).sort((a, b) => score[a] - score[b] || a - b);
  const nBest = Math.min(max, Math.max(1, best));
  const keep = new Uint8Array(trials.length);
  for (let i = 0; i < nBest; i++) keep[order[i]] = 1;
  const rest: number[] = [];
  for (let i = 0; i < trials.length; i++) if (!keep[i]) rest.push(i);
  const room = max - nBest;
  const stride = rest.length / Math.max(1, room);
  for (let i = 0; i < room && i < rest.length; i++) keep[rest[Math.floor(i * stride)]] = 1;
  return trials.filter((_, i) => keep[i] === 1);
}

/** How many finished trials (with a value for `objective`) a chart could plot. */
export function finishedCount(trials: readonly TrialPoint[], objective = 0): number {
  let n = 0;
  for (const t of trials) if (objectiveOf(t, objective) !== undefined) n++;
  return n;
}

/**
 * The chart subtitle when it shows a sample: "showing 2,000 of 10,000 trials"
 * ("showing the latest 600 of …" with `latest`); empty when it shows them all.
 */
export function sampleCaption(shown: number, total: number, noun: 'trials' | 'finished trials' = 'trials', latest = false): string {
  if (shown >= total) return '';
  const what = t(noun === 'trials' ? 'charts.trials' : 'charts.finishedTrials');
  return t(latest ? 'charts.showingLatest' : 'charts.showing', { shown: formatInteger(shown), total: formatInteger(total), what });
}
