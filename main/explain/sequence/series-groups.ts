/**
 * Players of a series window [lookback, values] for the attribution methods
 * (integrated gradients, occlusion, SHAP): one per time step, all its value
 * columns together ('t−28' … 't−1'), so an explanation says which part of the
 * history a forecast leans on. Per (step, column) players are the default
 * singleton groups.
 */
import type { FeatureGroups } from '../feature-groups.ts';

export function timeStepGroups(lookback: number, values: number): FeatureGroups {
  return {
    names: Array.from({ length: lookback }, (_, s) => `t-${lookback - s}`),
    columns: Array.from({ length: lookback }, (_, s) => Array.from({ length: values }, (_, v) => s * values + v)),
  };
}
