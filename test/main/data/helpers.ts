/** Test fixtures: real PNG / JPEG / IDX files written into fresh temp folders. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'modelbench-data-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** pixel(x, y) → [r, g, b] in 0..255. */
export type PixelFn = (x: number, y: number) => [number, number, number];

function rgba(width: number, height: number, pixel: PixelFn): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return data;
}

export function writePng(file: string, width: number, height: number, pixel: PixelFn): void {
  const png = new PNG({ width, height });
  rgba(width, height, pixel).copy(png.data);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, PNG.sync.write(png));
}

export function writeJpeg(file: string, width: number, height: number, pixel: PixelFn): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, jpeg.encode({ width, height, data: rgba(width, height, pixel) }, 95).data);
}

const IDX_CODES = { ubyte: 0x08, sbyte: 0x09, short: 0x0b, int: 0x0c, float: 0x0d, double: 0x0e } as const;
const SIZES = { ubyte: 1, sbyte: 1, short: 2, int: 4, float: 4, double: 8 } as const;

/** Encodes an IDX file (big-endian, as the format requires). */
export function idxBytes(type: keyof typeof IDX_CODES, dims: number[], values: ArrayLike<number>): Buffer {
  const header = 4 + 4 * dims.length;
  const buf = Buffer.alloc(header + values.length * SIZES[type]);
  buf[2] = IDX_CODES[type];
  buf[3] = dims.length;
  dims.forEach((d, i) => buf.writeUInt32BE(d, 4 + 4 * i));
  for (let i = 0; i < values.length; i++) {
    const p = header + i * SIZES[type];
    const v = values[i];
    if (type === 'ubyte') buf.writeUInt8(v, p);
    else if (type === 'sbyte') buf.writeInt8(v, p);
    else if (type === 'short') buf.writeInt16BE(v, p);
    else if (type === 'int') buf.writeInt32BE(v, p);
    else if (type === 'float') buf.writeFloatBE(v, p);
    else buf.writeDoubleBE(v, p);
  }
  return buf;
}

export function writeIdx(file: string, type: keyof typeof IDX_CODES, dims: number[], values: ArrayLike<number>, gzip = false): void {
  const bytes = idxBytes(type, dims, values);
  writeFileSync(file, gzip ? gzipSync(bytes) : bytes);
}

export const SAMPLES_DIR = new URL('../../../assets/samples/', import.meta.url);
