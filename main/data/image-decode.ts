/**
 * PNG / JPEG bytes → RGBA pixels. The format is chosen from the file's magic
 * bytes, not its extension, so a PNG saved as .jpg still loads. The size is read
 * from the header first, so an image over MAX_IMAGE_PIXELS is refused before
 * any pixel is decoded (PNG and JPEG alike).
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { MAX_IMAGE_PIXELS } from '../limits.ts';
import { count, tooLarge } from './limit-error.ts';
import { isJpeg, isPng } from './signatures.ts';

export type RgbaImage = { width: number; height: number; data: Uint8Array };
export type ImageSize = { width: number; height: number };

/**
 * Width and height from the header, without decoding: PNG's IHDR chunk (always
 * first, at a fixed offset), or the first JPEG start-of-frame segment. Null when
 * the header is not where the format puts it (the decoder then says why).
 */
export function imageSize(bytes: Uint8Array): ImageSize | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isPng(bytes)) return bytes.length >= 24 ? { width: view.getUint32(16), height: view.getUint32(20) } : null;
  if (!isJpeg(bytes)) return null;
  let p = 2;
  while (p + 9 < bytes.length) {
    if (bytes[p] !== 0xff) return null;
    const marker = bytes[p + 1];
    if (marker === 0xff) { p++; continue; } // fill byte
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return { height: view.getUint16(p + 5), width: view.getUint16(p + 7) };
    p += 2 + view.getUint16(p + 2);
  }
  return null;
}

/** Throws too_large for an image over MAX_IMAGE_PIXELS; `name` is how the message refers to the image. */
export function checkImageSize(size: ImageSize, name: string): void {
  const pixels = size.width * size.height;
  if (pixels > MAX_IMAGE_PIXELS) {
    throw tooLarge(`image ${name} (${size.width}x${size.height})`, count(pixels, 'pixels'), count(MAX_IMAGE_PIXELS, 'pixels'), 'Scale the images down (training images are rarely over a few hundred pixels a side).');
  }
}

/** Throws (with the decoder's reason) when the bytes are neither a valid PNG nor a valid JPEG. */
export function decodeImage(bytes: Buffer, name = 'image'): RgbaImage {
  const size = imageSize(bytes);
  if (size) checkImageSize(size, name);
  if (isPng(bytes)) {
    // pngjs expands palette / gray / 16-bit images to 8-bit RGBA.
    const png = PNG.sync.read(bytes);
    return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
  }
  if (isJpeg(bytes)) {
    const maxResolutionInMP = MAX_IMAGE_PIXELS / 1e6; // jpeg-js counts a megapixel as 10^6 pixels
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP, maxMemoryUsageInMB: 1024 });
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
