/**
 * Preprocessing recipes: x' = (x - center) / scale, one (center, scale) per
 * feature for tabular data and per channel for images; for regression, the
 * same for the target (y' = (y - center) / scale, one pair). Fitted on the
 * training rows only, so validation and test statistics never leak into training.
 */
import { ApiError } from '../api/errors.ts';
import type { PreprocessMethod, PreprocessRecipe, TargetScaling, TargetScalingMethod } from '../api/schemas.ts';

/**
 * Tabular [F] (and other shapes) → per flattened feature; [H, W, C] images and [steps, values]
 * series windows → per channel (the last axis): a series' value column has one scale at every step.
 */
function layout(inputShape: number[]): { axis: PreprocessRecipe['axis']; groups: number; size: number } {
  const size = inputShape.reduce((a, b) => a * b, 1);
  if (inputShape.length === 3 || inputShape.length === 2) return { axis: 'channel', groups: inputShape[inputShape.length - 1], size };
  return { axis: 'feature', groups: size, size };
}

export function fitRecipe(method: PreprocessMethod, x: Float32Array, inputShape: number[], rows: Int32Array): PreprocessRecipe {
  const { axis, groups, size } = layout(inputShape);
  if (method === 'none') return { method, axis, center: new Array(groups).fill(0), scale: new Array(groups).fill(1) };
  if (rows.length === 0) throw new ApiError('invalid_argument', 'cannot fit preprocessing on an empty training split');

  // Float64 accumulators: summing 10^7 float32 pixels in float32 loses digits.
  const count = new Float64Array(groups);
  const sum = new Float64Array(groups);
  const min = new Float64Array(groups).fill(Infinity);
  const max = new Float64Array(groups).fill(-Infinity);
  for (const r of rows) {
    const base = r * size;
    for (let j = 0; j < size; j++) {
      const g = j % groups;
      const v = x[base + j];
      count[g]++;
      sum[g] += v;
      if (v < min[g]) min[g] = v;
      if (v > max[g]) max[g] = v;
    }
  }
  const center: number[] = [];
  const scale: number[] = [];
  if (method === 'minmax') {
    for (let g = 0; g < groups; g++) {
      center.push(min[g]);
      scale.push(max[g] > min[g] ? max[g] - min[g] : 1);
    }
    return { method, axis, center, scale };
  }

  // Second pass for the variance: more accurate than sum of squares minus squared mean.
  const mean = Array.from(sum, (s, g) => s / count[g]);
  const sq = new Float64Array(groups);
  for (const r of rows) {
    const base = r * size;
    for (let j = 0; j < size; j++) {
      const g = j % groups;
      const d = x[base + j] - mean[g];
      sq[g] += d * d;
    }
  }
  for (let g = 0; g < groups; g++) {
    center.push(mean[g]);
    // A constant feature (exactly, judged by min = max) keeps scale 1 instead of a
    // rounding-noise std that would blow its values up.
    scale.push(max[g] > min[g] ? Math.sqrt(sq[g] / count[g]) || 1 : 1);
  }
  return { method, axis, center, scale };
}

export function applyRecipe(recipe: PreprocessRecipe, x: Float32Array, inputShape: number[]): Float32Array {
  const { groups } = layout(inputShape);
  if (recipe.center.length !== groups || recipe.scale.length !== groups) {
    throw new ApiError('invalid_argument', `preprocessing recipe has ${recipe.center.length} entries but input shape [${inputShape.join(', ')}] needs ${groups}`);
  }
  const out = new Float32Array(x.length);
  const inv = recipe.scale.map((s) => 1 / s);
  for (let i = 0; i < x.length; i++) {
    const g = i % groups;
    out[i] = (x[i] - recipe.center[g]) * inv[g];
  }
  return out;
}

/**
 * The regression target's transform, fitted on the training rows: mean and
 * standard deviation (float64), or the identity for 'none'. A constant target
 * keeps scale 1, like a constant feature. `width` targets per row (a forecast's
 * horizon steps of one quantity) share one transform.
 */
export function fitTargetScaling(method: TargetScalingMethod, y: Float32Array, rows: Int32Array, width = 1): TargetScaling {
  if (method === 'none' || rows.length === 0) return { method: 'none', center: 0, scale: 1 };
  let sum = 0;
  for (const r of rows) for (let k = 0; k < width; k++) sum += y[r * width + k];
  const n = rows.length * width;
  const mean = sum / n;
  let sq = 0;
  for (const r of rows) for (let k = 0; k < width; k++) sq += (y[r * width + k] - mean) ** 2;
  const std = Math.sqrt(sq / n);
  return { method, center: mean, scale: std > 0 && Number.isFinite(std) ? std : 1 };
}

/** y' = (y - center) / scale, a new array (what the model trains on). */
export function scaleTargets(t: TargetScaling, y: Float32Array): Float32Array {
  const out = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = (y[i] - t.center) / t.scale;
  return out;
}

/** y = y' · scale + center, a new array (model outputs back in the target's units). */
export function unscaleTargets(t: TargetScaling, scaled: ArrayLike<number>): Float32Array {
  const out = new Float32Array(scaled.length);
  for (let i = 0; i < scaled.length; i++) out[i] = scaled[i] * t.scale + t.center;
  return out;
}
