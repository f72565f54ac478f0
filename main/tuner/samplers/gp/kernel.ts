/**
 * Matérn-5/2 kernel with one lengthscale per input dimension (ARD). It is
 * twice differentiable, rough enough for real objectives where the RBF
 * kernel would be over-confident between points.
 */
export type KernelParams = { amplitude: number; lengthscales: Float64Array };

const SQRT5 = Math.sqrt(5);

/** Matérn-5/2 as a function of the scaled distance r. */
export const matern52 = (r: number): number => (1 + SQRT5 * r + (5 / 3) * r * r) * Math.exp(-SQRT5 * r);

export function scaledDistance(a: ArrayLike<number>, b: ArrayLike<number>, lengthscales: ArrayLike<number>): number {
  let s = 0;
  for (let d = 0; d < lengthscales.length; d++) {
    const t = (a[d] - b[d]) / lengthscales[d];
    s += t * t;
  }
  return Math.sqrt(s);
}

export const kernel = (a: ArrayLike<number>, b: ArrayLike<number>, p: KernelParams): number =>
  p.amplitude * matern52(scaledDistance(a, b, p.lengthscales));

/** K + noise·I over the rows of X, row-major n×n. */
export function gramMatrix(x: readonly ArrayLike<number>[], p: KernelParams, noise: number): Float64Array {
  const n = x.length;
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    k[i * n + i] = p.amplitude + noise;
    for (let j = 0; j < i; j++) k[i * n + j] = k[j * n + i] = kernel(x[i], x[j], p);
  }
  return k;
}
