/**
 * The advisor: every rule over a run's curves and diagnostics, findings sorted
 * serious first, then by epoch. Pure; the engine feeds it from the store.
 */
import { lrTooHigh, lrTooLow, overfitting, underfitting } from './curve-rules.ts';
import { explodingGradients, vanishingGradients } from './gradient-rules.ts';
import type { AdvisorInput, Finding, Rule } from './types.ts';
import { SEVERITY_ORDER } from './types.ts';
import { deadUnits, saturation } from './unit-rules.ts';

export const RULES: readonly Rule[] = [vanishingGradients, explodingGradients, deadUnits, saturation, overfitting, underfitting, lrTooHigh, lrTooLow];

export function advise(input: AdvisorInput): Finding[] {
  return RULES.flatMap((rule) => rule(input)).sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.epoch ?? Infinity) - (b.epoch ?? Infinity),
  );
}
