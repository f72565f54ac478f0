/** Helpers shared by the study charts: which params get an axis and how values sit on it. */
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

/** Keeps at most `max` trials: the best quarter by objective plus an even spread of the rest. */
export function sampleTrials(trials: readonly TrialPoint[], max: number, minimize: boolean, objective = 0): TrialPoint[] {
  if (trials.length <= max) return trials.slice();
  // Trials without a value rank last in either direction.
  const score = (t: TrialPoint) => {
    const v = objectiveOf(t, objective);
    return v === undefined ? Infinity : minimize ? v : -v;
  };
  const ranked = [...trials].sort((a, b) => score(a) - score(b));
  const keep = new Set(ranked.slice(0, Math.floor(max / 4)).map((t) => t.number));
  const rest = trials.filter((t) => !keep.has(t.number));
  const room = max - keep.size;
  const stride = rest.length / room;
  for (let i = 0; i < room; i++) keep.add(rest[Math.floor(i * stride)].number);
  return trials.filter((t) => keep.has(t.number));
}
