/**
 * The four test functions of shared/bench/optuna_reference.py, written out
 * again in TypeScript so both sides optimise exactly the same work.
 * All are minimised over a box; `minimum` is the known global minimum.
 */
export type TestFunction = { name: string; fn: (x: number[]) => number; bounds: [number, number][]; minimum: number };

const A6 = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]];
const P6 = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
  [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]];
const ALPHA = [1.0, 1.2, 3.0, 3.2];

export function branin([x1, x2]: number[]): number {
  const b = 5.1 / (4 * Math.PI ** 2), c = 5 / Math.PI, r = 6, s = 10, t = 1 / (8 * Math.PI);
  return (x2 - b * x1 ** 2 + c * x1 - r) ** 2 + s * (1 - t) * Math.cos(x1) + s;
}

export function hartmann6(x: number[]): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += A6[i][j] * (x[j] - P6[i][j]) ** 2;
    sum += ALPHA[i] * Math.exp(-inner);
  }
  return -sum;
}

export function rosenbrock(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
  return s;
}

export function levy(x: number[]): number {
  const w = x.map((xi) => 1 + (xi - 1) / 4);
  let s = Math.sin(Math.PI * w[0]) ** 2;
  for (let i = 0; i < w.length - 1; i++) s += (w[i] - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * w[i] + 1) ** 2);
  const last = w[w.length - 1];
  return s + (last - 1) ** 2 * (1 + Math.sin(2 * Math.PI * last) ** 2);
}

export const FUNCTIONS: TestFunction[] = [
  { name: 'branin', fn: branin, bounds: [[-5, 10], [0, 15]], minimum: 0.397887 },
  { name: 'hartmann6', fn: hartmann6, bounds: Array.from({ length: 6 }, () => [0, 1] as [number, number]), minimum: -3.32237 },
  { name: 'rosenbrock4', fn: rosenbrock, bounds: Array.from({ length: 4 }, () => [-2.048, 2.048] as [number, number]), minimum: 0 },
  { name: 'levy5', fn: levy, bounds: Array.from({ length: 5 }, () => [-10, 10] as [number, number]), minimum: 0 },
];
