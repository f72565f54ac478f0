/** Mirror flips of one [H, W, C] image (channels last). Each is its own inverse. */
export type ImageDims = { h: number; w: number; c: number };

export function flipHorizontal(img: Float32Array, { h, w, c }: ImageDims): Float32Array {
  const out = new Float32Array(img.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const from = (y * w + x) * c;
      const to = (y * w + (w - 1 - x)) * c;
      for (let k = 0; k < c; k++) out[to + k] = img[from + k];
    }
  }
  return out;
}

export function flipVertical(img: Float32Array, { h, w, c }: ImageDims): Float32Array {
  const out = new Float32Array(img.length);
  const rowLength = w * c;
  for (let y = 0; y < h; y++) out.set(img.subarray(y * rowLength, (y + 1) * rowLength), (h - 1 - y) * rowLength);
  return out;
}
