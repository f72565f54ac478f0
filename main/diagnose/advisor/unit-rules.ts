/**
 * dead_units and saturation, per layer, from the last recorded epoch: a unit
 * that is dead or saturated now matters, one that recovered does not. The
 * epoch reported is where the layer crossed the threshold for good.
 */
import type { EpochDiagnostics, LayerDiagnostics } from '../types.ts';
import { firstOf, scaleLearningRate, setActivation, standardiseInputs } from './changes.ts';
import { because, type Evidence } from './evidence.ts';
import { REMEDIES } from './remedies.ts';
import { UNIT_SERIOUS_SHARE, UNIT_SHARE } from './thresholds.ts';
import type { AdvisorInput, Finding, Rule, SuggestedChange } from './types.ts';

type Measure = 'deadFraction' | 'saturatedFraction';

/** First epoch from which the layer's measure stayed ≥ UNIT_SHARE through the last recorded epoch. */
function since(epochs: EpochDiagnostics[], layer: string, measure: Measure): number {
  let start = epochs[epochs.length - 1].epoch;
  for (let i = epochs.length - 1; i >= 0; i--) {
    const l = epochs[i].layers.find((x) => x.layer === layer);
    if (!l || (l[measure] ?? 0) < UNIT_SHARE) break;
    start = epochs[i].epoch;
  }
  return start;
}

function unitRule(measure: Measure, code: 'dead_units' | 'saturation', describe: (l: LayerDiagnostics, count: number) => Evidence, change: (i: AdvisorInput, l: LayerDiagnostics) => SuggestedChange | null): Rule {
  return (input) => {
    const epochs = input.diagnostics ?? [];
    if (!epochs.length) return [];
    const findings: Finding[] = [];
    for (const l of epochs[epochs.length - 1].layers) {
      const share = l[measure];
      if (share === null || share < UNIT_SHARE) continue;
      const count = Math.round(share * l.units);
      const evidence = describe(l, count);
      findings.push({
        code,
        severity: share >= UNIT_SERIOUS_SHARE ? 'serious' : 'warning',
        layer: l.layer,
        epoch: since(epochs, l.layer, measure),
        ...because(evidence.key, evidence.params),
        remedy: REMEDIES[code],
        change: change(input, l),
        measures: { share, units: l.units },
      });
    }
    return findings;
  };
}

export const deadUnits: Rule = unitRule(
  'deadFraction',
  'dead_units',
  (l, n) => ({ key: 'deadUnits', params: { count: n, units: l.units, layer: l.layer, percent: n / l.units } }),
  (i, l) => (i.config ? firstOf(setActivation(i.config, [l.layer], 'leaky_relu'), scaleLearningRate(i.config, 0.1)) : null),
);

export const saturation: Rule = unitRule(
  'saturatedFraction',
  'saturation',
  (l, n) => ({ key: 'saturatedUnits', params: { count: n, units: l.units, activation: l.activation ?? '', layer: l.layer, percent: n / l.units } }),
  (i, l) => (i.config ? firstOf(standardiseInputs(i.config), setActivation(i.config, [l.layer], 'relu')) : null),
);
