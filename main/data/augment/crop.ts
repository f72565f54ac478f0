/**
 * Pad-and-random-crop: pad each side by `pad` zero pixels, then cut an H x W
 * window at offset (ox, oy) in [0, 2 * pad]. Equivalent to shifting the image
 * by (pad - ox, pad - oy) and filling with zeros, which is what we compute
 * (no padded copy is ever allocated).
 */
import type { ImageDims } from './flip.ts';

export function padCrop(img: Float32Array, { h, w, c }: ImageDims, pad: number, ox: number, oy: number): Float32Array {
  const out = new Float32Array(img.length);
  for (let y = 0; y < h; y++) {
    const sy = y + oy - pad;
    if (sy < 0 || sy >= h) continue;
    for (let x = 0; x < w; x++) {
      const sx = x + ox - pad;
      if (sx < 0 || sx >= w) continue;
      const from = (sy * w + sx) * c;
      const to = (y * w + x) * c;
      for (let k = 0; k < c; k++) out[to + k] = img[from + k];
    }
  }
  return out;
}
