/**
 * vanishing_gradients and exploding_gradients, from the per-layer gradients on
 * the probe batch. Layers are compared by gradient RMS per weight (‖g‖/√params)
 * against the output layer's, so wide and narrow layers compare fairly and the
 * loss's own scale cancels out.
 */
import type { EpochDiagnostics, LayerDiagnostics } from '../types.ts';
import { clipGradients, firstOf, insertAfterWeighted, scaleLearningRate, setActivation } from './changes.ts';
import { because } from './evidence.ts';
import { REMEDIES } from './remedies.ts';
import { EXPLODING_GROWTH, EXPLODING_RATIO, GRADIENT_EPOCH_SHARE, VANISHING_RATIO, VANISHING_SERIOUS_RATIO } from './thresholds.ts';
import type { AdvisorInput, Finding, Rule } from './types.ts';

const KERNEL_CLASSES = new Set(['Dense', 'Conv2D', 'DepthwiseConv2D', 'SeparableConv2D']);

/** Each kernel layer but the last with its gradient RMS over the last one's; empty without two such layers. */
function ratios(d: EpochDiagnostics): { layer: LayerDiagnostics; ratio: number }[] {
  const kernels = d.layers.filter((l) => KERNEL_CLASSES.has(l.className) && l.gradNorm !== null && l.params > 0);
  if (kernels.length < 2) return [];
  const rms = (l: LayerDiagnostics) => (l.gradNorm as number) / Math.sqrt(l.params);
  const out = rms(kernels[kernels.length - 1]);
  if (!(out > 0) || !Number.isFinite(out)) return [];
  return kernels.slice(0, -1).map((layer) => ({ layer, ratio: rms(layer) / out }));
}

export const vanishingGradients: Rule = (input) => {
  const epochs = input.diagnostics ?? [];
  const hits = epochs
    .map((d) => {
      const r = ratios(d);
      const weakest = r.reduce<(typeof r)[number] | null>((a, b) => (a && a.ratio <= b.ratio ? a : b), null);
      return weakest && weakest.ratio < VANISHING_RATIO ? { epoch: d.epoch, ...weakest } : null;
    })
    .filter((h) => h !== null);
  if (!epochs.length || hits.length < GRADIENT_EPOCH_SHARE * epochs.length) return [];
  const last = hits[hits.length - 1];
  const sorted = hits.map((h) => h.ratio).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const saturating = last.layer.activation === 'sigmoid' || last.layer.activation === 'tanh';
  const config = input.config;
  const affected = epochs[epochs.length - 1].layers.filter((l) => l.activation === 'sigmoid' || l.activation === 'tanh').map((l) => l.layer);
  return [
    {
      code: 'vanishing_gradients',
      severity: median < VANISHING_SERIOUS_RATIO ? 'serious' : 'warning',
      layer: last.layer.layer,
      epoch: hits[0].epoch,
      ...because(saturating ? 'vanishingRatioActivation' : 'vanishingRatio', {
        layer: last.layer.layer, ratio: last.ratio, epoch: last.epoch, threshold: VANISHING_RATIO, hits: hits.length, recorded: epochs.length,
        ...(saturating ? { activation: last.layer.activation as string } : {}),
      }),
      remedy: REMEDIES.vanishing_gradients,
      change: config
        ? firstOf(setActivation(config, affected, 'relu'), insertAfterWeighted(config, { kind: 'batchNorm', momentum: 0.99 }, 'batch normalisation after every dense and conv layer'))
        : null,
      measures: { ratio: last.ratio, medianRatio: median, epochsHit: hits.length, epochsRecorded: epochs.length },
    },
  ];
};

export const explodingGradients: Rule = (input) => {
  const epochs = input.diagnostics ?? [];
  const change = (i: AdvisorInput) => (i.config ? firstOf(clipGradients(i.config), scaleLearningRate(i.config, 0.1)) : null);
  const base = { code: 'exploding_gradients' as const, remedy: REMEDIES.exploding_gradients, change: change(input) };
  const broken = epochs.find((d) => !Number.isFinite(d.gradNorm) || d.layers.some((l) => l.gradients !== null && l.gradients.nonFinite > 0));
  if (broken) {
    const layer = broken.layers.find((l) => l.gradients !== null && l.gradients.nonFinite > 0)?.layer ?? null;
    const evidence = layer ? because('explodingNonFiniteLayer', { epoch: broken.epoch, layer }) : because('explodingNonFinite', { epoch: broken.epoch });
    return [{ ...base, severity: 'serious', layer, epoch: broken.epoch, ...evidence, measures: { gradNorm: broken.gradNorm } }];
  }
  const findings: Finding[] = [];
  let smallest = Infinity;
  for (const d of epochs) {
    if (d.gradNorm / smallest >= EXPLODING_GROWTH) {
      findings.push({
        ...base,
        severity: 'serious',
        layer: null,
        epoch: d.epoch,
        ...because('explodingGrowth', { norm: d.gradNorm, epoch: d.epoch, normGrowth: d.gradNorm / smallest, low: smallest }),
        measures: { gradNorm: d.gradNorm, growth: d.gradNorm / smallest },
      });
      break;
    }
    if (d.gradNorm > 0) smallest = Math.min(smallest, d.gradNorm);
  }
  const hits = epochs.map((d) => ({ epoch: d.epoch, top: ratios(d).sort((a, b) => b.ratio - a.ratio)[0] })).filter((h) => h.top && h.top.ratio > EXPLODING_RATIO);
  if (epochs.length && hits.length >= GRADIENT_EPOCH_SHARE * epochs.length) {
    const last = hits[hits.length - 1];
    findings.push({
      ...base,
      severity: 'warning',
      layer: last.top.layer.layer,
      epoch: hits[0].epoch,
      ...because('explodingRatio', { layer: last.top.layer.layer, ratio: last.top.ratio, epoch: last.epoch }),
      measures: { ratio: last.top.ratio, epochsHit: hits.length, epochsRecorded: epochs.length },
    });
  }
  return findings;
};
