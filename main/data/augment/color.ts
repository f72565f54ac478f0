/**
 * Brightness and contrast: contrast scales each channel's deviation from that
 * image's channel mean (so the mean colour is kept), then brightness adds a
 * constant. No clipping: the values may already be standardized.
 */
import type { ImageDims } from './flip.ts';

export function adjustColor(img: Float32Array, { h, w, c }: ImageDims, brightnessShift: number, contrastFactor: number): Float32Array {
  const out = new Float32Array(img.length);
  const pixels = h * w;
  for (let k = 0; k < c; k++) {
    let sum = 0;
    for (let p = 0; p < pixels; p++) sum += img[p * c + k];
    const mean = sum / pixels;
    for (let p = 0; p < pixels; p++) {
      const i = p * c + k;
      out[i] = mean + (img[i] - mean) * contrastFactor + brightnessShift;
    }
  }
  return out;
}
