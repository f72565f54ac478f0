/**
 * PNG / JPEG bytes → RGBA pixels. The format is chosen from the file's magic
 * bytes, not its extension, so a PNG saved as .jpg still loads.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export type RgbaImage = { width: number; height: number; data: Uint8Array };

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
}

export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** Throws (with the decoder's reason) when the bytes are neither a valid PNG nor a valid JPEG. */
export function decodeImage(bytes: Buffer): RgbaImage {
  if (isPng(bytes)) {
    // pngjs expands palette / gray / 16-bit images to 8-bit RGBA.
    const png = PNG.sync.read(bytes);
    return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
  }
  if (isJpeg(bytes)) {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 100, maxMemoryUsageInMB: 1024 });
    return { width: img.width, height: img.height, data: img.data };
  }
  throw new Error('not a PNG or JPEG file');
}

/** True when every pixel has R = G = B (alpha is ignored). */
export function isGrayscale(img: RgbaImage): boolean {
  const d = img.data;
  for (let p = 0; p < d.length; p += 4) if (d[p] !== d[p + 1] || d[p] !== d[p + 2]) return false;
  return true;
}
