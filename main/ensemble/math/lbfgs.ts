/**
 * L-BFGS (Nocedal, 1980) with a backtracking Armijo line search, for the
 * smooth convex objectives of the meta-learners. Deterministic: no random
 * start, fixed memory and tolerances, so the same data fit the same weights.
 */

/** f(x) returns the value and writes the gradient into grad. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export type LbfgsOptions = {
  maxIterations?: number;
  /** Pairs (s, y) kept for the inverse-Hessian estimate. */
  memory?: number;
  /** Converged when the largest |gradient| entry is below this. */
  gradientTolerance?: number;
};

export type LbfgsResult = { x: Float64Array; value: number; iterations: number; converged: boolean; gradientNorm: number };

const ARMIJO = 1e-4;
const MAX_BACKTRACKS = 60;

export function minimize(f: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const maxIterations = options.maxIterations ?? 1000;
  const memory = options.memory ?? 10;
  const tolerance = options.gradientTolerance ?? 1e-9;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let value = f(x, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(memory);
  const direction = new Float64Array(n);
  const xNext = new Float64Array(n);
  const gNext = new Float64Array(n);
  let iterations = 0;

  while (maxAbs(g) > tolerance && iterations < maxIterations) {
    // Two-loop recursion: direction = −H·g.
    for (let i = 0; i < n; i++) direction[i] = -g[i];
    for (let j = s.length - 1; j >= 0; j--) {
      alpha[j] = rho[j] * dot(s[j], direction);
      axpy(-alpha[j], y[j], direction);
    }
    if (s.length > 0) {
      const last = s.length - 1;
      scale(direction, dot(s[last], y[last]) / dot(y[last], y[last]));
    } else {
      scale(direction, 1 / Math.max(1, Math.sqrt(dot(g, g))));
    }
    for (let j = 0; j < s.length; j++) {
      const beta = rho[j] * dot(y[j], direction);
      axpy(alpha[j] - beta, s[j], direction);
    }
    let slope = dot(g, direction);
    if (!(slope < 0)) {
      // Not a descent direction (rounding): restart from steepest descent.
      s.length = y.length = rho.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -g[i] / Math.max(1, Math.sqrt(dot(g, g)));
      slope = dot(g, direction);
    }
    let step = 1;
    let nextValue = Infinity;
    let accepted = false;
    for (let b = 0; b < MAX_BACKTRACKS; b++) {
      for (let i = 0; i < n; i++) xNext[i] = x[i] + step * direction[i];
      nextValue = f(xNext, gNext);
      // Strict decrease too: near the optimum rounding can make the Armijo bound equal to the value.
      if (nextValue <= value + ARMIJO * step * slope && nextValue < value) {
        accepted = true;
        break;
      }
      step /= 2;
    }
    iterations++;
    if (!accepted) break; // no decrease left at float precision: x is as good as it gets
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = xNext[i] - x[i];
      yk[i] = gNext[i] - g[i];
    }
    const sy = dot(sk, yk);
    // Keep only pairs with positive curvature, so H stays positive definite.
    if (sy > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) {
      if (s.length === memory) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    [x, g] = [Float64Array.from(xNext), Float64Array.from(gNext)];
    value = nextValue;
  }
  const gradientNorm = maxAbs(g);
  return { x, value, iterations, converged: gradientNorm <= tolerance, gradientNorm };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}

function scale(x: Float64Array, a: number): void {
  for (let i = 0; i < x.length; i++) x[i] *= a;
}

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}
