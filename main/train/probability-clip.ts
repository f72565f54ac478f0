/**
 * The one clipping of predicted probabilities in the categorical cross-entropy
 * (the training losses of step.ts and backend/dense-stack.ts, and evaluate.ts):
 * p is clipped to [ε, 1 − ε] so that log p stays finite. It also caps the loss:
 * one sample can cost at most −log ε ≈ 16.1 nats, which is how a run whose every
 * prediction is confidently wrong shows a finite, flat loss (divergence.ts).
 */
export const PROBABILITY_EPSILON = 1e-7;

/** The largest cross-entropy one sample can have: −log ε. */
export const CROSS_ENTROPY_CEILING = -Math.log(PROBABILITY_EPSILON);
