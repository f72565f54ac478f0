/** Seeded random prediction matrices for property tests: members of varied skill on random labels. */
import type { PredictionSet } from '../../../../main/ensemble/math/predictions.ts';
import type { Rng } from '../../../../main/util/rng.ts';

/** Softmax probabilities: each member leans towards the true class by its own skill, plus noise. */
export function randomClassification(rng: Rng, members: number, rows: number, classes: number): { set: PredictionSet; labels: Float32Array } {
  const labels = Float32Array.from({ length: rows }, () => rng.int(classes));
  const values = new Float32Array(members * rows * classes);
  for (let m = 0; m < members; m++) {
    const skill = rng.next() * 3;
    const noise = 0.5 + rng.next() * 2;
    for (let r = 0; r < rows; r++) {
      const o = (m * rows + r) * classes;
      let sum = 0;
      for (let k = 0; k < classes; k++) {
        const logit = noise * rng.normal() + (k === labels[r] ? skill : 0);
        sum += values[o + k] = Math.exp(logit);
      }
      for (let k = 0; k < classes; k++) values[o + k] /= sum;
    }
  }
  return { set: { values, members, rows, outputs: classes }, labels };
}

/** Regression: targets plus a per-member bias and noise. */
export function randomRegression(rng: Rng, members: number, rows: number): { set: PredictionSet; labels: Float32Array } {
  const labels = Float32Array.from({ length: rows }, () => 3 * rng.normal());
  const values = new Float32Array(members * rows);
  for (let m = 0; m < members; m++) {
    const bias = rng.normal();
    const noise = 0.2 + 2 * rng.next();
    for (let r = 0; r < rows; r++) values[m * rows + r] = labels[r] + bias + noise * rng.normal();
  }
  return { set: { values, members, rows, outputs: 1 }, labels };
}
