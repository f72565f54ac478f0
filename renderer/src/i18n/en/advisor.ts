/** The advisor's findings by code (main/diagnose/advisor): English remedies, evidence and summaries come from the engine. */
import { EVIDENCE } from '../../../../main/diagnose/advisor/evidence.ts';
import { REMEDIES } from '../../../../main/diagnose/advisor/remedies.ts';

export const advisor = {
  title: {
    vanishing_gradients: 'vanishing gradients',
    exploding_gradients: 'exploding gradients',
    dead_units: 'dead units',
    saturation: 'saturation',
    overfitting: 'overfitting',
    underfitting: 'underfitting',
    lr_too_high: 'lr too high',
    lr_too_low: 'lr too low',
  },
  severity: { serious: 'serious', warning: 'warning', info: 'info' },
  /** The engine's own remedies (main/diagnose/advisor/remedies.ts): one wording for the CLI and the UI. */
  remedy: REMEDIES,
  /** The engine's evidence templates by key (main/diagnose/advisor/evidence.ts), parameters as {{placeholders}}. */
  evidence: EVIDENCE,
  change: {
    learningRate: 'learning rate {{from}} → {{to}}',
    clip: 'clip gradients to a global norm of {{norm}}',
    earlyStopping: 'stop early on validation loss (patience {{patience}}) and keep the best weights',
    standardise: 'standardise the inputs',
    widen: 'double the width of every dense and conv layer',
    activation: '{{activation}} activation in {{layer}}',
    addLayers_one: 'add {{count}} {{kind}} layer',
    addLayers_other: 'add {{count}} {{kind}} layers',
  },
};
