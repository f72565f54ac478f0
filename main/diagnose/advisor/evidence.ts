/**
 * A finding's evidence, code-based: a key and its parameters (numbers, layer
 * names, an activation), from which the English sentence is made here. Other
 * languages translate by key and parameters (the renderer's advisor catalogue),
 * never by the English text; the English of the CLI and of the UI is these
 * templates, one wording.
 *
 * Each parameter's name says how a number is shown (PARAM_STYLE), the same in
 * every language: gradient ratios and norms in scientific notation, losses to
 * three significant digits, shares as percentages, counts and epochs whole.
 */
import { fillTemplate } from '../../util/message-template.ts';

export const EVIDENCE = {
  vanishingRatio: '{{layer}} gets {{ratio}}× the gradient per weight of the output layer at epoch {{epoch}} (below {{threshold}} in {{hits}} of {{recorded}} recorded epochs)',
  vanishingRatioActivation: '{{layer}} gets {{ratio}}× the gradient per weight of the output layer at epoch {{epoch}} (below {{threshold}} in {{hits}} of {{recorded}} recorded epochs; it uses {{activation}})',
  explodingNonFinite: 'gradients are not finite at epoch {{epoch}}',
  explodingNonFiniteLayer: 'gradients are not finite at epoch {{epoch}} in {{layer}}',
  explodingGrowth: 'the gradient norm grew to {{norm}} at epoch {{epoch}}, {{normGrowth}}× its earlier low of {{low}}',
  explodingRatio: '{{layer}} gets {{ratio}}× the gradient per weight of the output layer at epoch {{epoch}}: gradients grow as they flow back',
  deadUnits: '{{count}} of {{units}} units of {{layer}} ({{percent}}) output 0 for every probe sample',
  saturatedUnits: '{{count}} of {{units}} {{activation}} units of {{layer}} ({{percent}}) sit at their limits for almost every probe sample',
  diverged: 'the training loss diverged',
  divergedAt: 'the training loss diverged ({{value}}) at epoch {{epoch}}',
  worseThanConstant: "the training loss ({{loss}}) is {{lossRatio}}× a constant prediction's ({{baseline}}): the network does worse than guessing",
  worseThanConstantStuck: "the training loss ({{loss}}) is {{lossRatio}}× a constant prediction's ({{baseline}}): the network does worse than guessing; its gradients are all zero, the output saturated",
  lossBlewUp: 'the training loss ended {{lossGrowth}}× where it started ({{first}} → {{last}})',
  lossOscillates: 'the training loss rose in {{share}} of epochs: it oscillates instead of settling',
  slowDescent: "the training loss fell only {{drop}} in {{epochs}} epochs at an even pace (second half {{halfRatio}}× the first half's drop): still far from settled",
  plateauVsConstant: "the training loss settled at {{loss}} from epoch {{epoch}}, {{share}} of a constant prediction's loss, with validation close by ({{val}})",
  plateauVsConstantNoVal: "the training loss settled at {{loss}} from epoch {{epoch}}, {{share}} of a constant prediction's loss, with validation not measured",
  plateauVsFirst: 'the training loss settled at {{loss}} from epoch {{epoch}}, {{share}} of its first epoch, with validation close by ({{val}})',
  plateauVsFirstNoVal: 'the training loss settled at {{loss}} from epoch {{epoch}}, {{share}} of its first epoch, with validation not measured',
  validationRose: 'the validation loss was lowest at epoch {{bestEpoch}} ({{best}}) and rose {{rise}} since, while the training loss kept falling ({{trainBest}} → {{trainLast}})',
  validationGap: 'the validation loss ({{val}}) is {{lossRatio}}× the training loss ({{train}}) since epoch {{epoch}}',
} as const;

export type EvidenceKey = keyof typeof EVIDENCE;
export type EvidenceParams = Record<string, number | string>;
/** What a finding's evidence says, in no language: the template's key and its values. */
export type Evidence = { key: EvidenceKey; params: EvidenceParams };

export type ParamStyle = 'scientific' | 'loss' | 'percent' | 'whole' | 'name';

/** How each parameter is shown (every template's parameters are listed; a test checks it). */
export const PARAM_STYLE: Record<string, ParamStyle> = {
  ratio: 'scientific', threshold: 'scientific', norm: 'scientific', normGrowth: 'scientific', low: 'scientific',
  loss: 'loss', baseline: 'loss', lossRatio: 'loss', lossGrowth: 'loss', first: 'loss', last: 'loss', value: 'loss',
  halfRatio: 'loss', val: 'loss', train: 'loss', best: 'loss', trainBest: 'loss', trainLast: 'loss',
  percent: 'percent', share: 'percent', drop: 'percent', rise: 'percent',
  epoch: 'whole', bestEpoch: 'whole', hits: 'whole', recorded: 'whole', count: 'whole', units: 'whole', epochs: 'whole',
  layer: 'name', activation: 'name',
};

/** A parameter in English, by its style. */
export function formatParam(name: string, value: number | string): string {
  if (typeof value === 'string') return value;
  switch (PARAM_STYLE[name]) {
    case 'scientific':
      return value.toExponential(1);
    case 'loss':
      return value.toPrecision(3);
    case 'percent':
      return `${Math.round(value * 100)}%`;
    default:
      return String(value);
  }
}

export { fillTemplate };

/** The evidence fields of a finding: the code-based evidence and its English sentence. */
export function because(key: EvidenceKey, params: EvidenceParams): { evidence: string; reason: Evidence } {
  return { evidence: fillTemplate(EVIDENCE[key], params, formatParam), reason: { key, params } };
}
