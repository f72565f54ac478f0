/**
 * Random erasing (Zhong et al., 2017): blank one rectangle so the model cannot
 * rely on any single region. The rectangle covers 2%–33% of the image with an
 * aspect ratio between 0.3 and 3.3, as in the paper; it is filled with 0.
 */
import type { Rng } from '../../util/rng.ts';
import type { ImageDims } from './flip.ts';

export type Rect = { x: number; y: number; width: number; height: number };

export function eraseRect(img: Float32Array, { h, w, c }: ImageDims, rect: Rect): Float32Array {
  const out = Float32Array.from(img);
  const yEnd = Math.min(h, rect.y + rect.height);
  const xEnd = Math.min(w, rect.x + rect.width);
  for (let y = Math.max(0, rect.y); y < yEnd; y++) {
    out.fill(0, (y * w + Math.max(0, rect.x)) * c, (y * w + xEnd) * c);
  }
  return out;
}

/** A random rectangle inside an h x w image (always at least 1x1). */
export function randomRect({ h, w }: ImageDims, rng: Rng): Rect {
  const area = (0.02 + rng.next() * (0.33 - 0.02)) * h * w;
  // Log-uniform aspect ratio, so tall and wide rectangles are equally likely.
  const aspect = Math.exp(Math.log(0.3) + rng.next() * (Math.log(3.3) - Math.log(0.3)));
  const height = clamp(Math.round(Math.sqrt(area * aspect)), 1, h);
  const width = clamp(Math.round(Math.sqrt(area / aspect)), 1, w);
  return { x: rng.int(w - width + 1), y: rng.int(h - height + 1), width, height };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
