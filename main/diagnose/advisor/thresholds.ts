/**
 * Every threshold of the advisor, with why. They are heuristics, chosen so the
 * deliberately broken networks of the tests trip them and healthy runs on the
 * sample datasets do not; each finding reports the measured number beside them.
 */

/** Fewer epochs than this say nothing about a curve's shape; curve rules stay silent. */
export const MIN_EPOCHS = 4;
/** Steps whose loss rises by less than this (relative) are noise, not a rise. */
export const NOISE_RISE = 0.02;

// lr_too_high
/** With a workable learning rate the epoch-mean training loss falls almost every epoch; rising in 30% of them is oscillation. */
export const LR_HIGH_RISING_SHARE = 0.3;
/** Ending 50% above where it started means the optimiser made things worse overall: divergence. */
export const LR_HIGH_BLOWUP = 1.5;
/**
 * Ending 50% above a constant prediction's loss: the network does worse than
 * guessing the prior (or the mean), which no learning rate that trains does; the
 * usual cause is a first step so large that the output saturated or blew up.
 */
export const LR_HIGH_ABOVE_BASELINE = 1.5;

// lr_too_low
/** Falling in at least 80% of epochs: steady progress, not noise... */
export const LR_LOW_FALLING_SHARE = 0.8;
/** ...at a pace that barely slows (second half drops ≥ 60% of what the first did: a good rate front-loads the drop)... */
export const LR_LOW_HALF_RATIO = 0.6;
/** ...and a small total drop (under 30%): the run stopped long before the curve would have flattened. */
export const LR_LOW_MAX_DROP = 0.3;

// underfitting
/** A plateau: the last epochs stay within 2% of the final training loss... */
export const PLATEAU_TOLERANCE = 0.02;
/** ...for at least 30% of the run, so it is not a pause... */
export const PLATEAU_SHARE = 0.3;
/** ...at more than half the loss of a constant prediction: the model explains too little even of the data it trains on. */
export const UNDERFIT_LOSS_SHARE = 0.5;
/** And validation no worse than 10% above training: the problem is capacity, not generalisation. */
export const UNDERFIT_MAX_GAP = 0.1;

// overfitting
/** Validation loss (3-epoch centred mean) 10% above its minimum while training loss still falls: the model now learns the noise. */
export const OVERFIT_VAL_RISE = 0.1;
/** A rise of half the minimum again: most of what training does now hurts. */
export const OVERFIT_SERIOUS_RISE = 0.5;
/** Validation loss twice the training loss, and apart by at least a tenth of the baseline loss (ratios of tiny losses mean little). */
export const OVERFIT_GAP_RATIO = 2;
export const OVERFIT_MIN_GAP_SHARE = 0.1;

// vanishing / exploding gradients (per-layer gradient RMS = ‖g‖ / √params, compared with the output layer's)
/** The earliest layers get 100× less gradient per weight than the output layer: under SGD they learn 100× slower. */
export const VANISHING_RATIO = 1e-2;
/** 10,000× less: those layers effectively do not train. A 10-layer sigmoid stack sits near 1e-6. */
export const VANISHING_SERIOUS_RATIO = 1e-4;
/** It must hold in at least half of the recorded epochs, not one unlucky probe. */
export const GRADIENT_EPOCH_SHARE = 0.5;
/** An early layer getting 100× the output layer's gradient per weight: gradients grow as they flow back. */
export const EXPLODING_RATIO = 1e2;
/** The global gradient norm growing 100× above its smallest earlier value: training feeds on itself. */
export const EXPLODING_GROWTH = 1e2;

// dead units / saturation (share of a layer's units, units.ts defines a dead or saturated unit)
/** Half the units of a layer dead or saturated: half its width no longer learns. */
export const UNIT_SHARE = 0.5;
/** 90%: the layer is all but gone. */
export const UNIT_SERIOUS_SHARE = 0.9;
