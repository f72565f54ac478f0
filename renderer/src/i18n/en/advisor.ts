/** The advisor's findings by code (main/diagnose/advisor): English remedies and summaries come from the engine. */
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
  remedy: {
    vanishing_gradients: 'Add residual connections or batch normalisation, or use ReLU-family activations instead of sigmoid/tanh.',
    exploding_gradients: 'Clip gradients by their global norm, or lower the learning rate.',
    dead_units: 'Use LeakyReLU or PReLU so units that went negative can recover, or lower the learning rate.',
    saturation: 'Use another activation (the ReLU family does not saturate for positive inputs), or normalise the inputs.',
    overfitting: 'Add dropout or L2 weight decay, augment the data, stop early on the validation loss, or use a smaller model.',
    underfitting: 'Use a wider or deeper model, train for more epochs, or raise the learning rate.',
    lr_too_high: 'Lower the learning rate (÷10 is a good first step), or clip gradients.',
    lr_too_low: 'Raise the learning rate (×10 is a good first step), or use an adaptive optimiser such as Adam.',
  },
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
