/** Sample pixels ([H*W*C] floats in [0, 1]) → RGBA bytes for a canvas. */
export function toRgba(pixels: ArrayLike<number>, shape: readonly number[]): Uint8ClampedArray<ArrayBuffer> {
  const [h, w, c = 1] = shape;
  const out = new Uint8ClampedArray(new ArrayBuffer(h * w * 4));
  for (let i = 0; i < h * w; i++) {
    const r = pixels[i * c];
    const g = c >= 3 ? pixels[i * c + 1] : r;
    const b = c >= 3 ? pixels[i * c + 2] : r;
    out[i * 4] = r * 255;
    out[i * 4 + 1] = g * 255;
    out[i * 4 + 2] = b * 255;
    out[i * 4 + 3] = 255;
  }
  return out;
}

export function isImageShape(shape: readonly number[]): boolean {
  return shape.length === 3 && (shape[2] === 1 || shape[2] === 3);
}
