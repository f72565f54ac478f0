/** The remedy of each finding in words: the first seed's advice, as the issue lists it. */
import type { FindingCode } from './types.ts';

export const REMEDIES: Record<FindingCode, string> = {
  vanishing_gradients: 'Add residual connections or batch normalisation, or use ReLU-family activations instead of sigmoid/tanh.',
  exploding_gradients: 'Clip gradients by their global norm, or lower the learning rate.',
  dead_units: 'Use LeakyReLU or PReLU so units that went negative can recover, or lower the learning rate.',
  saturation: 'Use another activation (the ReLU family does not saturate for positive inputs), or normalise the inputs.',
  overfitting: 'Add dropout or L2 weight decay, augment the data, stop early on the validation loss, or use a smaller model.',
  underfitting: 'Use a wider or deeper model, train for more epochs, or raise the learning rate.',
  lr_too_high: 'Lower the learning rate (÷10 is a good first step), or clip gradients.',
  lr_too_low: 'Raise the learning rate (×10 is a good first step), or use an adaptive optimiser such as Adam.',
};
