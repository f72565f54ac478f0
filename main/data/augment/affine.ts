/**
 * Rotation + zoom about the image centre with bilinear sampling. Each output
 * pixel is mapped back into the source (inverse mapping leaves no holes);
 * samples outside the source read as 0.
 */
import type { ImageDims } from './flip.ts';

/** angle in radians (positive = counter-clockwise on screen), scale > 1 zooms in. */
export function rotateScale(img: Float32Array, { h, w, c }: ImageDims, angle: number, scale: number): Float32Array {
  const out = new Float32Array(img.length);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const cos = Math.cos(angle) / scale;
  const sin = Math.sin(angle) / scale;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const dx = x - cx;
      const dy = y - cy;
      // Inverse of "rotate by angle, then scale": rotate back by -angle and divide by scale.
      const sx = cos * dx - sin * dy + cx;
      const sy = sin * dx + cos * dy + cy;
      sampleBilinear(img, h, w, c, sx, sy, out, (y * w + x) * c);
    }
  }
  return out;
}

function sampleBilinear(img: Float32Array, h: number, w: number, c: number, sx: number, sy: number, out: Float32Array, at: number): void {
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  const fx = sx - x0;
  const fy = sy - y0;
  for (let k = 0; k < c; k++) {
    const v00 = pixel(img, h, w, c, x0, y0, k);
    const v10 = pixel(img, h, w, c, x0 + 1, y0, k);
    const v01 = pixel(img, h, w, c, x0, y0 + 1, k);
    const v11 = pixel(img, h, w, c, x0 + 1, y0 + 1, k);
    const top = fx === 0 ? v00 : v00 * (1 - fx) + v10 * fx;
    const bottom = fx === 0 ? v01 : v01 * (1 - fx) + v11 * fx;
    out[at + k] = fy === 0 ? top : top * (1 - fy) + bottom * fy;
  }
}

function pixel(img: Float32Array, h: number, w: number, c: number, x: number, y: number, k: number): number {
  return x < 0 || y < 0 || x >= w || y >= h ? 0 : img[(y * w + x) * c + k];
}
