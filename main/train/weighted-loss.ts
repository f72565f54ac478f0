/**
 * Losses with one weight per sample (boosting's sample weights), in plain JS
 * and float32 stores, shared by the tape path's custom ops (step.ts) and the
 * dense-stack fast path (main/backend/dense-stack.ts), so the two compute the
 * same numbers by construction:
 *
 *   cross-entropy  L = Σᵢ wᵢ·(−log clip(p[i, yᵢ])) / Σᵢ wᵢ,   ∂L/∂p[i, yᵢ] = −wᵢ / (W·p[i, yᵢ])
 *   squared error  L = Σᵢ wᵢ·Σₖ (pᵢₖ − yᵢₖ)² / (W·K),       ∂L/∂pᵢₖ = 2·wᵢ·(pᵢₖ − yᵢₖ) / (W·K)
 *
 * with W = Σᵢ wᵢ (summed in doubles, in row order). With every wᵢ = 1 these are
 * the unweighted means. The probability clip is the trainer's
 * (PROBABILITY_EPSILON): no gradient where it is active, as step.ts's unweighted
 * cross-entropy. A batch whose weights are all 0 has loss 0 and no gradient.
 */
import { PROBABILITY_EPSILON as EPS } from './probability-clip.ts';

function totalWeight(weights: ArrayLike<number>, n: number): number {
  if (weights.length !== n) throw new Error(`${weights.length} sample weights for a batch of ${n}`);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i];
  return sum;
}

/**
 * Weighted mean cross-entropy of probabilities `p` [n, c] against class
 * indices; writes ∂L/∂p into `grad` (zero but at each row's label) when given.
 */
export function weightedCrossEntropy(p: ArrayLike<number>, labels: ArrayLike<number>, weights: ArrayLike<number>, c: number, grad: Float32Array | null): number {
  const n = labels.length;
  const w = totalWeight(weights, n);
  if (grad) grad.fill(0);
  if (!(w > 0)) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const at = i * c + labels[i];
    const q = p[at];
    const clipped = q < EPS ? EPS : q > 1 - EPS ? 1 - EPS : q;
    total -= weights[i] * Math.log(clipped);
    if (grad && clipped === q) grad[at] = -weights[i] / (w * q);
  }
  return Math.fround(total / w);
}

/** Weighted mean squared error of `p` against `y` ([n, k] both); writes ∂L/∂p into `grad` when given. */
export function weightedSquaredError(p: ArrayLike<number>, y: ArrayLike<number>, weights: ArrayLike<number>, k: number, grad: Float32Array | null): number {
  const n = p.length / k;
  const w = totalWeight(weights, n);
  if (grad) grad.fill(0);
  if (!(w > 0)) return 0;
  const scale = 1 / (w * k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const d = p[i * k + j] - y[i * k + j];
      total += weights[i] * d * d;
      if (grad) grad[i * k + j] = 2 * weights[i] * d * scale;
    }
  }
  return Math.fround(total * scale);
}
