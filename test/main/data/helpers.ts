/** Test fixtures: real PNG / JPEG / IDX files written into fresh temp folders. */
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { crc32, deflateSync, gzipSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'modelbench-data-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A CSV of about `bytes` bytes: four numeric features and a three-class label, deterministic. Returns its row count. */
export async function writeLargeCsv(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  out.write('f1,f2,f3,f4,species\n');
  let written = 0;
  let rows = 0;
  const labels = ['setosa', 'versicolor', 'virginica'];
  while (written < bytes) {
    let chunk = '';
    for (let i = 0; i < 10_000; i++, rows++) {
      const c = rows % 3;
      chunk += `${(4 + c + (rows % 7) / 10).toFixed(1)},${(3 - c / 2).toFixed(2)},${(1 + 2 * c + (rows % 5) / 10).toFixed(1)},${(0.2 + c * 0.9).toFixed(2)},${labels[c]}\n`;
    }
    written += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await finished(out);
  return rows;
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

/**
 * A valid, all-black PNG of any size, written without decoding a pixel buffer
 * (1-bit grayscale: a 10,000 x 10,001 image is 12.5 MB of zeros before deflate),
 * for the pixel-limit tests.
 */
export function writeBlankPng(file: string, width: number, height: number): void {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, grayscale, deflate, adaptive filter, no interlace
  const raw = Buffer.alloc((1 + Math.ceil(width / 8)) * height); // filter byte 0 + packed zero bits per row
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, png);
}
