/**
 * IDX files (the MNIST format): magic 0x00 0x00 <type> <ndims>, then ndims
 * big-endian uint32 sizes, then the values, big-endian. Optionally gzipped
 * (read-file.ts decompresses within MAX_IMPORT_FILE_BYTES).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ApiError } from '../api/errors.ts';
import { MAX_DATASET_VALUES, MAX_IMPORT_FILE_BYTES } from '../limits.ts';
import { encodeNumericLabels } from './labels.ts';
import { count as countOf, tooLarge } from './limit-error.ts';
import { readImportFile, type FileLimit } from './read-file.ts';
import { hasIdxMagic } from './signatures.ts';
import type { ParsedDataset } from './types.ts';

export type IdxType = 'ubyte' | 'sbyte' | 'short' | 'int' | 'float' | 'double';
/** ubyte data stays bytes (the common case, 4x smaller); every other type becomes Float32. */
export type IdxArray = { type: IdxType; dims: number[]; data: Float32Array | Uint8Array };
export type IdxHeader = { type: IdxType; size: number; dims: number[]; headerSize: number };

const TYPES: Record<number, { type: IdxType; size: number }> = {
  0x08: { type: 'ubyte', size: 1 },
  0x09: { type: 'sbyte', size: 1 },
  0x0b: { type: 'short', size: 2 },
  0x0c: { type: 'int', size: 4 },
  0x0d: { type: 'float', size: 4 },
  0x0e: { type: 'double', size: 8 },
};

export const IDX_FILE_LIMIT: FileLimit = {
  bytes: MAX_IMPORT_FILE_BYTES,
  kind: 'an IDX file',
  advice: 'Split the images into smaller IDX files and import a part.',
};

/** The header alone: type and dimensions, checked against the file's length. */
export function parseIdxHeader(bytes: Uint8Array): IdxHeader {
  if (!hasIdxMagic(bytes)) throw new ApiError('bad_data', 'not an IDX file (it does not start with the IDX magic number)');
  const { type, size } = TYPES[bytes[2]];
  const ndims = bytes[3];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerSize = 4 + 4 * ndims;
  if (bytes.length < headerSize) throw new ApiError('bad_data', 'IDX file is truncated inside its header');
  const dims: number[] = [];
  for (let d = 0; d < ndims; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const expected = headerSize + dims.reduce((a, b) => a * b, 1) * size;
  if (bytes.length !== expected) {
    throw new ApiError('bad_data', `IDX file has ${bytes.length} bytes but its header [${dims.join(', ')}] of ${type} needs ${expected}`);
  }
  return { type, size, dims, headerSize };
}

/** An IDX file's bytes (already decompressed) → its values. */
export function parseIdx(bytes: Uint8Array): IdxArray {
  const { type, size, dims, headerSize } = parseIdxHeader(bytes);
  const count = dims.reduce((a, b) => a * b, 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type === 'ubyte') return { type, dims, data: bytes.slice(headerSize, headerSize + count) };
  const data = new Float32Array(count);
  for (let i = 0, p = headerSize; i < count; i++, p += size) {
    if (type === 'sbyte') data[i] = view.getInt8(p);
    else if (type === 'short') data[i] = view.getInt16(p, false);
    else if (type === 'int') data[i] = view.getInt32(p, false);
    else if (type === 'float') data[i] = view.getFloat32(p, false);
    else data[i] = view.getFloat64(p, false);
    // NaN, ±Infinity, or a double beyond float32's range (which became ±Infinity just now).
    if (!Number.isFinite(data[i])) {
      const raw = type === 'double' ? view.getFloat64(p, false) : data[i];
      throw new ApiError('bad_data', `IDX file holds ${raw} at element ${i}${Number.isFinite(raw) ? ", beyond the range of the 32-bit floats used for training (±3.4e38)" : ''}; only finite values can be imported`);
    }
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

/** The images file that belongs to a labels file (the reverse of labelFileCandidates), if one lies beside it. */
function imagesFileBeside(labelsPath: string): string | undefined {
  const name = basename(labelsPath);
  if (!/labels/i.test(name)) return undefined;
  const base = name.replace(/labels/i, (m) => (m === 'LABELS' ? 'IMAGES' : m[0] === 'L' ? 'Images' : 'images')).replace(/idx1/i, 'idx3');
  const plain = base.replace(/\.gz$/i, '');
  return [base, plain, `${plain}.gz`].map((n) => join(dirname(labelsPath), n)).find((p) => existsSync(p));
}

/** `imagesBytes`: the images file already read (and decompressed) by the caller; read here when absent. */
export function loadIdxDataset(imagesPath: string, imagesBytes?: Uint8Array): ParsedDataset {
  const name = basename(imagesPath);
  const bytes = imagesBytes ?? readImportFile(imagesPath, IDX_FILE_LIMIT).bytes;
  const header = parseIdxHeader(bytes);
  checkImagesHeader(name, imagesPath, header.dims);
  const labelsPath = labelFileCandidates(imagesPath).find((p) => existsSync(p));
  if (!labelsPath) {
    throw new ApiError(
      'bad_data',
      `cannot find the labels file for '${name}': expected a file beside it named like ` +
        `'train-labels-idx1-ubyte' for 'train-images-idx3-ubyte'`,
    );
  }
  const images = parseIdx(bytes);
  const labels = parseIdx(readImportFile(labelsPath, IDX_FILE_LIMIT).bytes);
  const n = images.dims[0];
  const labelCount = labels.dims[0];
  if (labels.dims.length > 2 || (labels.dims.length === 2 && labels.dims[1] !== 1)) {
    throw new ApiError('bad_data', `IDX labels must be [N], got [${labels.dims.join(', ')}]`);
  }
  if (labelCount !== n) {
    throw new ApiError('bad_data', `'${name}' has ${n} images but '${basename(labelsPath)}' has ${labelCount} labels`);
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

/** Refuses what cannot be an images file, from the header alone: a labels file, 0 images, too many values. */
function checkImagesHeader(name: string, path: string, dims: number[]): void {
  if (dims.length < 3 && (dims.length === 1 || /labels|idx1/i.test(name))) {
    const images = imagesFileBeside(path);
    const which = images ? `'${basename(images)}'` : `the images file (named like 'train-images-idx3-ubyte')`;
    throw new ApiError('bad_data', `'${name}' is an IDX labels file ([${dims.join(', ')}]); import ${which} instead: its labels file is found beside it`);
  }
  if (dims.length !== 3 && !(dims.length === 4 && [1, 3].includes(dims[3]))) {
    throw new ApiError('bad_data', `IDX images must be [N, H, W] or [N, H, W, 1|3], got [${dims.join(', ')}]`);
  }
  if (dims[0] === 0) throw new ApiError('bad_data', `'${name}' holds 0 images (its header is [${dims.join(', ')}]): there is nothing to import`);
  if (dims[1] === 0 || dims[2] === 0) throw new ApiError('bad_data', `'${name}' holds images of ${dims[1]}x${dims[2]} pixels: there is nothing to import`);
  const values = dims.reduce((a, b) => a * b, 1);
  if (values > MAX_DATASET_VALUES) {
    throw tooLarge(
      `'${name}' (${dims[0].toLocaleString('en-US')} images of ${dims.slice(1).join('x')})`,
      countOf(values, 'values'),
      countOf(MAX_DATASET_VALUES, 'values'),
      'Each value is a 32-bit float in memory and on disk: import fewer images.',
    );
  }
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
