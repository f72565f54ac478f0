/**
 * The shapes every backend's kernels are checked on against 'cpu'
 * (wasm-kernels.test.ts, webgpu/kernels.test.ts): strides 1-3, both paddings,
 * odd sizes, 1x1 and 5x5 kernels, non-square inputs and filters.
 */
export type Pad = 'same' | 'valid';
export type Shape4 = [number, number, number, number];

export const CONV_CASES: { x: Shape4; w: Shape4; stride: number; pad: Pad }[] = [
  { x: [2, 7, 7, 3], w: [3, 3, 3, 4], stride: 1, pad: 'same' },
  { x: [2, 7, 7, 3], w: [3, 3, 3, 4], stride: 1, pad: 'valid' },
  { x: [2, 8, 8, 2], w: [3, 3, 2, 5], stride: 2, pad: 'same' },
  { x: [2, 9, 9, 2], w: [3, 3, 2, 5], stride: 2, pad: 'valid' },
  { x: [1, 8, 6, 3], w: [2, 3, 3, 4], stride: 1, pad: 'same' },
  { x: [3, 11, 11, 1], w: [5, 5, 1, 6], stride: 3, pad: 'same' },
  { x: [2, 5, 5, 4], w: [1, 1, 4, 3], stride: 1, pad: 'valid' },
  { x: [4, 8, 8, 8], w: [3, 3, 8, 16], stride: 1, pad: 'same' },
];

/** [pool size, stride, padding] */
export const POOL_CASES: [number, number, Pad][] = [[2, 2, 'valid'], [2, 2, 'same'], [3, 3, 'same'], [3, 2, 'same'], [2, 1, 'valid']];
