/** Synthetic curves, diagnostics and configs for the advisor's rules. */
import { RunConfig, type Activation, type Layer } from '../../../../main/api/schemas.ts';
import type { AdvisorInput, RunConfigView } from '../../../../main/diagnose/advisor/types.ts';
import { summarise } from '../../../../main/diagnose/summary.ts';
import type { EpochDiagnostics, EpochLoss, LayerDiagnostics } from '../../../../main/diagnose/types.ts';
import { applyPaths } from '../../../../main/study/params-to-config.ts';

export const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export function curves(train: number[], val?: number[]): EpochLoss[] {
  return train.map((t, i) => ({ epoch: i + 1, trainLoss: t, ...(val ? { valLoss: val[i] } : {}) }));
}

/** A healthy run: fast early drop that flattens, validation just above training. */
export const healthyTrain = range(20).map((e) => 0.6 * Math.exp(-0.3 * e) + 0.05);
export const healthyVal = healthyTrain.map((t) => t * 1.15 + 0.01);

export type LayerSketch = Partial<LayerDiagnostics> & { layer: string; gradRms?: number };

/** A layer with plausible defaults; gradRms sets gradNorm = gradRms·√params. */
export function layer(s: LayerSketch): LayerDiagnostics {
  const params = s.params ?? 100;
  const values = summarise(range(50).map((i) => Math.sin(i)));
  const { gradRms, ...rest } = s;
  return {
    className: 'Dense',
    activation: 'relu',
    units: 10,
    params,
    weights: values,
    gradients: values,
    activations: values,
    weightNorm: 1,
    gradNorm: (gradRms ?? 0.01) * Math.sqrt(params),
    updateRatio: 1e-3,
    deadFraction: s.activation && s.activation !== 'relu' ? null : 0,
    saturatedFraction: null,
    ...rest,
  };
}

export function epochs(count: number, layers: (e: number) => LayerSketch[]): EpochDiagnostics[] {
  return range(count).map((i) => {
    const ls = layers(i + 1).map(layer);
    return { epoch: i + 1, loss: 0.5, gradNorm: Math.sqrt(ls.reduce((s, l) => s + (l.gradNorm ?? 0) ** 2, 0)), layers: ls };
  });
}

/** Healthy diagnostics: two ReLU layers and the head with comparable gradients per weight. */
export const healthyDiagnostics = (count = 20) =>
  epochs(count, () => [{ layer: 'dense_1', gradRms: 0.01 }, { layer: 'dense_2', gradRms: 0.02 }, { layer: 'head', activation: 'softmax', gradRms: 0.05, deadFraction: null }]);

export function config(layers: Layer[], hyperparams: Record<string, unknown> = {}): RunConfigView {
  const c = RunConfig.parse({ datasetId: 'd', spec: { layers }, hyperparams });
  return { spec: c.spec, hyperparams: c.hyperparams };
}

export const dense = (units: number, activation: Activation = 'relu'): Layer => ({ kind: 'dense', units, activation, useBias: true });

/** The config a finding's change produces, validated like any run config (throws if invalid). */
export function applyChange(base: RunConfigView, patches: { path: string; value: unknown }[]): RunConfigView {
  const params = Object.fromEntries(patches.map((p) => [p.path, p.value as never]));
  const spec = applyPaths(base.spec as never, params, 'spec');
  const hyperparams = applyPaths(base.hyperparams as never, params, 'hyperparams');
  const parsed = RunConfig.parse({ datasetId: 'd', spec, hyperparams });
  return { spec: parsed.spec, hyperparams: parsed.hyperparams };
}

export const input = (i: Partial<AdvisorInput> & Pick<AdvisorInput, 'curves'>): AdvisorInput => i;
