/**
 * IDX files (the MNIST format): magic 0x00 0x00 <type> <ndims>, then ndims
 * big-endian uint32 sizes, then the values, big-endian. Optionally gzipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ApiError } from '../api/errors.ts';
import { encodeNumericLabels } from './labels.ts';
import type { ParsedDataset } from './types.ts';

export type IdxType = 'ubyte' | 'sbyte' | 'short' | 'int' | 'float' | 'double';
/** ubyte data stays bytes (the common case, 4x smaller); every other type becomes Float32. */
export type IdxArray = { type: IdxType; dims: number[]; data: Float32Array | Uint8Array };

const TYPES: Record<number, { type: IdxType; size: number }> = {
  0x08: { type: 'ubyte', size: 1 },
  0x09: { type: 'sbyte', size: 1 },
  0x0b: { type: 'short', size: 2 },
  0x0c: { type: 'int', size: 4 },
  0x0d: { type: 'float', size: 4 },
  0x0e: { type: 'double', size: 8 },
};

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** True when the bytes start like an IDX file (used to tell IDX from CSV without trusting the name). */
export function hasIdxMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] in TYPES && bytes[3] >= 1 && bytes[3] <= 8;
}

export function parseIdx(buffer: Uint8Array): IdxArray {
  const bytes = isGzip(buffer) ? new Uint8Array(gunzipSync(buffer)) : buffer;
  if (!hasIdxMagic(bytes)) throw new ApiError('bad_data', 'not an IDX file (it does not start with the IDX magic number)');
  const { type, size } = TYPES[bytes[2]];
  const ndims = bytes[3];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerSize = 4 + 4 * ndims;
  if (bytes.length < headerSize) throw new ApiError('bad_data', 'IDX file is truncated inside its header');
  const dims: number[] = [];
  for (let d = 0; d < ndims; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const expected = headerSize + count * size;
  if (bytes.length !== expected) {
    throw new ApiError('bad_data', `IDX file has ${bytes.length} bytes but its header [${dims.join(', ')}] of ${type} needs ${expected}`);
  }
  if (type === 'ubyte') return { type, dims, data: bytes.slice(headerSize, expected) };
  const data = new Float32Array(count);
  for (let i = 0, p = headerSize; i < count; i++, p += size) {
    if (type === 'sbyte') data[i] = view.getInt8(p);
    else if (type === 'short') data[i] = view.getInt16(p, false);
    else if (type === 'int') data[i] = view.getInt32(p, false);
    else if (type === 'float') data[i] = view.getFloat32(p, false);
    else data[i] = view.getFloat64(p, false);
  }
  return { type, dims, data };
}

/** Candidate names of the labels file that belongs to an images file (MNIST naming conventions). */
export function labelFileCandidates(imagesPath: string): string[] {
  const name = basename(imagesPath);
  if (!/images/i.test(name)) return [];
  const base = name.replace(/images/i, (m) => (m === 'IMAGES' ? 'LABELS' : m[0] === 'I' ? 'Labels' : 'labels')).replace(/idx3/i, 'idx1');
  const plain = base.replace(/\.gz$/i, '');
  return [...new Set([base, plain, `${plain}.gz`])].map((n) => join(dirname(imagesPath), n));
}

export function loadIdxDataset(imagesPath: string): ParsedDataset {
  const labelsPath = labelFileCandidates(imagesPath).find((p) => existsSync(p));
  if (!labelsPath) {
    throw new ApiError(
      'bad_data',
      `cannot find the labels file for '${basename(imagesPath)}': expected a file beside it named like ` +
        `'train-labels-idx1-ubyte' for 'train-images-idx3-ubyte'`,
    );
  }
  const images = parseIdx(readFileSync(imagesPath));
  const labels = parseIdx(readFileSync(labelsPath));
  if (images.dims.length !== 3 && !(images.dims.length === 4 && [1, 3].includes(images.dims[3]))) {
    throw new ApiError('bad_data', `IDX images must be [N, H, W] or [N, H, W, 1|3], got [${images.dims.join(', ')}]`);
  }
  const n = images.dims[0];
  const labelCount = labels.dims[0];
  if (labels.dims.length > 2 || (labels.dims.length === 2 && labels.dims[1] !== 1)) {
    throw new ApiError('bad_data', `IDX labels must be [N], got [${labels.dims.join(', ')}]`);
  }
  if (labelCount !== n) {
    throw new ApiError('bad_data', `'${basename(imagesPath)}' has ${n} images but '${basename(labelsPath)}' has ${labelCount} labels`);
  }
  for (const v of labels.data) {
    if (!Number.isInteger(v)) throw new ApiError('bad_data', `IDX labels must be integers, found ${v}`);
  }
  const inputShape = [images.dims[1], images.dims[2], images.dims[3] ?? 1];
  return {
    task: 'classification',
    inputShape,
    x: scaleToUnit(images),
    ...encodeNumericLabels(labels.data),
    featureNames: [],
    labelName: 'label',
    source: 'idx',
  };
}

/** Pixel values → [0, 1]: bytes by their type's range, anything else by its own min..max (unless already inside [0, 1]). */
function scaleToUnit(images: IdxArray): Float32Array {
  const out = new Float32Array(images.data.length);
  if (images.type === 'ubyte') {
    for (let i = 0; i < out.length; i++) out[i] = images.data[i] / 255;
    return out;
  }
  if (images.type === 'sbyte') {
    for (let i = 0; i < out.length; i++) out[i] = (images.data[i] + 128) / 255;
    return out;
  }
  let min = Infinity;
  let max = -Infinity;
  for (const v of images.data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min >= 0 && max <= 1) return Float32Array.from(images.data);
  const range = max - min || 1;
  for (let i = 0; i < out.length; i++) out[i] = (images.data[i] - min) / range;
  return out;
}
