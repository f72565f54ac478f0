/** Per-layer summaries over a run's recorded epochs, for `modelbench diagnose` and the Diagnostics view (pure). */
import type { EpochDiagnostics, LayerSummary } from './types.ts';

/** One summary per layer of the last record, in model order; empty without records. */
export function layerSummaries(epochs: readonly EpochDiagnostics[]): LayerSummary[] {
  const last = epochs.at(-1);
  if (!last) return [];
  return last.layers.map((l) => {
    const norms = epochs.flatMap((d) => d.layers.filter((x) => x.layer === l.layer && x.gradNorm !== null).map((x) => x.gradNorm as number));
    return {
      layer: l.layer,
      className: l.className,
      activation: l.activation,
      units: l.units,
      params: l.params,
      epoch: last.epoch,
      gradNorm: l.gradNorm,
      weightNorm: l.weightNorm,
      updateRatio: l.updateRatio,
      deadFraction: l.deadFraction,
      saturatedFraction: l.saturatedFraction,
      minGradNorm: norms.length ? Math.min(...norms) : null,
      maxGradNorm: norms.length ? Math.max(...norms) : null,
    };
  });
}
