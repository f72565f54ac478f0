/** Additive Gaussian noise, one independent N(0, std²) draw per value. Works on any shape (tabular too). */
import type { Rng } from '../../util/rng.ts';

export function addGaussianNoise(values: Float32Array, std: number, rng: Rng): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] + std * rng.normal();
  return out;
}
